import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ExtensionDriver, HELP_DESK_URL, NOT_HUBSPOT_URL, PORTAL_ID, type HoldPoint } from './extensionDriver';
import type { PopupPage } from './pages/popup';
import { openOptionsWithProfile, PROVIDER_LIST_URL, registerWebhook, STANDIN_APP } from './standinApp';
import type { Standin } from '../standin/server';

const { flag, holdTabMessage } = ExtensionDriver;

const DEMO_WIDGET = 'LocalSettings:Calling:installDemoWidget';
const SAME_ORIGIN_URL = `https://app.hubspot.com/contacts/${PORTAL_ID}`;
const OTHER_ORIGIN_URL = `https://app-eu1.hubspot.com/help-desk/${PORTAL_ID}/inbox`;

/** After whatever went wrong, the service worker still hears a new tab and badges it. */
async function expectBadgeOnANewTab(extension: ExtensionDriver): Promise<void> {
  const { tabId } = await extension.open(`https://app-na2.hubspot.com/help-desk/${PORTAL_ID}/inbox`, { flag: 'true' });
  await expect.poll(() => extension.badgeText(tabId)).toBe('ON');
}

/** How many times the browser loaded the site that is not HubSpot: once for the visit, more if something reloaded it. */
const otherSiteLoads = (standin: Standin) =>
  standin.requests.filter((request) => request.host === new URL(NOT_HUBSPOT_URL).host && request.path === '/').length;

test.beforeEach(({ standin }) => standin.reset());

for (const reloadAfterChange of [true, false]) {
  test(`twenty rapid clicks on the switch end as the last click left it, reload after a change ${reloadAfterChange ? 'on' : 'off'}`, async ({
    extension,
  }) => {
    const { page, tabId } = await extension.open(HELP_DESK_URL);
    const popup = await extension.openToolbarPopup(tabId);
    await popup.setReloadAfterChange(reloadAfterChange);
    await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');

    // The first change is held in flight while the other nineteen clicks land, on however fast a machine.
    const firstChange = await holdTabMessage(extension.serviceWorker, 'setFlag', 'reply');
    await popup.clickTestModeSwitch(1);
    await firstChange.reached();
    await popup.clickTestModeSwitch(19);
    await firstChange.release();

    // An even number of clicks from off ends off, after the first click's change went through and was undone.
    await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');
    await expect(popup.testModeSwitch).toHaveAttribute('aria-busy', 'false');
    await expect(popup.notice).toHaveText(
      `Test mode turned off. ${reloadAfterChange ? 'The tab reloaded to apply it.' : 'Reload the tab for HubSpot to read it.'}`,
    );
    expect(await flag(page)).toBeNull();
    await expect.poll(() => extension.badgeText(tabId)).toBe('');
    await expect(popup.flagValue).toHaveText('not set');
  });
}

interface PopupInterruption {
  title: string;
  /** The click that starts the operation, and the message to its tab held in the middle of it. */
  start: { click: (popup: PopupPage) => Promise<void>; message: 'setFlag' | 'removeLocalSetting'; point: HoldPoint };
  /** What becomes of the tab while the message is held. */
  meanwhile: (page: Page) => Promise<unknown>;
  /** The tab closes: the real popup would close with it, so this one is `popup.html` in a tab of its own. */
  closesTab?: true;
  notice: string;
  /** What the popup and the tab show afterwards. */
  after: (popup: PopupPage, page: Page, standin: Standin) => Promise<void>;
}

const toggle = (popup: PopupPage) => popup.testModeSwitch.click();
const removeDemoWidget = (popup: PopupPage) => popup.removeSetting(DEMO_WIDGET);
const expectClosed = async (popup: PopupPage) => expect(popup.alert).toHaveText('The tab was closed.');

