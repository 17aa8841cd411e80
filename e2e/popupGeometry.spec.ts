/**
 * The popup as users meet it: opened from the toolbar, sized by Chrome from its content within 800 × 600 px. In each
 * main state it is 360–400 px wide, never scrolls sideways, and shows the test-mode switch, the isReady status and the
 * app's expected and observed states without scrolling.
 */
import { test, expect } from './fixtures';
import { HELP_DESK_URL, NOT_HUBSPOT_URL, type ExtensionDriver } from './extensionDriver';
import type { PopupGeometry, PopupPage } from './pages/popup';
import { POPUP_MAX_HEIGHT } from './pages/popup';
import {
  addProfile,
  failNextApiRequest,
  LONG_PROFILE,
  LONG_WEBHOOK_URL,
  openFullestState,
  PROVIDER_SELECTOR,
} from './popupStates';
import { PROVIDER_LIST_URL, registerWebhook } from './standinApp';

const WIDTH = { min: 360, max: 400 } as const;

interface Expectation {
  /** The key facts this state shows, each to be in view without scrolling. */
  shows: ('switch' | 'isReady' | 'availability')[];
  /** Whether the whole popup fits Chrome's cap, so nothing at all needs scrolling. */
  fitsWhole?: boolean;
}

async function checkGeometry(popup: PopupPage, state: string, { shows, fitsWhole = false }: Expectation): Promise<PopupGeometry> {
  const geometry = await popup.geometry();
  test.info().annotations.push({ type: 'popup geometry', description: `${state}: ${JSON.stringify(geometry)}` });
  // To see what a failure is about: the whole popup, as far as it scrolls.
  await test.info().attach(`${state}.png`, { body: await popup.page.screenshot({ fullPage: true }), contentType: 'image/png' });
  expect.soft(geometry.width, `${state}: width`).toBeGreaterThanOrEqual(WIDTH.min);
  expect.soft(geometry.width, `${state}: width`).toBeLessThanOrEqual(WIDTH.max);
  expect.soft(geometry.scrollWidth, `${state}: no sideways scroll`).toBeLessThanOrEqual(geometry.clientWidth);
  expect.soft(geometry.height, `${state}: height within Chrome's cap`).toBeLessThanOrEqual(POPUP_MAX_HEIGHT);
  const bottoms = { switch: geometry.switchBottom, isReady: geometry.isReadyBottom, availability: geometry.availabilityBottom };
  for (const fact of shows) {
    expect.soft(bottoms[fact], `${state}: ${fact} shown`).not.toBeNull();
    expect.soft(bottoms[fact] ?? Infinity, `${state}: ${fact} in view without scrolling`).toBeLessThanOrEqual(geometry.height);
  }
  // Chrome sizes the window to whole pixels of a content height that may have a fraction.
  if (fitsWhole) expect.soft(geometry.scrollHeight, `${state}: the whole popup without scrolling`).toBeLessThanOrEqual(geometry.height + 1);
  return geometry;
}

async function toolbarPopupOn(extension: ExtensionDriver, page: { bringToFront(): Promise<void> }): Promise<PopupPage> {
  await page.bringToFront();
  return extension.openToolbarPopup();
}

