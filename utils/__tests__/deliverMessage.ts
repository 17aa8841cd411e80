import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';

/**
 * Fires `runtime.onMessage` as the browser does and resolves to the replies listeners send with `sendResponse`
 * (a listener that does not answer returns something other than `true` and sends nothing).
 */
export async function deliverMessage(message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown[]> {
  const replies: unknown[] = [];
  const waiting: (() => void)[] = [];
  const sendResponse = (reply: unknown) => {
    replies.push(reply);
    for (const wake of waiting.splice(0)) wake();
  };
  const returned = await fakeBrowser.runtime.onMessage.trigger(message, sender, sendResponse);
  const answering = (returned as unknown[]).filter((value) => value === true).length;
  while (replies.length < answering) await new Promise<void>((resolve) => waiting.push(resolve));
  return replies;
}
