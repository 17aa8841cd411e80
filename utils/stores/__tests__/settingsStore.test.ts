import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppProfile } from '../../profiles/appProfiles';
import type { ChannelConnectionSettings } from '../../hubspotApi/channelConnectionApi';
import { useProfilesStore } from '../profilesStore';
import { useRequestLogStore } from '../requestLogStore';
import { useSettingsStore } from '../settingsStore';
import { matrixKey } from '../../matrix/matrixJournal';
import { testJournal } from '../../__tests__/testJournal';
import { matrixRunsItem } from '../../platform/storage';
import { fakeHostPermissions } from '../../__tests__/fakeHostPermissions';
import {
  CALLING_APP_PATH,
  openWithApi,
  OTHER,
  PROFILE,
  RECORDING_PATH,
  REGISTERED,
  resetOptionsPage,
  SETTINGS_PATH,
  stubHubSpotApi,
  storedStatus,
  type FakeHubSpotApi,
} from './optionsPage';

const UNAUTHORIZED = {
  status: 'error',
  message: 'Authentication credentials not found.',
  correlationId: '0f6e1b2a-aaaa-bbbb-cccc-1234567890ab',
  category: 'INVALID_AUTHENTICATION',
};

const settings = () => useSettingsStore.getState();
/** What the options page reads for the active profile: this panel's settings and the calling app panel's two. */
const PAGE_READS = [`GET ${CALLING_APP_PATH}`, `GET ${SETTINGS_PATH}`, `GET ${RECORDING_PATH}`];
const profiles = () => useProfilesStore.getState();
const requestLog = () => useRequestLogStore.getState();
/**
 * The write the test made, as logged. Not simply the first entry: the log is ordered by start time, and a read sent
 * when the page opened, in the same millisecond, may be answered after the write.
 */
const loggedWrite = () => requestLog().entries.find((entry) => entry.method !== 'GET');

let api: FakeHubSpotApi;

async function loadWith(stored: AppProfile[], registered: ChannelConnectionSettings | null = null) {
  api = await openWithApi(stored, registered);
}

beforeEach(() => {
  resetOptionsPage();
  api = stubHubSpotApi();
  // The production API host is a required permission, so it is granted.
  fakeHostPermissions(['https://api.hubapi.com/*']);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('following the active profile', () => {
  it('on load, reads the active profile\'s channel-connection settings, and the calling app panel its own', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);

    expect(profiles().editor).toEqual({ mode: 'closed' });
    expect(settings().remote).toEqual({ status: 'loaded', settings: REGISTERED });
    expect(settings().form).toEqual({ url: REGISTERED.url, isReady: false, urlError: null });
    expect(api.requests.map((sent) => `${sent.method} ${sent.url.pathname}`).sort()).toEqual(PAGE_READS);
    expect(await storedStatus(PROFILE.id)).toMatchObject({ state: 'registered', settings: REGISTERED });
  });

  it('starts over when another profile becomes active: nothing of the previous one stays on screen', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    settings().updateForm({ url: 'https://example.com/typed-for-acme', isReady: true });
    settings().askDelete();
    api.requests.length = 0;

    await profiles().setActiveProfile(OTHER.id);

    expect(api.requests.map((sent) => sent.url.pathname)).toContain(`/crm/v3/extensions/calling/${OTHER.appId}/settings/channel-connection`);
    // The fake API knows Acme's app only, so Beta is not registered: a form kept from Acme would stay filled in.
    expect(settings().remote).toEqual({ status: 'loaded', settings: null });
    expect(settings().form).toEqual({ url: '', isReady: false, urlError: null });
    expect(settings().confirmingDelete).toBe(false);
  });

  it('reads again when the active profile is saved, not when another one is', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    api.requests.length = 0;

    profiles().editProfile(OTHER.id);
    profiles().updateDraft({ label: 'Renamed' });
    await profiles().saveProfile();
    expect(api.requests).toEqual([]);

    profiles().editProfile(PROFILE.id);
    profiles().updateDraft({ label: 'Renamed' });
    await profiles().saveProfile();
    expect(api.requests.map((sent) => `${sent.method} ${sent.url.pathname}`).sort()).toEqual(PAGE_READS);
  });
});

