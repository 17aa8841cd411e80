import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createHubSpotApiStandin,
  STANDIN_ACCESS_TOKEN,
  STANDIN_APPS,
  STANDIN_DEVELOPER_API_KEY,
  type HubSpotApiStandin,
} from '../../../standin/hubspotApi';
import {
  changedFields,
  createChannelConnectionSettings,
  deleteChannelConnectionSettings,
  describeApiError,
  getChannelConnectionSettings,
  updateChannelConnectionSettings,
  type ApiDeps,
  type ApiError,
  type ApiResult,
  type ApiTarget,
  type ChannelConnectionSettings,
} from '../channelConnectionApi';
import { getCallingAppSettings } from '../callingAppApi';
import type { ApiGeneration } from '../../profiles/profileFields';
import { SETTINGS_API_ANSWER_LIMIT_BYTES } from '../../platform/boundedBody';
import {
  ACCESS_TOKEN,
  APP_ID,
  DEVELOPER_KEY,
  failure,
  fakeFetchAnswering,
  hubspotError,
  json,
  ok,
  TARGETS,
  type RecordedRequest,
} from './fakeApiFetch';

const WEBHOOK_URL = 'https://webhooks.example.test/hubspot/channel-connection';
const SETTINGS: ChannelConnectionSettings = {
  url: WEBHOOK_URL,
  isReady: false,
  createdAt: '2026-03-02T10:00:00.000Z',
  updatedAt: '2026-03-02T10:05:00.000Z',
};

/** A `fetch` that records what the client sends and answers with `answer`, by default the settings. */
const fakeFetch = fakeFetchAnswering(() => json(200, SETTINGS));

/** A clock that moves 25 ms per reading, so durations are exact. */
function steppingClock(start = 1_000_000): () => number {
  let time = start - 25;
  return () => (time += 25);
}

const CONNECTION_PATH = `/crm/v3/extensions/calling/${APP_ID}/settings/channel-connection`;
const DATED_CONNECTION_PATH = `/crm/extensions/calling/2026-03/${APP_ID}/settings/channel-connection`;

type Operation = (target: ApiTarget, deps: ApiDeps) => Promise<ApiResult<unknown>>;

const OPERATIONS: Record<string, { run: Operation; method: string; resource: string; body?: unknown }> = {
  get: { run: getChannelConnectionSettings, method: 'GET', resource: 'settings/channel-connection' },
  create: {
    run: (target, deps) => createChannelConnectionSettings(target, { url: WEBHOOK_URL, isReady: false }, deps),
    method: 'POST',
    resource: 'settings/channel-connection',
    body: { url: WEBHOOK_URL, isReady: false },
  },
  update: {
    run: (target, deps) => updateChannelConnectionSettings(target, { url: WEBHOOK_URL, isReady: true }, deps),
    method: 'PATCH',
    resource: 'settings/channel-connection',
    body: { url: WEBHOOK_URL, isReady: true },
  },
  delete: { run: deleteChannelConnectionSettings, method: 'DELETE', resource: 'settings/channel-connection' },
  'calling app settings': { run: getCallingAppSettings, method: 'GET', resource: 'settings' },
};

