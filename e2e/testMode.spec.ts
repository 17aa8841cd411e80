import { test, expect } from './fixtures';
import { ExtensionDriver, HELP_DESK_URL, PORTAL_ID } from './extensionDriver';

const { flag, localSetting, markPage, isMarked } = ExtensionDriver;

test('the popup turns test mode on and off, reloading the tab each time', async ({ extension }) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL);
  const popup = await extension.openToolbarPopup(tabId);

  await expect(popup.tabOrigin).toHaveText(`app.hubspot.com · portal ${PORTAL_ID}`);
  await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');
  await expect(popup.flagValue).toHaveText('not set');
  await expect(page.locator('#flag-on-load')).toHaveText('off');

  await markPage(page);
  await popup.testModeSwitch.click();
  await expect.poll(() => flag(page)).toBe('true');
  await expect.poll(() => isMarked(page)).toBe(false);
  await expect(page.locator('#flag-on-load')).toHaveText('on');
  await expect(popup.notice).toHaveText('Test mode turned on. The tab reloaded to apply it.');
  await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'true');
  await expect(popup.flagValue).toHaveText('"true"');
  await expect.poll(() => extension.badgeText(tabId)).toBe('ON');

  await markPage(page);
  await popup.testModeSwitch.click();
  await expect.poll(() => flag(page)).toBeNull();
  await expect.poll(() => isMarked(page)).toBe(false);
  await expect(page.locator('#flag-on-load')).toHaveText('off');
  await expect(popup.notice).toHaveText('Test mode turned off. The tab reloaded to apply it.');
  await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');
  await expect.poll(() => extension.badgeText(tabId)).toBe('');
});

test('the popup closed right after a click: the background still changes the flag, reloads the tab and the badge follows', async ({
  extension,
}) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL);
  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');
  await markPage(page);

  // The background makes the change: the page's answer is held there until the popup has closed.
  const written = await ExtensionDriver.holdTabMessage(extension.serviceWorker, 'setFlag', 'reply');
  await popup.testModeSwitch.click();
  await written.reached();
  await popup.page.close();
  await written.release();

  await expect.poll(() => flag(page)).toBe('true');
  await expect.poll(() => isMarked(page)).toBe(false);
  await expect(page.locator('#flag-on-load')).toHaveText('on');
  await expect.poll(() => extension.badgeText(tabId)).toBe('ON');

  // The next popup shows the background's record: the change, applied.
  const next = await extension.openToolbarPopup(tabId);
  await expect(next.testModeSwitch).toHaveAttribute('aria-checked', 'true');
  await expect(next.flagValue).toHaveText('"true"');
});

test('with reloading turned off, the flag changes without a reload and the popup says a reload is due', async ({
  extension,
}) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL);
  const popup = await extension.openToolbarPopup(tabId);
  await popup.setReloadAfterChange(false);
  await markPage(page);

  await popup.testModeSwitch.click();
  await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'true');
  await expect(popup.notice).toHaveText('Test mode turned on. Reload the tab for HubSpot to read it.');
  expect(await flag(page)).toBe('true');
  expect(await isMarked(page)).toBe(true);
  await expect(page.locator('#flag-on-load')).toHaveText('off');

  await popup.reloadThisTabButton().click();
  await expect(popup.notice).toHaveText('The tab reloaded.');
  expect(await isMarked(page)).toBe(false);
  await expect(page.locator('#flag-on-load')).toHaveText('on');

  await popup.page.close();
  const reopened = await extension.openToolbarPopup(tabId);
  await reopened.unfold(reopened.reloadOptions);
  await expect(reopened.reloadPreference).not.toBeChecked();
  await expect(reopened.reloadThisTabButton()).toBeVisible();
});

