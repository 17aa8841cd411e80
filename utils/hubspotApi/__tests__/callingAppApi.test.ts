import { describe, expect, it } from 'vitest';
import {
  createCallingAppSettings,
  createRecordingSettings,
  deleteCallingAppSettings,
  getCallingAppSettings,
  getRecordingSettings,
  updateCallingAppSettings,
  updateRecordingSettings,
  type RecordingSettings,
} from '../callingAppApi';
import type { CallingAppSettings, CallingAppValues } from '../callingAppFields';
import { describeApiError, type ApiDeps, type ApiResult, type ApiTarget } from '../channelConnectionApi';
import type { ApiGeneration } from '../../profiles/profileFields';
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
  type Answer,
  type RecordedRequest,
} from './fakeApiFetch';

const GENERATIONS = ['v3', '2026-03'] as const;

const VALUES: CallingAppValues = {
  name: 'Acme Dialer',
  url: 'https://dialer.example.test/widget',
  width: 400,
  height: 600,
  isReady: false,
  supportsCustomObjects: false,
  supportsInboundCalling: true,
  usesCallingWindow: true,
  usesRemote: false,
};
const SETTINGS: CallingAppSettings = { ...VALUES, createdAt: '2026-03-02T10:00:00.000Z', updatedAt: '2026-03-02T10:05:00.000Z' };
const RECORDING: RecordingSettings = { urlToRetrieveAuthedRecording: 'https://dialer.example.test/recordings/%s' };

const PREFIX: Record<ApiGeneration, string> = {
  v3: `/crm/v3/extensions/calling/${APP_ID}`,
  '2026-03': `/crm/extensions/calling/2026-03/${APP_ID}`,
};

/** What HubSpot answers a successful request of each resource: the settings, the recording settings, or nothing. */
const documentedAnswer: Answer = (request) => {
  if (request.method === 'DELETE') return new Response(null, { status: 204 });
  return json(200, new URL(request.url).pathname.endsWith('/recording') ? RECORDING : SETTINGS);
};

/** A `fetch` that records what the client sends and answers with `answer`, by default the documented one. */
const fakeFetch = fakeFetchAnswering(documentedAnswer);

type Run = (target: ApiTarget, deps: ApiDeps) => Promise<ApiResult<unknown>>;

interface OperationCase {
  run: Run;
  method: string;
  resource: 'settings' | 'settings/recording';
  body?: unknown;
  /** What a documented answer gives. */
  value: unknown;
}

const OPERATIONS: Record<string, OperationCase> = {
  'get settings': { run: getCallingAppSettings, method: 'GET', resource: 'settings', value: SETTINGS },
  'create settings': {
    run: (target, deps) => createCallingAppSettings(target, VALUES, deps),
    method: 'POST',
    resource: 'settings',
    body: VALUES,
    value: SETTINGS,
  },
  'update settings': {
    run: (target, deps) => updateCallingAppSettings(target, { isReady: true, width: 320 }, deps),
    method: 'PATCH',
    resource: 'settings',
    body: { isReady: true, width: 320 },
    value: SETTINGS,
  },
  'delete settings': { run: deleteCallingAppSettings, method: 'DELETE', resource: 'settings', value: null },
  'get recording': { run: getRecordingSettings, method: 'GET', resource: 'settings/recording', value: RECORDING },
  'create recording': {
    run: (target, deps) => createRecordingSettings(target, RECORDING, deps),
    method: 'POST',
    resource: 'settings/recording',
    body: RECORDING,
    value: RECORDING,
  },
  'update recording': {
    run: (target, deps) => updateRecordingSettings(target, RECORDING, deps),
    method: 'PATCH',
    resource: 'settings/recording',
    body: RECORDING,
    value: RECORDING,
  },
};

const CASES = Object.entries(OPERATIONS).flatMap(([name, operation]) =>
  GENERATIONS.map((generation) => ({ name, generation, ...operation })),
);

const READS: { name: string; get: Run }[] = [
  { name: 'settings', get: getCallingAppSettings },
  { name: 'recording', get: getRecordingSettings },
];