describe('requests', () => {
  const cases = Object.entries(OPERATIONS).flatMap(([name, operation]) =>
    (['v3', '2026-03'] as const).map((generation) => ({ name, generation, ...operation })),
  );

  it.each(cases)('$name ($generation) sends the documented method, URL, headers and body', async (operation) => {
    const { fetch, requests } = fakeFetch();
    await operation.run(TARGETS[operation.generation], { fetch });
    expect(requests).toHaveLength(1);
    const [request] = requests as [RecordedRequest];
    const headers: Record<string, string> = { accept: 'application/json, */*;q=0.8' };
    if (operation.body !== undefined) headers['content-type'] = 'application/json';
    if (operation.generation === 'v3') {
      expect(request.url).toBe(
        `https://api.hubapi.com/crm/v3/extensions/calling/${APP_ID}/${operation.resource}?hapikey=${DEVELOPER_KEY}`,
      );
    } else {
      expect(request.url).toBe(`https://api.hubapi.com/crm/extensions/calling/2026-03/${APP_ID}/${operation.resource}`);
      headers.authorization = `Bearer ${ACCESS_TOKEN}`;
    }
    expect(request.method).toBe(operation.method);
    expect(request.headers).toEqual(headers);
    expect(request.body === undefined ? undefined : JSON.parse(request.body)).toEqual(operation.body);
    expect(request.init).toMatchObject({ credentials: 'omit', redirect: 'error' });
    expect(request.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('sends the create body with exactly url and isReady, whatever else the caller passes', async () => {
    const { fetch, requests } = fakeFetch();
    const settings = { url: WEBHOOK_URL, isReady: true, createdAt: 'x', note: 'not for HubSpot' };
    await createChannelConnectionSettings(TARGETS.v3, settings, { fetch });
    expect(requests[0]?.body).toBe(`{"url":"${WEBHOOK_URL}","isReady":true}`);
  });

  it.each([
    [{ url: WEBHOOK_URL }, `{"url":"${WEBHOOK_URL}"}`],
    [{ isReady: true }, '{"isReady":true}'],
    [{ isReady: false }, '{"isReady":false}'],
    [{ url: undefined, isReady: true }, '{"isReady":true}'],
    [{ url: '', isReady: undefined }, '{"url":""}'],
    [{}, '{}'],
  ])('PATCH %o sends only the given fields: %s', async (patch, body) => {
    const { fetch, requests } = fakeFetch();
    await updateChannelConnectionSettings(TARGETS['2026-03'], patch, { fetch });
    expect(requests[0]?.body).toBe(body);
  });

  it.each([
    ['https://api.hubapiqa.com/', 'https://api.hubapiqa.com'],
    ['http://127.0.0.1:8080//', 'http://127.0.0.1:8080'],
    ['https://proxy.example.test/hubspot', 'https://proxy.example.test/hubspot'],
  ])('uses the custom base URL %s without doubling slashes', async (baseUrl, expected) => {
    const { fetch, requests } = fakeFetch();
    await getChannelConnectionSettings({ ...TARGETS.v3, baseUrl }, { fetch });
    await getChannelConnectionSettings({ ...TARGETS['2026-03'], baseUrl }, { fetch });
    expect(requests.map((request) => request.url)).toEqual([
      `${expected}${CONNECTION_PATH}?hapikey=${DEVELOPER_KEY}`,
      `${expected}${DATED_CONNECTION_PATH}`,
    ]);
  });

  it('URL-encodes a developer key with reserved characters', async () => {
    const { fetch, requests } = fakeFetch();
    await getChannelConnectionSettings({ ...TARGETS.v3, credential: 'a&b=c/d' }, { fetch });
    expect(new URL(requests[0]?.url ?? '').searchParams.get('hapikey')).toBe('a&b=c/d');
  });
});

describe('changedFields', () => {
  it.each<[{ url: string; isReady: boolean }, object]>([
    [{ url: WEBHOOK_URL, isReady: false }, {}],
    [{ url: 'https://new.example.test/', isReady: false }, { url: 'https://new.example.test/' }],
    [{ url: WEBHOOK_URL, isReady: true }, { isReady: true }],
    [{ url: 'https://new.example.test/', isReady: true }, { url: 'https://new.example.test/', isReady: true }],
    [{ url: `${WEBHOOK_URL}/`, isReady: false }, { url: `${WEBHOOK_URL}/` }],
  ])('from the current settings to %o is %o', (wanted, patch) => {
    expect(changedFields(SETTINGS, wanted)).toStrictEqual(patch);
  });
});

describe('results', () => {
  it('a 200 with the documented body is the settings, and the exchange logs it', async () => {
    const { fetch } = fakeFetch(() => json(200, { ...SETTINGS, extra: 'ignored' }, { 'x-hubspot-correlation-id': 'corr-h' }));
    const result = await getChannelConnectionSettings(TARGETS.v3, { fetch, now: steppingClock() });
    expect(ok(result)).toStrictEqual(SETTINGS);
    expect(result.exchange).toMatchObject({
      method: 'GET',
      status: 200,
      correlationId: 'corr-h',
      startedAt: 1_000_000,
      durationMs: 25,
      requestBody: undefined,
    });
    expect(JSON.parse(result.exchange.responseBody ?? '')).toEqual({ ...SETTINGS, extra: 'ignored' });
  });

  it('create and update return the settings HubSpot answers with', async () => {
    const updated = { ...SETTINGS, isReady: true };
    const { fetch } = fakeFetch(() => json(200, updated));
    expect(ok(await createChannelConnectionSettings(TARGETS.v3, SETTINGS, { fetch }))).toEqual(updated);
    expect(ok(await updateChannelConnectionSettings(TARGETS.v3, { isReady: true }, { fetch }))).toEqual(updated);
  });

  it('logs the request body of a write', async () => {
    const { fetch } = fakeFetch();
    const result = await updateChannelConnectionSettings(TARGETS.v3, { isReady: true }, { fetch });
    expect(result.exchange.requestBody).toBe('{"isReady":true}');
  });

  it.each(['v3', '2026-03'] as const)('GET 404 is "not registered" (%s): ok with null', async (generation) => {
    const { fetch } = fakeFetch(() => hubspotError(404, { category: 'OBJECT_NOT_FOUND', correlationId: 'corr-404' }));
    const result = await getChannelConnectionSettings(TARGETS[generation], { fetch });
    expect(ok(result)).toBeNull();
    expect(result.exchange).toMatchObject({ status: 404, correlationId: 'corr-404' });
  });

  it("calling app settings: 200 is the whole object, HubSpot's 404 is \"not registered\", an HTML 404 an error", async () => {
    const { appId: _appId, ...app } = STANDIN_APPS[0];
    const answer = { ...app, extra: 'not HubSpot documented, left out' };
    expect(ok(await getCallingAppSettings(TARGETS.v3, { fetch: fakeFetch(() => json(200, answer)).fetch }))).toStrictEqual(app);
    const missing = await getCallingAppSettings(TARGETS.v3, { fetch: fakeFetch(() => hubspotError(404, { category: 'OBJECT_NOT_FOUND' })).fetch });
    expect(ok(missing)).toBeNull();
    expect(missing.exchange).toMatchObject({ status: 404 });
    const html = () => new Response('<!doctype html><title>Not Found</title>', { status: 404, headers: { 'content-type': 'text/html' } });
    const wrongBase = await getCallingAppSettings(TARGETS.v3, { fetch: fakeFetch(html).fetch });
    expect(failure(wrongBase)).toMatchObject({ kind: 'http', status: 404, message: expect.stringMatching(/HTML page/) });
  });

  it.each<[string, (app: Record<string, unknown>) => Record<string, unknown>]>([
    ['only some fields', ({ name, url, isReady, width }) => ({ name, url, isReady, width })],
    ['no createdAt', ({ createdAt: _createdAt, ...rest }) => rest],
    ['no updatedAt', ({ updatedAt: _updatedAt, ...rest }) => rest],
    ['no usesRemote', ({ usesRemote: _usesRemote, ...rest }) => rest],
    ['width as a string', (app) => ({ ...app, width: '400' })],
    ['height not whole', (app) => ({ ...app, height: 600.5 })],
    ['isReady as a string', (app) => ({ ...app, isReady: 'true' })],
    ['supportsInboundCalling null', (app) => ({ ...app, supportsInboundCalling: null })],
    ['name a number', (app) => ({ ...app, name: 42 })],
    ['createdAt a number', (app) => ({ ...app, createdAt: 1_700_000_000_000 })],
  ])('calling app settings with %s are malformed', async (_case, change) => {
    const { appId: _appId, ...app } = STANDIN_APPS[0];
    const { fetch } = fakeFetch(() => json(200, change(app)));
    expect(failure(await getCallingAppSettings(TARGETS.v3, { fetch }))).toMatchObject({ kind: 'malformed', status: 200 });
  });

  it('GET channel-connection answered 404 with an HTML page (a wrong base URL) is an error, not "not registered"', async () => {
    const html = () => new Response('<!doctype html><title>Not Found</title>', { status: 404, headers: { 'content-type': 'text/html' } });
    const result = await getChannelConnectionSettings(TARGETS.v3, { fetch: fakeFetch(html).fetch });
    expect(failure(result)).toMatchObject({ kind: 'http', status: 404, message: expect.stringMatching(/HTML page/) });
  });

  it.each([
    ['POST', (deps: ApiDeps) => createChannelConnectionSettings(TARGETS.v3, SETTINGS, deps)],
    ['PATCH', (deps: ApiDeps) => updateChannelConnectionSettings(TARGETS.v3, { isReady: true }, deps)],
  ])('%s answered 204 without the settings is malformed', async (_method, run) => {
    const result = await run({ fetch: fakeFetch(() => new Response(null, { status: 204 })).fetch });
    expect(failure(result)).toMatchObject({ kind: 'malformed', status: 204 });
  });

  it.each([
    ['appId 0', { appId: 0 }],
    ['appId -1', { appId: -1 }],
    ['appId 1.5', { appId: 1.5 }],
    ['appId NaN', { appId: Number.NaN }],
    ['a base URL without scheme', { baseUrl: 'api.hubapi.com' }],
    ['a base URL that is not http(s)', { baseUrl: 'ftp://api.hubapi.com' }],
  ])('%s is refused without sending anything', async (_case, change) => {
    const recorder = fakeFetch(() => json(200, SETTINGS));
    const result = await getChannelConnectionSettings({ ...TARGETS.v3, ...change }, { fetch: recorder.fetch });
    expect(failure(result)).toMatchObject({ kind: 'invalid' });
    expect(recorder.requests).toHaveLength(0);
  });

  it.each([
    ['204', () => new Response(null, { status: 204 })],
    ['200 with an empty body', () => new Response('', { status: 200 })],
  ])('DELETE answered %s is ok with null', async (_case, answer) => {
    const result = await deleteChannelConnectionSettings(TARGETS['2026-03'], { fetch: fakeFetch(answer).fetch });
    expect(ok(result)).toBeNull();
  });

  it.each([
    ['PATCH', (deps: ApiDeps) => updateChannelConnectionSettings(TARGETS.v3, { isReady: true }, deps)],
    ['POST', (deps: ApiDeps) => createChannelConnectionSettings(TARGETS.v3, SETTINGS, deps)],
    ['DELETE', (deps: ApiDeps) => deleteChannelConnectionSettings(TARGETS.v3, deps)],
  ])('%s 404 is an error, not "not registered"', async (_method, run) => {
    const result = await run({ fetch: fakeFetch(() => hubspotError(404, { category: 'OBJECT_NOT_FOUND' })).fetch });
    expect(failure(result)).toMatchObject({ kind: 'http', status: 404, category: 'OBJECT_NOT_FOUND' });
  });

  it('an HTTP error surfaces HubSpot message, category, subCategory, correlationId and errors', async () => {
    const errors = [{ message: 'url must be a string', in: 'url', code: 'INVALID_TYPE' }];
    const { fetch } = fakeFetch(() =>
      hubspotError(401, {
        message: 'The API key provided is invalid.',
        category: 'INVALID_AUTHENTICATION',
        subCategory: 'INVALID_API_KEY',
        correlationId: 'corr-401',
        errors,
      }),
    );
    const result = await getChannelConnectionSettings(TARGETS.v3, { fetch });
    expect(failure(result)).toStrictEqual({
      kind: 'http',
      status: 401,
      message: 'The API key provided is invalid.',
      category: 'INVALID_AUTHENTICATION',
      subCategory: 'INVALID_API_KEY',
      correlationId: 'corr-401',
      errors,
    });
    expect(result.exchange.status).toBe(401);
  });

  it('an HTTP error with only a message leaves the optional fields out', async () => {
    const { fetch } = fakeFetch(() => json(409, { message: 'Already exists' }));
    const error = failure(await createChannelConnectionSettings(TARGETS.v3, SETTINGS, { fetch }));
    expect(error).toStrictEqual({
      kind: 'http',
      status: 409,
      message: 'Already exists',
      category: undefined,
      subCategory: undefined,
      correlationId: undefined,
      errors: undefined,
    });
  });

  it('a 5xx HTML page is an HTTP error that says it got HTML', async () => {
    const { fetch } = fakeFetch(
      () =>
        new Response('<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html' },
        }),
    );
    const error = failure(await getChannelConnectionSettings(TARGETS.v3, { fetch }));
    expect(error).toMatchObject({ kind: 'http', status: 502 });
    expect(error.kind === 'http' && error.message).toBe(
      "Bad Gateway. The server answered with an HTML page (text/html), not HubSpot's JSON.",
    );
  });

  it('a 5xx with an empty body and no status text still says what happened', async () => {
    const { fetch } = fakeFetch(() => new Response('', { status: 503 }));
    const error = failure(await getChannelConnectionSettings(TARGETS.v3, { fetch }));
    expect(error).toMatchObject({ kind: 'http', status: 503, message: 'HTTP error. The server answered with an empty body.' });
  });

  it.each([
    ['an HTML body', '<html><body>Sign in</body></html>', 'text/html', /HTML page \(text\/html\)/],
    ['an empty body', '', 'application/json', /empty body/],
    ['plain text', 'OK', 'text/plain', /not JSON \(text\/plain\)/],
    ['JSON without createdAt', JSON.stringify({ url: WEBHOOK_URL, isReady: true, updatedAt: 'x' }), 'application/json', /JSON body is not what HubSpot documents/],
    ['isReady as a string', JSON.stringify({ ...SETTINGS, isReady: 'true' }), 'application/json', /JSON body is not what HubSpot documents/],
    ['a JSON array', JSON.stringify([SETTINGS]), 'application/json', /JSON body is not what HubSpot documents/],
    ['JSON null', 'null', 'application/json', /JSON body is not what HubSpot documents/],
  ])('a 2xx with %s is malformed', async (_case, body, contentType, message) => {
    const { fetch } = fakeFetch(() => new Response(body, { status: 200, headers: { 'content-type': contentType } }));
    for (const run of [OPERATIONS.get, OPERATIONS.create, OPERATIONS.update]) {
      const error = failure(await run!.run(TARGETS.v3, { fetch }));
      expect(error).toMatchObject({ kind: 'malformed', status: 200 });
      expect(error.kind === 'malformed' && error.message).toMatch(message);
    }
  });

  it('calling app settings that are not a JSON object are malformed', async () => {
    const { fetch } = fakeFetch(() => json(200, ['not', 'an', 'object'], { 'x-hubspot-correlation-id': 'corr-m' }));
    expect(failure(await getCallingAppSettings(TARGETS.v3, { fetch }))).toMatchObject({
      kind: 'malformed',
      status: 200,
      correlationId: 'corr-m',
    });
  });

  it('a rejected fetch is a network error with its message', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    const result = await getChannelConnectionSettings(TARGETS.v3, { fetch, now: steppingClock() });
    expect(failure(result)).toStrictEqual({ kind: 'network', message: 'fetch failed' });
    expect(result.exchange.status).toBeUndefined();
    expect(result.exchange.responseBody).toBeUndefined();
    expect(result.exchange.durationMs).toBe(25);
  });

  it('a fetch rejecting with something other than an Error is still a network error', async () => {
    const { fetch } = fakeFetch(() => Promise.reject('socket hang up'));
    expect(failure(await deleteChannelConnectionSettings(TARGETS.v3, { fetch }))).toStrictEqual({
      kind: 'network',
      message: 'socket hang up',
    });
  });

  it('a server slower than timeoutMs is a timeout, and the request is aborted', async () => {
    let aborted = false;
    const { fetch } = fakeFetch(
      (_request, signal) =>
        new Promise<Response>((resolve, reject) => {
          const timer = setTimeout(() => resolve(json(200, SETTINGS)), 2_000);
          signal.addEventListener('abort', () => {
            aborted = true;
            clearTimeout(timer);
            reject(new DOMException('This operation was aborted', 'AbortError'));
          });
        }),
    );
    const started = performance.now();
    const result = await getChannelConnectionSettings(TARGETS['2026-03'], { fetch, timeoutMs: 50 });
    expect(failure(result)).toStrictEqual({ kind: 'timeout', timeoutMs: 50 });
    expect(aborted).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('an answer within timeoutMs is not a timeout', async () => {
    const { fetch } = fakeFetch(() => new Promise((resolve) => setTimeout(() => resolve(json(200, SETTINGS)), 10)));
    expect(ok(await getChannelConnectionSettings(TARGETS.v3, { fetch, timeoutMs: 500 }))).toEqual(SETTINGS);
  });

  it('a body that stops arriving is a timeout too', async () => {
    const { fetch } = fakeFetch((_request, signal) => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"url":'));
          signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
    });
    expect(failure(await getChannelConnectionSettings(TARGETS.v3, { fetch, timeoutMs: 50 }))).toStrictEqual({
      kind: 'timeout',
      timeoutMs: 50,
    });
  });
});

describe('answers over the size limit', () => {
  /**
   * `text` streamed in 64 KB chunks, each made when read, so the body is still open after its last chunk, as one
   * arriving over a network is; records whether the client cancelled it.
   */
  function streamed(status: number, text: string, headers: Record<string, string> = {}) {
    const bytes = new TextEncoder().encode(text);
    let offset = 0;
    const cancel = vi.fn();
    const source: UnderlyingDefaultSource<Uint8Array> = {
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(bytes.subarray(offset, (offset += 64 * 1024)));
      },
      cancel,
    };
    const body = new ReadableStream(source, { highWaterMark: 0 });
    return { response: new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } }), cancel };
  }

  const padTo = (json: string, bytes: number) => json + ' '.repeat(bytes - json.length);

  it('reads an answer of exactly 1 MB', async () => {
    const answer = streamed(200, padTo(JSON.stringify(SETTINGS), SETTINGS_API_ANSWER_LIMIT_BYTES));
    expect(ok(await getChannelConnectionSettings(TARGETS.v3, { fetch: fakeFetch(() => answer.response).fetch }))).toEqual(SETTINGS);
    expect(answer.cancel).not.toHaveBeenCalled();
  });

  it.each([200, 500])('an answer (%i) of 1 MB + 1 byte is too large: reading stops, the body is cancelled, the request aborted', async (status) => {
    const answer = streamed(status, padTo(`${JSON.stringify({ ...SETTINGS, echo: DEVELOPER_KEY })}`, SETTINGS_API_ANSWER_LIMIT_BYTES + 1), {
      'x-hubspot-correlation-id': 'corr-big',
    });
    let signal: AbortSignal | undefined;
    const { fetch } = fakeFetch((_request, requestSignal) => {
      signal = requestSignal;
      return answer.response;
    });

    const result = await getChannelConnectionSettings(TARGETS.v3, { fetch });

    expect(failure(result)).toStrictEqual({ kind: 'too-large', status, limitBytes: 1_048_576, correlationId: 'corr-big' });
    expect(answer.cancel).toHaveBeenCalledTimes(1);
    expect(signal?.aborted).toBe(true);
    expect(result.exchange.status).toBe(status);
    expect(result.exchange.responseBody).toContain('[REDACTED]');
    expect(result.exchange.responseBody).not.toContain(DEVELOPER_KEY);
  });

  it('an endless answer is stopped soon after 1 MB', async () => {
    let served = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        served += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const { fetch } = fakeFetch(() => new Response(body, { status: 200 }));

    expect(failure(await getChannelConnectionSettings(TARGETS['2026-03'], { fetch }))).toMatchObject({ kind: 'too-large' });
    expect(served).toBeLessThanOrEqual(SETTINGS_API_ANSWER_LIMIT_BYTES + 2 * chunk.byteLength);
  });
});

