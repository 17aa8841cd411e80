/**
 * Reads an answer's body up to a stated size, so that a host answering without end costs at most that much. Pure:
 * works on any `Response`, in the extension and in Node.
 */
import { plural } from './plural';

const KIB = 1024;
const MIB = 1024 * KIB;

/**
 * What the webhook tester reads of a webhook's answer: this tool's limit, not one HubSpot states. 1 MB holds some
 * 15,000 numbers with a name each, far more than a user picks from, so a real answer is judged whole, and a webhook
 * answering without end is stopped before it costs the page much memory.
 */
export const WEBHOOK_ANSWER_LIMIT_BYTES = MIB;

/**
 * What the settings API client reads of an answer: this tool's limit. HubSpot documents small JSON objects here (the
 * settings, or its error shape); 1 MB leaves room for any of them and for an HTML error page from a proxy, and keeps a
 * wrong or hostile custom API base from filling the page, or the request log, with an endless body.
 */
export const SETTINGS_API_ANSWER_LIMIT_BYTES = MIB;

export interface BoundedBody {
  /** The body decoded as UTF-8; when cut, its first `limitBytes` bytes, without a character split at the cut. */
  text: string;
  /** Bytes received; over the limit when cut, since the last chunk read went past it. */
  bytesRead: number;
  cut: boolean;
}

/**
 * Reads `response`'s body as UTF-8 up to `limitBytes`. Past the limit it cancels the body and aborts `controller`
 * (the request's own), so nothing more is downloaded, and answers with what it kept and `cut: true`. When
 * `controller` is aborted by someone else (a timeout) during the read, it rejects with the abort's reason.
 */
export async function readBoundedBody(response: Response, limitBytes: number, controller: AbortController): Promise<BoundedBody> {
  const { signal } = controller;
  signal.throwIfAborted();
  if (!response.body) return { text: '', bytesRead: 0, cut: false };
  const reader = response.body.getReader();
  // One decoder for the whole body: a character split across two chunks is decoded whole.
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytesRead = 0;
  const cancel = () => void reader.cancel(signal.reason).catch(() => undefined);
  // A fetch errors its body when its signal aborts, but a body from elsewhere need not: cancelling it on abort ends a
  // pending read either way, so a timeout during a slow drip is never missed.
  signal.addEventListener('abort', cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      signal.throwIfAborted();
      if (done) break;
      const room = limitBytes - bytesRead;
      bytesRead += value.byteLength;
      if (value.byteLength > room) {
        parts.push(decoder.decode(value.subarray(0, room), { stream: true }));
        signal.removeEventListener('abort', cancel);
        cancel();
        controller.abort(new DOMException(`The answer is larger than ${byteSize(limitBytes)}.`, 'AbortError'));
        return { text: parts.join(''), bytesRead, cut: true };
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), bytesRead, cut: false };
}

/** `byteSize(1_048_576)` → `1 MB`, with 1 KB = 1024 bytes as the README counts them. */
export function byteSize(bytes: number): string {
  if (bytes >= MIB) return `${Number((bytes / MIB).toFixed(1))} MB`;
  if (bytes >= KIB) return `${Number((bytes / KIB).toFixed(1))} KB`;
  return plural(bytes, 'byte');
}
