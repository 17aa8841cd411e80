import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { EMPTY_DRAFT, exportProfiles, type AppProfile, type ProfileDraft } from '../../profiles/appProfiles';
import type { ChannelConnectionSettings } from '../../hubspotApi/channelConnectionApi';
import type { IsReadyStatus } from '../../hubspotApi/isReadyStatus';
import { useProfilesStore } from '../profilesStore';
import { useSettingsStore } from '../settingsStore';
import { isReadyStatusItem, profilesItem, setActiveProfile } from '../../platform/storage';
import { fakeHostPermissions } from '../../__tests__/fakeHostPermissions';
import {
  fakeHubSpotApi,
  KEY,
  openWith,
  OTHER,
  PROFILE,
  REGISTERED,
  resetOptionsPage,
  SETTINGS_PATH,
  type FakeHubSpotApi,
} from './optionsPage';

const VALID_DRAFT: ProfileDraft = {
  ...EMPTY_DRAFT,
  label: 'Acme dialer',
  appId: '123456',
  credential: KEY,
  appDisplayName: 'Acme Dialer',
  clientSecret: 'client-secret-b8e2d4f6',
};

const profiles = () => useProfilesStore.getState();
/** The settings panel follows the profiles here as on the page, so what a profile change sends is seen. */
const settings = () => useSettingsStore.getState();

let api: FakeHubSpotApi;
let permissions: ReturnType<typeof fakeHostPermissions>;

async function loadWith(stored: AppProfile[], registered: ChannelConnectionSettings | null = null) {
  api = fakeHubSpotApi(registered);
  vi.stubGlobal('fetch', api.fetch);
  await openWith(stored);
}

beforeEach(() => {
  resetOptionsPage();
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
    await profiles().load();

    expect(profiles().loaded).toBe(true);
    expect(profiles().profiles).toEqual([]);
    expect(profiles().editor).toEqual({ mode: 'new', profileId: null, draft: EMPTY_DRAFT, errors: {}, message: null });
    expect(api.fetch).not.toHaveBeenCalled();
  });

  it('follows the active profile chosen elsewhere (the popup), and a later save here keeps that choice', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    api.requests.length = 0;

    await setActiveProfile(OTHER.id);

    await vi.waitFor(() => expect(profiles().activeProfileId).toBe(OTHER.id));
    await vi.waitFor(() => expect(api.requests.map((sent) => sent.url.pathname)).toContain(`/crm/v3/extensions/calling/${OTHER.appId}/settings/channel-connection`));
    profiles().editProfile(PROFILE.id);
    profiles().updateDraft({ label: 'Renamed here' });
    await profiles().saveProfile();
    expect(await profilesItem.getValue()).toMatchObject({ activeProfileId: OTHER.id, profiles: [{ id: PROFILE.id, label: 'Renamed here' }, { id: OTHER.id }] });
  });
});