test('the toolbar popup fits in every main state, its key facts in view', async ({ extension, context, standin }) => {
  test.setTimeout(120_000);
  standin.reset();

  await test.step('no profile, a tab that is not HubSpot, no HubSpot tab open', async () => {
    const { page } = await extension.open(NOT_HUBSPOT_URL);
    const popup = await toolbarPopupOn(extension, page);
    await popup.page.getByText('No HubSpot tab is open.').waitFor();
    await checkGeometry(popup, 'no profile, not HubSpot', { shows: [], fitsWhole: true });
    await popup.page.close();
  });

  await test.step('no profile, a HubSpot tab', async () => {
    const { page } = await extension.open(HELP_DESK_URL);
    const popup = await toolbarPopupOn(extension, page);
    await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');
    await checkGeometry(popup, 'no profile, HubSpot tab', { shows: ['switch'], fitsWhole: true });
    await popup.page.close();
  });

  await addProfile(context, extension.id, LONG_PROFILE, PROVIDER_SELECTOR);
  const fullest = await openFullestState(extension, standin);

  await test.step('the fullest everyday state: released, test mode on, a verdict, two other keys, long names', async () => {
    const popup = await toolbarPopupOn(extension, fullest.page);
    await expect(popup.isReadySummary).toContainText('isReady true');
    await popup.availability.getByTestId('match').waitFor();
    await expect(popup.localSettings).toHaveCount(2);
    await checkGeometry(popup, 'fullest', { shows: ['switch', 'isReady', 'availability'], fitsWhole: true });
    await popup.page.close();
  });

  await test.step('the same with reloads by hand, and with every fold open', async () => {
    const setting = await toolbarPopupOn(extension, fullest.page);
    await setting.setReloadAfterChange(false);
    await setting.page.close();
    const popup = await toolbarPopupOn(extension, fullest.page);
    await expect(popup.reloadThisTabButton()).toBeVisible();
    await popup.availability.getByTestId('match').waitFor();
    await checkGeometry(popup, 'fullest, reloads by hand', { shows: ['switch', 'isReady', 'availability'], fitsWhole: true });
    for (const fold of await popup.page.locator('details').all()) await popup.unfold(fold);
    await checkGeometry(popup, 'fullest, every fold open', { shows: ['switch'] });
    await popup.setReloadAfterChange(true);
    await popup.page.close();
  });

  await test.step('a greyed-out app the rules say is selectable', async () => {
    standin.helpDesk.forceGreyedOut = true;
    const { page } = await extension.open(PROVIDER_LIST_URL);
    const popup = await toolbarPopupOn(extension, page);
    await popup.availability.getByTestId('mismatch').waitFor();
    await checkGeometry(popup, 'mismatch', { shows: ['switch', 'isReady', 'availability'] });
    await popup.page.close();
    standin.helpDesk.forceGreyedOut = false;
  });

  await test.step('the isReady request failed, with a long message', async () => {
    await failNextApiRequest(extension);
    const popup = await toolbarPopupOn(extension, fullest.page);
    await expect(popup.isReadySummary).toContainText('migrates portal data');
    await checkGeometry(popup, 'isReady request failed', { shows: ['switch', 'isReady', 'availability'] });
    await popup.page.getByRole('button', { name: 'Show the whole message' }).click();
    await expect(popup.page.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
    await checkGeometry(popup, 'isReady request failed, the whole message shown', { shows: ['switch', 'isReady'] });
    await popup.page.close();
  });

  await test.step('not registered, a malformed flag on another origin', async () => {
    standin.api.channelConnection.clear();
    const { page } = await extension.open('https://app-eu1.hubspot.com/help-desk/987654/inbox', { flag: 'TRUE' });
    const popup = await toolbarPopupOn(extension, page);
    await expect(popup.isReadySummary).toContainText('Not registered');
    await checkGeometry(popup, 'malformed flag, not registered', { shows: ['switch', 'isReady'], fitsWhole: true });
    await popup.page.close();
    registerWebhook(standin, true, LONG_WEBHOOK_URL);
  });

  await test.step('a tab that is not HubSpot, with HubSpot tabs to jump to', async () => {
    const { page } = await extension.open(NOT_HUBSPOT_URL);
    const popup = await toolbarPopupOn(extension, page);
    await popup.hubspotTabButton(/Connect a calling provider/).first().waitFor();
    await expect(popup.isReadySummary).toContainText('isReady true');
    await checkGeometry(popup, 'not HubSpot, HubSpot tabs open', { shows: ['isReady'], fitsWhole: true });
    await popup.page.close();
  });
});
