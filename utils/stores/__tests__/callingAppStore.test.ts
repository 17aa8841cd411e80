import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppProfile } from '../../profiles/appProfiles';
import { formOf, type CallingAppForm, type CallingAppSettings } from '../../hubspotApi/callingAppFields';
import type { RecordingSettings } from '../../hubspotApi/callingAppApi';
import { fakeHostPermissions } from '../../__tests__/fakeHostPermissions';
import { newRegistrationForm, useCallingAppStore } from '../callingAppStore';
import { NO_CREDENTIAL } from '../profileRequests';
import { useProfilesStore } from '../profilesStore';
import { useRequestLogStore } from '../requestLogStore';
import {
  CALLING_APP,
  CALLING_APP_PATH,
  KEY,
  openWithApi,
  OTHER,
  PROFILE,
  RECORDING_PATH,
  resetOptionsPage,
  STAMP,
  stubHubSpotApi,
  type FakeCallingApp,
  type FakeHubSpotApi,
} from './optionsPage';

const store = () => useCallingAppStore.getState();
const profiles = () => useProfilesStore.getState();
const requestLog = () => useRequestLogStore.getState();

/** Beta under its own name, so a form prefilled for it differs from Acme's. */
const BETA: AppProfile = { ...OTHER, appDisplayName: 'Beta Calls' };
const OTHER_APP_PATH = `/crm/v3/extensions/calling/${BETA.appId}/settings`;

const RECORDING: RecordingSettings = { urlToRetrieveAuthedRecording: 'https://dialer.example.com/recordings' };

const HUBSPOT_400 = {
  status: 'error',
  message: 'Invalid input JSON on line 1: width must be at most 2000',
  correlationId: 'a1b2c3d4-0000-1111-2222-333344445555',
  category: 'VALIDATION_ERROR',
};

let api: FakeHubSpotApi;

async function open(calling: FakeCallingApp = {}, stored: AppProfile[] = [PROFILE, BETA]) {
  api = await openWithApi(stored, null, calling);
}

/** What was sent to the calling app's two resources (not the channel-connection settings the other panel reads). */
const callingRequests = () =>
  api.requests
    .filter((request) => !request.url.pathname.endsWith('/channel-connection'))
    .map((request) => ({ method: request.method, path: request.url.pathname, body: request.body }));

/** The calling app panel's writes. */
const writes = () => callingRequests().filter((request) => request.method !== 'GET');

const loaded = () => {
  const { remote } = store();
  if (remote.status !== 'loaded') throw new Error(`expected loaded, got ${JSON.stringify(remote)}`);
  return remote;
};

const typed = (patch: Partial<CallingAppForm>) => store().updateForm(patch);

beforeEach(() => {
  resetOptionsPage();
  api = stubHubSpotApi();
  fakeHostPermissions(['https://api.hubapi.com/*']);
});

afterEach(async () => {
  // The log stores its entries after the request; waiting for that keeps a test's entries out of the next one's log.
  await requestLog().clear();
  vi.unstubAllGlobals();
});

describe('loading', () => {
  it("reads the active profile's calling app settings and recording settings, and fills the form", async () => {
    await open({ recording: RECORDING });

    expect(store().remote).toStrictEqual({ status: 'loaded', settings: CALLING_APP, recording: RECORDING });
    expect(store().form).toStrictEqual(formOf(CALLING_APP));
    expect(store().form).toMatchObject({ name: 'Acme Dialer', width: '400', height: '600', supportsInboundCalling: true });
    expect(store().recordingUrl).toBe(RECORDING.urlToRetrieveAuthedRecording);
    expect(store()).toMatchObject({ errors: {}, message: null, confirming: null, busy: null, recordingError: null });
    expect(callingRequests().map((request) => `${request.method} ${request.path}`).sort()).toStrictEqual([
      `GET ${CALLING_APP_PATH}`,
      `GET ${RECORDING_PATH}`,
    ]);
  });

  it('a recording 404 is "no recording URL": the settings still show, the recording field stays empty', async () => {
    await open();
    expect(store().remote).toStrictEqual({ status: 'loaded', settings: CALLING_APP, recording: null });
    expect(store().recordingUrl).toBe('');
  });

  it("not registered: the form is prefilled with the profile's app name, 400 × 600 and every flag false", async () => {
    await open({ callingApp: null }, [{ ...PROFILE, appDisplayName: 'Acme Calls' }]);

    expect(store().remote).toStrictEqual({ status: 'loaded', settings: null, recording: null });
    expect(store().form).toStrictEqual({
      name: 'Acme Calls',
      url: '',
      width: '400',
      height: '600',
      isReady: false,
      supportsCustomObjects: false,
      supportsInboundCalling: false,
      usesCallingWindow: false,
      usesRemote: false,
    });
  });

  it('a profile without a credential sends nothing and says why', async () => {
    await open({}, [{ ...PROFILE, credential: '' }]);
    expect(store().remote).toStrictEqual({ status: 'error', message: NO_CREDENTIAL });
    expect(callingRequests()).toStrictEqual([]);
  });

  it('a failed read is shown in words with the correlationId', async () => {
    await open();
    api.failNext('GET', 401, { ...HUBSPOT_400, message: 'The API key provided is invalid.', category: 'INVALID_AUTHENTICATION' });

    await store().refresh();

    expect(store().remote).toStrictEqual({
      status: 'error',
      message: `HTTP 401 INVALID_AUTHENTICATION: The API key provided is invalid. (correlationId ${HUBSPOT_400.correlationId})`,
    });
  });
});

