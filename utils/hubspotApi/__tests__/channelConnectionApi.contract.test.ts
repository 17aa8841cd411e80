/**
 * Our client against HubSpot's own (`@hubspot/api-client`), request for request: both talk to a recording server that
 * forwards to the stand-in, and must send the same method, path, query and JSON body, and agree on the outcome.
 *
 * Only v3 can be compared: `@hubspot/api-client` v14 has no client for the date-versioned (2026-03) API, so that
 * generation is covered by the recorded-request tests in channelConnectionApi.test.ts and by the stand-in alone.
 * The sibling resources (calling app settings, recording settings) are compared in callingAppApi.contract.test.ts;
 * the recorder is shared (contractRecorder.ts).
 */
import { describe, expect, it } from 'vitest';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY, type ChannelConnectionRecord } from '../../../standin/hubspotApi';
import {
  createChannelConnectionSettings,
  deleteChannelConnectionSettings,
  getChannelConnectionSettings,
  updateChannelConnectionSettings,
  type ApiResult,
} from '../channelConnectionApi';
import { apiException, asSeeded, asWire, settle, useContractRecorder, type Seed } from './contractRecorder';

const [APP] = STANDIN_APPS;
const WEBHOOK_URL = 'https://webhooks.example.test/hubspot/channel-connection';
const EXISTING: ChannelConnectionRecord = {
  url: 'https://old.example.test/webhook',
  isReady: false,
  createdAt: '2026-01-05T08:00:00.000Z',
  updatedAt: '2026-01-05T08:00:00.000Z',
};

const contract = useContractRecorder();

/** The stand-in's seed plus, when given, channel-connection settings for the app (the seed has none). */
const connection = (record?: ChannelConnectionRecord): Seed =>
  record ? (standin) => standin.channelConnection.set(APP.appId, { ...record }) : asSeeded;

/** The starting state is set up directly in the stand-in, so the only requests recorded are the ones under comparison. */
const compare = <T>(seed: ChannelConnectionRecord | undefined, theirs: () => Promise<unknown>, ours: () => Promise<ApiResult<T>>) =>
  contract.compare(connection(seed), theirs, ours);

const connectionPath = `/crm/v3/extensions/calling/${APP.appId}/settings/channel-connection`;
const expectedQuery = { hapikey: [STANDIN_DEVELOPER_API_KEY] };

