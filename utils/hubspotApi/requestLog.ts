/**
 * The request log as it is stored: what an entry holds, how much of each text, how many entries and in which order.
 * Making entries is in `requestLogEntry.ts`, apart from this: the stored item's check, which needs only this, is
 * loaded by every page that reads storage, the popup included.
 */
import { isRecord } from '../platform/isRecord';
import type { ApiExchange } from './channelConnectionApi';

/**
 * Characters kept of a body or a curl command (16 KB of characters). HubSpot's answers are a few hundred characters;
 * a host answering 40 MB would otherwise put all of it in the page and in storage.
 */
export const LOG_BODY_LIMIT = 16_384;
/** Characters kept of each one-line text: the URL, the outcome, the correlationId, the profile's label. */
export const LOG_LINE_LIMIT = 2_048;
/**
 * Entries kept, newest first. At the limits, 50 entries of ASCII text hold about 3 MB, within Chrome's 10 MB for
 * `storage.local`; a write that fails anyway is said in the log panel.
 */
export const LOG_ENTRY_LIMIT = 50;

export const LOG_TEXT_LIMITS = {
  profileLabel: LOG_LINE_LIMIT,
  operation: LOG_LINE_LIMIT,
  outcome: LOG_LINE_LIMIT,
  method: LOG_LINE_LIMIT,
  url: LOG_LINE_LIMIT,
  correlationId: LOG_LINE_LIMIT,
  requestBody: LOG_BODY_LIMIT,
  responseBody: LOG_BODY_LIMIT,
  curl: LOG_BODY_LIMIT,
} as const;

export type LogText = keyof typeof LOG_TEXT_LIMITS;

const LOG_TEXTS = Object.keys(LOG_TEXT_LIMITS) as LogText[];
const OPTIONAL_TEXTS: ReadonlySet<LogText> = new Set(['requestBody', 'responseBody', 'correlationId']);

/** One request as the log keeps it, with no credential in any of its texts, each cut to its limit. */
export interface RequestLogEntry extends ApiExchange {
  /** Unique across options pages, which add to the same stored log. */
  id: string;
  profileId: string;
  /** The profile's label when the request was made. */
  profileLabel: string;
  operation: string;
  outcome: string;
  /** How many characters of each cut text were not kept. */
  cut: Partial<Record<LogText, number>>;
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** An entry of the current shape, each text within its limit. */
export function isRequestLogEntry(value: unknown): value is RequestLogEntry {
  if (!isRecord(value)) return false;
  const textsKept = LOG_TEXTS.every((name) => {
    const text = value[name];
    return typeof text === 'string' ? text.length <= LOG_TEXT_LIMITS[name] : OPTIONAL_TEXTS.has(name) && text === undefined;
  });
  return (
    textsKept &&
    typeof value.id === 'string' &&
    value.id !== '' &&
    typeof value.profileId === 'string' &&
    (value.status === undefined || Number.isSafeInteger(value.status)) &&
    Number.isFinite(value.startedAt) &&
    Number.isFinite(value.durationMs) &&
    isRecord(value.cut) &&
    Object.entries(value.cut).every(([name, count]) => (LOG_TEXTS as string[]).includes(name) && isCount(count))
  );
}

/** Entries read from storage in the log's order: newest first, repeated ids once, the newest `LOG_ENTRY_LIMIT`. */
export function inLogOrder(entries: readonly RequestLogEntry[]): RequestLogEntry[] {
  const seen = new Set<string>();
  const unique = entries.filter((entry) => !seen.has(entry.id) && seen.add(entry.id));
  // Array sorting is stable: entries that started at the same time keep their stored order.
  return unique.sort((a, b) => b.startedAt - a.startedAt).slice(0, LOG_ENTRY_LIMIT);
}
