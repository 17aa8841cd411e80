import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHubSpotApiStandin,
  STANDIN_ACCESS_TOKEN,
  STANDIN_APPS,
  STANDIN_DEVELOPER_API_KEY,
  type HubSpotApiStandin,
  type StandinCallingApp,
} from '../hubspotApi';

const [APP, SECOND_APP] = STANDIN_APPS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONNECTION = { url: 'https://webhooks.example.test/hubspot', isReady: false };
/** An app the stand-in does not start with. */
const NEW_APP_ID = 1234567;
/** Every field a calling app settings POST takes, none of them the v3 default. */
const FULL_APP = {
  name: 'New Dialer',
  url: 'https://new-dialer.example.test/widget',
  width: 360,
  height: 640,
  isReady: true,
  supportsCustomObjects: true,
  supportsInboundCalling: true,
  usesCallingWindow: true,
  usesRemote: true,
};
const RECORDING = { urlToRetrieveAuthedRecording: 'https://recordings.example.test/authed' };
const NOW = '2026-03-02T10:00:00.000Z';

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
const settingsPath = (appId: number | string = APP.appId) => `/${appId}/settings`;
const recordingPath = (appId: number | string = APP.appId) => `/${appId}/settings/recording`;

const withoutAppId = ({ appId: _appId, ...settings }: StandinCallingApp) => settings;
const seededApps = () => new Map(STANDIN_APPS.map((app) => [app.appId, withoutAppId(app)]));

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

/** A 400 VALIDATION_ERROR whose `errors[]` names these fields with these codes, in this order. */
async function expectInvalid(response: Response, expected: { in: string; code: string }[]): Promise<void> {
  const error = await expectError(response, 400, 'VALIDATION_ERROR');
  expect(error.errors).toEqual(expected.map((detail) => ({ ...detail, message: expect.any(String) })));
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

  it.each(['settings', 'settings/recording'])('the same holds on %s: no bearer token for v3, no hapikey for 2026-03', async (resource) => {
    const v3 = await fetch(`${origin}/crm/v3/extensions/calling/${APP.appId}/${resource}`, {
      headers: { authorization: `Bearer ${STANDIN_ACCESS_TOKEN}` },
    });
    expect((await expectError(v3, 401, 'INVALID_AUTHENTICATION')).message).toMatch(/credentials not found/i);
    const dated = await fetch(
      `${origin}/crm/extensions/calling/2026-03/${APP.appId}/${resource}?hapikey=${STANDIN_DEVELOPER_API_KEY}`,
    );
    expect((await expectError(dated, 401, 'INVALID_AUTHENTICATION')).message).toMatch(/credentials not found/i);
  });
});