describe('saving the settings', () => {
  it('invalid fields are each marked at their field, and nothing is sent', async () => {
    await open();
    typed({ name: '  ', url: 'http://dialer.example.com/widget', width: '0', height: '1.5' });

    await store().save();

    expect(Object.keys(store().errors).sort()).toStrictEqual(['height', 'name', 'url', 'width']);
    expect(store().errors.url).toMatch(/must use https/);
    expect(store().form).toMatchObject({ name: '  ', url: 'http://dialer.example.com/widget', width: '0', height: '1.5' });
    expect(store().confirming).toBeNull();
    expect(writes()).toStrictEqual([]);
  });

  it('typing in a field clears its error only', async () => {
    await open();
    typed({ name: '', width: 'abc' });
    await store().save();
    typed({ width: '320' });
    expect(Object.keys(store().errors)).toStrictEqual(['name']);
  });

  it('invalid fields of a new registration are marked too, and nothing is sent', async () => {
    await open({ callingApp: null });
    await store().save();
    expect(store().errors).toStrictEqual({ url: 'Enter the URL of the calling widget.' });
    expect(writes()).toStrictEqual([]);
  });

  it('with no change, nothing is sent, and it says so', async () => {
    await open();
    await store().save();
    expect(store().message).toStrictEqual({ kind: 'info', text: 'Nothing changed: nothing was sent.' });
    expect(writes()).toStrictEqual([]);
  });

  it('blanks around what is registered are no change', async () => {
    await open();
    typed({ name: ` ${CALLING_APP.name} `, url: `${CALLING_APP.url}\n`, width: ' 400 ' });
    await store().save();
    expect(store().message).toStrictEqual({ kind: 'info', text: 'Nothing changed: nothing was sent.' });
    expect(writes()).toStrictEqual([]);
  });

  it('PATCHes only the changed fields, false included, and shows what HubSpot answers', async () => {
    await open();
    typed({ width: '320', supportsInboundCalling: false, name: ' Acme Dialer ' });

    await store().save();

    expect(writes()).toStrictEqual([{ method: 'PATCH', path: CALLING_APP_PATH, body: { width: 320, supportsInboundCalling: false } }]);
    const saved: CallingAppSettings = { ...CALLING_APP, width: 320, supportsInboundCalling: false, updatedAt: STAMP };
    expect(loaded().settings).toStrictEqual(saved);
    expect(store().form).toStrictEqual(formOf(saved));
    expect(store().message).toStrictEqual({ kind: 'info', text: 'Saved: width, supportsInboundCalling.' });
    expect(store().busy).toBeNull();
  });

  it('an HTTP error is said in words with its correlationId, and the form stays as typed', async () => {
    await open();
    typed({ width: '5000', usesRemote: true });
    const form = store().form;
    api.failNext('PATCH', 400, HUBSPOT_400);

    await store().save();

    expect(store().message).toStrictEqual({
      kind: 'error',
      text: `Save calling app changes failed. HTTP 400 VALIDATION_ERROR: ${HUBSPOT_400.message} (correlationId ${HUBSPOT_400.correlationId})`,
    });
    expect(store().form).toStrictEqual(form);
    expect(loaded().settings).toStrictEqual(CALLING_APP);
    expect(api.callingApp()).toStrictEqual(CALLING_APP);
    expect(store().busy).toBeNull();
  });

  it('unchecking isReady of a released app saves at once, without asking', async () => {
    await open({ callingApp: { ...CALLING_APP, isReady: true } });
    typed({ isReady: false });
    await store().save();
    expect(store().confirming).toBeNull();
    expect(writes()).toStrictEqual([{ method: 'PATCH', path: CALLING_APP_PATH, body: { isReady: false } }]);
  });

  it(
    // The form shows HubSpot's URL as HubSpot stores it and the check sends it as the browser parses it (a trailing
    // "/" added to a bare origin): the two must compare equal, or an untouched form would PATCH the URL.
    'an untouched form whose URL HubSpot stores unnormalized sends nothing',
    async () => {
      await open({ callingApp: { ...CALLING_APP, url: 'https://dialer.example.com' } });
      await store().save();
      expect(writes()).toStrictEqual([]);
      expect(store().message).toStrictEqual({ kind: 'info', text: 'Nothing changed: nothing was sent.' });
    },
  );
});

