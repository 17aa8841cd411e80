/** Making the request log's entries from exchanges with the settings API, and putting each in its place. */
import { describeApiError, redact, type ApiResult } from './channelConnectionApi';
import { LOG_ENTRY_LIMIT, LOG_TEXT_LIMITS, type LogText, type RequestLogEntry } from './requestLog';

/** The profile a request was made for; its secrets only to make sure none is kept. */
export interface LoggedProfile {
  id: string;
  label: string;
  credential: string;
  clientSecret: string;
}

export function cutNote(characters: number): string {
  return `… cut: ${characters.toLocaleString('en-US')} more ${characters === 1 ? 'character' : 'characters'} not kept`;
}

/** One of the entry's texts as the log shows it on one line: with what was cut of it said after it. */
export function keptText(entry: RequestLogEntry, name: LogText): string {
  const cut = entry.cut[name];
  return cut === undefined ? (entry[name] ?? '') : `${entry[name] ?? ''} ${cutNote(cut)}`;
}

/** The first `limit` characters of `text`, and how many were left out. */
export function cutText(text: string, limit: number): { kept: string; cut: number } {
  if (text.length <= limit) return { kept: text, cut: 0 };
  const last = text.charCodeAt(limit - 1);
  // Half a surrogate pair would render as a replacement character: the pair goes with the part left out.
  const end = last >= 0xd800 && last <= 0xdbff ? limit - 1 : limit;
  return { kept: text.slice(0, end), cut: text.length - end };
}

/**
 * What the log keeps of one exchange: each text cut to its limit. The API client has already taken the credential
 * out; the profile's secrets are taken out again here, before anything is cut (a secret across the cut would leave
 * its first characters), so that no change to the client can put one in storage.
 */
export function logEntryOf(id: string, operation: string, result: ApiResult<unknown>, profile: LoggedProfile): RequestLogEntry {
  const { exchange } = result;
  const cut: RequestLogEntry['cut'] = {};
  const kept = (name: LogText, text: string) => {
    const part = cutText(redact(redact(text, profile.credential), profile.clientSecret), LOG_TEXT_LIMITS[name]);
    if (part.cut > 0) cut[name] = part.cut;
    return part.kept;
  };
  const keptIfAny = (name: LogText, text: string | undefined) => (text === undefined ? undefined : kept(name, text));
  return {
    id,
    profileId: profile.id,
    profileLabel: kept('profileLabel', profile.label),
    operation: kept('operation', operation),
    outcome: kept('outcome', result.ok ? `HTTP ${exchange.status ?? ''}`.trim() : describeApiError(result.error)),
    method: kept('method', exchange.method),
    url: kept('url', exchange.url),
    requestBody: keptIfAny('requestBody', exchange.requestBody),
    status: exchange.status,
    responseBody: keptIfAny('responseBody', exchange.responseBody),
    correlationId: keptIfAny('correlationId', exchange.correlationId),
    startedAt: exchange.startedAt,
    durationMs: exchange.durationMs,
    curl: kept('curl', exchange.curl),
    cut,
  };
}

/**
 * `entry` in its place in `log`, which is newest first by when each request started; of requests that started at the
 * same time, the one recorded last comes first. Only the newest `LOG_ENTRY_LIMIT` stay, and an entry already in the
 * log is not added twice.
 */
export function withEntry(log: readonly RequestLogEntry[], entry: RequestLogEntry): RequestLogEntry[] {
  if (log.some((logged) => logged.id === entry.id)) return log.slice(0, LOG_ENTRY_LIMIT);
  const at = log.findIndex((logged) => logged.startedAt <= entry.startedAt);
  const added = at === -1 ? [...log, entry] : [...log.slice(0, at), entry, ...log.slice(at)];
  return added.slice(0, LOG_ENTRY_LIMIT);
}

/** `entries`, in the order they were recorded, each put in its place in `log`. */
export function withEntries(log: readonly RequestLogEntry[], entries: readonly RequestLogEntry[]): RequestLogEntry[] {
  return entries.reduce(withEntry, log.slice(0, LOG_ENTRY_LIMIT));
}