const popupInterruptions: PopupInterruption[] = [
  {
    title: 'test mode turned on, then the tab closed before the popup heard back',
    start: { click: toggle, message: 'setFlag', point: 'reply' },
    meanwhile: (page) => page.close(),
    closesTab: true,
    notice: 'Test mode turned on. The tab was closed.',
    after: expectClosed,
  },
  {
    title: 'a LocalSettings key removed while the tab closes',
    start: { click: removeDemoWidget, message: 'removeLocalSetting', point: 'send' },
    meanwhile: (page) => page.close(),
    closesTab: true,
    notice: 'installDemoWidget was not removed. The tab was closed.',
    after: expectClosed,
  },
  {
    title: 'test mode turned on, then the tab went to a site that is not HubSpot, which is not reloaded',
    start: { click: toggle, message: 'setFlag', point: 'reply' },
    meanwhile: (page) => page.goto(NOT_HUBSPOT_URL),
    notice: 'Test mode turned on. The tab left app.hubspot.com.',
    after: async (popup, _page, standin) => {
      await expect(popup.notHubSpotHeading).toBeVisible();
      expect(otherSiteLoads(standin)).toBe(1);
    },
  },
  {
    title: 'test mode toggled while the tab goes to another HubSpot origin, which is left as it was',
    start: { click: toggle, message: 'setFlag', point: 'send' },
    meanwhile: (page) => page.goto(OTHER_ORIGIN_URL),
    notice: 'Test mode was not turned on. The tab left app.hubspot.com for app-eu1.hubspot.com.',
    after: async (popup, page) => {
      await expect(popup.tabOrigin).toHaveText(`app-eu1.hubspot.com · portal ${PORTAL_ID}`);
      await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');
      expect(await flag(page)).toBeNull();
    },
  },
  {
    title: 'test mode toggled while the tab goes to another page of the same origin, which gets it',
    start: { click: toggle, message: 'setFlag', point: 'send' },
    meanwhile: (page) => page.goto(SAME_ORIGIN_URL),
    notice: 'Test mode turned on. The tab reloaded to apply it.',
    after: async (popup, page) => {
      await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'true');
      expect(page.url()).toBe(SAME_ORIGIN_URL);
      await expect(page.locator('#flag-on-load')).toHaveText('on');
    },
  },
];

for (const { title, start, meanwhile, closesTab, notice, after } of popupInterruptions) {
  test(`popup: ${title}, ends in words`, async ({ extension, standin }) => {
    const { page, tabId } = await extension.open(HELP_DESK_URL);
    await page.evaluate((key) => localStorage.setItem(key, 'local'), DEMO_WIDGET);
    const popup = closesTab ? await extension.openPopupInTab(tabId) : await extension.openToolbarPopup(tabId);
    await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');

    const held = await holdTabMessage(extension.serviceWorker, start.message, start.point);
    await start.click(popup);
    await held.reached();
    await meanwhile(page);
    await held.release();

    await expect(popup.notice).toHaveText(notice);
    await after(popup, page, standin);
    await expectBadgeOnANewTab(extension);
  });
}

const matrixInterruptions = [
  {
    title: 'closed',
    meanwhile: (page: Page) => page.close(),
    reason: 'The tab was closed.',
    otherSiteVisits: 0,
  },
  {
    title: 'gone to a site that is not HubSpot',
    meanwhile: (page: Page) => page.goto(NOT_HUBSPOT_URL),
    reason: 'The tab left app.hubspot.com.',
    otherSiteVisits: 1,
  },
];

for (const { title, meanwhile, reason, otherSiteVisits } of matrixInterruptions) {
  test(`the QA matrix with its tab ${title} mid-run stops, puts isReady back and says what it could not restore`, async ({
    extension,
    context,
    standin,
  }) => {
    registerWebhook(standin, true);
    const options = await openOptionsWithProfile(await context.newPage(), extension.id, true);
    const { page } = await extension.open(PROVIDER_LIST_URL, { flag: 'TRUE' });

    // The first row turns isReady and the flag off; the tab goes away once its page has the flag. The background
    // runs the matrix, so that is where the message is held.
    const flagWritten = await holdTabMessage(extension.serviceWorker, 'restoreFlag', 'reply');
    await options.runMatrix(PROVIDER_LIST_URL);
    await flagWritten.reached();
    await meanwhile(page);
    await flagWritten.release();

    await expect(options.matrixSummary).toHaveText(
      `Stopped: isReady=false, flag off: ${reason} Not restored: The flag could not be set back to "TRUE": ${reason}`,
    );
    await expect(options.matrixRows.first().locator('td').nth(4)).toHaveText('error');
    await expect(options.matrixRows.first().locator('td.matrix-why')).not.toBeEmpty();
    expect(standin.api.channelConnection.get(STANDIN_APP.appId)?.isReady).toBe(true);
    expect(otherSiteLoads(standin)).toBe(otherSiteVisits);
    await expectBadgeOnANewTab(extension);
  });
}

test('the keyboard command on a tab closed before the command heard back leaves the service worker serving', async ({
  extension,
}) => {
  const { page } = await extension.open(HELP_DESK_URL);

  const held = await holdTabMessage(extension.serviceWorker, 'setFlag', 'reply');
  await extension.pressToggleShortcut();
  await held.reached();
  await page.close();
  await held.release();

  // The page had the flag before it closed: a new tab of its origin reads it on.
  const { tabId } = await extension.open(HELP_DESK_URL);
  await expect.poll(() => extension.badgeText(tabId)).toBe('ON');
});
