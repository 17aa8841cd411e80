import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHubSpotApiStandin,
  STANDIN_ACCESS_TOKEN,
  STANDIN_APPS,
  STANDIN_DEVELOPER_API_KEY,
  type HubSpotApiStandin,
} from '../hubspotApi';

const [APP, SECOND_APP] = STANDIN_APPS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONNECTION = { url: 'https://webhooks.example.test/hubspot', isReady: false };

let clock = Date.parse('2026-03-02T10:00:00.000Z');
let api: HubSpotApiStandin;
let server: Server;
let origin: string;

beforeAll(async () => {
  api = createHubSpotApiStandin({ now: () => clock });
  server = createServer((request, response) => {
    void api.handle(request, response).then((handled) => {
      if (!handled) response.writeHead(418).end('not an API path');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  api.reset();
  clock = Date.parse('2026-03-02T10:00:00.000Z');
});

type Generation = 'v3' | '2026-03';

/** A request as each generation authenticates it: v3 with `hapikey`, 2026-03 with a bearer token. */
function call(
  generation: Generation,
  method: string,
  path: string,
  { body, credential }: { body?: unknown; credential?: string | null } = {},
): Promise<Response> {
  const prefix = generation === 'v3' ? '/crm/v3/extensions/calling' : '/crm/extensions/calling/2026-03';
  const url = new URL(`${origin}${prefix}${path}`);
  const headers: Record<string, string> = {};
  if (generation === 'v3' && credential !== null) url.searchParams.set('hapikey', credential ?? STANDIN_DEVELOPER_API_KEY);
  if (generation === '2026-03' && credential !== null) headers.authorization = `Bearer ${credential ?? STANDIN_ACCESS_TOKEN}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const connectionPath = (appId: number | string = APP.appId) => `/${appId}/settings/channel-connection`;

/** Checks HubSpot's error shape and that the header carries the body's correlationId; returns the body. */
async function expectError(response: Response, status: number, category: string): Promise<Record<string, unknown>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status: 'error', category, message: expect.any(String) });
  expect(body.correlationId).toMatch(UUID);
  expect(response.headers.get('x-hubspot-correlation-id')).toBe(body.correlationId);
  return body;
}

describe.each<Generation>(['v3', '2026-03'])('channel-connection settings (%s)', (generation) => {
  it('creates, reads, updates and deletes, with ISO timestamps and a correlation id on every answer', async () => {
    const created = await call(generation, 'POST', connectionPath(), { body: CONNECTION });
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(created.headers.get('x-hubspot-correlation-id')).toMatch(UUID);
    const record = { ...CONNECTION, createdAt: '2026-03-02T10:00:00.000Z', updatedAt: '2026-03-02T10:00:00.000Z' };
    expect(await created.json()).toEqual(record);
    expect(api.channelConnection.get(APP.appId)).toEqual(record);

    const read = await call(generation, 'GET', connectionPath());
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(record);

    clock += 5_000;
    const patched = await call(generation, 'PATCH', connectionPath(), { body: { isReady: true } });
    expect(patched.status).toBe(200);
    const updated = { ...record, isReady: true, updatedAt: '2026-03-02T10:00:05.000Z' };
    expect(await patched.json()).toEqual(updated);
    expect(await (await call(generation, 'GET', connectionPath())).json()).toEqual(updated);

    const deleted = await call(generation, 'DELETE', connectionPath());
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('content-type')).toBeNull();
    expect(deleted.headers.get('x-hubspot-correlation-id')).toMatch(UUID);
    expect(await deleted.text()).toBe('');
    expect(api.channelConnection.size).toBe(0);
  });

  it('moves updatedAt on a PATCH even within the same millisecond, and keeps the fields it was not given', async () => {
    await call(generation, 'POST', connectionPath(), { body: CONNECTION });
    const patched = await call(generation, 'PATCH', connectionPath(), { body: { url: 'https://other.example.test/' } });
    expect(await patched.json()).toEqual({
      url: 'https://other.example.test/',
      isReady: false,
      createdAt: '2026-03-02T10:00:00.000Z',
      updatedAt: '2026-03-02T10:00:00.001Z',
    });
  });

  it('keeps each app separate', async () => {
    await call(generation, 'POST', connectionPath(APP.appId), { body: CONNECTION });
    await expectError(await call(generation, 'GET', connectionPath(SECOND_APP.appId)), 404, 'OBJECT_NOT_FOUND');
    expect([...api.channelConnection.keys()]).toEqual([APP.appId]);
  });

  it.each(['GET', 'PATCH', 'DELETE'])('answers %s with 404 when nothing is registered', async (method) => {
    const response = await call(generation, method, connectionPath(), {
      body: method === 'PATCH' ? { isReady: true } : undefined,
    });
    const body = await expectError(response, 404, 'OBJECT_NOT_FOUND');
    expect(body.message).toContain(String(APP.appId));
  });

  it('answers a second POST with 409 CONFLICT and leaves the first settings alone', async () => {
    await call(generation, 'POST', connectionPath(), { body: CONNECTION });
    const response = await call(generation, 'POST', connectionPath(), { body: { url: 'https://x.example/', isReady: true } });
    await expectError(response, 409, 'CONFLICT');
    expect(api.channelConnection.get(APP.appId)).toMatchObject(CONNECTION);
  });

  it.each<[string, string, unknown, { in: string; code: string }[]]>([
    ['POST', 'url not a string', { url: 42, isReady: true }, [{ in: 'url', code: 'INVALID_TYPE' }]],
    ['POST', 'isReady not a boolean', { url: 'https://x.example/', isReady: 'true' }, [{ in: 'isReady', code: 'INVALID_TYPE' }]],
    ['POST', 'a missing field', { url: 'https://x.example/' }, [{ in: 'isReady', code: 'REQUIRED' }]],
    ['POST', 'an unknown field', { ...CONNECTION, enabled: true }, [{ in: 'enabled', code: 'UNKNOWN_FIELD' }]],
    ['POST', 'a body that is not JSON', '{"url": ', [{ in: 'body', code: 'INVALID_JSON' }]],
    ['POST', 'an empty body', '', [{ in: 'body', code: 'INVALID_JSON' }]],
    ['POST', 'a JSON array', [CONNECTION], [{ in: 'body', code: 'INVALID_TYPE' }]],
    ['PATCH', 'url null', { url: null }, [{ in: 'url', code: 'INVALID_TYPE' }]],
    ['PATCH', 'isReady as a number', { isReady: 1 }, [{ in: 'isReady', code: 'INVALID_TYPE' }]],
    [
      'PATCH',
      'two bad fields at once',
      { url: false, extra: 1 },
      [
        { in: 'extra', code: 'UNKNOWN_FIELD' },
        { in: 'url', code: 'INVALID_TYPE' },
      ],
    ],
  ])('answers %s with %s with 400 VALIDATION_ERROR naming the field', async (method, _case, body, expected) => {
    if (method === 'PATCH') await call(generation, 'POST', connectionPath(), { body: CONNECTION });
    const before = structuredClone(api.channelConnection.get(APP.appId));
    const error = await expectError(await call(generation, method, connectionPath(), { body }), 400, 'VALIDATION_ERROR');
    expect(error.errors).toEqual(expected.map((detail) => ({ ...detail, message: expect.any(String) })));
    expect(api.channelConnection.get(APP.appId)).toEqual(before);
  });

  it.each(['0', '-1', 'abc', '1.5', '0123', '99999999999999999999'])('answers appId %s with 400', async (appId) => {
    const error = await expectError(await call(generation, 'GET', connectionPath(appId)), 400, 'VALIDATION_ERROR');
    expect(error.errors).toEqual([{ in: 'appId', code: 'INVALID_INTEGER', message: expect.any(String) }]);
  });

  it.each(['PUT', 'HEAD', 'OPTIONS'])('answers %s with 405 and the methods it takes', async (method) => {
    const response = await call(generation, method, connectionPath());
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, PATCH, DELETE');
    if (method !== 'HEAD') await expectError(response, 405, 'METHOD_NOT_ALLOWED');
  });

  it('refuses a request without credentials with 401, before looking at anything else', async () => {
    await expectError(await call(generation, 'POST', connectionPath(), { body: CONNECTION, credential: null }), 401, 'INVALID_AUTHENTICATION');
    await expectError(await call(generation, 'DELETE', connectionPath('abc'), { credential: null }), 401, 'INVALID_AUTHENTICATION');
    expect(api.channelConnection.size).toBe(0);
  });

  it('refuses a wrong credential with 401 and does not echo it', async () => {
    const wrong = 'wrong-credential-0000';
    const response = await call(generation, 'GET', connectionPath(), { credential: wrong });
    const text = await response.clone().text();
    await expectError(response, 401, 'INVALID_AUTHENTICATION');
    expect(text).not.toContain(wrong);
  });
});

describe('authentication differs by generation', () => {
  it('v3 names the invalid API key', async () => {
    const error = await expectError(
      await call('v3', 'GET', connectionPath(), { credential: 'nope' }),
      401,
      'INVALID_AUTHENTICATION',
    );
    expect(error.message).toMatch(/^The API key provided is invalid\./);
  });

  it('v3 takes no bearer token, even the valid one', async () => {
    const response = await fetch(`${origin}/crm/v3/extensions/calling/${APP.appId}/settings/channel-connection`, {
      headers: { authorization: `Bearer ${STANDIN_ACCESS_TOKEN}` },
    });
    const error = await expectError(response, 401, 'INVALID_AUTHENTICATION');
    expect(error.message).toMatch(/credentials not found/i);
  });

  it('2026-03 takes no hapikey, even the valid one', async () => {
    const response = await fetch(
      `${origin}/crm/extensions/calling/2026-03/${APP.appId}/settings/channel-connection?hapikey=${STANDIN_DEVELOPER_API_KEY}`,
    );
    const error = await expectError(response, 401, 'INVALID_AUTHENTICATION');
    expect(error.message).toMatch(/credentials not found/i);
  });

  it('2026-03 refuses the developer key sent as a bearer token, and a non-bearer scheme', async () => {
    const asBearer = await call('2026-03', 'GET', connectionPath(), { credential: STANDIN_DEVELOPER_API_KEY });
    expect((await expectError(asBearer, 401, 'INVALID_AUTHENTICATION')).message).toMatch(/invalid|expired/i);
    const basic = await fetch(`${origin}/crm/extensions/calling/2026-03/${APP.appId}/settings/channel-connection`, {
      headers: { authorization: `Basic ${STANDIN_ACCESS_TOKEN}` },
    });
    await expectError(basic, 401, 'INVALID_AUTHENTICATION');
  });
});

describe.each<Generation>(['v3', '2026-03'])('calling app settings (%s)', (generation) => {
  it('returns the app with isReady false while no channel connection is registered', async () => {
    const response = await call(generation, 'GET', `/${APP.appId}/settings`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-hubspot-correlation-id')).toMatch(UUID);
    const { appId: _appId, ...fields } = APP;
    expect(await response.json()).toEqual({ ...fields, isReady: false });
  });

  it('mirrors the registered channel connection isReady', async () => {
    await call(generation, 'POST', connectionPath(), { body: { ...CONNECTION, isReady: true } });
    expect(await (await call(generation, 'GET', `/${APP.appId}/settings`)).json()).toMatchObject({
      name: 'Stand-in Dialer',
      isReady: true,
    });
    const second = (await (await call(generation, 'GET', `/${SECOND_APP.appId}/settings`)).json()) as Record<string, unknown>;
    expect(second).toMatchObject({ name: 'Second Dialer', isReady: false, supportsInboundCalling: false });
  });

  it('answers an unknown app with 404, a bad appId with 400, a write with 405, no credentials with 401', async () => {
    await expectError(await call(generation, 'GET', '/1234567/settings'), 404, 'OBJECT_NOT_FOUND');
    await expectError(await call(generation, 'GET', '/x1/settings'), 400, 'VALIDATION_ERROR');
    const patch = await call(generation, 'PATCH', `/${APP.appId}/settings`, { body: { name: 'x' } });
    expect(patch.headers.get('allow')).toBe('GET');
    await expectError(patch, 405, 'METHOD_NOT_ALLOWED');
    await expectError(await call(generation, 'GET', `/${APP.appId}/settings`, { credential: null }), 401, 'INVALID_AUTHENTICATION');
  });
});

describe('paths', () => {
  it.each([
    `/crm/v3/extensions/calling/${APP.appId}/settings/channel-connection/`,
    `/crm/v3/extensions/calling/${APP.appId}/settings/recording`,
    `/crm/v3/extensions/calling/${APP.appId}`,
    `/crm/extensions/calling/2026-01/${APP.appId}/settings/channel-connection`,
    `/crm/v4/extensions/calling/${APP.appId}/settings/channel-connection`,
    '/crm',
  ])('answers %s with a 404 JSON error', async (path) => {
    const response = await fetch(`${origin}${path}?hapikey=${STANDIN_DEVELOPER_API_KEY}`);
    const body = await expectError(response, 404, 'OBJECT_NOT_FOUND');
    expect(body.message).toBe(`Resource not found: GET ${path}`);
  });

  it.each(['/', '/favicon.ico', '/crmx', '/contacts/123'])('leaves %s to the caller', async (path) => {
    const response = await fetch(`${origin}${path}`);
    expect(response.status).toBe(418);
  });
});

describe('test controls', () => {
  it('reset forgets every channel connection', async () => {
    await call('v3', 'POST', connectionPath(), { body: CONNECTION });
    const response = await fetch(`${origin}/__standin/reset`, { method: 'POST' });
    expect(response.status).toBe(204);
    expect(api.channelConnection.size).toBe(0);
  });

  it('state shows the channel connections by appId', async () => {
    await call('v3', 'POST', connectionPath(), { body: CONNECTION });
    const response = await fetch(`${origin}/__standin/state`);
    expect(await response.json()).toEqual({ [APP.appId]: { ...CONNECTION, createdAt: expect.any(String), updatedAt: expect.any(String) } });
  });

  it('next-response answers the next API request once, then the API answers normally again', async () => {
    const html = '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>';
    const scripted = await fetch(`${origin}/__standin/next-response`, {
      method: 'POST',
      body: JSON.stringify({ status: 502, body: html, contentType: 'text/html; charset=utf-8' }),
    });
    expect(scripted.status).toBe(204);

    const first = await call('v3', 'POST', connectionPath(), { body: CONNECTION });
    expect(first.status).toBe(502);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.headers.get('x-hubspot-correlation-id')).toMatch(UUID);
    expect(await first.text()).toBe(html);
    expect(api.channelConnection.size).toBe(0);

    expect((await call('v3', 'POST', connectionPath(), { body: CONNECTION })).status).toBe(200);
  });

  it('next-response sends a JSON body as JSON and its correlationId in the header', async () => {
    const body = { status: 'error', message: 'Rate limited', correlationId: 'corr-429', category: 'RATE_LIMITS' };
    await fetch(`${origin}/__standin/next-response`, { method: 'POST', body: JSON.stringify({ status: 429, body }) });
    const response = await call('2026-03', 'GET', connectionPath());
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(response.headers.get('x-hubspot-correlation-id')).toBe('corr-429');
    expect(await response.json()).toEqual(body);
  });

  it('next-response with only delayMs answers normally, late', async () => {
    await call('v3', 'POST', connectionPath(), { body: CONNECTION });
    await fetch(`${origin}/__standin/next-response`, { method: 'POST', body: JSON.stringify({ delayMs: 150 }) });
    const started = performance.now();
    const response = await call('v3', 'GET', connectionPath());
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(await response.json()).toMatchObject(CONNECTION);
  });

  it('drops a request whose client gave up during the delay, and answers the next one at once', async () => {
    await fetch(`${origin}/__standin/next-response`, { method: 'POST', body: JSON.stringify({ delayMs: 5_000 }) });
    const url = `${origin}/crm/v3/extensions/calling${connectionPath()}?hapikey=${STANDIN_DEVELOPER_API_KEY}`;
    await expect(
      fetch(url, { method: 'POST', body: JSON.stringify(CONNECTION), signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    const started = performance.now();
    expect((await call('v3', 'GET', `/${APP.appId}/settings`)).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(api.channelConnection.size).toBe(0);
  });

  it('reset also drops scripted answers', async () => {
    await fetch(`${origin}/__standin/next-response`, { method: 'POST', body: JSON.stringify({ status: 500 }) });
    await fetch(`${origin}/__standin/reset`, { method: 'POST' });
    expect((await call('v3', 'GET', `/${APP.appId}/settings`)).status).toBe(200);
  });

  it.each([
    ['not JSON', 'status=500'],
    ['a status out of range', JSON.stringify({ status: 700 })],
    ['a negative delay', JSON.stringify({ delayMs: -1 })],
    ['a body without a status', JSON.stringify({ body: 'x' })],
  ])('next-response refuses %s with 400', async (_case, body) => {
    const response = await fetch(`${origin}/__standin/next-response`, { method: 'POST', body });
    expect(response.status).toBe(400);
    expect((await call('v3', 'GET', `/${APP.appId}/settings`)).status).toBe(200);
  });

  it('answers unknown controls with 404 and wrong methods with 405', async () => {
    expect((await fetch(`${origin}/__standin/nothing`)).status).toBe(404);
    expect((await fetch(`${origin}/__standin/reset`)).status).toBe(405);
    expect((await fetch(`${origin}/__standin/state`, { method: 'POST' })).status).toBe(405);
  });
});