describe('requests', () => {
  it.each(CASES)('$name ($generation) sends the documented method, URL, headers and JSON body', async (operation) => {
    const { fetch, requests } = fakeFetch();
    await operation.run(TARGETS[operation.generation], { fetch });
    expect(requests).toHaveLength(1);
    const [request] = requests as [RecordedRequest];
    const headers: Record<string, string> = { accept: 'application/json, */*;q=0.8' };
    if (operation.body !== undefined) headers['content-type'] = 'application/json';
    if (operation.generation === 'v3') {
      expect(request.url).toBe(`https://api.hubapi.com${PREFIX.v3}/${operation.resource}?hapikey=${DEVELOPER_KEY}`);
    } else {
      expect(request.url).toBe(`https://api.hubapi.com${PREFIX['2026-03']}/${operation.resource}`);
      headers.authorization = `Bearer ${ACCESS_TOKEN}`;
    }
    expect(request.method).toBe(operation.method);
    expect(request.headers).toEqual(headers);
    expect(request.body === undefined ? undefined : JSON.parse(request.body)).toStrictEqual(operation.body);
    expect(request.init).toMatchObject({ credentials: 'omit', redirect: 'error' });
    expect(request.init.signal).toBeInstanceOf(AbortSignal);
  });

  it.each(CASES)('$name ($generation) gives what HubSpot answered', async (operation) => {
    const result = await operation.run(TARGETS[operation.generation], { fetch: fakeFetch().fetch });
    expect(ok(result)).toStrictEqual(operation.value);
    expect(result.exchange).toMatchObject({ method: operation.method, status: operation.method === 'DELETE' ? 204 : 200 });
  });

  it('create sends all nine fields, false ones included, in one JSON object', async () => {
    const { fetch, requests } = fakeFetch();
    await createCallingAppSettings(TARGETS['2026-03'], VALUES, { fetch });
    expect(requests[0]?.body).toBe(JSON.stringify(VALUES));
    expect(Object.keys(JSON.parse(requests[0]?.body ?? '{}') as object)).toHaveLength(9);
  });

  it('create with only name and url (what v3 requires) sends only those', async () => {
    const { fetch, requests } = fakeFetch();
    await createCallingAppSettings(TARGETS.v3, { name: VALUES.name, url: VALUES.url }, { fetch });
    expect(requests[0]?.body).toBe(`{"name":"Acme Dialer","url":"https://dialer.example.test/widget"}`);
  });

  it.each<[Partial<CallingAppValues>, string]>([
    [{ isReady: true }, '{"isReady":true}'],
    [{ isReady: false }, '{"isReady":false}'],
    // In the fields' own order, whatever the order given.
    [{ usesRemote: false, supportsCustomObjects: false }, '{"supportsCustomObjects":false,"usesRemote":false}'],
    [{ name: 'Renamed' }, '{"name":"Renamed"}'],
    [{ width: 320, height: 480 }, '{"width":320,"height":480}'],
    [{ url: 'https://dialer.example.test/v2', isReady: undefined }, '{"url":"https://dialer.example.test/v2"}'],
    [{}, '{}'],
  ])('PATCH %o sends only the fields given: %s', async (patch, body) => {
    for (const generation of GENERATIONS) {
      const { fetch, requests } = fakeFetch();
      const result = await updateCallingAppSettings(TARGETS[generation], patch, { fetch });
      expect(requests[0]?.body).toBe(body);
      expect(result.exchange.requestBody).toBe(body);
    }
  });

  it.each([
    ['create', createRecordingSettings, 'POST'],
    ['update', updateRecordingSettings, 'PATCH'],
  ] as const)('recording %s sends only urlToRetrieveAuthedRecording, whatever else the caller passes', async (_name, run, method) => {
    const { fetch, requests } = fakeFetch();
    const settings = { ...RECORDING, createdAt: 'x', note: 'not for HubSpot' };
    await run(TARGETS.v3, settings, { fetch });
    expect(requests[0]).toMatchObject({ method, body: JSON.stringify(RECORDING) });
  });

  it('uses a custom base URL without doubling slashes', async () => {
    const { fetch, requests } = fakeFetch();
    await getCallingAppSettings({ ...TARGETS.v3, baseUrl: 'https://api.hubapiqa.com/' }, { fetch });
    await getRecordingSettings({ ...TARGETS['2026-03'], baseUrl: 'http://127.0.0.1:8080//' }, { fetch });
    expect(requests.map((request) => request.url)).toStrictEqual([
      `https://api.hubapiqa.com${PREFIX.v3}/settings?hapikey=${DEVELOPER_KEY}`,
      `http://127.0.0.1:8080${PREFIX['2026-03']}/settings/recording`,
    ]);
  });

  it.each(CASES)('$name ($generation) with an invalid app ID sends nothing', async (operation) => {
    const { fetch, requests } = fakeFetch();
    const result = await operation.run({ ...TARGETS[operation.generation], appId: 0 }, { fetch });
    expect(failure(result)).toMatchObject({ kind: 'invalid' });
    expect(requests).toHaveLength(0);
  });
});

