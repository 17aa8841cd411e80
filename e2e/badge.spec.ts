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
  const notHubSpot = await extension.open(NOT_HUBSPOT_URL);
  await markPage(page);
  await extension.pressToggleShortcut();
  await notHubSpot.page.waitForTimeout(500);
  expect(await flag(page)).toBe('true');
  expect(await isMarked(page)).toBe(true);
});