describe('v3 requests match @hubspot/api-client', () => {
  it('get (registered)', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      EXISTING,
      () => contract.theirs().channelConnectionSettingsApi.getById(APP.appId),
      () => getChannelConnectionSettings(contract.ours()),
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
      () => contract.theirs().channelConnectionSettingsApi.getById(APP.appId),
      () => getChannelConnectionSettings(contract.ours()),
    );
    const exception = apiException(theirOutcome);
    expect(exception.code).toBe(404);
    expect(exception.body).toMatchObject({ category: 'OBJECT_NOT_FOUND' });
    expect(ourResult).toMatchObject({ ok: true, value: null, exchange: { status: 404 } });
  });

  it('create', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      undefined,
      () => contract.theirs().channelConnectionSettingsApi.create(APP.appId, { url: WEBHOOK_URL, isReady: false }),
      () => createChannelConnectionSettings(contract.ours(), { url: WEBHOOK_URL, isReady: false }),
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
      () => contract.theirs().channelConnectionSettingsApi.create(APP.appId, { url: WEBHOOK_URL, isReady: true }),
      () => createChannelConnectionSettings(contract.ours(), { url: WEBHOOK_URL, isReady: true }),
    );
    const exception = apiException(theirOutcome);
    expect(exception.code).toBe(409);
    expect(ourResult).toMatchObject({ ok: false, error: { kind: 'http', status: 409, category: exception.body.category } });
  });

  it('update with only url', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      EXISTING,
      () => contract.theirs().channelConnectionSettingsApi.update(APP.appId, { url: WEBHOOK_URL }),
      () => updateChannelConnectionSettings(contract.ours(), { url: WEBHOOK_URL }),
    );
    expect(request).toMatchObject({ method: 'PATCH', path: connectionPath, query: expectedQuery, body: { url: WEBHOOK_URL } });
    expect(theirOutcome.ok).toBe(true);
    expect(ourResult).toMatchObject({ ok: true, value: { url: WEBHOOK_URL, isReady: false, createdAt: EXISTING.createdAt } });
  });

  it('update with only isReady', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      EXISTING,
      () => contract.theirs().channelConnectionSettingsApi.update(APP.appId, { isReady: true }),
      () => updateChannelConnectionSettings(contract.ours(), { isReady: true }),
    );
    expect(request).toMatchObject({ method: 'PATCH', path: connectionPath, query: expectedQuery, body: { isReady: true } });
    expect(theirOutcome.ok).toBe(true);
    expect(ourResult).toMatchObject({ ok: true, value: { url: EXISTING.url, isReady: true } });
  });

  it('update with isReady false sends false, not nothing', async () => {
    const { request } = await compare(
      { ...EXISTING, isReady: true },
      () => contract.theirs().channelConnectionSettingsApi.update(APP.appId, { isReady: false }),
      () => updateChannelConnectionSettings(contract.ours(), { isReady: false }),
    );
    expect(request.body).toEqual({ isReady: false });
  });

  it('delete', async () => {
    const { theirOutcome, ourResult, request } = await compare(
      EXISTING,
      () => contract.theirs().channelConnectionSettingsApi.archive(APP.appId),
      () => deleteChannelConnectionSettings(contract.ours()),
    );
    expect(request).toMatchObject({ method: 'DELETE', path: connectionPath, query: expectedQuery, body: undefined });
    expect(theirOutcome).toEqual({ ok: true, value: undefined });
    expect(ourResult).toMatchObject({ ok: true, value: null, exchange: { status: 204 } });
  });

  it('delete when nothing is registered: both see 404', async () => {
    const { theirOutcome, ourResult } = await compare(
      undefined,
      () => contract.theirs().channelConnectionSettingsApi.archive(APP.appId),
      () => deleteChannelConnectionSettings(contract.ours()),
    );
    expect(apiException(theirOutcome).code).toBe(404);
    expect(ourResult).toMatchObject({ ok: false, error: { kind: 'http', status: 404, category: 'OBJECT_NOT_FOUND' } });
  });

  it('a wrong developer key: both see 401 INVALID_AUTHENTICATION, and send it the same way', async () => {
    const wrong = 'not-the-developer-key';
    const { theirOutcome, ourResult, request } = await compare(
      EXISTING,
      () => contract.theirs(wrong).channelConnectionSettingsApi.getById(APP.appId),
      () => getChannelConnectionSettings(contract.ours(wrong)),
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
      () => contract.theirs(key).channelConnectionSettingsApi.getById(APP.appId),
      () => getChannelConnectionSettings(contract.ours(key)),
    );
    expect(request.query).toEqual({ hapikey: [key] });
  });
});

describe('known differences from @hubspot/api-client', () => {
  const scriptNext = (status: number, body: string) =>
    fetch(`${contract.basePath}/__standin/next-response`, { method: 'POST', body: JSON.stringify({ status, body }) });

  it('DELETE answered 200 with an empty body: ours is ok, theirs throws parsing the empty body', async () => {
    await scriptNext(200, '');
    const theirs = await settle(() => contract.theirs().channelConnectionSettingsApi.archive(APP.appId));
    await scriptNext(200, '');
    const ours = await deleteChannelConnectionSettings(contract.ours());
    expect(theirs).toMatchObject({ ok: false, error: expect.any(SyntaxError) });
    expect(ours).toMatchObject({ ok: true, value: null });
  });

  it('DELETE answered 200 with a JSON body: theirs throws ApiException 200, ours calls it malformed', async () => {
    await scriptNext(200, '{}');
    const theirs = await settle(() => contract.theirs().channelConnectionSettingsApi.archive(APP.appId));
    await scriptNext(200, '{}');
    const ours = await deleteChannelConnectionSettings(contract.ours());
    expect(apiException(theirs).code).toBe(200);
    expect(ours).toMatchObject({ ok: false, error: { kind: 'malformed', status: 200 } });
  });
});
