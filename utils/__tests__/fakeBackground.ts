import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { refreshIsReadyStatus } from '../isReadyStatus';
import { onBackgroundMessage } from '../messages';

/**
 * The background as an extension page reaches it: `runtime.sendMessage` arrives with the sender a browser fills in
 * for a page of this extension (the fake's own sends no sender), and the background answers the messages pages send
 * with its real handlers. Content script reports are not under test here and get no effect.
 */
export function fakeBackground(pageUrl = fakeBrowser.runtime.getURL('/popup.html')) {
  const stop = onBackgroundMessage({
    pageLoaded: () => null,
    localSettingsChanged: () => null,
    providersObserved: () => null,
    getProviderTargets: () => [],
    getTabObservation: () => null,
    refreshIsReadyStatus: () => refreshIsReadyStatus(),
  });
  const sendMessage = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    const replies = await fakeBrowser.runtime.onMessage.trigger(message, { id: fakeBrowser.runtime.id, url: pageUrl }, () => undefined);
    return replies.find((reply) => reply !== undefined);
  });
  return { stop, sendMessage };
}
