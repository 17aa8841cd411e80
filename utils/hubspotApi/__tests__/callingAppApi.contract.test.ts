/**
 * Our calling app client (callingAppApi.ts) against HubSpot's own (`@hubspot/api-client`), request for request, on the
 * two sibling resources of channel connection: the calling app settings (`…/{appId}/settings`, `settingsApi`) and the
 * recording settings (`…/{appId}/settings/recording`, `recordingSettingsApi`). Both clients talk to a recording server
 * in front of the stand-in (contractRecorder.ts), from the same starting state, and must send the same method, path,
 * query, headers and JSON body, leave the stand-in in the same state and agree on the answer.
 *
 * Only v3: `@hubspot/api-client` v14 has no client for the date-versioned (2026-03) API.
 */
import { describe, expect, it } from 'vitest';
import {
  STANDIN_APPS,
  STANDIN_DEVELOPER_API_KEY,
  type CallingAppRecord,
  type RecordingRecord,
} from '../../../standin/hubspotApi';
import * as callingAppApi from '../callingAppApi';
import {
  createCallingAppSettings,
  createRecordingSettings,
  deleteCallingAppSettings,
  getCallingAppSettings,
  getRecordingSettings,
  updateCallingAppSettings,
  updateRecordingSettings,
} from '../callingAppApi';
import type { CallingAppSettings, CallingAppValues } from '../callingAppFields';
import type { ApiResult } from '../channelConnectionApi';
import { apiException, asSeeded, asWire, useContractRecorder, withoutClock, type Outcome, type Seed } from './contractRecorder';

const [APP] = STANDIN_APPS;
const { appId: _appId, ...SEEDED } = APP;
/** The first stand-in app's calling app settings as the stand-in holds them after a reset. */
const SEEDED_SETTINGS: CallingAppRecord = SEEDED;

/** All nine fields, each different from the seeded app's, so nothing passes by being left as it was. */
const ALL_NINE: CallingAppValues = {
  name: 'Acme Dialer',
  url: 'https://acme.example.test/calling-widget',
  width: 360,
  height: 640,
  isReady: false,
  supportsCustomObjects: true,
  supportsInboundCalling: false,
  usesCallingWindow: false,
  usesRemote: true,
};
const RECORDING: RecordingRecord = { urlToRetrieveAuthedRecording: 'https://acme.example.test/recordings/%s' };
const NEW_RECORDING: RecordingRecord = { urlToRetrieveAuthedRecording: 'https://acme.example.test/v2/recordings/%s' };

const SETTINGS_PATH = `/crm/v3/extensions/calling/${APP.appId}/settings`;
const RECORDING_PATH = `${SETTINGS_PATH}/recording`;
const QUERY = { hapikey: [STANDIN_DEVELOPER_API_KEY] };
const ACCEPT = 'application/json, */*;q=0.8';

const contract = useContractRecorder();

/** The seed without the app's calling app settings (the seed has them for every stand-in app). */
const noSettings: Seed = (standin) => standin.callingApps.delete(APP.appId);
/** The seed plus recording settings for the app (the seed has none). */
const withRecording: Seed = (standin) => standin.recordings.set(APP.appId, { ...RECORDING });

function value<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected ours to succeed, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function theirValue(outcome: Outcome): unknown {
  if (!outcome.ok) throw new Error(`expected @hubspot/api-client to succeed, it threw ${String(outcome.error)}`);
  return outcome.value;
}

/**
 * Both succeeded with the same answer. Theirs converts the timestamps to Dates, so it is compared as JSON; a write
 * stamps each run with its own clock, so `sameClock: false` leaves the timestamps out.
 */
function expectSameAnswer<T>(theirOutcome: Outcome, ourResult: ApiResult<T>, { sameClock = true } = {}): T {
  const ours = value(ourResult);
  const theirs = asWire(theirValue(theirOutcome));
  if (sameClock) expect(theirs).toEqual(ours);
  else expect(withoutClock(theirs)).toEqual(withoutClock(ours));
  return ours;
}

/** Both failed with the same HTTP status, category and message; returns ours. */
function expectSameError<T>(theirOutcome: Outcome, ourResult: ApiResult<T>, status: number, category: string) {
  const exception = apiException(theirOutcome);
  expect(exception.code).toBe(status);
  expect(exception.body).toMatchObject({ category });
  if (ourResult.ok) throw new Error(`expected ours to fail, got ${JSON.stringify(ourResult.value)}`);
  expect(ourResult.error).toMatchObject({ kind: 'http', status, category, message: exception.body.message });
  return { exception, ours: ourResult.error };
}

