import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { refreshIsReadyStatus } from '../background/isReadyRefresh';
import { startMatrixRun, stopMatrixRun } from '../background/matrixRuns';
import { onBackgroundMessage, type BackgroundProtocol, type Handlers } from '../platform/messages';
import { deliverMessage } from './deliverMessage';

/**
 * The background as an extension page reaches it: `runtime.sendMessage` arrives with the sender a browser fills in
 * for a page of this extension (the fake's own sends no sender), and the background answers refreshIsReadyStatus with
 * its real handlers (and the QA matrix's) and the rest as `handlers` say (by default: nothing heard from any tab).
 */
export function fakeBackground(handlers: Partial<Handlers<BackgroundProtocol>> = {}, pageUrl = fakeBrowser.runtime.getURL('/popup.html')) {
  const stop = onBackgroundMessage({
    pageLoaded: () => null,
    localSettingsChanged: () => null,
    providersObserved: () => null,
    getProviderTargets: () => [],
    getTabReport: () => null,
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