describe.each<Generation>(['v3', '2026-03'])('calling app settings (%s)', (generation) => {
  it.each(STANDIN_APPS.map((app) => [app.name, app] as const))('GET answers %s as seeded, without its appId', async (_name, app) => {
    const response = await call(generation, 'GET', settingsPath(app.appId));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(response.headers.get('x-hubspot-correlation-id')).toMatch(UUID);
    expect(await response.json()).toEqual(withoutAppId(app));
  });

  it('creates, reads, updates and deletes, with ISO timestamps and a correlation id on every answer', async () => {
    const created = await call(generation, 'POST', settingsPath(NEW_APP_ID), { body: FULL_APP });
    expect(created.status).toBe(200);
    expect(created.headers.get('x-hubspot-correlation-id')).toMatch(UUID);
    const record = { ...FULL_APP, createdAt: NOW, updatedAt: NOW };
    expect(await created.json()).toEqual(record);
    expect(api.callingApps.get(NEW_APP_ID)).toEqual(record);
    expect(await (await call(generation, 'GET', settingsPath(NEW_APP_ID))).json()).toEqual(record);

    clock += 5_000;
    const patched = await call(generation, 'PATCH', settingsPath(NEW_APP_ID), { body: { name: 'Renamed', isReady: false } });
    expect(patched.status).toBe(200);
    const updated = { ...record, name: 'Renamed', isReady: false, updatedAt: '2026-03-02T10:00:05.000Z' };
    expect(await patched.json()).toEqual(updated);
    expect(await (await call(generation, 'GET', settingsPath(NEW_APP_ID))).json()).toEqual(updated);

    const deleted = await call(generation, 'DELETE', settingsPath(NEW_APP_ID));
    expect(deleted.status).toBe(204);
    expect(deleted.headers.get('content-type')).toBeNull();
    expect(deleted.headers.get('x-hubspot-correlation-id')).toMatch(UUID);
    expect(await deleted.text()).toBe('');
    expect(api.callingApps.has(NEW_APP_ID)).toBe(false);
    await expectError(await call(generation, 'GET', settingsPath(NEW_APP_ID)), 404, 'OBJECT_NOT_FOUND');
  });

  it('PATCH keeps createdAt and the fields it was not given, and moves updatedAt even within the same millisecond', async () => {
    const first = await call(generation, 'PATCH', settingsPath(), { body: { width: 500 } });
    expect(await first.json()).toEqual({ ...withoutAppId(APP), width: 500, updatedAt: NOW });
    const second = await call(generation, 'PATCH', settingsPath(), { body: { usesRemote: true } });
    expect(await second.json()).toEqual({
      ...withoutAppId(APP),
      width: 500,
      usesRemote: true,
      updatedAt: '2026-03-02T10:00:00.001Z',
    });
    expect(api.callingApps.get(APP.appId)?.createdAt).toBe(APP.createdAt);
  });

  it('an empty PATCH changes nothing but updatedAt', async () => {
    const response = await call(generation, 'PATCH', settingsPath(SECOND_APP.appId), { body: {} });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ...withoutAppId(SECOND_APP), updatedAt: NOW });
  });

  it('isReady is a field of its own: the channel connection neither sets it nor follows it', async () => {
    await call(generation, 'POST', connectionPath(APP.appId), { body: { ...CONNECTION, isReady: false } });
    await call(generation, 'POST', connectionPath(SECOND_APP.appId), { body: { ...CONNECTION, isReady: true } });
    expect(await (await call(generation, 'GET', settingsPath(APP.appId))).json()).toMatchObject({ isReady: true });
    expect(await (await call(generation, 'GET', settingsPath(SECOND_APP.appId))).json()).toMatchObject({ isReady: false });

    await call(generation, 'PATCH', settingsPath(APP.appId), { body: { isReady: false } });
    await call(generation, 'DELETE', connectionPath(SECOND_APP.appId));
    expect(api.channelConnection.get(APP.appId)?.isReady).toBe(false);
    expect(api.callingApps.get(APP.appId)?.isReady).toBe(false);
    expect(api.callingApps.get(SECOND_APP.appId)?.isReady).toBe(false);
  });

  it.each(['GET', 'PATCH', 'DELETE'])('answers %s of an app without calling settings with 404', async (method) => {
    const response = await call(generation, method, settingsPath(NEW_APP_ID), {
      body: method === 'PATCH' ? { isReady: true } : undefined,
    });
    const body = await expectError(response, 404, 'OBJECT_NOT_FOUND');
    expect(body.message).toContain(String(NEW_APP_ID));
    expect(api.callingApps.has(NEW_APP_ID)).toBe(false);
  });

  it('answers a POST for an app that has settings with 409 CONFLICT and leaves them alone', async () => {
    const response = await call(generation, 'POST', settingsPath(), { body: FULL_APP });
    const body = await expectError(response, 409, 'CONFLICT');
    expect(body.message).toContain(String(APP.appId));
    expect(api.callingApps).toEqual(seededApps());
  });

  it.each<[string, string, unknown, { in: string; code: string }[]]>([
    ['POST', 'a blank name', { ...FULL_APP, name: '' }, [{ in: 'name', code: 'INVALID_TYPE' }]],
    ['POST', 'url not a string', { ...FULL_APP, url: 7 }, [{ in: 'url', code: 'INVALID_TYPE' }]],
    ['POST', 'width 0', { ...FULL_APP, width: 0 }, [{ in: 'width', code: 'INVALID_TYPE' }]],
    ['POST', 'width as a string', { ...FULL_APP, width: '360' }, [{ in: 'width', code: 'INVALID_TYPE' }]],
    ['POST', 'a fractional height', { ...FULL_APP, height: 640.5 }, [{ in: 'height', code: 'INVALID_TYPE' }]],
    ['POST', 'a height beyond int32', { ...FULL_APP, height: 2 ** 31 }, [{ in: 'height', code: 'INVALID_TYPE' }]],
    ['POST', 'isReady as a string', { ...FULL_APP, isReady: 'true' }, [{ in: 'isReady', code: 'INVALID_TYPE' }]],
    ['POST', 'usesRemote null', { ...FULL_APP, usesRemote: null }, [{ in: 'usesRemote', code: 'INVALID_TYPE' }]],
    ['POST', 'the appId in the body', { ...FULL_APP, appId: NEW_APP_ID }, [{ in: 'appId', code: 'UNKNOWN_FIELD' }]],
    ['POST', 'a timestamp in the body', { ...FULL_APP, createdAt: NOW }, [{ in: 'createdAt', code: 'UNKNOWN_FIELD' }]],
    ['POST', 'a body that is not JSON', '{"name": ', [{ in: 'body', code: 'INVALID_JSON' }]],
    ['POST', 'a JSON array', [FULL_APP], [{ in: 'body', code: 'INVALID_TYPE' }]],
    ['PATCH', 'a negative width', { width: -400 }, [{ in: 'width', code: 'INVALID_TYPE' }]],
    ['PATCH', 'a blank url', { url: '' }, [{ in: 'url', code: 'INVALID_TYPE' }]],
    ['PATCH', 'supportsInboundCalling as 1', { supportsInboundCalling: 1 }, [{ in: 'supportsInboundCalling', code: 'INVALID_TYPE' }]],
    ['PATCH', 'an unknown field', { supportsChannelConnection: true }, [{ in: 'supportsChannelConnection', code: 'UNKNOWN_FIELD' }]],
    [
      'PATCH',
      'several problems at once',
      { name: '', extra: 1, height: 0, usesCallingWindow: 'yes' },
      [
        { in: 'extra', code: 'UNKNOWN_FIELD' },
        { in: 'name', code: 'INVALID_TYPE' },
        { in: 'height', code: 'INVALID_TYPE' },
        { in: 'usesCallingWindow', code: 'INVALID_TYPE' },
      ],
    ],
  ])('answers %s with %s with 400 VALIDATION_ERROR naming the field', async (method, _case, body, expected) => {
    const appId = method === 'POST' ? NEW_APP_ID : APP.appId;
    await expectInvalid(await call(generation, method, settingsPath(appId), { body }), expected);
    expect(api.callingApps).toEqual(seededApps());
  });

  it.each(['0', 'abc', '0123'])('answers appId %s with 400', async (appId) => {
    const error = await expectError(await call(generation, 'GET', settingsPath(appId)), 400, 'VALIDATION_ERROR');
    expect(error.errors).toEqual([{ in: 'appId', code: 'INVALID_INTEGER', message: expect.any(String) }]);
  });

  it.each(['PUT', 'HEAD', 'OPTIONS'])('answers %s with 405 and the methods it takes', async (method) => {
    const response = await call(generation, method, settingsPath());
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, PATCH, DELETE');
    if (method !== 'HEAD') await expectError(response, 405, 'METHOD_NOT_ALLOWED');
  });
});

