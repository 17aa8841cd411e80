import { describe, expect, it } from 'vitest';
import type { ApiExchange } from '../channelConnectionApi';
import { inLogOrder, isRequestLogEntry, LOG_BODY_LIMIT, LOG_ENTRY_LIMIT, LOG_LINE_LIMIT, type RequestLogEntry } from '../requestLog';
import { logEntryOf } from '../requestLogEntry';

const EXCHANGE: ApiExchange = {
  method: 'GET',
  url: 'https://api.hubapi.com/crm/v3/extensions/calling/123456/settings/channel-connection?hapikey=[REDACTED]',
  status: 200,
  responseBody: '{}',
  startedAt: 0,
  durationMs: 12,
  curl: "curl -X 'GET' 'https://api.hubapi.com/'",
};
const PROFILE = { id: 'profile-1', label: 'Acme dialer', credential: 'key', clientSecret: 'secret' };

const entry = (id: string, startedAt: number): RequestLogEntry =>
  logEntryOf(id, `Operation ${id}`, { ok: true, value: null, exchange: { ...EXCHANGE, startedAt } }, PROFILE);

describe('inLogOrder', () => {
  it('puts stored entries in order, each id once, the newest only', () => {
    const stored = [entry('a', 1), entry('b', 3), entry('c', 2), entry('b', 4), entry('d', 3)];
    expect(inLogOrder(stored).map((logged) => logged.id)).toEqual(['b', 'd', 'c', 'a']);
    expect(inLogOrder(Array.from({ length: 70 }, (_, index) => entry(`e${index}`, index)))).toHaveLength(LOG_ENTRY_LIMIT);
  });
});

describe('isRequestLogEntry', () => {
  const good = entry('a', 1);
  const { requestBody: _absent, ...withoutOptional } = { ...good, responseBody: undefined, correlationId: undefined, status: undefined };

  it.each([
    ['an entry as logged', good],
    ['one with what was cut', { ...good, cut: { responseBody: 3, url: 1 } }],
    ['one whose texts are as long as their limits', { ...good, responseBody: 'x'.repeat(LOG_BODY_LIMIT), url: 'u'.repeat(LOG_LINE_LIMIT) }],
    ['one without its optional texts, as JSON stores it', JSON.parse(JSON.stringify(withoutOptional)) as unknown],
  ])('reads %s', (_case, value) => {
    expect(isRequestLogEntry(value)).toBe(true);
  });

  it.each([
    ['not an object', 'entry'],
    ['null', null],
    ['no id', { ...good, id: undefined }],
    ['an empty id', { ...good, id: '' }],
    ['no profile', { ...good, profileId: undefined }],
    ['a URL that is not text', { ...good, url: 42 }],
    ['no curl', { ...good, curl: undefined }],
    ['a response that is not text', { ...good, responseBody: { body: 1 } }],
    ['a time that is not a number', { ...good, startedAt: '2026-03-04' }],
    ['no duration', { ...good, durationMs: undefined }],
    ['a status that is not a whole number', { ...good, status: '200' }],
    ['no record of what was cut', { ...good, cut: undefined }],
    ['a cut count of no text of the entry', { ...good, cut: { toString: 3 } }],
    ['a cut count that is not a count', { ...good, cut: { url: -1 } }],
    ['a body over its limit', { ...good, responseBody: 'x'.repeat(LOG_BODY_LIMIT + 1) }],
    ['a curl command over its limit', { ...good, curl: 'x'.repeat(LOG_BODY_LIMIT + 1) }],
    ['a line over its limit', { ...good, profileLabel: 'x'.repeat(LOG_LINE_LIMIT + 1) }],
  ])('refuses %s', (_case, value) => {
    expect(isRequestLogEntry(value)).toBe(false);
  });
});
