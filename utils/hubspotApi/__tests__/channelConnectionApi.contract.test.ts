/**
 * Our client against HubSpot's own (`@hubspot/api-client`), request for request: both talk to a recording server that
 * forwards to the stand-in, and must send the same method, path, query and JSON body, and agree on the outcome.
 *
 * Only v3 can be compared: `@hubspot/api-client` v14 has no client for the date-versioned (2026-03) API, so that
 * generation is covered by the recorded-request tests in channelConnectionApi.test.ts and by the stand-in alone.
 */
import { Client } from '@hubspot/api-client';
import { ApiException } from '@hubspot/api-client/lib/codegen/crm/extensions/calling';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHubSpotApiStandin,
  STANDIN_APPS,
  STANDIN_DEVELOPER_API_KEY,
  type ChannelConnectionRecord,
  type HubSpotApiStandin,
} from '../../../standin/hubspotApi';
import {
  createChannelConnectionSettings,
  deleteChannelConnectionSettings,
  getCallingAppSettings,
  getChannelConnectionSettings,
  updateChannelConnectionSettings,
  type ApiResult,
  type ApiTarget,
} from '../channelConnectionApi';

const [APP] = STANDIN_APPS;
const WEBHOOK_URL = 'https://webhooks.example.test/hubspot/channel-connection';
const EXISTING: ChannelConnectionRecord = {
  url: 'https://old.example.test/webhook',
  isReady: false,
  createdAt: '2026-01-05T08:00:00.000Z',
  updatedAt: '2026-01-05T08:00:00.000Z',
};

interface Received {
  method: string;
  path: string;
  query: Record<string, string[]>;
  accept: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

let standin: HubSpotApiStandin;
let standinServer: Server;
let recorder: Server;
let received: Received[] = [];
let basePath: string;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function queryMap(url: URL): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
  return query;
}

