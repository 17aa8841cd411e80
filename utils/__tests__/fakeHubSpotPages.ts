import { vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KeyValueStorage } from '../flag/channelConnectionFlag';
import { hubspotAppOrigin } from '../platform/hubspotOrigins';
import { createLocalSettingsHandlers } from '../flag/localSettingsRequests';
import { onContentScriptMessage } from '../platform/messages';
import { memoryStorage } from './memoryStorage';
import { deliverMessage } from './deliverMessage';

const RECEIVING_END_DOES_NOT_EXIST = 'Could not establish connection. Receiving end does not exist.';

/**
 * Only `<scheme>://<host>/*`, the one form `hubspotOrigins` produces. Throws on anything else so a new pattern shape
 * cannot pass unnoticed.
 */
function matchesPattern(pattern: string, url: string | undefined): boolean {
  const parts = /^(https?):\/\/([^/*]+)\/\*$/.exec(pattern);
  if (!parts) throw new Error(`fakeHubSpotPages: unsupported match pattern ${pattern}`);
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${parts[1]}:` && parsed.hostname === parts[2];
  } catch {
    return false;
  }
}

/**
 * The fake's `tabs.query` compares `url` with `===` (no match patterns, and an array never matches); with
 * `currentWindow` or `lastFocusedWindow` it throws a TypeError after `reset()` (no window is focused), and its last
 * focused window is the one focused before the current one. This stub keeps the fake's other filters, applies match
 * patterns to `url`, and ignores the window filters: tests use a single window.
 * With `ignoreUrl`, it behaves like a browser that drops the `url` filter (no host permission for the tabs).
 */
export function stubTabsQuery({ ignoreUrl = false } = {}) {
  const query = fakeBrowser.tabs.query;
  return vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async (info: Browser.tabs.QueryInfo) => {
    const { url, lastFocusedWindow: _lastFocused, currentWindow: _current, ...rest } = info;
    const tabs = await query(rest);
    if (url === undefined || ignoreUrl) return tabs;
    const patterns = Array.isArray(url) ? url : [url];
    return tabs.filter((tab) => patterns.some((pattern) => matchesPattern(pattern, tab.url)));
  });
}

export interface FakePageOptions {
  active?: boolean;
  /** Seeds the localStorage of the tab's origin. */
  settings?: Record<string, string>;
  /** Whether the content script is running (false: opened before install, or still loading). */
  loaded?: boolean;
}

/**
 * HubSpot tabs whose content script answers `tabs.sendMessage` the way the real one does: the message goes through
 * `onContentScriptMessage` and `createLocalSettingsHandlers`, over a localStorage shared by every tab of an origin.
 */
export function fakeHubSpotPages() {
  const storages = new Map<string, KeyValueStorage>();
  const notLoaded = new Set<number>();
  const closed = new Set<number>();
  const getTab = fakeBrowser.tabs.get;
  vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async (tabId: number) => {
    if (closed.has(tabId)) throw new Error(`No tab with id: ${tabId}.`);
    return getTab(tabId);
  });

  const storageOf = (origin: string): KeyValueStorage => {
    let webStorage = storages.get(origin);
    if (!webStorage) {
      webStorage = memoryStorage({});
      storages.set(origin, webStorage);
    }
    return webStorage;
  };

  const sendMessage = vi
    .spyOn(fakeBrowser.tabs, 'sendMessage')
    .mockImplementation(async (tabId: number, message: unknown): Promise<unknown> => {
      const tab = await fakeBrowser.tabs.get(tabId);
      if (!tab) throw new Error(`No tab with id: ${tabId}.`);
      const origin = hubspotAppOrigin(tab.url);
      if (!origin || notLoaded.has(tabId)) throw new Error(RECEIVING_END_DOES_NOT_EXIST);
      const stop = onContentScriptMessage({
        ...createLocalSettingsHandlers(() => storageOf(origin), origin, () => undefined),
        setProviderTargets: () => null,
      });
      try {
        const replies = await deliverMessage(message, { id: fakeBrowser.runtime.id, tab });
        const reply = replies.find((answer) => answer !== undefined);
        if (reply === undefined) throw new Error('The message port closed before a response was received.');
        return reply;
      } finally {
        stop();
      }
    });

  return {
    sendMessage,
    storageOf,
    /**
     * Holds the reply to the next `type` message once the page has acted on it, until `release()`: a test acts in
     * the middle of an operation (clicks again, closes the tab) at an exact point.
     */
    holdReply(type: string) {
      const deliver = sendMessage.getMockImplementation() as (tabId: number, message: unknown) => Promise<unknown>;
      let reach = () => {};
      let release = () => {};
      const reached = new Promise<void>((resolve) => (reach = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      sendMessage.mockImplementation(async (tabId: number, message: unknown) => {
        if ((message as { type?: unknown }).type !== type) return deliver(tabId, message);
        sendMessage.mockImplementation(deliver);
        const reply = await deliver(tabId, message);
        reach();
        await released;
        return reply;
      });
      return { reached, release };
    },
    /**
     * Closes a tab as a browser does: `tabs.get`, and so every call on the tab, rejects with Chrome's words, and
     * `tabs.onRemoved` fires. (The fake's own `tabs.remove` looks up the tab's window by the tab's id.)
     */
    async close(tab: Browser.tabs.Tab & { id: number }) {
      closed.add(tab.id);
      await fakeBrowser.tabs.onRemoved.trigger(tab.id, { windowId: tab.windowId, isWindowClosing: false });
    },
    /** Opens a tab like `tabs.create`. */
    async open(url: string, { active = false, settings = {}, loaded = true }: FakePageOptions = {}) {
      const tab = await fakeBrowser.tabs.create({ url, active });
      const origin = hubspotAppOrigin(url);
      if (origin) for (const [key, value] of Object.entries(settings)) storageOf(origin).setItem(key, value);
      if (!loaded) notLoaded.add(tab.id as number);
      return tab as Browser.tabs.Tab & { id: number };
    },
  };
}

/**
 * `tabs.reload` is not implemented by the fake. This one does what a browser does: the tab goes through
 * `loading` then `complete` (`tabs.onUpdated`), and a tab that does not exist rejects with Chrome's wording.
 * The events fire before the call resolves, so no event of one test can reach the next.
 */
export function stubReload() {
  return vi.spyOn(fakeBrowser.tabs, 'reload').mockImplementation(async (tabId?: number) => {
    const tab = tabId === undefined ? undefined : await fakeBrowser.tabs.get(tabId);
    if (!tab || tabId === undefined) throw new Error(`No tab with id: ${tabId}.`);
    await fakeBrowser.tabs.onUpdated.trigger(tabId, { status: 'loading' }, { ...tab, status: 'loading' });
    await fakeBrowser.tabs.onUpdated.trigger(tabId, { status: 'complete' }, { ...tab, status: 'complete' });
  });
}
