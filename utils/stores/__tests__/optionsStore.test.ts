import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { EMPTY_DRAFT, exportProfiles, type AppProfile, type ProfileDraft } from '../../profiles/appProfiles';
import type { ChannelConnectionSettings } from '../../hubspotApi/channelConnectionApi';
import type { IsReadyStatus } from '../../hubspotApi/isReadyStatus';
import { useOptionsStore } from '../optionsStore';
import { isReadyStatusItem, profilesItem, setActiveProfile } from '../../platform/storage';
import { fakeHostPermissions } from '../../__tests__/fakeHostPermissions';
import { testProfile } from '../../__tests__/testProfile';

const KEY = 'dev-key-7f3a9c1e';
const SETTINGS_PATH = '/crm/v3/extensions/calling/123456/settings/channel-connection';
const CALLING_APP_PATH = '/crm/v3/extensions/calling/123456/settings';

const PROFILE: AppProfile = testProfile({ credential: KEY, isTestApp: true });

const OTHER: AppProfile = { ...PROFILE, id: 'profile-2', label: 'Beta', appId: 987, credential: 'other-key-0000' };

const REGISTERED: ChannelConnectionSettings = {
  url: 'https://example.com/hubspot/channel-connection',
  isReady: false,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
};

const VALID_DRAFT: ProfileDraft = {
  ...EMPTY_DRAFT,
  label: 'Acme dialer',
  appId: '123456',
  credential: KEY,
  appDisplayName: 'Acme Dialer',
  clientSecret: 'client-secret-b8e2d4f6',
};

const UNAUTHORIZED = {
  status: 'error',
  message: 'Authentication credentials not found.',
  correlationId: '0f6e1b2a-aaaa-bbbb-cccc-1234567890ab',
  category: 'INVALID_AUTHENTICATION',
};

interface Request {
  method: string;
  url: URL;
  body: unknown;
}

/**
 * HubSpot's channel-connection settings API for one app, in memory. `failNext` makes the next request of a method
 * answer with the given status and body.
 */
function fakeHubSpotApi(initial: ChannelConnectionSettings | null = null) {
  let settings = initial;
  const failures = new Map<string, { status: number; body: unknown }>();
  const requests: Request[] = [];
  const respond = (status: number, body?: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
    });

  const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    requests.push({ method, url, body });
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      return respond(failure.status, failure.body);
    }
    if (url.pathname === CALLING_APP_PATH && method === 'GET') return respond(200, { name: 'Acme Dialer', isReady: false });
    if (url.pathname !== SETTINGS_PATH) return respond(404, { status: 'error', message: 'No such path' });
    const stamp = '2026-03-04T05:06:07.000Z';
    switch (method) {
      case 'GET':
        return settings ? respond(200, settings) : respond(404, { status: 'error', message: 'Not found' });
      case 'POST':
        settings = { ...(body as { url: string; isReady: boolean }), createdAt: stamp, updatedAt: stamp };
        return respond(200, settings);
      case 'PATCH':
        if (!settings) return respond(404, { status: 'error', message: 'Not found' });
        settings = { ...settings, ...(body as object), updatedAt: stamp };
        return respond(200, settings);
      case 'DELETE':
        settings = null;
        return respond(204);
      default:
        return respond(405, { status: 'error', message: 'Method not allowed' });
    }
  });

  return {
    fetch: fetchMock,
    requests,
    /** Requests other than the reads done by `refreshSettings`. */
    writes: () => requests.filter((request) => request.method !== 'GET'),
    failNext(method: string, status: number, body: unknown) {
      failures.set(method, { status, body });
    },
  };
}

let api: ReturnType<typeof fakeHubSpotApi>;
let permissions: ReturnType<typeof fakeHostPermissions>;

const store = () => useOptionsStore.getState();

