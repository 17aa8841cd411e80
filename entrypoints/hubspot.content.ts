import { defineContentScript } from 'wxt/utils/define-content-script';
import { isLocalSettingsCallingKey, type LocalSettingsSnapshot } from '@/utils/channelConnectionFlag';
import { HUBSPOT_APP_MATCHES } from '@/utils/hubspotOrigins';
import { createLocalSettingsHandlers, readLocalSettingsSafely } from '@/utils/localSettingsRequests';
import { onContentScriptMessage, sendToBackground } from '@/utils/messages';
import { watchProviders } from '@/utils/providerWatcher';

export default defineContentScript({
  matches: HUBSPOT_APP_MATCHES,
  // The flag is read before HubSpot's own scripts run, so the badge is right as soon as the page starts.
  runAt: 'document_start',
  main(ctx) {
    const getStorage = () => window.localStorage;
    const origin = window.location.origin;

    const report = (snapshot: LocalSettingsSnapshot) => {
      if (ctx.isValid) sendToBackground('localSettingsChanged', snapshot).catch(() => undefined);
    };
    const reportCurrent = () => {
      const current = readLocalSettingsSafely(getStorage, origin);
      if (current.ok) report(current.value);
    };

    const watcher = watchProviders({
      document,
      report: (observations) => {
        if (ctx.isValid) sendToBackground('providersObserved', observations).catch(() => undefined);
      },
    });
    ctx.onInvalidated(() => watcher.stop());
    ctx.onInvalidated(
      onContentScriptMessage({
        ...createLocalSettingsHandlers(getStorage, origin, report),
        setProviderTargets: (targets) => {
          watcher.setTargets(Array.isArray(targets) ? targets : []);
          return null;
        },
      }),
    );
    // `storage` fires only for changes made by other tabs of this origin (or DevTools there): keep the badge true.
    ctx.addEventListener(window, 'storage', (event) => {
      if (event.key === null || isLocalSettingsCallingKey(event.key)) reportCurrent();
    });
    const onLoad = readLocalSettingsSafely(getStorage, origin);
    if (onLoad.ok && ctx.isValid) sendToBackground('pageLoaded', onLoad.value).catch(() => undefined);
    sendToBackground('getProviderTargets', null).then(
      (targets) => watcher.setTargets(Array.isArray(targets) ? targets : []),
      () => undefined,
    );
  },
});
