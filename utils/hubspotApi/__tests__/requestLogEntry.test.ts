import { describe, expect, it } from 'vitest';
import { getChannelConnectionSettings, type ApiExchange, type ApiResult } from '../channelConnectionApi';
import { LOG_BODY_LIMIT, LOG_ENTRY_LIMIT, LOG_LINE_LIMIT, type RequestLogEntry } from '../requestLog';
import { cutNote, cutText, keptText, logEntryOf, withEntries, withEntry } from '../requestLogEntry';

const KEY = 'dev-key-3f1e2d4c-aaaa-bbbb-cccc-0123456789ab';
const CLIENT_SECRET = 'client-secret-9d8c7b6a';
const PROFILE = { id: 'profile-1', label: 'Acme dialer', credential: KEY, clientSecret: CLIENT_SECRET };

const EXCHANGE: ApiExchange = {
  method: 'GET',
  url: 'https://api.hubapi.com/crm/v3/extensions/calling/123456/settings/channel-connection?hapikey=[REDACTED]',
  status: 200,
  responseBody: '{"url":"https://example.com/hook","isReady":false}',
  correlationId: '0f6e1b2a-aaaa-bbbb-cccc-1234567890ab',
  startedAt: Date.UTC(2026, 2, 4, 5, 6, 7),
  durationMs: 12,
  curl: "curl -X 'GET' 'https://api.hubapi.com/crm/v3/extensions/calling/123456/settings/channel-connection?hapikey='\"${HUBSPOT_DEVELOPER_API_KEY}\"",
};

const answered = (exchange: Partial<ApiExchange> = {}): ApiResult<unknown> => ({ ok: true, value: null, exchange: { ...EXCHANGE, ...exchange } });

/** An entry as the log keeps it, started at `startedAt`. */
const entry = (id: string, startedAt: number): RequestLogEntry => logEntryOf(id, `Operation ${id}`, answered({ startedAt }), PROFILE);

const ids = (log: readonly RequestLogEntry[]) => log.map((logged) => logged.id);

describe('cutting a text', () => {
  it.each([
    ['shorter than the limit', 'abc', 5, 'abc', 0],
    ['as long as the limit', 'abcde', 5, 'abcde', 0],
    ['longer than the limit', 'abcdefgh', 5, 'abcde', 3],
    ['empty', '', 5, '', 0],
    // "😀" is two UTF-16 units: the limit falls between them, so the whole character goes.
    ['cut inside a surrogate pair', 'abcd😀e', 5, 'abcd', 3],
    ['cut after a surrogate pair', 'abc😀de', 5, 'abc😀', 2],
  ])('%s', (_case, text, limit, kept, cut) => {
    expect(cutText(text, limit)).toEqual({ kept, cut });
  });

  it.each([
    [40_000_000, '… cut: 40,000,000 more characters not kept'],
    [1, '… cut: 1 more character not kept'],
    [1234, '… cut: 1,234 more characters not kept'],
  ])('says what was cut of %i characters', (characters, note) => {
    expect(cutNote(characters)).toBe(note);
  });
});