/** A stored active profile, loaded by the store as the options page does when it opens. */
async function loadWith(profiles: AppProfile[], settings: ChannelConnectionSettings | null = null) {
  api = fakeHubSpotApi(settings);
  vi.stubGlobal('fetch', api.fetch);
  await profilesItem.setValue({ profiles, activeProfileId: profiles[0]?.id ?? null });
  await store().load();
}

async function storedStatus(profileId: string): Promise<IsReadyStatus | undefined> {
  return (await isReadyStatusItem.getValue())[profileId];
}

beforeEach(() => {
  fakeBrowser.reset();
  useOptionsStore.setState(useOptionsStore.getInitialState(), true);
  api = fakeHubSpotApi();
  vi.stubGlobal('fetch', api.fetch);
  // The production API host is a required permission, so it is granted.
  permissions = fakeHostPermissions(['https://api.hubapi.com/*']);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('load', () => {
  it('with no profiles opens a new-profile editor and sends nothing', async () => {
    await store().load();

    expect(store().loaded).toBe(true);
    expect(store().profiles).toEqual([]);
    expect(store().editor).toEqual({ mode: 'new', profileId: null, draft: EMPTY_DRAFT, errors: {}, message: null });
    expect(api.fetch).not.toHaveBeenCalled();
  });

  it('with an active profile reads its channel-connection and calling app settings', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);

    expect(store().editor).toEqual({ mode: 'closed' });
    expect(store().remote).toEqual({
      status: 'loaded',
      settings: REGISTERED,
      callingApp: { name: 'Acme Dialer', isReady: false },
    });
    expect(store().form).toEqual({ url: REGISTERED.url, isReady: false, urlError: null });
    expect(api.requests.map((sent) => `${sent.method} ${sent.url.pathname}`).sort()).toEqual([
      `GET ${CALLING_APP_PATH}`,
      `GET ${SETTINGS_PATH}`,
    ]);
    expect(await storedStatus(PROFILE.id)).toMatchObject({ state: 'registered', settings: REGISTERED });
  });

  it('follows the active profile chosen elsewhere (the popup), and a later save here keeps that choice', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    api.requests.length = 0;

    await setActiveProfile(OTHER.id);

    await vi.waitFor(() => expect(store().activeProfileId).toBe(OTHER.id));
    await vi.waitFor(() => expect(api.requests.map((sent) => sent.url.pathname)).toContain(`/crm/v3/extensions/calling/${OTHER.appId}/settings/channel-connection`));
    store().editProfile(PROFILE.id);
    store().updateDraft({ label: 'Renamed here' });
    await store().saveProfile();
    expect(await profilesItem.getValue()).toMatchObject({ activeProfileId: OTHER.id, profiles: [{ id: PROFILE.id, label: 'Renamed here' }, { id: OTHER.id }] });
  });
});