describe('releasing (isReady true) waits for a yes', () => {
  it('asks first and sends nothing until confirmed', async () => {
    await open();
    typed({ isReady: true, height: '650' });

    await store().save();

    const { createdAt: _createdAt, updatedAt: _updatedAt, ...values } = CALLING_APP;
    expect(store().confirming).toStrictEqual({ kind: 'release', values: { ...values, isReady: true, height: 650 } });
    expect(writes()).toStrictEqual([]);
  });

  it('a change to the form after the question closes it: the values asked about are never sent', async () => {
    await open();
    typed({ isReady: true });
    await store().save();

    typed({ isReady: false });
    await store().confirm();

    expect(store().confirming).toBeNull();
    expect(writes()).toStrictEqual([]);
  });

  it('a yes while another request is under way keeps the question open, sending nothing yet', async () => {
    await open();
    typed({ isReady: true });
    await store().save();
    useCallingAppStore.setState({ busy: 'Save recording URL' });

    await store().confirm();

    expect(store().confirming).toMatchObject({ kind: 'release' });
    expect(writes()).toStrictEqual([]);
  });

  it('a read of the same profile (another page saved it) keeps what was typed, and closes the question', async () => {
    await open();
    typed({ name: 'Renamed Dialer', isReady: true });
    await store().save();

    await store().refresh();

    expect(store().form).toMatchObject({ name: 'Renamed Dialer', isReady: true });
    expect(store().confirming).toBeNull();
    expect(writes()).toStrictEqual([]);
  });

  it('cancel sends nothing and keeps the form as typed', async () => {
    await open();
    typed({ isReady: true });
    await store().save();

    store().cancelConfirmation();

    expect(store().confirming).toBeNull();
    expect(store().form.isReady).toBe(true);
    expect(writes()).toStrictEqual([]);
    await store().confirm();
    expect(writes()).toStrictEqual([]);
  });

  it('confirm sends isReady true with the other changes, and says the app is released', async () => {
    await open();
    typed({ isReady: true, height: '650' });
    await store().save();

    await store().confirm();

    expect(writes()).toStrictEqual([{ method: 'PATCH', path: CALLING_APP_PATH, body: { height: 650, isReady: true } }]);
    expect(store().confirming).toBeNull();
    expect(loaded().settings).toMatchObject({ isReady: true, height: 650 });
    expect(store().message).toStrictEqual({ kind: 'info', text: 'Released: isReady is true, so every user of the app is offered it.' });
  });

  it('confirm of isReady alone sends exactly {isReady: true}', async () => {
    await open();
    typed({ isReady: true });
    await store().save();
    await store().confirm();
    expect(writes()).toStrictEqual([{ method: 'PATCH', path: CALLING_APP_PATH, body: { isReady: true } }]);
  });

  it('an app already released is saved without asking', async () => {
    await open({ callingApp: { ...CALLING_APP, isReady: true } });
    typed({ name: 'Acme Dialer Pro' });
    await store().save();
    expect(store().confirming).toBeNull();
    expect(writes()).toStrictEqual([{ method: 'PATCH', path: CALLING_APP_PATH, body: { name: 'Acme Dialer Pro' } }]);
  });
});