describe('logEntryOf', () => {
  it('keeps the exchange, the operation, its outcome in words, the time and the profile as it is named now', () => {
    expect(logEntryOf('id-1', 'Read channel-connection settings', answered(), PROFILE)).toEqual({
      id: 'id-1',
      profileId: 'profile-1',
      profileLabel: 'Acme dialer',
      operation: 'Read channel-connection settings',
      outcome: 'HTTP 200',
      ...EXCHANGE,
      requestBody: undefined,
      cut: {},
    });
  });

  it.each([
    [{ ok: false, error: { kind: 'timeout', timeoutMs: 10_000 }, exchange: { ...EXCHANGE, status: undefined } }, 'Timed out: no answer within 10 s.'],
    [{ ok: true, value: null, exchange: { ...EXCHANGE, status: 204 } }, 'HTTP 204'],
  ] satisfies [ApiResult<unknown>, string][])('names the outcome as the panel does', (result, outcome) => {
    expect(logEntryOf('id-1', 'Delete', result, PROFILE).outcome).toBe(outcome);
  });

  it('keeps 16 KB of characters of a 40 MB answer and says how much was cut', () => {
    const huge = `{"padding":"${'x'.repeat(LOG_BODY_LIMIT + 40_000_000 - 14)}"}`;

    const logged = logEntryOf('id-1', 'Read calling app settings', answered({ responseBody: huge }), PROFILE);

    expect(LOG_BODY_LIMIT).toBe(16_384);
    expect(logged.responseBody).toBe(huge.slice(0, LOG_BODY_LIMIT));
    expect(logged.cut).toEqual({ responseBody: huge.length - LOG_BODY_LIMIT });
    expect(cutNote(logged.cut.responseBody ?? 0)).toBe('… cut: 40,000,000 more characters not kept');
    expect(JSON.stringify(logged).length).toBeLessThan(LOG_BODY_LIMIT + 2_000);
  });

  it('cuts every text that comes from outside, each to its limit', () => {
    const long = (length: number) => 'y'.repeat(length);
    const logged = logEntryOf(
      'id-1',
      'Register',
      {
        ok: false,
        error: { kind: 'http', status: 400, message: long(100_000), correlationId: long(100_000) },
        exchange: { ...EXCHANGE, requestBody: long(LOG_BODY_LIMIT + 1), correlationId: long(100_000), curl: long(LOG_BODY_LIMIT + 7) },
      },
      { ...PROFILE, label: long(LOG_LINE_LIMIT + 10) },
    );

    expect(Object.keys(logged.cut).sort()).toEqual(['correlationId', 'curl', 'outcome', 'profileLabel', 'requestBody']);
    expect(logged.cut.requestBody).toBe(1);
    expect(logged.cut.curl).toBe(7);
    expect(logged.cut.profileLabel).toBe(10);
    expect(logged.outcome).toHaveLength(LOG_LINE_LIMIT);
    expect(keptText(logged, 'profileLabel')).toBe(`${long(LOG_LINE_LIMIT)} … cut: 10 more characters not kept`);
    expect(keptText(logged, 'url')).toBe(EXCHANGE.url);
  });

  it('keeps no credential from a real request, in the URL, the curl, the response or the outcome', async () => {
    // A host that echoes what it was sent, the key included, in its error.
    const echo: typeof fetch = async (input) =>
      new Response(JSON.stringify({ status: 'error', message: `Bad key in ${String(input)}`, correlationId: 'c-1' }), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      });
    const result = await getChannelConnectionSettings({ baseUrl: 'https://api.hubapi.com', appId: 123456, generation: 'v3', credential: KEY }, { fetch: echo });

    const logged = logEntryOf('id-1', 'Read channel-connection settings', result, PROFILE);

    expect(JSON.stringify(logged)).not.toContain(KEY);
    expect(JSON.stringify(logged)).not.toContain(encodeURIComponent(KEY));
    expect(logged.url).toContain('hapikey=[REDACTED]');
    expect(logged.curl).toContain('hapikey=\'"${HUBSPOT_DEVELOPER_API_KEY}"');
    expect(logged.responseBody).toContain('hapikey=[REDACTED]');
    expect(logged.outcome).toContain('hapikey=[REDACTED]');
  });

  it('takes out a secret the API client let through, before cutting, so none of it is kept', () => {
    // The key straddles the cut: cut first, its first characters would stay.
    const straddling = `${'x'.repeat(LOG_BODY_LIMIT - 4)}${KEY}`;
    const leaky: ApiExchange = {
      ...EXCHANGE,
      url: `https://api.hubapi.com/x?hapikey=${encodeURIComponent(KEY)}`,
      curl: `curl 'https://api.hubapi.com/x?hapikey=${KEY}'`,
      requestBody: `{"secret":"${CLIENT_SECRET}"}`,
      responseBody: straddling,
    };

    const logged = logEntryOf('id-1', `Operation ${KEY}`, answered(leaky), { ...PROFILE, label: `Label ${KEY}` });

    const stored = JSON.stringify(logged);
    for (const secret of [KEY, CLIENT_SECRET, KEY.slice(0, 4)]) expect(stored).not.toContain(secret);
    expect(logged.url).toBe('https://api.hubapi.com/x?hapikey=[REDACTED]');
    expect(logged.curl).toBe("curl 'https://api.hubapi.com/x?hapikey=[REDACTED]'");
  });
});

describe('the log’s order and size', () => {
  it('puts each entry in its place, newest first by when its request started', () => {
    let log: RequestLogEntry[] = [];
    for (const [id, startedAt] of [['a', 10], ['b', 30], ['c', 20], ['d', 5]] as const) log = withEntry(log, entry(id, startedAt));

    expect(ids(log)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('of requests started at the same time, shows the one recorded last first', () => {
    expect(ids(withEntries([], [entry('first', 10), entry('second', 10)]))).toEqual(['second', 'first']);
  });

  it(`keeps the newest ${LOG_ENTRY_LIMIT}, whatever order they are recorded in`, () => {
    const recorded = Array.from({ length: 60 }, (_, index) => entry(`e${index}`, ((index * 37) % 60) + 1));

    const log = withEntries([], recorded);

    expect(log).toHaveLength(LOG_ENTRY_LIMIT);
    expect(log.map((logged) => logged.startedAt)).toEqual(Array.from({ length: LOG_ENTRY_LIMIT }, (_, index) => 60 - index));
    // An entry older than every kept one is not kept.
    expect(withEntry(log, entry('old', 0))).toEqual(log);
  });

  it('does not add an entry twice', () => {
    const first = entry('a', 10);
    expect(withEntries([first], [first, entry('b', 20), first])).toEqual([entry('b', 20), first]);
  });
});