describe('correlationId', () => {
  const errorBody = { status: 'error', message: 'Internal error', correlationId: 'from-body', category: 'X' };
  it.each<[string, () => Response, string | undefined]>([
    ['the body', () => json(500, errorBody), 'from-body'],
    ['the header', () => new Response('<html>oops</html>', { status: 500, headers: { 'x-hubspot-correlation-id': 'from-header' } }), 'from-header'],
    ['the body over the header', () => json(500, errorBody, { 'x-hubspot-correlation-id': 'from-header' }), 'from-body'],
    ['nowhere', () => new Response('oops', { status: 500 }), undefined],
  ])('comes from %s', async (_case, answer, expected) => {
    const result = await getChannelConnectionSettings(TARGETS.v3, { fetch: fakeFetch(answer).fetch });
    expect(result.exchange.correlationId).toBe(expected);
    expect(failure(result)).toMatchObject({ correlationId: expected });
  });

  it('a malformed 2xx keeps the header correlationId', async () => {
    const { fetch } = fakeFetch(() => new Response('', { status: 200, headers: { 'x-hubspot-correlation-id': 'corr-empty' } }));
    expect(failure(await getChannelConnectionSettings(TARGETS.v3, { fetch }))).toMatchObject({
      kind: 'malformed',
      correlationId: 'corr-empty',
    });
  });
});