test('the popup counts the other tabs of the same origin and reloads them on request', async ({ extension }) => {
  const { tabId } = await extension.open(HELP_DESK_URL);
  const sameOrigin = await extension.open(`https://app.hubspot.com/contacts/${PORTAL_ID}/objects/0-1`);
  const otherRegion = await extension.open(`https://app-eu1.hubspot.com/help-desk/${PORTAL_ID}/inbox`);
  await markPage(sameOrigin.page);
  await markPage(otherRegion.page);

  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.reloadOptions.locator('summary')).toHaveText('Reload options · 1 other tab');
  await popup.unfold(popup.reloadOptions);
  await expect(popup.otherTabs).toHaveText(
    '1 other tab on app.hubspot.com shares this setting and reads it only on load.',
  );
  await popup.reloadOtherTabsButton().click();
  await expect(popup.notice).toHaveText('Reloaded 1 other tab on app.hubspot.com.');
  await expect.poll(() => isMarked(sameOrigin.page)).toBe(false);
  expect(await isMarked(otherRegion.page)).toBe(true);
});

test('a malformed flag value is shown as it is, read as off, and replaced by the toggle', async ({ extension }) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL, { flag: 'TRUE' });
  await expect.poll(() => extension.badgeText(tabId)).toBe('!');

  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.flagValue).toHaveText('"TRUE"');
  await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');
  await expect(popup.flagDescription).toContainText('HubSpot does not read "TRUE" as on');

  await popup.testModeSwitch.click();
  await expect.poll(() => flag(page)).toBe('true');
  await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'true');
  await expect.poll(() => extension.badgeText(tabId)).toBe('ON');
});

test('the other test switches are set and cleared from the popup, with the exact values HubSpot reads', async ({ extension }) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL);
  const popup = await extension.openToolbarPopup(tabId);
  const switches = popup.page.getByTestId('test-switches');
  await expect(switches).toContainText('More test switches · all off');
  await popup.unfold(switches);
  const stored = (key: string) => localSetting(page, key);

  for (const { label, key, value, notice } of [
    { label: 'Inbound calling', key: 'LocalSettings:Calling:supportsInboundCalling', value: 'true', notice: 'Inbound calling set to true.' },
    { label: 'Demo widget', key: 'LocalSettings:Calling:installDemoWidget', value: 'app:js', notice: 'Demo widget set to app:js.' },
  ]) {
    const control = switches.getByLabel(label);
    await expect(control).toHaveAccessibleDescription(/HubSpot|SDK/);
    await markPage(page);
    await control.selectOption(value);
    await expect.poll(() => stored(key)).toBe(value);
    await expect.poll(() => isMarked(page)).toBe(false);
    await expect(popup.notice).toHaveText(`${notice} The tab reloaded to apply it.`);
    await expect(control).toHaveValue(value);
  }
  await expect(switches).toContainText('More test switches · 2 set');

  await switches.getByLabel('Inbound calling').selectOption({ label: 'Off' });
  await expect.poll(() => stored('LocalSettings:Calling:supportsInboundCalling')).toBeNull();
  await expect(popup.notice).toHaveText('Inbound calling turned off. The tab reloaded to apply it.');
  // The test-mode flag is left as it was.
  await expect.poll(() => flag(page)).toBeNull();
});

test('the retired CallingExtensions key is named as ignored, and one click moves it where HubSpot reads it', async ({ extension }) => {
  const retired = 'LocalSettings:Sales:CallingExtensions';
  const current = 'LocalSettings:Calling:CallingExtensions';
  const override = '{"name":"Local dev","url":"https://localhost:9025/"}';
  const { page, tabId } = await extension.open(HELP_DESK_URL);
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [retired, override] as const);
  await page.reload();
  await extension.waitForContentScript(tabId);

  const popup = await extension.openToolbarPopup(tabId);
  const notice = popup.page.getByTestId('retired-setting');
  await expect(notice).toContainText(`${retired} is retired: since 2023 HubSpot reads ${current} instead`);
  await notice.getByRole('button', { name: 'Move it to the new key' }).click();

  await expect.poll(() => localSetting(page, current)).toBe(override);
  await expect.poll(() => localSetting(page, retired)).toBeNull();
  await expect(popup.notice).toHaveText(`CallingExtensions moved to ${current}, where HubSpot reads it. The tab reloaded to apply it.`);
  await expect(notice).toHaveCount(0);
});