describe('channel-connection settings panel', () => {
  it('register() with an invalid URL marks the URL and sends nothing', async () => {
    await loadWith([PROFILE]);
    const sent = api.requests.length;
    settings().updateForm({ url: 'http://example.com/hook', isReady: true });

    await settings().register();

    expect(settings().form).toEqual({
      url: 'http://example.com/hook',
      isReady: true,
      urlError: 'The URL must use https (http is accepted only for localhost).',
    });
    expect(api.requests).toHaveLength(sent);
    expect(requestLog().entries).toHaveLength(PAGE_READS.length);
  });

  it('register() posts the URL and isReady, then shows, logs and caches the result', async () => {
    await loadWith([PROFILE]);
    settings().updateForm({ url: ' https://example.com/hook ', isReady: true });

    await settings().register();

    expect(api.writes()).toEqual([
      { method: 'POST', url: expect.any(URL), body: { url: 'https://example.com/hook', isReady: true } },
    ]);
    const created = { url: 'https://example.com/hook', isReady: true, createdAt: expect.any(String), updatedAt: expect.any(String) };
    expect(settings().remote).toMatchObject({ status: 'loaded', settings: created });
    expect(settings().form).toEqual({ url: 'https://example.com/hook', isReady: true, urlError: null });
    expect(settings().panelMessage).toEqual({ kind: 'info', text: 'Webhook registered.' });
    expect(settings().busy).toBeNull();
    expect(loggedWrite()).toMatchObject({
      operation: 'Register',
      method: 'POST',
      status: 200,
      outcome: 'HTTP 200',
      url: `https://api.hubapi.com${SETTINGS_PATH}?hapikey=[REDACTED]`,
      requestBody: JSON.stringify({ url: 'https://example.com/hook', isReady: true }),
    });
    expect(await storedStatus(PROFILE.id)).toMatchObject({ profileId: PROFILE.id, state: 'registered', settings: created });
  });

  it.each([
    ['the URL', { url: 'https://example.com/new-hook' }, { url: 'https://example.com/new-hook' }],
    ['isReady', { isReady: true }, { isReady: true }],
    ['both', { url: 'https://example.com/new-hook', isReady: true }, { url: 'https://example.com/new-hook', isReady: true }],
  ] as const)('saveChanges() sends only what changed: %s', async (_case, edit, patch) => {
    await loadWith([PROFILE], REGISTERED);
    settings().updateForm(edit);

    await settings().saveChanges();

    expect(api.writes()).toEqual([{ method: 'PATCH', url: expect.any(URL), body: patch }]);
    expect(settings().remote).toMatchObject({ status: 'loaded', settings: { ...REGISTERED, ...patch, updatedAt: '2026-03-04T05:06:07.000Z' } });
    expect(settings().panelMessage).toEqual({ kind: 'info', text: 'Changes saved.' });
    expect(loggedWrite()).toMatchObject({ operation: 'Save changes', method: 'PATCH', requestBody: JSON.stringify(patch) });
    expect(await storedStatus(PROFILE.id)).toMatchObject({ state: 'registered', settings: { ...REGISTERED, ...patch, updatedAt: '2026-03-04T05:06:07.000Z' } });
  });

  it('while the QA matrix runs for the app, shows it and changes nothing: the matrix puts isReady back at the end', async () => {
    await loadWith([PROFILE], REGISTERED);
    const key = matrixKey(PROFILE.apiBaseUrl, PROFILE.appId);
    const run = testJournal();
    await matrixRunsItem.setValue({ [key]: run });
    await vi.waitFor(() => expect(settings().matrixRunning).toBe(true));

    await settings().setIsReady(true);

    expect(api.writes()).toEqual([]);
    expect(settings().panelMessage).toEqual({
      kind: 'error',
      text: 'The QA matrix is running for this app: it changes isReady itself and puts it back at the end. Nothing was sent.',
    });
    await matrixRunsItem.setValue({ [key]: { ...run, state: 'done', outcome: { ok: false, reason: 'stopped' } } });
    await vi.waitFor(() => expect(settings().matrixRunning).toBe(false));
  });

  it('saveChanges() with nothing changed sends nothing and says so', async () => {
    await loadWith([PROFILE], REGISTERED);
    const logged = requestLog().entries.length;
    settings().updateForm({ url: `${REGISTERED.url}` });

    await settings().saveChanges();

    expect(api.writes()).toEqual([]);
    expect(settings().panelMessage).toEqual({ kind: 'info', text: 'Nothing changed: nothing was sent.' });
    expect(requestLog().entries).toHaveLength(logged);
  });

  it.each([
    [true, /^Released: isReady is true/],
    [false, /^Withdrawn: isReady is false/],
  ] as const)('setIsReady(%s) patches only isReady', async (isReady, message) => {
    await loadWith([PROFILE], { ...REGISTERED, isReady: !isReady });
    settings().updateForm({ url: 'https://example.com/typed-but-not-saved' });

    await settings().setIsReady(isReady);

    expect(api.writes()).toEqual([{ method: 'PATCH', url: expect.any(URL), body: { isReady } }]);
    expect(settings().remote).toMatchObject({ status: 'loaded', settings: { url: REGISTERED.url, isReady } });
    expect(settings().panelMessage).toEqual({ kind: 'info', text: expect.stringMatching(message) });
    expect(loggedWrite()).toMatchObject({ operation: isReady ? 'Release to all users' : 'Withdraw', method: 'PATCH' });
    expect(await storedStatus(PROFILE.id)).toMatchObject({ state: 'registered', settings: { isReady } });
  });

  it('confirmDelete() deletes, shows not registered, keeps the URL to register again and caches it', async () => {
    await loadWith([PROFILE], REGISTERED);
    settings().askDelete();
    expect(settings().confirmingDelete).toBe(true);

    await settings().confirmDelete();

    expect(api.writes()).toEqual([{ method: 'DELETE', url: expect.any(URL), body: undefined }]);
    expect(settings().confirmingDelete).toBe(false);
    expect(settings().remote).toMatchObject({ status: 'loaded', settings: null });
    expect(settings().panelMessage).toEqual({ kind: 'info', text: 'Webhook deleted: the app is not registered.' });
    expect(settings().form).toEqual({ url: REGISTERED.url, isReady: false, urlError: null });
    expect(loggedWrite()).toMatchObject({ operation: 'Delete', method: 'DELETE', status: 204 });
    expect(loggedWrite()?.requestBody).toBeUndefined();
    expect(await storedStatus(PROFILE.id)).toMatchObject({ profileId: PROFILE.id, state: 'not-registered' });
  });

  it.each([
    ['register', 'POST', null, { url: 'https://example.com/typed', isReady: true }, () => settings().register()],
    ['saveChanges', 'PATCH', REGISTERED, { url: 'https://example.com/typed', isReady: true }, () => settings().saveChanges()],
  ] as const)('a failed %s keeps the form exactly as typed and shows HubSpot message and correlationId', async (
    _case,
    method,
    registered,
    typed,
    run,
  ) => {
    await loadWith([PROFILE], registered);
    const remoteBefore = settings().remote;
    const cachedBefore = await storedStatus(PROFILE.id);
    settings().updateForm(typed);
    api.failNext(method, 401, UNAUTHORIZED);

    await run();

    expect(api.writes().map((sent) => sent.method)).toEqual([method]);
    expect(settings().form).toEqual({ ...typed, urlError: null });
    expect(settings().remote).toEqual(remoteBefore);
    expect(settings().panelMessage).toEqual({ kind: 'error', text: expect.stringContaining('Authentication credentials not found.') });
    expect(settings().panelMessage?.text).toContain(`correlationId ${UNAUTHORIZED.correlationId}`);
    expect(settings().panelMessage?.text).toContain('HTTP 401');
    expect(loggedWrite()).toMatchObject({ method, status: 401, correlationId: UNAUTHORIZED.correlationId });
    expect(settings().busy).toBeNull();
    expect(await storedStatus(PROFILE.id)).toEqual(cachedBefore);
  });

  it('a profile without credential sends nothing and says so', async () => {
    await loadWith([{ ...PROFILE, credential: '' }]);
    expect(settings().remote).toEqual({ status: 'error', message: expect.stringMatching(/no credential/) });
    settings().updateForm({ url: 'https://example.com/hook' });

    await settings().register();

    expect(api.fetch).not.toHaveBeenCalled();
    expect(settings().panelMessage).toEqual({ kind: 'error', text: expect.stringMatching(/no credential.*Nothing was sent/) });
  });
});

describe('host access', () => {
  it('a profile whose API host was never granted (an imported one) is not contacted, and the fix is named', async () => {
    await loadWith([{ ...PROFILE, apiBaseUrl: 'https://custom.example.test' }]);

    expect(settings().remote).toEqual({
      status: 'error',
      message: 'The extension may not access custom.example.test yet: edit the profile and save it to grant access.',
    });
    settings().updateForm({ url: 'https://example.com/hook' });
    await settings().register();
    expect(settings().panelMessage?.text).toMatch(/may not access custom\.example\.test yet.*Nothing was sent\./);
    expect(api.fetch).not.toHaveBeenCalled();
  });
});
