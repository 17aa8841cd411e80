/**
 * The popup and the content script in Firefox: test mode set and cleared where HubSpot reads it, the badge following,
 * and the provider's state on the help-desk page as the content script reports it.
 */
import { test, expect } from './fixtures';
import { FirefoxDriver } from './firefoxDriver';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../../standin/hubspotApi';

const HELP_DESK_URL = 'https://app.hubspot.com/help-desk/123456/inbox';
const PROVIDER_LIST_URL = 'https://app.hubspot.com/help-desk/123456/channels/calling';
const [STANDIN_APP] = STANDIN_APPS;
const FLAG_KEY = 'LocalSettings:Calling:supportsChannelConnection';

test('test mode is set and cleared from the popup page, in the page localStorage and on the badge', async ({ firefox }) => {
  const hubspot = await firefox.open(HELP_DESK_URL);
  const popup = await firefox.popup(hubspot.tabId);
  const testMode = popup.locator('::-p-aria([name="Test mode (supportsChannelConnection)"][role="switch"])');
  await expect.poll(() => popup.evaluate(() => document.querySelector('[role="switch"]')?.getAttribute('aria-checked'))).toBe('false');

  await testMode.click();
  await expect.poll(() => FirefoxDriver.localSetting(hubspot.page, FLAG_KEY)).toBe('true');
  await expect.poll(() => firefox.badgeText(hubspot.tabId)).toBe('ON');
  await expect.poll(() => popup.evaluate(() => document.querySelector('[data-testid="flag-value"]')?.textContent)).toBe('"true"');

  await testMode.click();
  await expect.poll(() => FirefoxDriver.localSetting(hubspot.page, FLAG_KEY)).toBeNull();
  await expect.poll(() => firefox.badgeText(hubspot.tabId)).toBe('');
});

test('the content script reports the app on the help-desk page, greyed out and then selectable with test mode on', async ({ firefox }) => {
  await firefox.optionsWithProfile(STANDIN_APP, STANDIN_DEVELOPER_API_KEY);
  const hubspot = await firefox.open(PROVIDER_LIST_URL);
  const popup = await firefox.popup(hubspot.tabId);
  const observed = () => FirefoxDriver.text(popup, '[data-testid="observed-state"]');
  await expect.poll(observed, { timeout: 30_000 }).toBe('greyed-out');
  expect(await FirefoxDriver.text(popup, '[data-testid="expected-state"]')).toBe('greyed-out');

  await popup.locator('::-p-aria([name="Test mode (supportsChannelConnection)"][role="switch"])').click();
  // The tab reloads so that HubSpot reads the flag; the page then lists the app as selectable.
  await expect.poll(observed, { timeout: 30_000 }).toBe('selectable');
  await expect.poll(() => FirefoxDriver.text(popup, '[data-testid="match"]')).not.toBeNull();
});

test('a HubSpot host withdrawn in Firefox is named in the popup, and granted again at a click', async ({ firefox }) => {
  const hubspot = await firefox.open(HELP_DESK_URL);
  await firefox.withdrawHostAccess('https://app.hubspot.com/*');
  const popup = await firefox.popup(hubspot.tabId);
  const banner = () => FirefoxDriver.text(popup, '[data-testid="withdrawn-hosts"] p');
  await expect.poll(banner).toBe(
    "The extension may not access app.hubspot.com: its access was withdrawn in the browser's settings, so it cannot read or change test mode there.",
  );

  await FirefoxDriver.button(popup, 'Grant access again').click();
  await expect.poll(() => firefox.hasHostAccess('https://app.hubspot.com/*')).toBe(true);
  await expect.poll(banner).toBeNull();

  // The content script runs on the page's next load, and test mode works there again.
  await hubspot.page.reload();
  const again = await firefox.popup(hubspot.tabId);
  await again.locator('::-p-aria([name="Test mode (supportsChannelConnection)"][role="switch"])').click();
  await expect.poll(() => FirefoxDriver.localSetting(hubspot.page, FLAG_KEY)).toBe('true');
});