describe('the credential never leaves the request', () => {
  it.each(['v3', '2026-03'] as const)('exchange.url and curl (%s) carry no credential', async (generation) => {
    const target = TARGETS[generation];
    for (const operation of Object.values(OPERATIONS)) {
      const { exchange } = await operation.run(target, { fetch: fakeFetch().fetch });
      expect(JSON.stringify(exchange)).not.toContain(target.credential);
    }
  });

  it('exchange.url shows where the v3 key goes, redacted', async () => {
    const { exchange } = await getChannelConnectionSettings(TARGETS.v3, { fetch: fakeFetch().fetch });
    expect(exchange.url).toBe(`https://api.hubapi.com${CONNECTION_PATH}?hapikey=[REDACTED]`);
    const dated = await getChannelConnectionSettings(TARGETS['2026-03'], { fetch: fakeFetch().fetch });
    expect(dated.exchange.url).toBe(`https://api.hubapi.com${DATED_CONNECTION_PATH}`);
  });

  it('curl uses ${HUBSPOT_DEVELOPER_API_KEY} for v3', async () => {
    const { exchange } = await createChannelConnectionSettings(
      TARGETS.v3,
      { url: "https://webhooks.example.test/it's", isReady: true },
      { fetch: fakeFetch().fetch },
    );
    expect(exchange.curl).toBe(
      [
        `curl -X 'POST' 'https://api.hubapi.com${CONNECTION_PATH}?hapikey='"\${HUBSPOT_DEVELOPER_API_KEY}"`,
        "-H 'Accept: application/json, */*;q=0.8'",
        "-H 'Content-Type: application/json'",
        `--data '{"url":"https://webhooks.example.test/it'\\''s","isReady":true}'`,
      ].join(' \\\n  '),
    );
  });

  it('curl uses ${HUBSPOT_ACCESS_TOKEN} for 2026-03', async () => {
    const { exchange } = await deleteChannelConnectionSettings(TARGETS['2026-03'], { fetch: fakeFetch().fetch });
    expect(exchange.curl).toBe(
      [
        `curl -X 'DELETE' 'https://api.hubapi.com${DATED_CONNECTION_PATH}'`,
        "-H 'Accept: application/json, */*;q=0.8'",
        `-H 'Authorization: Bearer '"\${HUBSPOT_ACCESS_TOKEN}"`,
      ].join(' \\\n  '),
    );
  });

  it.each(['v3', '2026-03'] as const)('a server echoing the credential (%s) is redacted in the log and the message', async (generation) => {
    const target = TARGETS[generation];
    const { fetch } = fakeFetch(() =>
      hubspotError(401, {
        message: `Credential ${target.credential} (${encodeURIComponent(target.credential)}) is invalid`,
        category: 'INVALID_AUTHENTICATION',
      }),
    );
    const result = await getChannelConnectionSettings(target, { fetch });
    const error = failure(result);
    expect(error.kind === 'http' && error.message).toBe('Credential [REDACTED] ([REDACTED]) is invalid');
    expect(describeApiError(error)).not.toContain(target.credential);
    expect(result.exchange.responseBody).not.toContain(target.credential);
    expect(result.exchange.responseBody).toContain('[REDACTED]');
  });

  it('a 2xx echoing the key is redacted in the log', async () => {
    const { fetch } = fakeFetch((request) => new Response(`<html>${request.url}</html>`, { status: 200 }));
    const result = await getChannelConnectionSettings(TARGETS.v3, { fetch });
    expect(failure(result).kind).toBe('malformed');
    expect(result.exchange.responseBody).toBe(`<html>https://api.hubapi.com${CONNECTION_PATH}?hapikey=[REDACTED]</html>`);
  });

  it.each([
    ['plain', DEVELOPER_KEY],
    ['with reserved characters', 'k/e+y=&x'],
  ])('a fetch error naming the URL hides the key (%s)', async (_case, credential) => {
    const target = { ...TARGETS.v3, credential };
    const { fetch } = fakeFetch((request) => Promise.reject(new TypeError(`Failed to fetch ${request.url}`)));
    const result = await getChannelConnectionSettings(target, { fetch });
    const error = failure(result);
    expect(error).toStrictEqual({
      kind: 'network',
      message: `Failed to fetch https://api.hubapi.com${CONNECTION_PATH}?hapikey=[REDACTED]`,
    });
    expect(describeApiError(error)).not.toContain(credential);
    expect(describeApiError(error)).not.toContain(encodeURIComponent(credential));
  });

  it('a fetch error naming the bearer token hides it', async () => {
    const { fetch } = fakeFetch((request) => Promise.reject(new TypeError(`bad header ${request.headers.authorization}`)));
    const error = failure(await getChannelConnectionSettings(TARGETS['2026-03'], { fetch }));
    expect(error).toStrictEqual({ kind: 'network', message: 'bad header Bearer [REDACTED]' });
  });
});