describe('calling app settings: what a POST must carry', () => {
  it('v3 needs only name and url, and fills in the rest with the stand-in defaults', async () => {
    const body = { name: FULL_APP.name, url: FULL_APP.url };
    const response = await call('v3', 'POST', settingsPath(NEW_APP_ID), { body });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ...body,
      width: 400,
      height: 600,
      isReady: false,
      supportsCustomObjects: false,
      supportsInboundCalling: false,
      usesCallingWindow: false,
      usesRemote: false,
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it.each<[string, object, { in: string; code: string }[]]>([
    ['no name', { url: FULL_APP.url, width: 300 }, [{ in: 'name', code: 'REQUIRED' }]],
    ['no url', { name: FULL_APP.name }, [{ in: 'url', code: 'REQUIRED' }]],
    [
      'an empty object',
      {},
      [
        { in: 'name', code: 'REQUIRED' },
        { in: 'url', code: 'REQUIRED' },
      ],
    ],
  ])('v3 refuses %s with 400 REQUIRED', async (_case, body, expected) => {
    await expectInvalid(await call('v3', 'POST', settingsPath(NEW_APP_ID), { body }), expected);
    expect(api.callingApps.has(NEW_APP_ID)).toBe(false);
  });

  it.each(Object.keys(FULL_APP))('2026-03 refuses a body without %s with 400 REQUIRED', async (field) => {
    const body = Object.fromEntries(Object.entries(FULL_APP).filter(([name]) => name !== field));
    await expectInvalid(await call('2026-03', 'POST', settingsPath(NEW_APP_ID), { body }), [{ in: field, code: 'REQUIRED' }]);
    expect(api.callingApps.has(NEW_APP_ID)).toBe(false);
  });

  it('2026-03 names every missing field when given only name and url', async () => {
    const response = await call('2026-03', 'POST', settingsPath(NEW_APP_ID), { body: { name: 'x', url: 'https://x.example/' } });
    await expectInvalid(
      response,
      ['width', 'height', 'isReady', 'supportsCustomObjects', 'supportsInboundCalling', 'usesCallingWindow', 'usesRemote'].map(
        (field) => ({ in: field, code: 'REQUIRED' }),
      ),
    );
  });
});

describe.each<Generation>(['v3', '2026-03'])('recording settings (%s)', (generation) => {
  it('has none to begin with', async () => {
    for (const app of STANDIN_APPS) {
      const body = await expectError(await call(generation, 'GET', recordingPath(app.appId)), 404, 'OBJECT_NOT_FOUND');
      expect(body.message).toContain(String(app.appId));
    }
  });

  it('creates, reads and updates, answering only the URL, with a correlation id', async () => {
    const created = await call(generation, 'POST', recordingPath(), { body: RECORDING });
    expect(created.status).toBe(200);
    expect(created.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(created.headers.get('x-hubspot-correlation-id')).toMatch(UUID);
    expect(await created.json()).toEqual(RECORDING);
    expect(api.recordings.get(APP.appId)).toEqual(RECORDING);
    expect(await (await call(generation, 'GET', recordingPath())).json()).toEqual(RECORDING);

    const changed = { urlToRetrieveAuthedRecording: 'https://recordings.example.test/v2' };
    const patched = await call(generation, 'PATCH', recordingPath(), { body: changed });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual(changed);
    expect(await (await call(generation, 'GET', recordingPath())).json()).toEqual(changed);
  });

  it('takes a PATCH without the URL, which HubSpot documents as optional there, and keeps the URL', async () => {
    await call(generation, 'POST', recordingPath(), { body: RECORDING });
    const response = await call(generation, 'PATCH', recordingPath(), { body: {} });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(RECORDING);
  });

  it('keeps each app separate', async () => {
    await call(generation, 'POST', recordingPath(APP.appId), { body: RECORDING });
    await expectError(await call(generation, 'GET', recordingPath(SECOND_APP.appId)), 404, 'OBJECT_NOT_FOUND');
    expect([...api.recordings.keys()]).toEqual([APP.appId]);
  });

  it('answers a PATCH with 404 when there is nothing to update', async () => {
    const body = await expectError(await call(generation, 'PATCH', recordingPath(), { body: RECORDING }), 404, 'OBJECT_NOT_FOUND');
    expect(body.message).toContain(String(APP.appId));
    expect(api.recordings.size).toBe(0);
  });

  it('answers a second POST with 409 CONFLICT and leaves the first URL alone', async () => {
    await call(generation, 'POST', recordingPath(), { body: RECORDING });
    const response = await call(generation, 'POST', recordingPath(), { body: { urlToRetrieveAuthedRecording: 'https://x.example/' } });
    await expectError(response, 409, 'CONFLICT');
    expect(api.recordings.get(APP.appId)).toEqual(RECORDING);
  });

  it.each<[string, string, unknown, { in: string; code: string }[]]>([
    ['POST', 'no URL', {}, [{ in: 'urlToRetrieveAuthedRecording', code: 'REQUIRED' }]],
    ['POST', 'a blank URL', { urlToRetrieveAuthedRecording: '' }, [{ in: 'urlToRetrieveAuthedRecording', code: 'INVALID_TYPE' }]],
    ['POST', 'the URL as a number', { urlToRetrieveAuthedRecording: 42 }, [{ in: 'urlToRetrieveAuthedRecording', code: 'INVALID_TYPE' }]],
    ['POST', 'an unknown field', { ...RECORDING, url: 'https://x.example/' }, [{ in: 'url', code: 'UNKNOWN_FIELD' }]],
    ['POST', 'a body that is not JSON', 'url=x', [{ in: 'body', code: 'INVALID_JSON' }]],
    ['POST', 'a JSON array', [RECORDING], [{ in: 'body', code: 'INVALID_TYPE' }]],
    ['PATCH', 'the URL null', { urlToRetrieveAuthedRecording: null }, [{ in: 'urlToRetrieveAuthedRecording', code: 'INVALID_TYPE' }]],
    ['PATCH', 'an unknown field', { enabled: true }, [{ in: 'enabled', code: 'UNKNOWN_FIELD' }]],
  ])('answers %s with %s with 400 VALIDATION_ERROR naming the field', async (method, _case, body, expected) => {
    if (method === 'PATCH') await call(generation, 'POST', recordingPath(), { body: RECORDING });
    const before = structuredClone(api.recordings.get(APP.appId));
    await expectInvalid(await call(generation, method, recordingPath(), { body }), expected);
    expect(api.recordings.get(APP.appId)).toEqual(before);
  });

  it.each([
    ['DELETE', 'with recording settings'],
    ['DELETE', 'without recording settings'],
    ['PUT', 'with recording settings'],
    ['HEAD', 'with recording settings'],
  ])('answers %s %s with 405, as HubSpot has no such method here, and keeps the URL', async (method, when) => {
    if (when === 'with recording settings') await call(generation, 'POST', recordingPath(), { body: RECORDING });
    const before = structuredClone(api.recordings.get(APP.appId));
    const response = await call(generation, method, recordingPath());
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, PATCH');
    if (method !== 'HEAD') await expectError(response, 405, 'METHOD_NOT_ALLOWED');
    expect(api.recordings.get(APP.appId)).toEqual(before);
  });

  it('answers a bad appId with 400', async () => {
    await expectError(await call(generation, 'POST', recordingPath('x1'), { body: RECORDING }), 400, 'VALIDATION_ERROR');
  });
});

describe.each<Generation>(['v3', '2026-03'])('authentication of calling app and recording settings (%s)', (generation) => {
  it.each(
    ['GET', 'POST', 'PATCH', 'DELETE'].flatMap((method) => [
      [method, settingsPath(NEW_APP_ID), FULL_APP],
      [method, settingsPath(APP.appId), { isReady: false }],
      [method, recordingPath(), RECORDING],
    ]),
  )('refuses %s %s without credentials with 401 and changes nothing', async (method, path, body) => {
    const response = await call(generation, method, path, { body: method === 'GET' ? undefined : body, credential: null });
    await expectError(response, 401, 'INVALID_AUTHENTICATION');
    expect(api.callingApps).toEqual(seededApps());
    expect(api.recordings.size).toBe(0);
  });

  it.each([settingsPath(), recordingPath()])('refuses a wrong credential on %s with 401 and does not echo it', async (path) => {
    const wrong = 'wrong-credential-0000';
    const response = await call(generation, 'GET', path, { credential: wrong });
    const text = await response.clone().text();
    await expectError(response, 401, 'INVALID_AUTHENTICATION');
    expect(text).not.toContain(wrong);
  });
});

describe('paths', () => {
  it.each([
    `/crm/v3/extensions/calling/${APP.appId}/settings/channel-connection/`,
    `/crm/v3/extensions/calling/${APP.appId}/settings/recording/`,
    `/crm/v3/extensions/calling/${APP.appId}/settings/recordings`,
    `/crm/v3/extensions/calling/${APP.appId}/settings/`,
    `/crm/v3/extensions/calling/${APP.appId}`,
    '/crm/v3/extensions/calling/recordings/ready',
    `/crm/extensions/calling/2026-03/${APP.appId}/settings/recording/x`,
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
  it('a new stand-in starts with the seeded calling apps and nothing else', () => {
    const fresh = createHubSpotApiStandin();
    expect(fresh.callingApps).toEqual(seededApps());
    expect(fresh.recordings.size).toBe(0);
    expect(fresh.channelConnection.size).toBe(0);
  });

  it('reset puts the calling apps back as seeded and forgets every recording and channel connection', async () => {
    await call('v3', 'PATCH', settingsPath(APP.appId), { body: { name: 'Renamed', isReady: false } });
    await call('2026-03', 'DELETE', settingsPath(SECOND_APP.appId));
    await call('v3', 'POST', settingsPath(NEW_APP_ID), { body: FULL_APP });
    await call('v3', 'POST', recordingPath(), { body: RECORDING });
    await call('v3', 'POST', connectionPath(), { body: CONNECTION });
    const response = await fetch(`${origin}/__standin/reset`, { method: 'POST' });
    expect(response.status).toBe(204);
    expect(api.callingApps).toEqual(seededApps());
    expect(api.recordings.size).toBe(0);
    expect(api.channelConnection.size).toBe(0);
  });

  it('state shows the channel connections by appId, and only them', async () => {
    await call('v3', 'POST', connectionPath(), { body: CONNECTION });
    await call('v3', 'POST', recordingPath(), { body: RECORDING });
    const response = await fetch(`${origin}/__standin/state`);
    expect(await response.json()).toEqual({ [APP.appId]: { ...CONNECTION, createdAt: expect.any(String), updatedAt: expect.any(String) } });
  });

  it('calling-apps shows the calling app and recording settings by appId', async () => {
    await call('2026-03', 'POST', settingsPath(NEW_APP_ID), { body: FULL_APP });
    await call('2026-03', 'POST', recordingPath(NEW_APP_ID), { body: RECORDING });
    const response = await fetch(`${origin}/__standin/calling-apps`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      callingApps: {
        [APP.appId]: withoutAppId(APP),
        [SECOND_APP.appId]: withoutAppId(SECOND_APP),
        [NEW_APP_ID]: { ...FULL_APP, createdAt: NOW, updatedAt: NOW },
      },
      recordings: { [NEW_APP_ID]: RECORDING },
    });
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
    expect((await fetch(`${origin}/__standin/calling-apps`, { method: 'POST' })).status).toBe(405);
  });
});
