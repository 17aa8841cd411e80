import { test } from './fixtures';
import { HELP_DESK_URL, NOT_HUBSPOT_URL } from './extensionDriver';
import type { PopupPage } from './pages/popup';

const shoot = async (popup: PopupPage, name: string) => {
  await popup.page.setViewportSize({ width: 380, height: 800 });
  await popup.page.locator('main').screenshot({ path: `docs/screenshots/${name}.png` });
};

test('popup screenshots', async ({ extension }) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL, { flag: 'true' });
  await page.evaluate(() => {
    localStorage.setItem('LocalSettings:Calling:installDemoWidget', 'app:js');
    localStorage.setItem('LocalSettings:Calling:CallingExtensions', '{"name":"Local dev","url":"https://localhost:9025/"}');
  });
  await extension.open(`https://app.hubspot.com/contacts/123456`);

  const popup = await extension.openPopup(tabId);
  await popup.testModeSwitch.waitFor();
  await shoot(popup, 'popup-test-mode-on');
  await popup.page.emulateMedia({ colorScheme: 'dark' });
  await shoot(popup, 'popup-test-mode-on-dark');

  const malformed = await extension.open('https://app-eu1.hubspot.com/help-desk/987654/inbox', { flag: 'TRUE' });
  const malformedPopup = await extension.openPopup(malformed.tabId);
  await malformedPopup.flagValue.waitFor();
  await shoot(malformedPopup, 'popup-malformed-flag');

  const other = await extension.open(NOT_HUBSPOT_URL);
  const otherPopup = await extension.openPopup(other.tabId);
  await otherPopup.page.getByRole('heading', { name: /not a HubSpot app page/ }).waitFor();
  await shoot(otherPopup, 'popup-not-hubspot');
});