describe('describeApiError', () => {
  it.each<[ApiError, string]>([
    [{ kind: 'network', message: 'fetch failed' }, 'Network error: the API host could not be reached (fetch failed).'],
    [{ kind: 'timeout', timeoutMs: 10_000 }, 'Timed out: no answer within 10 s.'],
    [{ kind: 'timeout', timeoutMs: 50 }, 'Timed out: no answer within 0.05 s.'],
    [
      { kind: 'http', status: 401, message: 'The API key provided is invalid.', category: 'INVALID_AUTHENTICATION', correlationId: 'c-1' },
      'HTTP 401 INVALID_AUTHENTICATION: The API key provided is invalid. (correlationId c-1)',
    ],
    [{ kind: 'http', status: 502, message: 'Bad Gateway.' }, 'HTTP 502: Bad Gateway.'],
    [
      { kind: 'malformed', status: 200, message: 'The server answered with an empty body.', correlationId: 'c-2' },
      'Unexpected answer (HTTP 200): The server answered with an empty body. (correlationId c-2)',
    ],
    [{ kind: 'malformed', status: 201, message: 'Odd.' }, 'Unexpected answer (HTTP 201): Odd.'],
    [
      { kind: 'too-large', status: 200, limitBytes: 1_048_576, correlationId: 'c-3' },
      "Answer too large (HTTP 200): it is larger than 1 MB, so reading stopped after 1 MB and the request was cancelled (correlationId c-3). 1 MB is this tool's own limit, far above the small JSON objects HubSpot documents for this API.",
    ],
    [
      { kind: 'too-large', status: 502, limitBytes: 1_048_576 },
      "Answer too large (HTTP 502): it is larger than 1 MB, so reading stopped after 1 MB and the request was cancelled. 1 MB is this tool's own limit, far above the small JSON objects HubSpot documents for this API.",
    ],
  ])('%o reads "%s"', (error, text) => {
    expect(describeApiError(error)).toBe(text);
  });
});