describe('saveProfile', () => {
  it('with bad fields marks each field, writes nothing to storage and sends no request', async () => {
    await profiles().load();
    profiles().updateDraft({ label: ' ', appId: '12a', apiBaseUrl: 'http://api.hubapi.com', credential: 'a b' });

    await profiles().saveProfile();

    const { editor } = profiles();
    if (editor.mode === 'closed') throw new Error('the editor should stay open');
    expect(Object.keys(editor.errors).sort()).toEqual(['apiBaseUrl', 'appDisplayName', 'appId', 'credential', 'label']);
    expect(editor.errors.apiBaseUrl).toMatch(/https/);
    expect(editor.message).toBe('Fix the fields marked below; nothing was saved.');
    expect(editor.draft).toMatchObject({ label: ' ', appId: '12a', apiBaseUrl: 'http://api.hubapi.com', credential: 'a b' });
    expect(profiles().profiles).toEqual([]);
    expect(await fakeBrowser.storage.local.get()).toEqual({});
    expect(api.fetch).not.toHaveBeenCalled();
    expect(permissions.contains).not.toHaveBeenCalled();
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('editing a field clears only its error', async () => {
    await profiles().load();
    profiles().updateDraft({ label: '' });
    await profiles().saveProfile();

    profiles().updateDraft({ label: 'Named' });

    const { editor } = profiles();
    if (editor.mode === 'closed') throw new Error('the editor should stay open');
    expect(editor.errors.label).toBeUndefined();
    expect(editor.errors.appId).toBeDefined();
  });

  it('stores a valid profile on api.hubapi.com in the local area only, makes it active and reads its settings', async () => {
    await profiles().load();
    profiles().updateDraft(VALID_DRAFT);

    await profiles().saveProfile();

    expect(profiles().editor).toEqual({ mode: 'closed' });
    const [saved] = profiles().profiles;
    expect(saved).toEqual({ ...PROFILE, id: expect.any(String), isTestApp: false });
    expect(profiles().activeProfileId).toBe(saved!.id);
    expect(await profilesItem.getValue()).toEqual({ profiles: [saved], activeProfileId: saved!.id });
    expect(await fakeBrowser.storage.sync.get()).toEqual({});
    expect(await fakeBrowser.storage.session.get()).toEqual({});
    expect(permissions.prompt).not.toHaveBeenCalled();

    const read = api.requests.find((sent) => sent.url.pathname === SETTINGS_PATH);
    expect(read?.method).toBe('GET');
    expect(read?.url.origin).toBe('https://api.hubapi.com');
    expect(read?.url.searchParams.get('hapikey')).toBe(KEY);
    expect(settings().remote).toMatchObject({ status: 'loaded', settings: null });
  });

  it('keeps the stored secrets when an edit leaves them empty', async () => {
    await loadWith([PROFILE]);
    profiles().editProfile(PROFILE.id);
    const { editor } = profiles();
    if (editor.mode === 'closed') throw new Error('the editor should be open');
    expect(editor.draft.credential).toBe('');
    expect(editor.draft.clientSecret).toBe('');

    profiles().updateDraft({ label: 'Renamed' });
    await profiles().saveProfile();

    expect(await profilesItem.getValue()).toEqual({ profiles: [{ ...PROFILE, label: 'Renamed' }], activeProfileId: PROFILE.id });
  });

  describe('on a custom API base URL', () => {
    const custom = { ...VALID_DRAFT, apiBaseUrl: 'https://hubspot-proxy.example.test/api/' };
    const origins = ['https://hubspot-proxy.example.test/*'];

    it('does not ask again for a host already granted', async () => {
      permissions.grant(origins);
      await profiles().load();
      profiles().updateDraft(custom);

      await profiles().saveProfile();

      expect(permissions.prompt).not.toHaveBeenCalled();
      expect(profiles().profiles).toEqual([expect.objectContaining({ apiBaseUrl: 'https://hubspot-proxy.example.test/api' })]);
      expect(api.requests[0]?.url.href).toMatch(/^https:\/\/hubspot-proxy\.example\.test\/api\/crm\/v3\//);
    });

    it('asks for the host when it is not granted, then saves', async () => {
      permissions.prompt.mockResolvedValue(true);
      await profiles().load();
      profiles().updateDraft(custom);

      await profiles().saveProfile();

      expect(permissions.prompt).toHaveBeenCalledWith(origins);
      expect(profiles().editor).toEqual({ mode: 'closed' });
      expect((await profilesItem.getValue()).profiles).toHaveLength(1);
    });

    it('asks before its first await, while Firefox still counts the click as the user asking', async () => {
      await profiles().load();
      profiles().updateDraft(custom);

      const saving = profiles().saveProfile();

      expect(permissions.request).toHaveBeenCalledWith({ origins });
      await saving;
    });

    it.each([
      ['refused', () => permissions.prompt.mockResolvedValue(false), /^Access to hubspot-proxy\.example\.test was not granted, so the profile was not saved\.$/],
      ['failing', () => permissions.request.mockRejectedValue(new Error('boom')), /^Could not ask for access to hubspot-proxy\.example\.test: boom$/],
    ])('a %s request keeps the profile unsaved, with a message at apiBaseUrl', async (_case, arrange, message) => {
      arrange();
      await profiles().load();
      profiles().updateDraft(custom);

      await profiles().saveProfile();

      const { editor } = profiles();
      if (editor.mode === 'closed') throw new Error('the editor should stay open');
      expect(editor.errors).toEqual({ apiBaseUrl: expect.stringMatching(message) });
      expect(editor.draft).toEqual(custom);
      expect(profiles().profiles).toEqual([]);
      expect(await fakeBrowser.storage.local.get()).toEqual({});
      expect(api.fetch).not.toHaveBeenCalled();
    });
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

    await profiles().importProfiles(text);

    expect(profiles().profiles).toEqual([PROFILE]);
    expect(await fakeBrowser.storage.local.get()).toEqual(storedBefore);
    expect(profiles().transferMessage).toEqual({ kind: 'error', text: expect.stringMatching(/^Import refused, nothing changed: /) });
    expect(profiles().transferMessage?.text).toMatch(reason);
    expect(api.requests).toHaveLength(sent);
  });

  it('imports an export without secrets, keeping the stored secrets of the same id', async () => {
    await loadWith([PROFILE]);
    const text = exportProfiles([{ ...PROFILE, label: 'Renamed' }, OTHER], false);

    await profiles().importProfiles(text);

    const expected = [{ ...PROFILE, label: 'Renamed' }, { ...OTHER, credential: '', clientSecret: '' }];
    expect(profiles().profiles).toEqual(expected);
    expect(await profilesItem.getValue()).toEqual({ profiles: expected, activeProfileId: PROFILE.id });
    expect(profiles().transferMessage).toEqual({
      kind: 'info',
      text: 'Imported 2 profiles. 1 without a credential: edit them to add one.',
    });
  });

  it('exports without secrets unless asked', async () => {
    await loadWith([PROFILE]);
    expect(profiles().exportProfiles(false)).not.toContain(KEY);
    expect(profiles().transferMessage).toEqual({ kind: 'info', text: 'Exported without credentials or client secrets.' });
    expect(profiles().exportProfiles(true)).toContain(KEY);
  });
});

describe('deleteProfile', () => {
  it("removes the profile and its cached status, keeps the others' and activates the next profile", async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    const otherStatus: IsReadyStatus = { profileId: OTHER.id, fetchedAt: 1, state: 'not-registered' };
    await isReadyStatusItem.setValue({ ...(await isReadyStatusItem.getValue()), [OTHER.id]: otherStatus });
    expect(Object.keys(await isReadyStatusItem.getValue()).sort()).toEqual([PROFILE.id, OTHER.id]);

    await profiles().deleteProfile(PROFILE.id);

    expect(Object.keys(await isReadyStatusItem.getValue())).toEqual([OTHER.id]);
    expect(await profilesItem.getValue()).toEqual({ profiles: [OTHER], activeProfileId: OTHER.id });
    expect(profiles().activeProfileId).toBe(OTHER.id);
  });

  it('deleting the last profile opens a new-profile editor', async () => {
    await loadWith([PROFILE], REGISTERED);

    await profiles().deleteProfile(PROFILE.id);

    expect(await isReadyStatusItem.getValue()).toEqual({});
    expect(profiles().profiles).toEqual([]);
    expect(profiles().activeProfileId).toBeNull();
    expect(profiles().editor).toMatchObject({ mode: 'new' });
  });
});