/**
 * `@hubspot/api-client`'s `ErrorDetail` names HubSpot's `in` `_in` (a reserved word in its generator); back to the
 * wire names, to compare with ours, which keeps HubSpot's JSON as it came.
 */
function wireErrors(errors: unknown): unknown {
  if (!Array.isArray(errors)) return errors;
  return errors.map((detail: Record<string, unknown>) => {
    const { _in, ...rest } = asWire(detail) as Record<string, unknown>;
    return _in === undefined ? rest : { ...rest, in: _in };
  });
}

describe('calling app settings (settingsApi) match @hubspot/api-client', () => {
  it('getById (registered)', async () => {
    const { theirOutcome, ourResult, request } = await contract.compare(
      asSeeded,
      () => contract.theirs().settingsApi.getById(APP.appId),
      () => getCallingAppSettings(contract.ours()),
    );
    expect(request).toEqual({ method: 'GET', path: SETTINGS_PATH, query: QUERY, accept: ACCEPT, contentType: undefined, body: undefined });
    expect(theirValue(theirOutcome)).toMatchObject({ createdAt: expect.any(Date), updatedAt: expect.any(Date) });
    expect(expectSameAnswer(theirOutcome, ourResult)).toEqual(SEEDED_SETTINGS);
  });

  it('getById (not registered): theirs throws ApiException 404, ours is ok with null', async () => {
    const { theirOutcome, ourResult } = await contract.compare(
      noSettings,
      () => contract.theirs().settingsApi.getById(APP.appId),
      () => getCallingAppSettings(contract.ours()),
    );
    const exception = apiException(theirOutcome);
    expect(exception.code).toBe(404);
    expect(exception.body).toMatchObject({ category: 'OBJECT_NOT_FOUND' });
    expect(ourResult).toMatchObject({ ok: true, value: null, exchange: { status: 404 } });
    expect(JSON.parse(ourResult.exchange.responseBody ?? '')).toMatchObject({ message: exception.body.message });
  });

  it('create with all nine fields', async () => {
    const { theirOutcome, ourResult, request } = await contract.compare(
      noSettings,
      () => contract.theirs().settingsApi.create(APP.appId, ALL_NINE),
      () => createCallingAppSettings(contract.ours(), ALL_NINE),
    );
    expect(request).toEqual({
      method: 'POST',
      path: SETTINGS_PATH,
      query: QUERY,
      accept: ACCEPT,
      contentType: 'application/json',
      body: ALL_NINE,
    });
    expect(withoutClock(expectSameAnswer(theirOutcome, ourResult, { sameClock: false }))).toEqual(ALL_NINE);
    expect(contract.standin.callingApps.get(APP.appId)).toMatchObject(ALL_NINE);
  });

  it('create with only name and url sends only those two (v3 requires no more)', async () => {
    const { name, url } = ALL_NINE;
    const { theirOutcome, ourResult, request } = await contract.compare(
      noSettings,
      () => contract.theirs().settingsApi.create(APP.appId, { name, url }),
      () => createCallingAppSettings(contract.ours(), { name, url }),
    );
    expect(request).toMatchObject({ method: 'POST', path: SETTINGS_PATH, query: QUERY, contentType: 'application/json' });
    expect(request.body).toEqual({ name, url });
    expect(expectSameAnswer(theirOutcome, ourResult, { sameClock: false })).toMatchObject({ name, url });
  });

  it('create over existing settings: both see 409 CONFLICT, and the settings stay as they were', async () => {
    const { theirOutcome, ourResult } = await contract.compare(
      asSeeded,
      () => contract.theirs().settingsApi.create(APP.appId, ALL_NINE),
      () => createCallingAppSettings(contract.ours(), ALL_NINE),
    );
    expectSameError(theirOutcome, ourResult, 409, 'CONFLICT');
    expect(contract.standin.callingApps.get(APP.appId)).toEqual(SEEDED_SETTINGS);
  });

  it('update with one field sends only it', async () => {
    const { theirOutcome, ourResult, request } = await contract.compare(
      asSeeded,
      () => contract.theirs().settingsApi.update(APP.appId, { name: ALL_NINE.name }),
      () => updateCallingAppSettings(contract.ours(), { name: ALL_NINE.name }),
    );
    expect(request).toEqual({
      method: 'PATCH',
      path: SETTINGS_PATH,
      query: QUERY,
      accept: ACCEPT,
      contentType: 'application/json',
      body: { name: ALL_NINE.name },
    });
    const answer = expectSameAnswer(theirOutcome, ourResult, { sameClock: false });
    expect(answer).toEqual({ ...SEEDED_SETTINGS, name: ALL_NINE.name, updatedAt: expect.any(String) });
    expect(Date.parse(answer.updatedAt)).toBeGreaterThan(Date.parse(SEEDED_SETTINGS.updatedAt));
  });

  it('update with isReady false sends false, not nothing', async () => {
    expect(SEEDED_SETTINGS.isReady).toBe(true);
    const { theirOutcome, ourResult, request } = await contract.compare(
      asSeeded,
      () => contract.theirs().settingsApi.update(APP.appId, { isReady: false }),
      () => updateCallingAppSettings(contract.ours(), { isReady: false }),
    );
    expect(request.body).toEqual({ isReady: false });
    expect(expectSameAnswer(theirOutcome, ourResult, { sameClock: false })).toMatchObject({ isReady: false });
    expect(contract.standin.callingApps.get(APP.appId)).toMatchObject({ isReady: false });
  });

  it('update with several fields sends exactly those', async () => {
    const patch: Partial<CallingAppValues> = { url: ALL_NINE.url, width: 1, height: 2_147_483_647, usesRemote: true, supportsInboundCalling: false };
    const { theirOutcome, ourResult, request } = await contract.compare(
      asSeeded,
      () => contract.theirs().settingsApi.update(APP.appId, patch),
      () => updateCallingAppSettings(contract.ours(), patch),
    );
    expect(request).toMatchObject({ method: 'PATCH', path: SETTINGS_PATH, query: QUERY, contentType: 'application/json' });
    expect(request.body).toEqual(patch);
    expect(expectSameAnswer(theirOutcome, ourResult, { sameClock: false })).toMatchObject({
      ...SEEDED_SETTINGS,
      ...patch,
      updatedAt: expect.any(String),
    });
  });

  it('update when nothing is registered: both see 404', async () => {
    const { theirOutcome, ourResult } = await contract.compare(
      noSettings,
      () => contract.theirs().settingsApi.update(APP.appId, { isReady: true }),
      () => updateCallingAppSettings(contract.ours(), { isReady: true }),
    );
    expectSameError(theirOutcome, ourResult, 404, 'OBJECT_NOT_FOUND');
    expect(contract.standin.callingApps.has(APP.appId)).toBe(false);
  });

  it('archive (delete)', async () => {
    const { theirOutcome, ourResult, request } = await contract.compare(
      asSeeded,
      () => contract.theirs().settingsApi.archive(APP.appId),
      () => deleteCallingAppSettings(contract.ours()),
    );
    expect(request).toEqual({ method: 'DELETE', path: SETTINGS_PATH, query: QUERY, accept: ACCEPT, contentType: undefined, body: undefined });
    expect(theirOutcome).toEqual({ ok: true, value: undefined });
    expect(ourResult).toMatchObject({ ok: true, value: null, exchange: { status: 204 } });
    expect(contract.standin.callingApps.has(APP.appId)).toBe(false);
    expect(contract.standin.callingApps.size).toBe(STANDIN_APPS.length - 1);
  });

  it('archive when nothing is registered: both see 404', async () => {
    const { theirOutcome, ourResult } = await contract.compare(
      noSettings,
      () => contract.theirs().settingsApi.archive(APP.appId),
      () => deleteCallingAppSettings(contract.ours()),
    );
    expectSameError(theirOutcome, ourResult, 404, 'OBJECT_NOT_FOUND');
  });
});

