import { defineContentScript } from 'wxt/utils/define-content-script';
import type { LocalSettingsSnapshot } from '@/utils/flag/channelConnectionFlag';
import { closedShadowRootReader } from '@/utils/platform/browserDifferences';
import { coalesced } from '@/utils/platform/coalesced';
import { contentScriptLifetime } from '@/utils/platform/contentScriptLifetime';
import { HUBSPOT_APP_MATCHES } from '@/utils/platform/hubspotOrigins';
import { createLocalSettingsHandlers, isLocalSettingsStorageChange, readLocalSettingsSafely } from '@/utils/flag/localSettingsRequests';
import { onContentScriptMessage, sendToBackground } from '@/utils/platform/messages';
import { watchProviders } from '@/utils/providers/providerWatcher';

/** How long a burst of storage events from other tabs may go before the content script reports the settings. */
const STORAGE_REPORT_PAUSE_MS = 50;

export default defineContentScript({
  matches: HUBSPOT_APP_MATCHES,
  // The flag is read before HubSpot's own scripts run, so the badge is right as soon as the page starts.
  runAt: 'document_start',
  // WXT would otherwise announce every start to the page with `window.postMessage`, naming the extension's id.
  noScriptStartedPostMessage: true,
  // HubSpot may show the provider picker in a frame of its own origin: a frame's script watches providers only.
  allFrames: true,
  // WXT's `ctx` is left unused: the page can end it (see utils/platform/contentScriptLifetime.ts).
  main() {
    const lifetime = contentScriptLifetime();
    const isTopFrame = window.top === window;
    const getStorage = () => window.localStorage;
    const origin = window.location.origin;

    // An updated or removed extension leaves this script behind: it then stays silent instead of throwing.
    const tell: typeof sendToBackground = (type, payload) =>
      lifetime.isAlive() ? sendToBackground(type, payload).catch(() => null) : Promise.resolve(null);
    const report = (snapshot: LocalSettingsSnapshot) => void tell('localSettingsChanged', snapshot);
    const reportCurrent = () => {
      const current = readLocalSettingsSafely(getStorage, origin);
      if (current.ok) report(current.value);
    };

    const watcher = watchProviders({
      document,
      report: (observations) => void tell('providersObserved', observations),
      closedShadowRootOf: closedShadowRootReader(),
    });
    const setTargets = (targets: unknown) => watcher.setTargets(Array.isArray(targets) ? targets : []);
    lifetime.onEnd(() => watcher.stop());
    const setProviderTargets = (targets: unknown) => {
      setTargets(targets);
      return null;
    };
    // Messages about the page's local settings reach the top frame only (utils/platform/messages.ts).
    lifetime.onEnd(onContentScriptMessage({ ...createLocalSettingsHandlers(getStorage, origin, report), setProviderTargets }));
    if (isTopFrame) {
      // `storage` fires only for changes made by other tabs of this origin (or DevTools there): keep the badge true.
      // Another tab writing in a loop sends thousands: one read and one report per pause keeps the badge within it.
      const reportSoon = coalesced(reportCurrent, STORAGE_REPORT_PAUSE_MS);
      window.addEventListener(
        'storage',
        (event) => {
          if (isLocalSettingsStorageChange(event)) reportSoon();
        },
        { signal: lifetime.signal },
      );
      const onLoad = readLocalSettingsSafely(getStorage, origin);
      if (onLoad.ok) void tell('pageLoaded', onLoad.value);
    } else {
      // A frame that goes away takes its providers with it.
      window.addEventListener('pagehide', () => void tell('providersObserved', []), { signal: lifetime.signal });
    }
    void tell('getProviderTargets', null).then(setTargets);
  },
});

