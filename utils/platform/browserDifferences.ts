/**
 * Everything that differs between the browsers this extension is built for: the manifest keys one browser needs,
 * and the runtime behaviours that are not the same. The rest of the code calls these instead of testing for a browser.
 *
 * Every browser gets Manifest V3, so the toolbar button is `action`, the hosts are `host_permissions` and the hosts
 * asked for later are `optional_host_permissions` everywhere. WXT itself writes the one structural difference: Chrome's
 * background is a service worker, Firefox's an event page (`background.scripts`).
 */
import type { ConfigEnv, UserManifest } from 'wxt';
import { browser } from 'wxt/browser';

/** The add-on's id on addons.mozilla.org. It can never change once published: storage and updates hang on it. */
export const FIREFOX_ADDON_ID = 'channel-connection-tester@calling-app-devtools';

/**
 * Firefox 140 (an ESR) is the first to read `data_collection_permissions`, and has everything else this extension
 * uses: `optional_host_permissions` (128), Manifest V3 host permissions asked for at install (127),
 * `MessageSender.origin` (126), `storage.session` (115). Firefox for Android reads the data collection key from 142.
 */
export const FIREFOX_MIN_VERSION = '140.0';
export const FIREFOX_ANDROID_MIN_VERSION = '142.0';

export type BuildTarget = Pick<ConfigEnv, 'browser' | 'manifestVersion'>;

/** The manifest keys that depend on the browser, merged over the keys every browser shares. */
export function browserManifest(target: BuildTarget): UserManifest {
  // Manifest V2 would move the optional hosts to `optional_permissions` and the toolbar button to `browserAction`:
  // one manifest version keeps one code path.
  if (target.manifestVersion !== 3) {
    throw new Error(
      `The extension is built as Manifest V3 for every browser; ${target.browser} was asked for V${target.manifestVersion}.`,
    );
  }
  if (target.browser !== 'firefox') return {};
  return {
    browser_specific_settings: {
      gecko: {
        id: FIREFOX_ADDON_ID,
        strict_min_version: FIREFOX_MIN_VERSION,
        // The extension sends nothing to its authors or anyone else: only to HubSpot and the user's own webhooks.
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
    },
  };
}

/** Chrome's types declare `setAccessLevel` on every storage area; Firefox has none. */
interface AccessLevelSwitch {
  setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void>;
}

/**
 * Chrome lets content scripts read `storage.local` unless told otherwise, and profiles hold credentials: only the
 * extension's own pages and background may read it. Firefox has no such switch (https://bugzil.la/1724754) and its
 * content scripts can always read the area; ours reads no storage and gets everything by message.
 */
export async function restrictLocalStorageToExtension(local: AccessLevelSwitch = browser.storage.local): Promise<void> {
  await local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}

/**
 * Asks for host access. Firefox honours `permissions.request` only while it is still handling the user's click: it
 * must come before the click handler's first `await` (a `permissions.contains` check first is already too late).
 * Chrome accepts it later in the click too, and both browsers answer `true` at once, without a prompt, for hosts
 * already granted, so no check comes first.
 */
export function requestHostPermission(origins: string[], permissions = browser.permissions): Promise<boolean> {
  return permissions.request({ origins });
}

/** Asks for an optional API permission, under the same rule as host access: first thing in the click. */
export function requestApiPermission(name: 'scripting', permissions = browser.permissions): Promise<boolean> {
  return permissions.request({ permissions: [name] });
}

/**
 * How a content script sees that an element holds a closed shadow root: Chrome gives it
 * `chrome.dom.openOrClosedShadowRoot`, Firefox gives elements `openOrClosedShadowRoot`.
 */
export function closedShadowRootReader(): (element: Element) => ShadowRoot | null | undefined {
  const chromeDom = (globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?: (element: Element) => ShadowRoot | null } } }).chrome?.dom;
  if (chromeDom?.openOrClosedShadowRoot) return (element) => chromeDom.openOrClosedShadowRoot?.(element);
  return (element) => (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
}
