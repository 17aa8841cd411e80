import { test, expect } from './fixtures';
import { ExtensionDriver, HELP_DESK_URL, NOT_HUBSPOT_URL, PORTAL_ID } from './extensionDriver';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../utils/flag/channelConnectionFlag';
import { TOGGLE_TEST_MODE_COMMAND } from '../utils/tabs/commands';
import { toolbarIconPaths, type ToolbarIcon } from '../utils/background/toolbarIcons';
import type { WxtBrowser } from 'wxt/browser';

declare const chrome: WxtBrowser;
const { flag, markPage, isMarked } = ExtensionDriver;

test('the badge shows each tab its own flag state and follows navigation', async ({ extension }) => {
  const on = await extension.open(HELP_DESK_URL, { flag: 'true' });
  const off = await extension.open(`https://app-eu1.hubspot.com/help-desk/${PORTAL_ID}/inbox`);
  const notHubSpot = await extension.open(NOT_HUBSPOT_URL);

  await expect.poll(() => extension.badgeText(on.tabId)).toBe('ON');
  expect(await extension.badgeText(off.tabId)).toBe('');
  expect(await extension.badgeText(notHubSpot.tabId)).toBe('');

  await on.page.goto(NOT_HUBSPOT_URL);
  await expect.poll(() => extension.badgeText(on.tabId)).toBe('');
  await on.page.goto(`https://app.hubspot.com/contacts/${PORTAL_ID}`);
  await expect.poll(() => extension.badgeText(on.tabId)).toBe('ON');
});

test('a change made in one tab updates the badge of every tab of that origin', async ({ extension }) => {
  const first = await extension.open(HELP_DESK_URL);
  const second = await extension.open(`https://app.hubspot.com/contacts/${PORTAL_ID}`);
  await expect.poll(() => extension.badgeText(second.tabId)).toBe('');

  // As a developer would in DevTools on the first tab: the second tab hears it through the `storage` event.
  await first.page.evaluate((key) => localStorage.setItem(key, 'true'), SUPPORTS_CHANNEL_CONNECTION_KEY);
  await expect.poll(() => extension.badgeText(second.tabId)).toBe('ON');
  await first.page.evaluate((key) => localStorage.removeItem(key), SUPPORTS_CHANNEL_CONNECTION_KEY);
  await expect.poll(() => extension.badgeText(second.tabId)).toBe('');
});

test('the toolbar icon shows test mode on the tab that has it, and the normal icon again once it is off', async ({ extension }) => {
  /** A `setIcon` call for the tab with that icon's images, which the browser loaded. */
  const shown = (tabId: number, icon: ToolbarIcon) => ({ tabId, path: toolbarIconPaths(icon), error: null });
  await extension.recordToolbarIcons();
  const other = await extension.open(`https://app-eu1.hubspot.com/help-desk/${PORTAL_ID}/inbox`);
  const { tabId } = await extension.open(HELP_DESK_URL);
  await expect.poll(() => extension.toolbarIcon(tabId)).toEqual(shown(tabId, 'normal'));

  // The command reloads the tab, and a navigation resets the tab's badge and icon until the page reports again:
  // both are polled, the badge text being what ends up shown.
  await extension.pressToggleShortcut();
  await expect.poll(() => extension.toolbarIcon(tabId)).toEqual(shown(tabId, 'test-mode-on'));
  await expect.poll(() => extension.badgeText(tabId)).toBe('ON');
  await expect.poll(() => extension.toolbarIcon(tabId)).toEqual(shown(tabId, 'test-mode-on'));
  expect(await extension.toolbarIcon(other.tabId)).toEqual(shown(other.tabId, 'normal'));

  await extension.pressToggleShortcut();
  await expect.poll(() => extension.toolbarIcon(tabId)).toEqual(shown(tabId, 'normal'));
  await expect.poll(() => extension.badgeText(tabId)).toBe('');
});

test('the keyboard command toggles the flag on the active HubSpot tab and reloads it', async ({ extension }) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL);
  const manifestCommands = await extension.serviceWorker.evaluate(() => chrome.runtime.getManifest().commands);
  expect(Object.keys(manifestCommands ?? {})).toContain(TOGGLE_TEST_MODE_COMMAND.name);

  await markPage(page);
  await extension.pressToggleShortcut();
  await expect.poll(() => isMarked(page)).toBe(false);
  await page.waitForLoadState();
  expect(await flag(page)).toBe('true');
  await expect.poll(() => extension.badgeText(tabId)).toBe('ON');

  await markPage(page);
  await extension.pressToggleShortcut();
  await expect.poll(() => isMarked(page)).toBe(false);
  await page.waitForLoadState();
  expect(await flag(page)).toBeNull();
  await expect.poll(() => extension.badgeText(tabId)).toBe('');

  // On a tab that is not HubSpot the command changes nothing anywhere.
  await page.evaluate((key) => localStorage.setItem(key, 'true'), SUPPORTS_CHANNEL_CONNECTION_KEY);
  // Another origin, so that its flag is not the one `page` shares.
  const witness = await extension.open(`https://app-eu1.hubspot.com/help-desk/${PORTAL_ID}/inbox`);
  await extension.open(NOT_HUBSPOT_URL);
  await markPage(page);
  const tabActions = await recordTabActions(extension);
  await extension.pressToggleShortcut();
  // The same command again, on a HubSpot tab. Both presses reach the same listener in order and take the same steps:
  // ask the browser for the active tab (it answers them in order), ask that tab's content script, change the flag,
  // reload. Once the witness has reloaded, the first press has had all the time the second took for those steps, and
  // a head start, to act on any tab; whatever it did is in the record of actions.
  await extension.tabIdOf(witness.page);
  await markPage(witness.page);
  await extension.pressToggleShortcut();
  await expect.poll(() => isMarked(witness.page)).toBe(false);
  expect(await flag(witness.page)).toBe('true');
  const onWitness = ['readLocalSettings', 'setFlag', 'reload'].map((action) => `${action} ${witness.tabId}`);
  expect(await tabActions(), 'only the second press acted').toEqual(onWitness);
  expect(await flag(page)).toBe('true');
  expect(await isMarked(page)).toBe(true);
});

interface RecordedTabActions {
  cctTabActions: string[];
}

/**
 * Records, in the service worker, every message it sends to a content script and every tab it reloads from now on, as
 * `<message type or "reload"> <tab id>`: the only ways the extension changes a tab. Returns the reader of the record.
 */
async function recordTabActions(extension: ExtensionDriver): Promise<() => Promise<string[]>> {
  await extension.serviceWorker.evaluate(() => {
    const actions: string[] = [];
    (self as unknown as RecordedTabActions).cctTabActions = actions;
    // The extension calls `browser.tabs`, which Chromium 156 makes the same object as `chrome.tabs`.
    const tabs = chrome.tabs;
    const { sendMessage, reload } = tabs;
    tabs.sendMessage = ((tabId: number, message: { type?: unknown }, ...rest: unknown[]) => {
      actions.push(`${String(message?.type)} ${tabId}`);
      return (sendMessage as (...args: unknown[]) => Promise<unknown>).call(tabs, tabId, message, ...rest);
    }) as typeof sendMessage;
    tabs.reload = ((tabId: number, ...rest: unknown[]) => {
      actions.push(`reload ${tabId}`);
      return (reload as (...args: unknown[]) => Promise<void>).call(tabs, tabId, ...rest);
    }) as typeof reload;
  });
  return () => extension.serviceWorker.evaluate(() => (self as unknown as RecordedTabActions).cctTabActions);
}