describe('registering', () => {
  it('POSTs all nine fields when the app is not registered, then shows what HubSpot stored', async () => {
    await open({ callingApp: null });
    typed({ url: ' https://dialer.example.com/widget ', usesCallingWindow: true });

    await store().save();

    expect(store().confirming).toBeNull();
    const body = {
      name: 'Acme Dialer',
      url: 'https://dialer.example.com/widget',
      width: 400,
      height: 600,
      isReady: false,
      supportsCustomObjects: false,
      supportsInboundCalling: false,
      usesCallingWindow: true,
      usesRemote: false,
    };
    expect(writes()).toStrictEqual([{ method: 'POST', path: CALLING_APP_PATH, body }]);
    expect(Object.keys(writes()[0]?.body as object)).toHaveLength(9);
    expect(loaded().settings).toStrictEqual({ ...body, createdAt: STAMP, updatedAt: STAMP });
    expect(store().form).toStrictEqual(formOf(body));
    expect(store().message).toStrictEqual({ kind: 'info', text: 'Calling app settings registered.' });
  });

  it('registering released asks first, then POSTs with isReady true', async () => {
    await open({ callingApp: null });
    typed({ url: 'https://dialer.example.com/widget', isReady: true });

    await store().save();
    expect(store().confirming).toMatchObject({ kind: 'release' });
    expect(writes()).toStrictEqual([]);

    await store().confirm();
    expect(writes()).toMatchObject([{ method: 'POST', path: CALLING_APP_PATH, body: { isReady: true, url: 'https://dialer.example.com/widget' } }]);
    expect(loaded().settings).toMatchObject({ isReady: true });
  });

  it('a failed registration says why and keeps the form as typed, still not registered', async () => {
    await open({ callingApp: null });
    typed({ url: 'https://dialer.example.com/widget', name: 'Acme' });
    const form = store().form;
    api.failNext('POST', 400, HUBSPOT_400);

    await store().save();

    expect(store().message).toMatchObject({ kind: 'error', text: expect.stringContaining(`correlationId ${HUBSPOT_400.correlationId}`) });
    expect(store().message?.text).toMatch(/^Register calling app failed\. HTTP 400 VALIDATION_ERROR/);
    expect(store().form).toStrictEqual(form);
    expect(loaded().settings).toBeNull();
  });
});

describe('deleting', () => {
  it('asks first; confirm DELETEs, shows "not registered" and keeps the form', async () => {
    await open({ recording: RECORDING });
    store().askDelete();
    expect(store().confirming).toStrictEqual({ kind: 'delete' });
    expect(writes()).toStrictEqual([]);

    await store().confirm();

    expect(writes()).toStrictEqual([{ method: 'DELETE', path: CALLING_APP_PATH, body: undefined }]);
    expect(store().remote).toStrictEqual({ status: 'loaded', settings: null, recording: RECORDING });
    expect(store().form).toStrictEqual(formOf(CALLING_APP));
    expect(store().message).toStrictEqual({ kind: 'info', text: 'Calling app settings deleted: HubSpot no longer offers the app for calling.' });
    expect(api.callingApp()).toBeNull();
  });

  it('cancel sends nothing', async () => {
    await open();
    store().askDelete();
    store().cancelConfirmation();
    expect(store().confirming).toBeNull();
    await store().confirm();
    expect(writes()).toStrictEqual([]);
    expect(loaded().settings).toStrictEqual(CALLING_APP);
  });

  it('there is nothing to delete when the app is not registered', async () => {
    await open({ callingApp: null });
    store().askDelete();
    expect(store().confirming).toBeNull();
  });

  it('the kept form registers the same settings again', async () => {
    await open();
    store().askDelete();
    await store().confirm();
    await store().save();
    const { createdAt: _createdAt, updatedAt: _updatedAt, ...values } = CALLING_APP;
    expect(writes().map((request) => request.method)).toStrictEqual(['DELETE', 'POST']);
    expect(writes()[1]?.body).toStrictEqual(values);
  });

  it('a failed delete says why and leaves the app registered', async () => {
    await open();
    store().askDelete();
    api.failNext('DELETE', 403, { ...HUBSPOT_400, message: 'Missing scope', category: 'MISSING_SCOPES' });
    await store().confirm();
    expect(store().message?.text).toBe(
      `Delete calling app failed. HTTP 403 MISSING_SCOPES: Missing scope (correlationId ${HUBSPOT_400.correlationId})`,
    );
    expect(loaded().settings).toStrictEqual(CALLING_APP);
  });
});

