import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';

/**
 * Fires `runtime.onMessage` as the browser does for listeners that answer with a promise: resolves to the replies of
 * the listeners that answered (one that does not answer returns `undefined`, and no reply of ours is `undefined`), or
 * rejects as the sender then does, with a plain `Error` carrying only the listener's message.
 */
export async function deliverMessage(message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown[]> {
  let returned: unknown[];
  try {
    returned = await fakeBrowser.runtime.onMessage.trigger(message, sender, () => undefined);
  } catch (error) {
    throw new Error(error instanceof Error ? error.message : 'An unexpected error occurred');
  }
  return returned.filter((reply) => reply !== undefined);
}
