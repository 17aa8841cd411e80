import { test } from './fixtures';
import { NOT_HUBSPOT_URL } from './extensionDriver';
import { OptionsPage } from './pages/options';
import type { PopupPage } from './pages/popup';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import { STANDIN_CLIENT_SECRET, WEBHOOK_HOST } from '../standin/webhooks';
import { PROVIDER_LIST_URL } from './standinApp';

/** The real toolbar popup, as Chrome sized it: what a user sees, scrollbar and all. */
const shoot = async (popup: PopupPage, name: string) => {
  await popup.geometry();
  await popup.page.screenshot({ path: `docs/screenshots/${name}.png` });
};

test('README screenshots', async ({ extension, context, standin }) => {
  standin.reset();
  const app = STANDIN_APPS[0];
  const optionsPage = await context.newPage();
  await optionsPage.setViewportSize({ width: 1000, height: 1400 });
  const options = await OptionsPage.open(optionsPage, extension.id);
  await options.fillProfile({
    label: 'Stand-in dev',
    appId: String(app.appId),
    credential: STANDIN_DEVELOPER_API_KEY,
    appDisplayName: app.name,
    clientSecret: STANDIN_CLIENT_SECRET,
    isTestApp: true,
  });
  await options.saveProfile();
  await options.webhookUrl.fill('https://webhooks.example.test/hubspot/channel-connection');
  await options.button('Register webhook').click();
  await options.isReady.waitFor();
  await options.button('Release to all users').click();
  await options.page.getByText('Released: isReady is true').waitFor();
  // The top of the page: the navigation, the profile and the channel-connection panel, down to that panel's end.
  const channelConnection = await optionsPage.locator('#channel-connection').boundingBox();
  if (!channelConnection) throw new Error('the channel-connection section is not laid out');
  await optionsPage.screenshot({
    path: 'docs/screenshots/options-settings.png',
    clip: { x: 0, y: 0, width: optionsPage.viewportSize()?.width ?? 1000, height: Math.ceil(channelConnection.y + channelConnection.height + 16) },
  });

  const callingApp = optionsPage.locator('#calling-app');
  await callingApp.getByLabel('urlToRetrieveAuthedRecording').fill('https://dialer.example.com/recordings/%s');
  await callingApp.getByRole('button', { name: 'Register recording URL' }).click();
  await callingApp.getByTestId('calling-app-message').getByText('Recording URL registered.').waitFor();
  await callingApp.getByLabel('Width (px)').fill('480');
  await callingApp.screenshot({ path: 'docs/screenshots/options-calling-app.png' });

  await optionsPage.getByLabel('URL to test').fill(`https://${WEBHOOK_HOST}/good`);
  await optionsPage.getByLabel('Portal ID').fill('123456');
  await optionsPage.getByLabel('User ID').fill('42');
  await options.button('Send test request').click();
  await optionsPage.getByTestId('webhook-preview').waitFor();
  await options.button('Run negative checks').click();
  await optionsPage.getByTestId('negative-checks').waitFor();
  await optionsPage.getByRole('region', { name: 'Webhook tester' }).screenshot({ path: 'docs/screenshots/options-webhook-tester.png' });

  const { page, tabId } = await extension.open(PROVIDER_LIST_URL, { flag: 'true' });
  await page.evaluate(() => {
    localStorage.setItem('LocalSettings:Calling:installDemoWidget', 'app:js');
    localStorage.setItem('LocalSettings:Calling:CallingExtensions', '{"name":"Local dev","url":"https://localhost:9025/"}');
  });
  await extension.open(`https://app.hubspot.com/contacts/123456`);

  const popup = await extension.openToolbarPopup(tabId);
  await popup.isReadySummary.getByText('Registered').waitFor();
  await popup.availability.getByTestId('match').waitFor();
  await shoot(popup, 'popup-test-mode-on');
  await popup.page.emulateMedia({ colorScheme: 'dark' });
  await shoot(popup, 'popup-test-mode-on-dark');
  await popup.page.emulateMedia({ colorScheme: 'light' });
  await popup.unfold(popup.page.getByTestId('test-switches'));
  await popup.page.getByTestId('test-switches').scrollIntoViewIfNeeded();
  await shoot(popup, 'popup-test-switches');
  await popup.page.close();

  await options.button('Withdraw').click();
  await options.isReady.getByText('false').waitFor();
  await optionsPage.bringToFront();
  const overrides = optionsPage.locator('#local-overrides');
  const overridesTab = overrides.getByLabel('HubSpot tab');
  await overridesTab.selectOption((await overridesTab.locator('option', { hasText: PROVIDER_LIST_URL }).getAttribute('value')) ?? '');
  await overrides.getByTestId('override-source').getByText("the override this tab's origin holds now").waitFor();
  await overrides.screenshot({ path: 'docs/screenshots/options-local-overrides.png' });

  const tabSelect = optionsPage.locator('#qa-matrix').getByLabel('HubSpot tab');
  await tabSelect.selectOption((await tabSelect.locator('option', { hasText: PROVIDER_LIST_URL }).getAttribute('value')) ?? '');
  await options.button('Run matrix').click();
  await optionsPage.getByTestId('matrix-summary').waitFor({ timeout: 60_000 });
  await optionsPage.getByRole('region', { name: 'QA availability matrix' }).screenshot({ path: 'docs/screenshots/options-matrix.png' });

  standin.helpDesk.forceGreyedOut = true;
  await options.button('Release to all users').click();
  await options.isReady.getByText('true').waitFor();
  const mismatch = await extension.open(`https://app-na2.hubspot.com/help-desk/123456/channels/calling`);
  const mismatchPopup = await extension.openToolbarPopup(mismatch.tabId);
  await mismatchPopup.availability.getByTestId('mismatch').waitFor();
  await shoot(mismatchPopup, 'popup-mismatch');
  await mismatchPopup.page.close();
  standin.helpDesk.forceGreyedOut = false;

  const malformed = await extension.open('https://app-eu1.hubspot.com/help-desk/987654/inbox', { flag: 'TRUE' });
  const malformedPopup = await extension.openToolbarPopup(malformed.tabId);
  await malformedPopup.flagValue.waitFor();
  await shoot(malformedPopup, 'popup-malformed-flag');
  await malformedPopup.page.close();

  const other = await extension.open(NOT_HUBSPOT_URL);
  const otherPopup = await extension.openToolbarPopup(other.tabId);
  await otherPopup.page.getByRole('heading', { name: /not a HubSpot app page/ }).waitFor();
  await shoot(otherPopup, 'popup-not-hubspot');
  await otherPopup.page.close();

  // Point at it, on a picker whose tiles show no name: the tile picked, its selector offered for saving.
  const tiles = await extension.open(`${PROVIDER_LIST_URL}?markup=logo-tiles`, { flag: 'true' });
  await tiles.page.setViewportSize({ width: 900, height: 420 });
  const tilesPopup = await extension.openToolbarPopup(tiles.tabId);
  const closed = tilesPopup.page.waitForEvent('close');
  await tilesPopup.page.getByTestId('point-at').click();
  await closed;
  const tile = await tiles.page.locator('[data-testid="calling-provider-stand-in-dialer"]').boundingBox();
  if (!tile) throw new Error('The tile is not laid out.');
  await tiles.page.mouse.click(tile.x + tile.width / 2, tile.y + tile.height / 2);
  await tiles.page.locator('cct-point-picker [data-part="selector"]').waitFor();
  await tiles.page.screenshot({ path: 'docs/screenshots/point-at.png' });
});