describe('recording settings (recordingSettingsApi) match @hubspot/api-client', () => {
  it('getUrlFormat (registered)', async () => {
    const { theirOutcome, ourResult, request } = await contract.compare(
      withRecording,
      () => contract.theirs().recordingSettingsApi.getUrlFormat(APP.appId),
      () => getRecordingSettings(contract.ours()),
    );
    expect(request).toEqual({ method: 'GET', path: RECORDING_PATH, query: QUERY, accept: ACCEPT, contentType: undefined, body: undefined });
    expect(expectSameAnswer(theirOutcome, ourResult)).toEqual(RECORDING);
  });

  it('getUrlFormat (not registered): theirs throws ApiException 404, ours is ok with null', async () => {
    const { theirOutcome, ourResult } = await contract.compare(
      asSeeded,
      () => contract.theirs().recordingSettingsApi.getUrlFormat(APP.appId),
      () => getRecordingSettings(contract.ours()),
    );
    const exception = apiException(theirOutcome);
    expect(exception.code).toBe(404);
    expect(exception.body).toMatchObject({ category: 'OBJECT_NOT_FOUND' });
    expect(ourResult).toMatchObject({ ok: true, value: null, exchange: { status: 404 } });
  });

  it('registerUrlFormat (create)', async () => {
    const { theirOutcome, ourResult, request } = await contract.compare(
      asSeeded,
      () => contract.theirs().recordingSettingsApi.registerUrlFormat(APP.appId, RECORDING),
      () => createRecordingSettings(contract.ours(), RECORDING),
    );
    expect(request).toEqual({
      method: 'POST',
      path: RECORDING_PATH,
      query: QUERY,
      accept: ACCEPT,
      contentType: 'application/json',
      body: RECORDING,
    });
    expect(expectSameAnswer(theirOutcome, ourResult)).toEqual(RECORDING);
    expect(contract.standin.recordings.get(APP.appId)).toEqual(RECORDING);
  });

  it('updateUrlFormat (update)', async () => {
    const { theirOutcome, ourResult, request } = await contract.compare(
      withRecording,
      () => contract.theirs().recordingSettingsApi.updateUrlFormat(APP.appId, NEW_RECORDING),
      () => updateRecordingSettings(contract.ours(), NEW_RECORDING),
    );
    expect(request).toEqual({
      method: 'PATCH',
      path: RECORDING_PATH,
      query: QUERY,
      accept: ACCEPT,
      contentType: 'application/json',
      body: NEW_RECORDING,
    });
    expect(expectSameAnswer(theirOutcome, ourResult)).toEqual(NEW_RECORDING);
  });

  it('registerUrlFormat over existing settings: both see 409 CONFLICT', async () => {
    const { theirOutcome, ourResult } = await contract.compare(
      withRecording,
      () => contract.theirs().recordingSettingsApi.registerUrlFormat(APP.appId, NEW_RECORDING),
      () => createRecordingSettings(contract.ours(), NEW_RECORDING),
    );
    expectSameError(theirOutcome, ourResult, 409, 'CONFLICT');
    expect(contract.standin.recordings.get(APP.appId)).toEqual(RECORDING);
  });

  it('no delete: @hubspot/api-client has none, ours offers none, and the stand-in answers DELETE 405 with Allow', async () => {
    const theirMethods = Object.getOwnPropertyNames(Object.getPrototypeOf(contract.theirs().recordingSettingsApi) as object);
    expect(theirMethods).toEqual(expect.arrayContaining(['getUrlFormat', 'registerUrlFormat', 'updateUrlFormat']));
    expect(theirMethods.filter((name) => /archive|delete|remove/i.test(name))).toEqual([]);
    expect(Object.keys(callingAppApi).filter((name) => /^(delete|archive|remove).*recording/i.test(name))).toEqual([]);

    contract.standin.recordings.set(APP.appId, { ...RECORDING });
    const url = new URL(`${contract.basePath}${RECORDING_PATH}`);
    url.searchParams.set('hapikey', STANDIN_DEVELOPER_API_KEY);
    const response = await fetch(url, { method: 'DELETE', headers: { accept: ACCEPT } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST, PATCH');
    expect(await response.json()).toMatchObject({ status: 'error', category: 'METHOD_NOT_ALLOWED' });
    expect(contract.standin.recordings.get(APP.appId)).toEqual(RECORDING);
  });
});

describe('errors on the calling app resources', () => {
  const wrong = 'not-the-developer-key';
  it.each<[string, () => Promise<unknown>, () => Promise<ApiResult<unknown>>]>([
    ['settings getById', () => contract.theirs(wrong).settingsApi.getById(APP.appId), () => getCallingAppSettings(contract.ours(wrong))],
    [
      'settings update',
      () => contract.theirs(wrong).settingsApi.update(APP.appId, { isReady: false }),
      () => updateCallingAppSettings(contract.ours(wrong), { isReady: false }),
    ],
    ['settings archive', () => contract.theirs(wrong).settingsApi.archive(APP.appId), () => deleteCallingAppSettings(contract.ours(wrong))],
    [
      'recording getUrlFormat',
      () => contract.theirs(wrong).recordingSettingsApi.getUrlFormat(APP.appId),
      () => getRecordingSettings(contract.ours(wrong)),
    ],
    [
      'recording registerUrlFormat',
      () => contract.theirs(wrong).recordingSettingsApi.registerUrlFormat(APP.appId, RECORDING),
      () => createRecordingSettings(contract.ours(wrong), RECORDING),
    ],
  ])('a wrong developer key (%s): both see 401 INVALID_AUTHENTICATION with the same message', async (_case, theirs, ours) => {
    const { theirOutcome, ourResult, request } = await contract.compare(asSeeded, theirs, ours);
    expect(request.query).toEqual({ hapikey: [wrong] });
    const { exception } = expectSameError(theirOutcome, ourResult, 401, 'INVALID_AUTHENTICATION');
    expect(exception.body.message).toMatch(/API key provided is invalid/);
    expect(contract.standin.callingApps.get(APP.appId)).toEqual(SEEDED_SETTINGS);
    expect(contract.standin.recordings.size).toBe(0);
  });

  // What a form bug or a hand-edited value could send: the types forbid it, so it is cast, as a bug would be.
  const bad = (fields: Record<string, unknown>) => fields as Partial<CallingAppValues>;
  it.each([
    ['create, width 0', noSettings, bad({ ...ALL_NINE, width: 0 }), 'width'],
    ['create, height a string', noSettings, bad({ ...ALL_NINE, height: '600' }), 'height'],
    ['update, width 0', asSeeded, bad({ width: 0 }), 'width'],
    ['update, width a string', asSeeded, bad({ width: 'wide' }), 'width'],
    ['update, width 1.5', asSeeded, bad({ width: 1.5 }), 'width'],
    ['update, isReady a string', asSeeded, bad({ isReady: 'true' }), 'isReady'],
  ] as const)('settings %s: both see 400 VALIDATION_ERROR, ours with the errors details', async (name, seed, fields, field) => {
    const write = name.startsWith('create');
    const { theirOutcome, ourResult, request } = await contract.compare(
      seed,
      () =>
        write
          ? contract.theirs().settingsApi.create(APP.appId, fields as CallingAppValues)
          : contract.theirs().settingsApi.update(APP.appId, fields),
      () => (write ? createCallingAppSettings(contract.ours(), fields) : updateCallingAppSettings(contract.ours(), fields)),
    );
    expect(request.body).toEqual(fields);
    const { exception, ours } = expectSameError(theirOutcome, ourResult, 400, 'VALIDATION_ERROR');
    expect(ours).toMatchObject({ errors: [{ in: field, code: 'INVALID_TYPE', message: expect.stringContaining(field) }] });
    expect(ours.kind === 'http' && ours.errors).toEqual(wireErrors(exception.body.errors));
  });

  it('recording updateUrlFormat with an empty URL: both see 400 VALIDATION_ERROR, ours with the errors details', async () => {
    const { theirOutcome, ourResult, request } = await contract.compare(
      withRecording,
      () => contract.theirs().recordingSettingsApi.updateUrlFormat(APP.appId, { urlToRetrieveAuthedRecording: '' }),
      () => updateRecordingSettings(contract.ours(), { urlToRetrieveAuthedRecording: '' }),
    );
    expect(request.body).toEqual({ urlToRetrieveAuthedRecording: '' });
    const { exception, ours } = expectSameError(theirOutcome, ourResult, 400, 'VALIDATION_ERROR');
    expect(ours).toMatchObject({ errors: [{ in: 'urlToRetrieveAuthedRecording', code: 'INVALID_TYPE' }] });
    expect(ours.kind === 'http' && ours.errors).toEqual(wireErrors(exception.body.errors));
    expect(contract.standin.recordings.get(APP.appId)).toEqual(RECORDING);
  });
});

describe('a whole settings object passed as it is', () => {
  // Both clients send the nine fields only: HubSpot's own through its request model, ours by picking them.
  it.each([
    ['create', noSettings],
    ['update', asSeeded],
  ] as const)('%s sends the nine fields, not createdAt and updatedAt, from both clients', async (operation, seed) => {
    const fetched: CallingAppSettings = { ...ALL_NINE, createdAt: SEEDED_SETTINGS.createdAt, updatedAt: SEEDED_SETTINGS.updatedAt };
    const theirs = await contract.record(seed, () =>
      operation === 'create' ? contract.theirs().settingsApi.create(APP.appId, fetched) : contract.theirs().settingsApi.update(APP.appId, fetched),
    );
    const ours = await contract.record(seed, () =>
      operation === 'create' ? createCallingAppSettings(contract.ours(), fetched) : updateCallingAppSettings(contract.ours(), fetched),
    );
    expect(theirs.requests.map((request) => request.body)).toEqual([ALL_NINE]);
    expect(ours.requests.map((request) => request.body)).toEqual([ALL_NINE]);
    expect(asWire(theirs.value)).toMatchObject(ALL_NINE);
    expect(ours.value).toMatchObject({ ok: true, value: ALL_NINE });
  });
});
