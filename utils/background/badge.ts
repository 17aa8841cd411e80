import { browser } from 'wxt/browser';
import { flagState } from '../flag/channelConnectionFlag';
import { toolbarIconPaths, type ToolbarIcon } from './toolbarIcons';

export interface Badge {
  text: string;
  color: string;
  title: string;
  icon: ToolbarIcon;
}

const DEFAULT_TITLE = 'Channel Connection Tester';

export function badgeForFlag(raw: string | null, origin: string): Badge {
  const host = new URL(origin).host;
  switch (flagState(raw)) {
    case 'on':
      return { text: 'ON', color: '#1a7f37', title: `${DEFAULT_TITLE}: test mode is on for ${host}`, icon: 'test-mode-on' };
    case 'off':
      return { text: '', color: '#57606a', title: `${DEFAULT_TITLE}: test mode is off for ${host}`, icon: 'normal' };
    case 'malformed':
      return {
        text: '!',
        color: '#bf8700',
        title: `${DEFAULT_TITLE}: the flag on ${host} holds ${JSON.stringify(raw)}, which HubSpot reads as off`,
        icon: 'normal',
      };
  }
}

/**
 * Badge values and the icon are set per tab: the browser shows the active tab's own values on every tab switch and
 * resets them when the tab navigates, so the badge follows the active tab without the background tracking tabs itself.
 */
export async function showBadge(tabId: number, badge: Badge): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: badge.text }),
    browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
    browser.action.setTitle({ tabId, title: badge.title }),
    showIcon(tabId, badge.icon),
  ]);
}

/**
 * Tabs known to show the normal icon. A navigation resets a tab to the manifest's icon, which is the normal one, so
 * a tab in this set needs no call; the test-mode icon is set every time, since a navigation may have reset it unseen.
 * Empty when the background starts, as the browser may still show the test-mode icon on a tab from before.
 */
const showsNormalIcon = new Set<number>();
/** Each tab's icon calls still on their way; a tab's calls never wait behind another tab's. */
const iconQueues = new Map<number, Promise<unknown>>();

/**
 * `setIcon` loads the images before it reaches the browser, so two calls for a tab can arrive in either order: one at
 * a time, the tab ends with the icon asked for last.
 */
function showIcon(tabId: number, icon: ToolbarIcon): Promise<void> {
  const next = (iconQueues.get(tabId) ?? Promise.resolve()).then(async () => {
    if (icon === 'normal' && showsNormalIcon.has(tabId)) return;
    showsNormalIcon.delete(tabId);
    await browser.action.setIcon({ tabId, path: toolbarIconPaths(icon) });
    if (icon === 'normal') showsNormalIcon.add(tabId);
  });
  const settled = next.catch(() => undefined);
  iconQueues.set(tabId, settled);
  void settled.then(() => {
    if (iconQueues.get(tabId) === settled) iconQueues.delete(tabId);
  });
  return next;
}
