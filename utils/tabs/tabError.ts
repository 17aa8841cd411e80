import type { Result, TabError } from './tabState';

/**
 * Names what went wrong when the extension could not talk to a tab. Browsers report these as plain `Error`s, so
 * the message text is all there is to go on (Chrome and Firefox wording both covered).
 */
export function tabErrorFrom(error: unknown): TabError {
  const text = error instanceof Error ? error.message : String(error);
  if (/no tab with id|invalid tab id|tab .*not found/i.test(text)) {
    return { code: 'tab-closed', message: 'The tab was closed.' };
  }
  if (/receiving end does not exist|message port closed|could not establish connection/i.test(text)) {
    return {
      code: 'not-ready',
      message:
        'The page is not ready: it is still loading, or it was opened before the extension was installed or updated. Reload the tab and try again.',
    };
  }
  return { code: 'unknown', message: `The tab did not answer: ${text}` };
}

/**
 * The tab no longer shows the HubSpot origin an operation was for: `now` is the origin it shows instead, when it is
 * another HubSpot one (the URL of any other site is hidden from the extension).
 */
export function leftOriginError(origin: string, now: string | null): TabError {
  const host = (url: string) => new URL(url).host;
  return { code: 'left-origin', message: `The tab left ${host(origin)}${now ? ` for ${host(now)}` : ''}.` };
}

/** Turns a rejected browser call into a named error instead of an unhandled rejection. */
export async function settle<T>(work: Promise<Result<T>>): Promise<Result<T>> {
  try {
    const result = await work;
    if (result && typeof result === 'object' && 'ok' in result) return result;
    return { ok: false, error: { code: 'not-ready', message: 'The page gave no answer. Reload the tab and try again.' } };
  } catch (error) {
    return { ok: false, error: tabErrorFrom(error) };
  }
}