beforeAll(async () => {
  standin = createHubSpotApiStandin();
  standinServer = createServer((request, response) => {
    void standin.handle(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  const standinOrigin = await listen(standinServer);

  recorder = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://recorder.invalid');
      received.push({
        method: request.method ?? '',
        path: url.pathname,
        query: queryMap(url),
        accept: request.headers.accept,
        contentType: request.headers['content-type'],
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      });
      const forwardHeaders: Record<string, string> = {};
      for (const name of ['accept', 'content-type', 'authorization']) {
        const value = request.headers[name];
        if (typeof value === 'string') forwardHeaders[name] = value;
      }
      const answer = await fetch(`${standinOrigin}${request.url ?? '/'}`, {
        method: request.method,
        headers: forwardHeaders,
        body: text === '' ? undefined : text,
      });
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'x-hubspot-correlation-id', 'allow']) {
        const value = answer.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      response.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  basePath = await listen(recorder);
});

afterAll(async () => {
  for (const server of [recorder, standinServer]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

beforeEach(() => {
  standin.reset();
  received = [];
});

function theirClient(developerApiKey = STANDIN_DEVELOPER_API_KEY) {
  return new Client({ developerApiKey, basePath }).crm.extensions.calling;
}

function ourTarget(credential = STANDIN_DEVELOPER_API_KEY): ApiTarget {
  return { baseUrl: basePath, appId: APP.appId, generation: 'v3', credential };
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

async function settle(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Runs theirs and ours from the same starting state and returns what each sent and got. The starting state is set up
 * directly in the stand-in, so the only requests recorded are the ones under comparison.
 */
async function compare<T>(
  seed: ChannelConnectionRecord | undefined,
  theirs: () => Promise<unknown>,
  ours: () => Promise<ApiResult<T>>,
) {
  const prepare = () => {
    standin.reset();
    if (seed) standin.channelConnection.set(APP.appId, { ...seed });
    received = [];
  };
  prepare();
  const theirOutcome = await settle(theirs);
  const theirRequests = received;
  const theirState = standin.channelConnection.get(APP.appId);
  prepare();
  const ourResult = await ours();
  const ourRequests = received;
  const ourState = standin.channelConnection.get(APP.appId);

  expect(theirRequests).toHaveLength(1);
  expect(ourRequests).toEqual(theirRequests);
  // The stand-in ends in the same place whichever client made the call (the clock aside).
  const withoutClock = (state: ChannelConnectionRecord | undefined) => state && { url: state.url, isReady: state.isReady };
  expect(withoutClock(ourState)).toEqual(withoutClock(theirState));
  return { theirOutcome, ourResult, request: theirRequests[0] as Received };
}

function apiException(outcome: Outcome): ApiException<Record<string, unknown>> {
  if (outcome.ok) throw new Error(`expected @hubspot/api-client to throw, it returned ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(ApiException);
  return outcome.error as ApiException<Record<string, unknown>>;
}

/** `@hubspot/api-client` turns the timestamps into Dates; ours keeps HubSpot's strings. */
function asWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

const connectionPath = `/crm/v3/extensions/calling/${APP.appId}/settings/channel-connection`;
const expectedQuery = { hapikey: [STANDIN_DEVELOPER_API_KEY] };

describe('v3 requests match @hubspot/api-client', () => {
  it('get (registered)', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      EXISTING,
      () => theirClient().channelConnectionSettingsApi.getById(APP.appId),
      () => getChannelConnectionSettings(ourTarget()),
    );
    expect(request).toEqual({
      method: 'GET',
      path: connectionPath,
      query: expectedQuery,
      accept: 'application/json, */*;q=0.8',
      contentType: undefined,
      body: undefined,
    });
    expect(theirOutcome).toEqual({ ok: true, value: expect.anything() });
    expect(ourResult).toMatchObject({ ok: true, value: EXISTING });
    expect(asWire(theirOutcome.ok && theirOutcome.value)).toEqual(EXISTING);
  });

  it('get (not registered): ours is ok with null, theirs throws ApiException 404', async () => {
    const { theirOutcome, ourResult } = await compare(
      undefined,
      () => theirClient().channelConnectionSettingsApi.getById(APP.appId),
      () => getChannelConnectionSettings(ourTarget()),
    );
    const exception = apiException(theirOutcome);
    expect(exception.code).toBe(404);
    expect(exception.body).toMatchObject({ category: 'OBJECT_NOT_FOUND' });
    expect(ourResult).toMatchObject({ ok: true, value: null, exchange: { status: 404 } });
  });

  it('create', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      undefined,
      () => theirClient().channelConnectionSettingsApi.create(APP.appId, { url: WEBHOOK_URL, isReady: false }),
      () => createChannelConnectionSettings(ourTarget(), { url: WEBHOOK_URL, isReady: false }),
    );
    expect(request).toMatchObject({
      method: 'POST',
      path: connectionPath,
      query: expectedQuery,
      contentType: 'application/json',
      body: { url: WEBHOOK_URL, isReady: false },
    });
    expect(theirOutcome.ok).toBe(true);
    expect(ourResult).toMatchObject({ ok: true, value: { url: WEBHOOK_URL, isReady: false } });
  });

  it('create over existing settings: both see 409 CONFLICT', async () => {
    const { theirOutcome, ourResult } = await compare(
      EXISTING,
      () => theirClient().channelConnectionSettingsApi.create(APP.appId, { url: WEBHOOK_URL, isReady: true }),
      () => createChannelConnectionSettings(ourTarget(), { url: WEBHOOK_URL, isReady: true }),
    );
    const exception = apiException(theirOutcome);
    expect(exception.code).toBe(409);
    expect(ourResult).toMatchObject({ ok: false, error: { kind: 'http', status: 409, category: exception.body.category } });
  });

  it('update with only url', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      EXISTING,
      () => theirClient().channelConnectionSettingsApi.update(APP.appId, { url: WEBHOOK_URL }),
      () => updateChannelConnectionSettings(ourTarget(), { url: WEBHOOK_URL }),
    );
    expect(request).toMatchObject({ method: 'PATCH', path: connectionPath, query: expectedQuery, body: { url: WEBHOOK_URL } });
    expect(theirOutcome.ok).toBe(true);
    expect(ourResult).toMatchObject({ ok: true, value: { url: WEBHOOK_URL, isReady: false, createdAt: EXISTING.createdAt } });
  });

  it('update with only isReady', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      EXISTING,
      () => theirClient().channelConnectionSettingsApi.update(APP.appId, { isReady: true }),
      () => updateChannelConnectionSettings(ourTarget(), { isReady: true }),
    );
    expect(request).toMatchObject({ method: 'PATCH', path: connectionPath, query: expectedQuery, body: { isReady: true } });
    expect(theirOutcome.ok).toBe(true);
    expect(ourResult).toMatchObject({ ok: true, value: { url: EXISTING.url, isReady: true } });
  });

  it('update with isReady false sends false, not nothing', async () => {
    const { request } = await compare(
      { ...EXISTING, isReady: true },
      () => theirClient().channelConnectionSettingsApi.update(APP.appId, { isReady: false }),
      () => updateChannelConnectionSettings(ourTarget(), { isReady: false }),
    );
    expect(request.body).toEqual({ isReady: false });
  });

  it('delete', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      EXISTING,
      () => theirClient().channelConnectionSettingsApi.archive(APP.appId),
      () => deleteChannelConnectionSettings(ourTarget()),
    );
    expect(request).toMatchObject({ method: 'DELETE', path: connectionPath, query: expectedQuery, body: undefined });
    expect(theirOutcome).toEqual({ ok: true, value: undefined });
    expect(ourResult).toMatchObject({ ok: true, value: null, exchange: { status: 204 } });
  });

  it('delete when nothing is registered: both see 404', async () => {
    const { theirOutcome, ourResult } = await compare(
      undefined,
      () => theirClient().channelConnectionSettingsApi.archive(APP.appId),
      () => deleteChannelConnectionSettings(ourTarget()),
    );
    expect(apiException(theirOutcome).code).toBe(404);
    expect(ourResult).toMatchObject({ ok: false, error: { kind: 'http', status: 404, category: 'OBJECT_NOT_FOUND' } });
  });

  it('calling app settings get', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      { ...EXISTING, isReady: true },
      () => theirClient().settingsApi.getById(APP.appId),
      () => getCallingAppSettings(ourTarget()),
    );
    expect(request).toMatchObject({
      method: 'GET',
      path: `/crm/v3/extensions/calling/${APP.appId}/settings`,
      query: expectedQuery,
      body: undefined,
    });
    if (!theirOutcome.ok || !ourResult.ok) throw new Error('both should succeed');
    expect(ourResult.value).toMatchObject({ name: APP.name, isReady: true });
    expect(asWire(theirOutcome.value)).toEqual(ourResult.value);
  });

  it('a wrong developer key: both see 401 INVALID_AUTHENTICATION, and send it the same way', async () => {
    const wrong = 'not-the-developer-key';
    const { theirOutcome, ourResult, request } = await compare(
      EXISTING,
      () => theirClient(wrong).channelConnectionSettingsApi.getById(APP.appId),
      () => getChannelConnectionSettings(ourTarget(wrong)),
    );
    expect(request.query).toEqual({ hapikey: [wrong] });
    const exception = apiException(theirOutcome);
    expect(exception.code).toBe(401);
    expect(ourResult).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 401, category: 'INVALID_AUTHENTICATION', message: exception.body.message },
    });
  });

  it('a developer key with reserved characters reaches the server intact from both', async () => {
    const key = 'a&b=c d/e+f';
    const { request } = await compare(
      undefined,
      () => theirClient(key).channelConnectionSettingsApi.getById(APP.appId),
      () => getChannelConnectionSettings(ourTarget(key)),
    );
    expect(request.query).toEqual({ hapikey: [key] });
  });
});

describe('known differences from @hubspot/api-client', () => {
  const scriptNext = (status: number, body: string) =>
    fetch(`${basePath}/__standin/next-response`, { method: 'POST', body: JSON.stringify({ status, body }) });

  it('DELETE answered 200 with an empty body: ours is ok, theirs throws parsing the empty body', async () => {
    await scriptNext(200, '');
    const theirs = await settle(() => theirClient().channelConnectionSettingsApi.archive(APP.appId));
    await scriptNext(200, '');
    const ours = await deleteChannelConnectionSettings(ourTarget());
    expect(theirs).toMatchObject({ ok: false, error: expect.any(SyntaxError) });
    expect(ours).toMatchObject({ ok: true, value: null });
  });

  it('DELETE answered 200 with a JSON body: theirs throws ApiException 200, ours calls it malformed', async () => {
    await scriptNext(200, '{}');
    const theirs = await settle(() => theirClient().channelConnectionSettingsApi.archive(APP.appId));
    await scriptNext(200, '{}');
    const ours = await deleteChannelConnectionSettings(ourTarget());
    expect(apiException(theirs).code).toBe(200);
    expect(ours).toMatchObject({ ok: false, error: { kind: 'malformed', status: 200 } });
  });
});