describe('against the stand-in over HTTP', () => {
  const [app] = STANDIN_APPS;
  let standin: HubSpotApiStandin;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    standin = createHubSpotApiStandin();
    server = createServer((request, response) => {
      void standin.handle(request, response).then((handled) => {
        if (!handled) response.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => standin.reset());

  const targets: Record<ApiGeneration, () => ApiTarget> = {
    v3: () => ({ baseUrl, appId: app.appId, generation: 'v3', credential: STANDIN_DEVELOPER_API_KEY }),
    '2026-03': () => ({ baseUrl, appId: app.appId, generation: '2026-03', credential: STANDIN_ACCESS_TOKEN }),
  };

  it.each(['v3', '2026-03'] as const)('walks create → get → patch → get → delete → get (%s)', async (generation) => {
    const target = targets[generation]();
    expect(ok(await getChannelConnectionSettings(target))).toBeNull();

    const callingApp = ok(await getCallingAppSettings(target));
    const created = ok(await createChannelConnectionSettings(target, { url: WEBHOOK_URL, isReady: false }));
    expect(created).toMatchObject({ url: WEBHOOK_URL, isReady: false });
    expect(ok(await getChannelConnectionSettings(target))).toEqual(created);

    const patched = ok(await updateChannelConnectionSettings(target, changedFields(created, { url: WEBHOOK_URL, isReady: true })));
    expect(patched).toMatchObject({ url: WEBHOOK_URL, isReady: true, createdAt: created.createdAt });
    expect(Date.parse(patched.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
    expect(ok(await getChannelConnectionSettings(target))).toEqual(patched);
    // The calling app's settings are a resource of their own: registering channel connection does not touch them.
    expect(ok(await getCallingAppSettings(target))).toEqual(callingApp);

    const deleted = await deleteChannelConnectionSettings(target);
    expect(ok(deleted)).toBeNull();
    expect(deleted.exchange).toMatchObject({ status: 204, responseBody: '' });
    expect(ok(await getChannelConnectionSettings(target))).toBeNull();
    expect(standin.channelConnection.size).toBe(0);
  });

  it.each(['v3', '2026-03'] as const)(
    "a channel-connection PATCH of isReady leaves the calling app's own isReady as it is (%s)",
    async (generation) => {
      for (const { appId, isReady } of STANDIN_APPS) {
        const target = { ...targets[generation](), appId };
        const before = ok(await getCallingAppSettings(target));
        expect(before).toMatchObject({ isReady });
        ok(await createChannelConnectionSettings(target, { url: WEBHOOK_URL, isReady }));
        expect(ok(await updateChannelConnectionSettings(target, { isReady: !isReady }))).toMatchObject({ isReady: !isReady });
        expect(ok(await getCallingAppSettings(target))).toStrictEqual(before);
        expect(standin.callingApps.get(appId)).toMatchObject({ isReady, updatedAt: before?.updatedAt });
      }
    },
  );

  it('a second create is a 409 CONFLICT with a correlationId', async () => {
    const target = targets.v3();
    ok(await createChannelConnectionSettings(target, { url: WEBHOOK_URL, isReady: false }));
    const result = await createChannelConnectionSettings(target, { url: WEBHOOK_URL, isReady: true });
    const error = failure(result);
    expect(error).toMatchObject({ kind: 'http', status: 409, category: 'CONFLICT' });
    expect(error.kind === 'http' && error.correlationId).toBe(result.exchange.correlationId);
  });

  it.each(['v3', '2026-03'] as const)('a wrong credential is a 401 INVALID_AUTHENTICATION (%s)', async (generation) => {
    const wrong = 'wrong-credential-that-must-not-leak';
    const result = await getChannelConnectionSettings({ ...targets[generation](), credential: wrong });
    const error = failure(result);
    expect(error).toMatchObject({ kind: 'http', status: 401, category: 'INVALID_AUTHENTICATION' });
    expect(error.kind === 'http' && error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(result)).not.toContain(wrong);
  });

  it('an answer slower than timeoutMs is a timeout, and nothing is registered', async () => {
    await fetch(`${baseUrl}/__standin/next-response`, { method: 'POST', body: JSON.stringify({ delayMs: 1_000 }) });
    const result = await createChannelConnectionSettings(targets.v3(), { url: WEBHOOK_URL, isReady: true }, { timeoutMs: 50 });
    expect(failure(result)).toStrictEqual({ kind: 'timeout', timeoutMs: 50 });
    expect(standin.channelConnection.size).toBe(0);
  });

  it('an HTML error page from a gateway is an HTTP error about HTML', async () => {
    await fetch(`${baseUrl}/__standin/next-response`, {
      method: 'POST',
      body: JSON.stringify({ status: 503, body: '<!doctype html><title>Down</title>', contentType: 'text/html' }),
    });
    const error = failure(await getChannelConnectionSettings(targets['2026-03']()));
    expect(error).toMatchObject({ kind: 'http', status: 503 });
    expect(describeApiError(error)).toMatch(/^HTTP 503: Service Unavailable\. The server answered with an HTML page/);
  });
});

describe('redaction of credentials in unusual places', () => {
  it('redacts the key when HubSpot repeats it in errors[]', async () => {
    const key = 'repeated-key-1234';
    const answer = () => hubspotError(400, { category: 'VALIDATION_ERROR', errors: [{ message: `hapikey ${key} is not valid`, in: 'hapikey' }] });
    const result = await getChannelConnectionSettings({ ...TARGETS.v3, credential: key }, { fetch: fakeFetch(answer).fetch });
    expect(failure(result)).toMatchObject({ kind: 'http', errors: [{ message: 'hapikey [REDACTED] is not valid' }] });
    expect(JSON.stringify(result)).not.toContain(key);
  });

  it.each(['key with space', 'key~tilde', "key'quote(1)!"])('redacts %j in a network error that names the URL', async (key) => {
    const fetchImpl: typeof fetch = async (input) => {
      throw new TypeError(`Failed to fetch ${String(input)}`);
    };
    const result = await getChannelConnectionSettings({ ...TARGETS.v3, credential: key }, { fetch: fetchImpl });
    const text = JSON.stringify(result);
    expect(failure(result)).toMatchObject({ kind: 'network' });
    expect(text).not.toContain(new URLSearchParams({ k: key }).toString().slice(2));
    expect(text).not.toContain(encodeURIComponent(key));
    expect(text).not.toContain(key);
  });
});