describe('recording URL', () => {
  it('registers (POST), then saves a change (PATCH), then sends nothing when unchanged', async () => {
    await open();
    store().updateRecordingUrl(' https://dialer.example.com/recordings ');

    await store().saveRecording();
    expect(writes()).toStrictEqual([{ method: 'POST', path: RECORDING_PATH, body: RECORDING }]);
    expect(loaded().recording).toStrictEqual(RECORDING);
    expect(store().recordingUrl).toBe(RECORDING.urlToRetrieveAuthedRecording);
    expect(store().message).toStrictEqual({ kind: 'info', text: 'Recording URL registered.' });

    store().updateRecordingUrl('https://dialer.example.com/recordings/v2');
    await store().saveRecording();
    expect(writes().slice(1)).toStrictEqual([
      { method: 'PATCH', path: RECORDING_PATH, body: { urlToRetrieveAuthedRecording: 'https://dialer.example.com/recordings/v2' } },
    ]);
    expect(loaded().recording).toStrictEqual({ urlToRetrieveAuthedRecording: 'https://dialer.example.com/recordings/v2' });
    expect(store().message).toStrictEqual({ kind: 'info', text: 'Recording URL saved.' });

    await store().saveRecording();
    expect(writes()).toHaveLength(2);
    expect(store().message).toStrictEqual({ kind: 'info', text: 'Nothing changed: nothing was sent.' });
  });

  it('keeps the calling app settings as they are', async () => {
    await open();
    store().updateRecordingUrl(RECORDING.urlToRetrieveAuthedRecording);
    await store().saveRecording();
    expect(loaded().settings).toStrictEqual(CALLING_APP);
  });

  it.each([
    ['', /Enter the URL HubSpot fetches/],
    ['http://recordings.example.com/', /must use https/],
    ['recordings.example.com', /absolute URL/],
    ['https://user:pw@recordings.example.com/', /user name or password/],
    ['javascript:alert(1)', /must use https/],
  ])('refuses %j at the recording field and sends nothing', async (url, message) => {
    await open();
    store().updateRecordingUrl(url);
    await store().saveRecording();
    expect(store().recordingError).toMatch(message);
    expect(store().recordingUrl).toBe(url);
    expect(writes()).toStrictEqual([]);

    store().updateRecordingUrl('https://recordings.example.com/');
    expect(store().recordingError).toBeNull();
  });

  it('a failed save says why and keeps the URL as typed', async () => {
    await open({ recording: RECORDING });
    store().updateRecordingUrl('https://dialer.example.com/other');
    api.failNext('PATCH', 400, HUBSPOT_400);
    await store().saveRecording();
    expect(store().message?.text).toBe(
      `Save recording URL failed. HTTP 400 VALIDATION_ERROR: ${HUBSPOT_400.message} (correlationId ${HUBSPOT_400.correlationId})`,
    );
    expect(store().recordingUrl).toBe('https://dialer.example.com/other');
    expect(loaded().recording).toStrictEqual(RECORDING);
  });
});

describe('following the active profile', () => {
  it('switching profile starts over: nothing of the previous app stays', async () => {
    await open({ recording: RECORDING });
    typed({ name: 'typed for Acme', width: 'abc' });
    await store().save();
    store().askDelete();
    store().updateRecordingUrl('https://typed-for-acme.example.com/');
    api.requests.length = 0;

    await profiles().setActiveProfile(BETA.id);

    expect(callingRequests().map((request) => `${request.method} ${request.path}`).sort()).toStrictEqual([
      `GET ${OTHER_APP_PATH}`,
      `GET ${OTHER_APP_PATH}/recording`,
    ]);
    // The fake API knows Acme's app only: Beta is not registered.
    expect(store().remote).toStrictEqual({ status: 'loaded', settings: null, recording: null });
    expect(store().form).toStrictEqual(newRegistrationForm(BETA));
    expect(store().form.name).toBe('Beta Calls');
    expect(store()).toMatchObject({ errors: {}, recordingUrl: '', recordingError: null, confirming: null, message: null });
  });

  it('a release asked for one app cannot be confirmed for another after a switch', async () => {
    await open();
    typed({ isReady: true });
    await store().save();
    await profiles().setActiveProfile(BETA.id);
    api.requests.length = 0;

    await store().confirm();

    expect(writes()).toStrictEqual([]);
  });

  it(
    // Deleting the active profile makes another one active: a delete still waiting for its yes would otherwise
    // DELETE the calling app settings of that other profile's app.
    'deleting the active profile: a pending delete of its app is not sent to the app of the next profile',
    async () => {
      await open({ recording: RECORDING });
      store().askDelete();
      profiles().askDelete(PROFILE.id);
      await profiles().confirmDelete();
      expect(profiles().activeProfileId).toBe(BETA.id);
      api.requests.length = 0;

      await store().confirm();
      expect(writes()).toStrictEqual([]);
      expect(store().confirming).toBeNull();
    },
  );

  it(
    // The next profile's app starts with an empty field, not the deleted profile's recording URL.
    "deleting the active profile: the deleted profile's recording URL does not stay in the field",
    async () => {
      await open({ recording: RECORDING });
      profiles().askDelete(PROFILE.id);
      await profiles().confirmDelete();
      expect(store().remote).toStrictEqual({ status: 'loaded', settings: null, recording: null });
      expect(store().form).toStrictEqual(newRegistrationForm(BETA));
      expect(store().recordingUrl).toBe('');
    },
  );

  it('an answer for a profile no longer active is not shown', async () => {
    await open({ callingApp: null });
    typed({ url: 'https://dialer.example.com/widget' });
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const fetchMock = api.fetch.getMockImplementation()!;
    api.fetch.mockImplementation(async (input, init) => {
      if (init?.method === 'POST') await answered;
      return fetchMock(input, init);
    });

    const saving = store().save();
    await vi.waitFor(() => expect(store().busy).toBe('Register calling app'));
    await profiles().setActiveProfile(BETA.id);
    release();
    await saving;

    expect(store().remote).toStrictEqual({ status: 'loaded', settings: null, recording: null });
    expect(store().form).toStrictEqual(newRegistrationForm(BETA));
    expect(store().message).toBeNull();
    expect(store().busy).toBeNull();
  });
});

