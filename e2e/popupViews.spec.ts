import { test, expect } from './fixtures';
import { ExtensionDriver, HELP_DESK_URL, NOT_HUBSPOT_URL, PORTAL_ID } from './extensionDriver';

const DEMO_WIDGET = 'LocalSettings:Calling:installDemoWidget';
const CALLING_EXTENSIONS = 'LocalSettings:Calling:CallingExtensions';

test('the popup lists the other LocalSettings:Calling keys and removes one on request', async ({ extension }) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL, { flag: 'true' });
  await page.evaluate(
    ([demo, overrides]) => {
      localStorage.setItem(demo, 'app:js');
      localStorage.setItem(overrides, '{"name":"Local dev","url":"https://localhost:9025/"}');
      localStorage.setItem('LocalSettings:Inbox:unrelated', 'kept');
    },
    [DEMO_WIDGET, CALLING_EXTENSIONS] as const,
  );
  const popup = await extension.openToolbarPopup(tabId);

  await expect(popup.localSettings).toHaveCount(2);
  await expect(popup.localSettings.nth(0)).toContainText('CallingExtensions');
  await expect(popup.localSettings.nth(0)).toContainText('{"name":"Local dev","url":"https://localhost:9025/"}');
  await expect(popup.localSettings.nth(1)).toContainText('installDemoWidget');
  await expect(popup.localSettings.nth(1)).toContainText('app:js');

  await popup.removeSetting(DEMO_WIDGET);
  await expect(popup.notice).toHaveText('installDemoWidget removed. The tab reloaded to apply it.');
  await expect(popup.localSettings).toHaveCount(1);
  const storage = await page.evaluate(() => ({ ...localStorage }));
  expect(storage).not.toHaveProperty(DEMO_WIDGET);
  expect(storage).toMatchObject({
    [CALLING_EXTENSIONS]: '{"name":"Local dev","url":"https://localhost:9025/"}',
    'LocalSettings:Inbox:unrelated': 'kept',
    'LocalSettings:Calling:supportsChannelConnection': 'true',
  });
});

test('on a tab that is not HubSpot the popup says so and jumps to an open HubSpot tab', async ({ extension }) => {
  await extension.open(HELP_DESK_URL, { flag: 'true' });
  const { tabId } = await extension.open(NOT_HUBSPOT_URL);
  const popup = await extension.openToolbarPopup(tabId);

  await expect(popup.notHubSpotHeading).toBeVisible();
  await expect(popup.testModeSwitch).toHaveCount(0);
  const hubspotTab = popup.hubspotTabButton(/Help Desk \| HubSpot stand-in/);
  await expect(hubspotTab).toContainText(`app.hubspot.com · portal ${PORTAL_ID}`);

  // As for any change of tab, Chrome closes the popup; the HubSpot tab is in front, and the popup opens on it next.
  const closed = popup.page.waitForEvent('close');
  await hubspotTab.click();
  await closed;
  await expect.poll(() => extension.activeTabUrl()).toBe(HELP_DESK_URL);
  const next = await extension.openToolbarPopup();
  await expect(next.tabOrigin).toHaveText(`app.hubspot.com · portal ${PORTAL_ID}`);
  await expect(next.testModeSwitch).toHaveAttribute('aria-checked', 'true');
});

test('with no HubSpot tab open, the popup says so', async ({ extension }) => {
  const { tabId } = await extension.open(NOT_HUBSPOT_URL);
  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.page.getByText('No HubSpot tab is open.')).toBeVisible();
});

test('a closed tab is reported in words', async ({ extension }) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL);
  const popup = await extension.openPopupInTab(tabId);
  await expect(popup.testModeSwitch).toBeVisible();
  await page.close();
  await expect(popup.alert).toHaveText('The tab was closed.');
});

test('the real toolbar popup acts on the active tab', async ({ extension, context }) => {
  const { page } = await extension.open(HELP_DESK_URL, { flag: 'true' });
  await page.bringToFront();
  const popupPage = await extension.openToolbarPopup();
  await expect(popupPage.tabOrigin).toHaveText(`app.hubspot.com · portal ${PORTAL_ID}`);
  await expect(popupPage.testModeSwitch).toHaveAttribute('aria-checked', 'true');
  await popupPage.testModeSwitch.click();
  await expect.poll(() => ExtensionDriver.flag(page)).toBeNull();
  await popupPage.page.close();
  expect(context.pages()).toContain(page);
});
