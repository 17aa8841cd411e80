import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { refreshIsReadyStatus } from '../background/isReadyRefresh';
import { startMatrixRun, stopMatrixRun } from '../background/matrixRuns';
import { changeTestMode, changeTestSwitch, moveRetiredSetting, readTab, reloadHubSpotTab, removeTabSetting } from '../background/tabChanges';
import { onBackgroundMessage, type BackgroundProtocol, type Handlers } from '../platform/messages';
import { deliverMessage } from './deliverMessage';

/**
 * The background as an extension page reaches it: `runtime.sendMessage` arrives with the sender a browser fills in
 * for a page of this extension (the fake's own sends no sender), and the background answers refreshIsReadyStatus with
 * its real handlers for what pages ask of it (isReady, tab changes, the QA matrix) and the rest as `handlers` say (by
 * default: the content scripts' own reports are not heard).
 */
export function fakeBackground(handlers: Partial<Handlers<BackgroundProtocol>> = {}, pageUrl = fakeBrowser.runtime.getURL('/popup.html')) {
  const stop = onBackgroundMessage({
    pageLoaded: () => null,
    localSettingsChanged: () => null,
    providersObserved: () => null,
    getProviderTargets: () => [],
    startPointing: () => ({ ok: false, error: { code: 'not-ready', message: 'not ready' } }),
    pointingSession: () => null,
    pointPicked: () => ({ ok: false, error: 'no session' }),
    pointingEnded: () => null,
    readTab: ({ tabId }) => readTab(tabId),
    changeTestMode: (request) => changeTestMode(request),
    removeTabSetting: (request) => removeTabSetting(request),
    changeTestSwitch: (request) => changeTestSwitch(request),
    moveRetiredSetting: (request) => moveRetiredSetting(request),
    reloadTab: (request) => reloadHubSpotTab(request),
    refreshIsReadyStatus: () => refreshIsReadyStatus(),
    startMatrix: (request) => startMatrixRun(request),
    stopMatrix: (request) => stopMatrixRun(request),
    ...handlers,
  });
  const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    const replies = await deliverMessage(message, { id: fakeBrowser.runtime.id, url: pageUrl });
    return replies.find((reply) => reply !== undefined);
  });
  return { stop, sendMessage };
}