describe('answers', () => {
  it.each(READS.flatMap((read) => GENERATIONS.map((generation) => ({ ...read, generation }))))(
    'GET $name answered by a JSON 404 ($generation) is ok with null: not registered',
    async ({ get, generation }) => {
      const { fetch } = fakeFetch(() => hubspotError(404, { category: 'OBJECT_NOT_FOUND', correlationId: 'corr-404' }));
      const result = await get(TARGETS[generation], { fetch });
      expect(ok(result)).toBeNull();
      expect(result.exchange).toMatchObject({ status: 404, correlationId: 'corr-404' });
    },
  );

  it.each(READS.flatMap((read) => GENERATIONS.map((generation) => ({ ...read, generation }))))(
    'GET $name answered by an HTML 404 ($generation, a wrong base URL) is an error, not "not registered"',
    async ({ get, generation }) => {
      const html = () => new Response('<!doctype html><title>Not Found</title>', { status: 404, statusText: 'Not Found', headers: { 'content-type': 'text/html' } });
      const error = failure(await get(TARGETS[generation], { fetch: fakeFetch(html).fetch }));
      expect(error).toMatchObject({ kind: 'http', status: 404, message: expect.stringMatching(/HTML page/) });
    },
  );

  it.each(READS)('GET $name answered by a 404 that is JSON but not HubSpot\'s error is an error', async ({ get }) => {
    const error = failure(await get(TARGETS.v3, { fetch: fakeFetch(() => json(404, ['not', 'found'])).fetch }));
    expect(error).toMatchObject({ kind: 'http', status: 404 });
  });

  it.each<[string, (deps: ApiDeps) => Promise<ApiResult<unknown>>]>([
    ['PATCH settings', (deps: ApiDeps) => updateCallingAppSettings(TARGETS.v3, { isReady: true }, deps)],
    ['POST settings', (deps: ApiDeps) => createCallingAppSettings(TARGETS.v3, VALUES, deps)],
    ['DELETE settings', (deps: ApiDeps) => deleteCallingAppSettings(TARGETS.v3, deps)],
    ['PATCH recording', (deps: ApiDeps) => updateRecordingSettings(TARGETS['2026-03'], RECORDING, deps)],
    ['POST recording', (deps: ApiDeps) => createRecordingSettings(TARGETS['2026-03'], RECORDING, deps)],
  ])('%s answered 404 is an error, not "not registered"', async (_name, run) => {
    const result = await run({ fetch: fakeFetch(() => hubspotError(404, { category: 'OBJECT_NOT_FOUND' })).fetch });
    expect(failure(result)).toMatchObject({ kind: 'http', status: 404, category: 'OBJECT_NOT_FOUND' });
  });

  it.each([
    ['settings, one field missing', 'settings', JSON.stringify({ ...SETTINGS, usesRemote: undefined })],
    ['settings, width as text', 'settings', JSON.stringify({ ...SETTINGS, width: '400' })],
    ['settings, the recording settings', 'settings', JSON.stringify(RECORDING)],
    ['settings, an array', 'settings', JSON.stringify([SETTINGS])],
    ['settings, JSON null', 'settings', 'null'],
    ['recording, the URL as a number', 'recording', JSON.stringify({ urlToRetrieveAuthedRecording: 42 })],
    ['recording, an empty object', 'recording', '{}'],
    ['recording, the calling app settings', 'recording', JSON.stringify(SETTINGS)],
  ])('a 200 with %s is malformed', async (_case, resource, body) => {
    const { fetch } = fakeFetch(() => new Response(body, { status: 200, headers: { 'content-type': 'application/json', 'x-hubspot-correlation-id': 'corr-m' } }));
    const runs: Run[] =
      resource === 'settings'
        ? [OPERATIONS['get settings']!.run, OPERATIONS['create settings']!.run, OPERATIONS['update settings']!.run]
        : [OPERATIONS['get recording']!.run, OPERATIONS['create recording']!.run, OPERATIONS['update recording']!.run];
    for (const run of runs) {
      for (const generation of GENERATIONS) {
        expect(failure(await run(TARGETS[generation], { fetch }))).toStrictEqual({
          kind: 'malformed',
          status: 200,
          message: 'The JSON body is not what HubSpot documents for this endpoint.',
          correlationId: 'corr-m',
        });
      }
    }
  });

  it.each([
    ['an HTML page', () => new Response('<html>Sign in</html>', { status: 200, headers: { 'content-type': 'text/html' } }), /HTML page/],
    ['an empty body', () => new Response('', { status: 200 }), /empty body/],
    ['plain text', () => new Response('OK', { status: 200, headers: { 'content-type': 'text/plain' } }), /not JSON/],
  ])('a 200 with %s is malformed for every read and write', async (_case, answer, message) => {
    for (const name of ['get settings', 'create settings', 'update settings', 'get recording', 'create recording', 'update recording']) {
      const error = failure(await OPERATIONS[name]!.run(TARGETS.v3, { fetch: fakeFetch(answer).fetch }));
      expect(error).toMatchObject({ kind: 'malformed', status: 200, message: expect.stringMatching(message) });
    }
  });

  it('the settings HubSpot answers are kept without undocumented fields', async () => {
    const { fetch } = fakeFetch(() => json(200, { ...SETTINGS, portalId: 99 }));
    expect(ok(await getCallingAppSettings(TARGETS.v3, { fetch }))).toStrictEqual(SETTINGS);
    const recording = fakeFetch(() => json(200, { ...RECORDING, createdAt: 'x' }));
    expect(ok(await getRecordingSettings(TARGETS.v3, { fetch: recording.fetch }))).toStrictEqual(RECORDING);
  });

  it.each([
    ['204', () => new Response(null, { status: 204 })],
    ['200 with an empty body', () => new Response('', { status: 200 })],
  ])('DELETE answered %s is ok with null', async (_case, answer) => {
    for (const generation of GENERATIONS) {
      expect(ok(await deleteCallingAppSettings(TARGETS[generation], { fetch: fakeFetch(answer).fetch }))).toBeNull();
    }
  });

  it("an HTTP error carries HubSpot's message, category, correlationId and errors", async () => {
    const errors = [{ message: 'width must be an integer', in: 'width', code: 'INVALID_INTEGER' }];
    const { fetch } = fakeFetch(() =>
      hubspotError(400, { message: 'Invalid input JSON', category: 'VALIDATION_ERROR', correlationId: 'corr-400', errors }),
    );
    const result = await updateCallingAppSettings(TARGETS['2026-03'], { width: 320 }, { fetch });
    const error = failure(result);
    expect(error).toStrictEqual({
      kind: 'http',
      status: 400,
      message: 'Invalid input JSON',
      category: 'VALIDATION_ERROR',
      subCategory: undefined,
      correlationId: 'corr-400',
      errors,
    });
    expect(describeApiError(error)).toBe('HTTP 400 VALIDATION_ERROR: Invalid input JSON (correlationId corr-400)');
    expect(result.exchange).toMatchObject({ status: 400, correlationId: 'corr-400', requestBody: '{"width":320}' });
  });
});