describe('saveProfile', () => {
  it('with bad fields marks each field, writes nothing to storage and sends no request', async () => {
    await store().load();
    store().updateDraft({ label: ' ', appId: '12a', apiBaseUrl: 'http://api.hubapi.com', credential: 'a b' });

    await store().saveProfile();

    const { editor } = store();
    if (editor.mode === 'closed') throw new Error('the editor should stay open');
    expect(Object.keys(editor.errors).sort()).toEqual(['apiBaseUrl', 'appDisplayName', 'appId', 'credential', 'label']);
    expect(editor.errors.apiBaseUrl).toMatch(/https/);
    expect(editor.message).toBe('Fix the fields marked below; nothing was saved.');
    expect(editor.draft).toMatchObject({ label: ' ', appId: '12a', apiBaseUrl: 'http://api.hubapi.com', credential: 'a b' });
    expect(store().profiles).toEqual([]);
    expect(await fakeBrowser.storage.local.get()).toEqual({});
    expect(api.fetch).not.toHaveBeenCalled();
    expect(permissions.contains).not.toHaveBeenCalled();
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('editing a field clears only its error', async () => {
    await store().load();
    store().updateDraft({ label: '' });
    await store().saveProfile();

    store().updateDraft({ label: 'Named' });

    const { editor } = store();
    if (editor.mode === 'closed') throw new Error('the editor should stay open');
    expect(editor.errors.label).toBeUndefined();
    expect(editor.errors.appId).toBeDefined();
  });

  it('stores a valid profile on api.hubapi.com in the local area only, makes it active and reads its settings', async () => {
    await store().load();
    store().updateDraft(VALID_DRAFT);

    await store().saveProfile();

    expect(store().editor).toEqual({ mode: 'closed' });
    const [saved] = store().profiles;
    expect(saved).toEqual({ ...PROFILE, id: expect.any(String), isTestApp: false });
    expect(store().activeProfileId).toBe(saved!.id);
    expect(await profilesItem.getValue()).toEqual({ profiles: [saved], activeProfileId: saved!.id });
    expect(await fakeBrowser.storage.sync.get()).toEqual({});
    expect(await fakeBrowser.storage.session.get()).toEqual({});
    expect(permissions.prompt).not.toHaveBeenCalled();

    const read = api.requests.find((sent) => sent.url.pathname === SETTINGS_PATH);
    expect(read?.method).toBe('GET');
    expect(read?.url.origin).toBe('https://api.hubapi.com');
    expect(read?.url.searchParams.get('hapikey')).toBe(KEY);
    expect(store().remote).toMatchObject({ status: 'loaded', settings: null });
  });

  it('keeps the stored secrets when an edit leaves them empty', async () => {
    await loadWith([PROFILE]);
    store().editProfile(PROFILE.id);
    const { editor } = store();
    if (editor.mode === 'closed') throw new Error('the editor should be open');
    expect(editor.draft.credential).toBe('');
    expect(editor.draft.clientSecret).toBe('');

    store().updateDraft({ label: 'Renamed' });
    await store().saveProfile();

    expect(await profilesItem.getValue()).toEqual({ profiles: [{ ...PROFILE, label: 'Renamed' }], activeProfileId: PROFILE.id });
  });

  describe('on a custom API base URL', () => {
    const custom = { ...VALID_DRAFT, apiBaseUrl: 'https://hubspot-proxy.example.test/api/' };
    const origins = ['https://hubspot-proxy.example.test/*'];

    it('does not ask again for a host already granted', async () => {
      permissions.grant(origins);
      await store().load();
      store().updateDraft(custom);

      await store().saveProfile();

      expect(permissions.prompt).not.toHaveBeenCalled();
      expect(store().profiles).toEqual([expect.objectContaining({ apiBaseUrl: 'https://hubspot-proxy.example.test/api' })]);
      expect(api.requests[0]?.url.href).toMatch(/^https:\/\/hubspot-proxy\.example\.test\/api\/crm\/v3\//);
    });

    it('asks for the host when it is not granted, then saves', async () => {
      permissions.prompt.mockResolvedValue(true);
      await store().load();
      store().updateDraft(custom);

      await store().saveProfile();

      expect(permissions.prompt).toHaveBeenCalledWith(origins);
      expect(store().editor).toEqual({ mode: 'closed' });
      expect((await profilesItem.getValue()).profiles).toHaveLength(1);
    });

    it('asks before its first await, while Firefox still counts the click as the user asking', async () => {
      await store().load();
      store().updateDraft(custom);

      const saving = store().saveProfile();

      expect(permissions.request).toHaveBeenCalledWith({ origins });
      await saving;
    });

    it.each([
      ['refused', () => permissions.prompt.mockResolvedValue(false), /^Access to hubspot-proxy\.example\.test was not granted, so the profile was not saved\.$/],
      ['failing', () => permissions.request.mockRejectedValue(new Error('boom')), /^Could not ask for access to hubspot-proxy\.example\.test: boom$/],
    ])('a %s request keeps the profile unsaved, with a message at apiBaseUrl', async (_case, arrange, message) => {
      arrange();
      await store().load();
      store().updateDraft(custom);

      await store().saveProfile();

      const { editor } = store();
      if (editor.mode === 'closed') throw new Error('the editor should stay open');
      expect(editor.errors).toEqual({ apiBaseUrl: expect.stringMatching(message) });
      expect(editor.draft).toEqual(custom);
      expect(store().profiles).toEqual([]);
      expect(await fakeBrowser.storage.local.get()).toEqual({});
      expect(api.fetch).not.toHaveBeenCalled();
    });
  });
});

describe('channel-connection settings panel', () => {
  it('register() with an invalid URL marks the URL and sends nothing', async () => {
    await loadWith([PROFILE]);
    const sent = api.requests.length;
    store().updateForm({ url: 'http://example.com/hook', isReady: true });

    await store().register();

    expect(store().form).toEqual({
      url: 'http://example.com/hook',
      isReady: true,
      urlError: 'The URL must use https (http is accepted only for localhost).',
    });
    expect(api.requests).toHaveLength(sent);
    expect(store().log).toHaveLength(2);
  });

  it('register() posts the URL and isReady, then shows, logs and caches the result', async () => {
    await loadWith([PROFILE]);
    store().updateForm({ url: ' https://example.com/hook ', isReady: true });

    await store().register();

    expect(api.writes()).toEqual([
      { method: 'POST', url: expect.any(URL), body: { url: 'https://example.com/hook', isReady: true } },
    ]);
    const created = { url: 'https://example.com/hook', isReady: true, createdAt: expect.any(String), updatedAt: expect.any(String) };
    expect(store().remote).toMatchObject({ status: 'loaded', settings: created });
    expect(store().form).toEqual({ url: 'https://example.com/hook', isReady: true, urlError: null });
    expect(store().panelMessage).toEqual({ kind: 'info', text: 'Webhook registered.' });
    expect(store().busy).toBeNull();
    expect(store().log[0]).toMatchObject({
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
    store().updateForm(edit);

    await store().saveChanges();

    expect(api.writes()).toEqual([{ method: 'PATCH', url: expect.any(URL), body: patch }]);
    expect(store().remote).toMatchObject({ status: 'loaded', settings: { ...REGISTERED, ...patch, updatedAt: '2026-03-04T05:06:07.000Z' } });
    expect(store().panelMessage).toEqual({ kind: 'info', text: 'Changes saved.' });
    expect(store().log[0]).toMatchObject({ operation: 'Save changes', method: 'PATCH', requestBody: JSON.stringify(patch) });
    expect(await storedStatus(PROFILE.id)).toMatchObject({ state: 'registered', settings: { ...REGISTERED, ...patch, updatedAt: '2026-03-04T05:06:07.000Z' } });
  });

  it('saveChanges() with nothing changed sends nothing and says so', async () => {
    await loadWith([PROFILE], REGISTERED);
    const logged = store().log.length;
    store().updateForm({ url: `${REGISTERED.url}` });

    await store().saveChanges();

    expect(api.writes()).toEqual([]);
    expect(store().panelMessage).toEqual({ kind: 'info', text: 'Nothing changed: nothing was sent.' });
    expect(store().log).toHaveLength(logged);
  });

  it.each([
    [true, /^Released: isReady is true/],
    [false, /^Withdrawn: isReady is false/],
  ] as const)('setIsReady(%s) patches only isReady', async (isReady, message) => {
    await loadWith([PROFILE], { ...REGISTERED, isReady: !isReady });
    store().updateForm({ url: 'https://example.com/typed-but-not-saved' });

    await store().setIsReady(isReady);

    expect(api.writes()).toEqual([{ method: 'PATCH', url: expect.any(URL), body: { isReady } }]);
    expect(store().remote).toMatchObject({ status: 'loaded', settings: { url: REGISTERED.url, isReady } });
    expect(store().panelMessage).toEqual({ kind: 'info', text: expect.stringMatching(message) });
    expect(store().log[0]).toMatchObject({ operation: isReady ? 'Release to all users' : 'Withdraw', method: 'PATCH' });
    expect(await storedStatus(PROFILE.id)).toMatchObject({ state: 'registered', settings: { isReady } });
  });

  it('confirmDelete() deletes, shows not registered, keeps the URL to register again and caches it', async () => {
    await loadWith([PROFILE], REGISTERED);
    store().askDelete();
    expect(store().confirmingDelete).toBe(true);

    await store().confirmDelete();

    expect(api.writes()).toEqual([{ method: 'DELETE', url: expect.any(URL), body: undefined }]);
    expect(store().confirmingDelete).toBe(false);
    expect(store().remote).toMatchObject({ status: 'loaded', settings: null });
    expect(store().panelMessage).toEqual({ kind: 'info', text: 'Webhook deleted: the app is not registered.' });
    expect(store().form).toEqual({ url: REGISTERED.url, isReady: false, urlError: null });
    expect(store().log[0]).toMatchObject({ operation: 'Delete', method: 'DELETE', status: 204, requestBody: undefined });
    expect(await storedStatus(PROFILE.id)).toMatchObject({ profileId: PROFILE.id, state: 'not-registered' });
  });

  it('keeps the request log newest first, with the credential redacted everywhere', async () => {
    await loadWith([PROFILE], REGISTERED);
    await store().setIsReady(true);
    await store().setIsReady(false);

    expect(store().log.map((entry) => entry.operation)).toEqual([
      'Withdraw',
      'Release to all users',
      'Read calling app settings',
      'Read channel-connection settings',
    ]);
    expect(new Set(store().log.map((entry) => entry.id)).size).toBe(4);
    expect(JSON.stringify(store().log)).not.toContain(KEY);
    expect(store().log[0]?.curl).toContain('hapikey=${HUBSPOT_DEVELOPER_API_KEY}');
  });

  it.each([
    ['register', 'POST', null, { url: 'https://example.com/typed', isReady: true }, () => store().register()],
    ['saveChanges', 'PATCH', REGISTERED, { url: 'https://example.com/typed', isReady: true }, () => store().saveChanges()],
  ] as const)('a failed %s keeps the form exactly as typed and shows HubSpot message and correlationId', async (
    _case,
    method,
    settings,
    typed,
    run,
  ) => {
    await loadWith([PROFILE], settings);
    const remoteBefore = store().remote;
    const cachedBefore = await storedStatus(PROFILE.id);
    store().updateForm(typed);
    api.failNext(method, 401, UNAUTHORIZED);

    await run();

    expect(api.writes().map((sent) => sent.method)).toEqual([method]);
    expect(store().form).toEqual({ ...typed, urlError: null });
    expect(store().remote).toEqual(remoteBefore);
    expect(store().panelMessage).toEqual({ kind: 'error', text: expect.stringContaining('Authentication credentials not found.') });
    expect(store().panelMessage?.text).toContain(`correlationId ${UNAUTHORIZED.correlationId}`);
    expect(store().panelMessage?.text).toContain('HTTP 401');
    expect(store().log[0]).toMatchObject({ method, status: 401, correlationId: UNAUTHORIZED.correlationId });
    expect(store().busy).toBeNull();
    expect(await storedStatus(PROFILE.id)).toEqual(cachedBefore);
  });

  it('a profile without credential sends nothing and says so', async () => {
    await loadWith([{ ...PROFILE, credential: '' }]);
    expect(store().remote).toEqual({ status: 'error', message: expect.stringMatching(/no credential/) });
    store().updateForm({ url: 'https://example.com/hook' });

    await store().register();

    expect(api.fetch).not.toHaveBeenCalled();
    expect(store().panelMessage).toEqual({ kind: 'error', text: expect.stringMatching(/no credential.*Nothing was sent/) });
  });
});

describe('import and export', () => {
  it.each([
    ['not JSON', 'not json', /not JSON/],
    ['a wrong format', JSON.stringify({ format: 'x', version: 1, profiles: [] }), /not a Channel Connection Tester profile export/],
    [
      'a bad profile',
      exportProfiles([PROFILE, { ...PROFILE, id: 'bad', apiBaseUrl: 'http://api.hubapi.com' }], false),
      /Profile 2 .*apiBaseUrl/,
    ],
  ])('a file with %s leaves the profiles untouched and says why', async (_case, text, reason) => {
    await loadWith([PROFILE]);
    const storedBefore = await fakeBrowser.storage.local.get();
    const sent = api.requests.length;

    await store().importProfiles(text);

    expect(store().profiles).toEqual([PROFILE]);
    expect(await fakeBrowser.storage.local.get()).toEqual(storedBefore);
    expect(store().transferMessage).toEqual({ kind: 'error', text: expect.stringMatching(/^Import refused, nothing changed: /) });
    expect(store().transferMessage?.text).toMatch(reason);
    expect(api.requests).toHaveLength(sent);
  });

  it('imports an export without secrets, keeping the stored secrets of the same id', async () => {
    await loadWith([PROFILE]);
    const text = exportProfiles([{ ...PROFILE, label: 'Renamed' }, OTHER], false);

    await store().importProfiles(text);

    const expected = [{ ...PROFILE, label: 'Renamed' }, { ...OTHER, credential: '', clientSecret: '' }];
    expect(store().profiles).toEqual(expected);
    expect(await profilesItem.getValue()).toEqual({ profiles: expected, activeProfileId: PROFILE.id });
    expect(store().transferMessage).toEqual({
      kind: 'info',
      text: 'Imported 2 profiles. 1 without a credential: edit them to add one.',
    });
  });

  it('exports without secrets unless asked', async () => {
    await loadWith([PROFILE]);
    expect(store().exportProfiles(false)).not.toContain(KEY);
    expect(store().transferMessage).toEqual({ kind: 'info', text: 'Exported without credentials or client secrets.' });
    expect(store().exportProfiles(true)).toContain(KEY);
  });
});

describe('deleteProfile', () => {
  it("removes the profile and its cached status, keeps the others' and activates the next profile", async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    const otherStatus: IsReadyStatus = { profileId: OTHER.id, fetchedAt: 1, state: 'not-registered' };
    await isReadyStatusItem.setValue({ ...(await isReadyStatusItem.getValue()), [OTHER.id]: otherStatus });
    expect(Object.keys(await isReadyStatusItem.getValue()).sort()).toEqual([PROFILE.id, OTHER.id]);

    await store().deleteProfile(PROFILE.id);

    expect(Object.keys(await isReadyStatusItem.getValue())).toEqual([OTHER.id]);
    expect(await profilesItem.getValue()).toEqual({ profiles: [OTHER], activeProfileId: OTHER.id });
    expect(store().activeProfileId).toBe(OTHER.id);
  });

  it('deleting the last profile opens a new-profile editor', async () => {
    await loadWith([PROFILE], REGISTERED);

    await store().deleteProfile(PROFILE.id);

    expect(await isReadyStatusItem.getValue()).toEqual({});
    expect(store().profiles).toEqual([]);
    expect(store().activeProfileId).toBeNull();
    expect(store().editor).toMatchObject({ mode: 'new' });
  });
});

describe('host access', () => {
  it('a profile whose API host was never granted (an imported one) is not contacted, and the fix is named', async () => {
    await loadWith([{ ...PROFILE, apiBaseUrl: 'https://custom.example.test' }]);

    expect(store().remote).toEqual({
      status: 'error',
      message: 'The extension may not access custom.example.test yet: edit the profile and save it to grant access.',
    });
    store().updateForm({ url: 'https://example.com/hook' });
    await store().register();
    expect(store().panelMessage?.text).toMatch(/may not access custom\.example\.test yet.*Nothing was sent\./);
    expect(api.fetch).not.toHaveBeenCalled();
  });
});
