import { browser } from 'wxt/browser';
import { flagState } from './channelConnectionFlag';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

const DEFAULT_TITLE = 'Channel Connection Tester';

export function badgeForFlag(raw: string | null, origin: string): Badge {
  const host = new URL(origin).host;
  switch (flagState(raw)) {
    case 'on':
      return { text: 'ON', color: '#1a7f37', title: `${DEFAULT_TITLE}: test mode is on for ${host}` };
    case 'off':
      return { text: '', color: '#57606a', title: `${DEFAULT_TITLE}: test mode is off for ${host}` };
    case 'malformed':
      return {
        text: '!',
        color: '#bf8700',
        title: `${DEFAULT_TITLE}: the flag on ${host} holds ${JSON.stringify(raw)}, which HubSpot reads as off`,
      };
  }
}

/**
 * Badge values are set per tab: the browser shows the active tab's own values on every tab switch and resets them
 * when the tab navigates, so the badge follows the active tab without the background tracking tabs itself.
 */
export async function showBadge(tabId: number, badge: Badge): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: badge.text }),
    browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
    browser.action.setTitle({ tabId, title: badge.title }),
  ]);
}