describe('the credential never leaves the request', () => {
  it.each(CASES)('$name ($generation): no credential in the exchange (url, curl, bodies)', async (operation) => {
    const target = TARGETS[operation.generation];
    const { exchange } = await operation.run(target, { fetch: fakeFetch().fetch });
    expect(JSON.stringify(exchange)).not.toContain(target.credential);
    expect(exchange.curl).not.toContain(target.credential);
    expect(exchange.url).toBe(
      operation.generation === 'v3'
        ? `https://api.hubapi.com${PREFIX.v3}/${operation.resource}?hapikey=[REDACTED]`
        : `https://api.hubapi.com${PREFIX['2026-03']}/${operation.resource}`,
    );
  });

  it.each(CASES)('$name ($generation): a server echoing the credential is redacted in the log and the message', async (operation) => {
    const target = TARGETS[operation.generation];
    const { fetch } = fakeFetch(() =>
      hubspotError(401, { message: `Credential ${target.credential} is invalid`, category: 'INVALID_AUTHENTICATION', errors: [{ message: target.credential }] }),
    );
    const result = await operation.run(target, { fetch });
    const error = failure(result);
    expect(JSON.stringify(result)).not.toContain(target.credential);
    expect(describeApiError(error)).toBe('HTTP 401 INVALID_AUTHENTICATION: Credential [REDACTED] is invalid (correlationId corr-body)');
    expect(result.exchange.responseBody).toContain('[REDACTED]');
  });

  it.each(CASES)('$name ($generation): a 200 echoing the credential is redacted in the log', async (operation) => {
    const target = TARGETS[operation.generation];
    const { fetch } = fakeFetch((request) =>
      operation.resource === 'settings'
        ? json(200, { ...SETTINGS, name: `${request.url} ${request.headers.authorization ?? ''}` })
        : json(200, { urlToRetrieveAuthedRecording: `${request.url} ${request.headers.authorization ?? ''}` }),
    );
    const result = await operation.run(target, { fetch });
    expect(result.exchange.responseBody ?? '').not.toContain(target.credential);
  });

  it('a network error naming the URL or the token hides the credential', async () => {
    for (const generation of GENERATIONS) {
      const target = TARGETS[generation];
      const { fetch } = fakeFetch((request) => Promise.reject(new TypeError(`Failed to fetch ${request.url} ${request.headers.authorization ?? ''}`)));
      const result = await createCallingAppSettings(target, VALUES, { fetch });
      expect(failure(result)).toMatchObject({ kind: 'network' });
      expect(JSON.stringify(result)).not.toContain(target.credential);
    }
  });

  it('curl for a 2026-03 PATCH of the settings uses ${HUBSPOT_ACCESS_TOKEN} and the fields given', async () => {
    const { exchange } = await updateCallingAppSettings(TARGETS['2026-03'], { isReady: true }, { fetch: fakeFetch().fetch });
    expect(exchange.curl).toBe(
      [
        `curl -X 'PATCH' 'https://api.hubapi.com${PREFIX['2026-03']}/settings'`,
        "-H 'Accept: application/json, */*;q=0.8'",
        `-H 'Authorization: Bearer '"\${HUBSPOT_ACCESS_TOKEN}"`,
        "-H 'Content-Type: application/json'",
        `--data '{"isReady":true}'`,
      ].join(' \\\n  '),
    );
  });

  it('curl for a v3 POST of the recording settings uses ${HUBSPOT_DEVELOPER_API_KEY}', async () => {
    const { exchange } = await createRecordingSettings(TARGETS.v3, RECORDING, { fetch: fakeFetch().fetch });
    expect(exchange.curl).toBe(
      [
        `curl -X 'POST' 'https://api.hubapi.com${PREFIX.v3}/settings/recording?hapikey='"\${HUBSPOT_DEVELOPER_API_KEY}"`,
        "-H 'Accept: application/json, */*;q=0.8'",
        "-H 'Content-Type: application/json'",
        `--data '${JSON.stringify(RECORDING)}'`,
      ].join(' \\\n  '),
    );
  });
});