describe('request log', () => {
  it('every request appears in the request log under the operation names of the panel', async () => {
    await open({ callingApp: null });
    typed({ url: 'https://dialer.example.com/widget' });
    await store().save();
    typed({ width: '320' });
    await store().save();
    typed({ isReady: true });
    await store().save();
    await store().confirm();
    store().askDelete();
    await store().confirm();
    store().updateRecordingUrl(RECORDING.urlToRetrieveAuthedRecording);
    await store().saveRecording();
    store().updateRecordingUrl(`${RECORDING.urlToRetrieveAuthedRecording}/v2`);
    await store().saveRecording();
    api.failNext('PATCH', 400, HUBSPOT_400);
    store().updateRecordingUrl(`${RECORDING.urlToRetrieveAuthedRecording}/v3`);
    await store().saveRecording();

    const logged = requestLog()
      .entries.filter((entry) => !entry.url.includes('/channel-connection'))
      .map((entry) => `${entry.operation}: ${entry.method} ${new URL(entry.url).pathname} ${entry.status}`)
      .sort();
    expect(logged).toStrictEqual(
      [
        `Read calling app settings: GET ${CALLING_APP_PATH} 404`,
        `Read recording settings: GET ${RECORDING_PATH} 404`,
        `Register calling app: POST ${CALLING_APP_PATH} 200`,
        `Save calling app changes: PATCH ${CALLING_APP_PATH} 200`,
        `Save calling app changes: PATCH ${CALLING_APP_PATH} 200`,
        `Delete calling app: DELETE ${CALLING_APP_PATH} 204`,
        `Register recording URL: POST ${RECORDING_PATH} 200`,
        `Save recording URL: PATCH ${RECORDING_PATH} 200`,
        `Save recording URL: PATCH ${RECORDING_PATH} 400`,
      ].sort(),
    );
    expect(logged).toHaveLength(callingRequests().length);
    const failed = requestLog().entries.find((entry) => entry.status === 400);
    expect(failed).toMatchObject({ profileId: PROFILE.id, correlationId: HUBSPOT_400.correlationId });
  });

  it('nothing logged holds the credential', async () => {
    await open();
    typed({ usesRemote: true });
    await store().save();
    expect(JSON.stringify(requestLog().entries)).not.toContain(KEY);
    expect(requestLog().entries.filter((entry) => entry.url.startsWith(`https://api.hubapi.com${CALLING_APP_PATH}?hapikey=[REDACTED]`))).toHaveLength(2);
  });

  it('nothing refused before sending is logged', async () => {
    await open();
    const before = requestLog().entries.length;
    typed({ width: '-1' });
    await store().save();
    await store().save();
    store().updateRecordingUrl('ftp://x.example.com/');
    await store().saveRecording();
    expect(requestLog().entries).toHaveLength(before);
  });
});
