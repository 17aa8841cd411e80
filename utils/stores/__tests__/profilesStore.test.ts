import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { type AppProfile } from '../../profiles/appProfiles';
import { EMPTY_DRAFT, exportProfiles, type ProfileDraft } from '../../profiles/profileEditing';
import type { ChannelConnectionSettings } from '../../hubspotApi/channelConnectionApi';
import type { IsReadyStatus } from '../../hubspotApi/isReadyStatus';
import { useProfilesStore } from '../profilesStore';
import { useSettingsStore } from '../settingsStore';
import { isReadyStatusItem, profilesItem, setActiveProfile } from '../../platform/storage';
import { fakeHostPermissions } from '../../__tests__/fakeHostPermissions';
import {
  KEY,
  openWithApi,
  OTHER,
  PROFILE,
  REGISTERED,
  resetOptionsPage,
  SETTINGS_PATH,
  stubHubSpotApi,
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
  api = await openWithApi(stored, registered);
}

beforeEach(() => {
  resetOptionsPage();
  api = stubHubSpotApi();
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
    expect(profiles().editor).toEqual({ mode: 'new', profileId: null, base: null, draft: EMPTY_DRAFT, errors: {}, message: null });
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

    await profiles().importFile(new Blob([text]));

    expect(profiles().profiles).toEqual([PROFILE]);
    expect(await fakeBrowser.storage.local.get()).toEqual(storedBefore);
    expect(profiles().transferMessage).toEqual({ kind: 'error', text: expect.stringMatching(/^Import refused, nothing changed: /) });
    expect(profiles().transferMessage?.text).toMatch(reason);
    expect(api.requests).toHaveLength(sent);
  });

  it('imports an export without secrets, keeping the stored secrets of the same id', async () => {
    await loadWith([PROFILE]);
    const text = exportProfiles([{ ...PROFILE, label: 'Renamed' }, OTHER], false);

    await profiles().importFile(new Blob([text]));

    const expected = [{ ...PROFILE, label: 'Renamed' }, { ...OTHER, credential: '', clientSecret: '' }];
    expect(profiles().profiles).toEqual(expected);
    expect(await profilesItem.getValue()).toEqual({ profiles: expected, activeProfileId: PROFILE.id });
    expect(profiles().transferMessage).toEqual({
      kind: 'info',
      text: `Imported: 1 added, 1 updated. 1 profile without a credential (“${OTHER.label}”): edit to add one.`,
    });
  });

  it('an import that makes a stored profile a test app of another app keeps none of its secrets, and says so', async () => {
    const production = { ...PROFILE, isTestApp: false };
    await loadWith([production]);
    const text = exportProfiles([{ ...production, appId: 424242, isTestApp: true }], false);

    await profiles().importFile(new Blob([text]));

    expect(await profilesItem.getValue()).toMatchObject({ profiles: [{ id: PROFILE.id, appId: 424242, isTestApp: true, credential: '', clientSecret: '' }] });
    expect(profiles().transferMessage?.text).toBe(
      `Imported: 1 updated. “${PROFILE.label}” now has another app ID and test-app mark, so its stored secrets were not kept: edit it to enter them.`,
    );
  });

  it('refuses a file over 1 MB before reading it', async () => {
    await loadWith([PROFILE]);
    const file = new Blob(['x'.repeat(1_048_577)]);
    const read = vi.spyOn(file, 'text');

    await profiles().importFile(file);

    expect(read).not.toHaveBeenCalled();
    expect(profiles().transferMessage).toEqual({ kind: 'error', text: 'Import refused, nothing changed: The file is 1.0 MB; an import takes at most 1 MB.' });
  });

  it('merges into the profiles as stored now, not as this page last showed them', async () => {
    await loadWith([PROFILE]);
    // Another page added a profile, and this page has not heard of it yet.
    await profilesItem.setValue({ profiles: [PROFILE, OTHER], activeProfileId: PROFILE.id });
    useProfilesStore.setState({ profiles: [PROFILE] });
    const added = { ...OTHER, id: 'third', label: 'Third' };

    await profiles().importFile(new Blob([exportProfiles([added], true)]));

    expect((await profilesItem.getValue()).profiles.map((profile) => profile.id)).toEqual([PROFILE.id, OTHER.id, 'third']);
    expect(profiles().profiles.map((profile) => profile.id)).toEqual([PROFILE.id, OTHER.id, 'third']);
  });

  it('exports without secrets unless asked', async () => {
    await loadWith([PROFILE]);
    expect(profiles().exportProfiles(false)).not.toContain(KEY);
    expect(profiles().transferMessage).toEqual({ kind: 'info', text: 'Exported without credentials or client secrets.' });
    expect(profiles().exportProfiles(true)).toContain(KEY);
  });
});

describe('deleting a profile', () => {
  const deleteNow = async (id: string) => {
    profiles().askDelete(id);
    await profiles().confirmDelete();
  };

  it('asks first: nothing is deleted until the user says yes, and cancelling keeps it', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);

    profiles().askDelete(PROFILE.id);
    expect(profiles().confirmingDelete).toBe(PROFILE.id);
    expect((await profilesItem.getValue()).profiles).toHaveLength(2);
    profiles().cancelDelete();

    expect(profiles().confirmingDelete).toBeNull();
    await profiles().confirmDelete();
    expect((await profilesItem.getValue()).profiles).toHaveLength(2);
  });

  it("removes the profile and its cached status, keeps the others' and activates the next profile", async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    const otherStatus: IsReadyStatus = { profileId: OTHER.id, fetchedAt: 1, state: 'not-registered' };
    await isReadyStatusItem.setValue({ ...(await isReadyStatusItem.getValue()), [OTHER.id]: otherStatus });
    expect(Object.keys(await isReadyStatusItem.getValue()).sort()).toEqual([PROFILE.id, OTHER.id]);

    await deleteNow(PROFILE.id);

    expect(Object.keys(await isReadyStatusItem.getValue())).toEqual([OTHER.id]);
    expect(await profilesItem.getValue()).toEqual({ profiles: [OTHER], activeProfileId: OTHER.id });
    expect(profiles().activeProfileId).toBe(OTHER.id);
    expect(profiles().listMessage).toEqual({ kind: 'info', text: `Deleted “${PROFILE.label}”.` });
  });

  it('undo puts it back where it was, secrets and active choice included, once', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    await deleteNow(PROFILE.id);

    await profiles().undoDelete();

    expect(await profilesItem.getValue()).toEqual({ profiles: [PROFILE, OTHER], activeProfileId: PROFILE.id });
    expect(profiles().listMessage).toEqual({ kind: 'info', text: `Restored “${PROFILE.label}”.` });
    expect(profiles().deleted).toBeNull();
    await vi.waitFor(() => expect(settings().remote).toMatchObject({ status: 'loaded', settings: REGISTERED }));
  });

  it('undo does not store a second copy when the profile came back meanwhile', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    await deleteNow(OTHER.id);
    await profilesItem.setValue({ profiles: [PROFILE, OTHER], activeProfileId: PROFILE.id });

    await profiles().undoDelete();

    expect((await profilesItem.getValue()).profiles).toEqual([PROFILE, OTHER]);
    expect(profiles().listMessage?.text).toMatch(/is stored again already/);
  });

  it('deleting the last profile opens a new-profile editor', async () => {
    await loadWith([PROFILE], REGISTERED);

    await deleteNow(PROFILE.id);

    expect(await isReadyStatusItem.getValue()).toEqual({});
    expect(profiles().profiles).toEqual([]);
    expect(profiles().activeProfileId).toBeNull();
    expect(profiles().editor).toMatchObject({ mode: 'new' });
  });
});

describe('two pages at once', () => {
  it('an edit in another page shows here, and tells the settings panel when it is the active profile', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    api.requests.length = 0;

    await profilesItem.setValue({ profiles: [{ ...PROFILE, label: 'Renamed there' }, OTHER], activeProfileId: PROFILE.id });

    await vi.waitFor(() => expect(profiles().profiles[0]?.label).toBe('Renamed there'));
    await vi.waitFor(() => expect(api.requests.map((sent) => sent.url.pathname)).toContain(SETTINGS_PATH));
  });

  it("this page's own save is not told twice", async () => {
    await loadWith([PROFILE], REGISTERED);
    api.requests.length = 0;
    profiles().editProfile(PROFILE.id);
    profiles().updateDraft({ label: 'Renamed here' });

    await profiles().saveProfile();
    await new Promise((resolve) => setTimeout(resolve, 20));

    expect(api.requests.filter((sent) => sent.url.pathname === SETTINGS_PATH)).toHaveLength(1);
  });

  it('a save over a version changed elsewhere is refused with what changed, keeps the edits, and a second save replaces it', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    profiles().editProfile(PROFILE.id);
    profiles().updateDraft({ label: 'Mine' });
    const theirs = { ...PROFILE, label: 'Theirs', appDisplayName: 'Their name' };
    await profilesItem.setValue({ profiles: [theirs, OTHER], activeProfileId: PROFILE.id });

    await profiles().saveProfile();

    expect((await profilesItem.getValue()).profiles[0]).toEqual(theirs);
    const { editor } = profiles();
    expect(editor).toMatchObject({ mode: 'edit', base: theirs, draft: { label: 'Mine' } });
    if (editor.mode === 'closed') return;
    expect(editor.message).toBe(
      "Another window changed this profile's label, app name since you opened it, so nothing was saved. Your edits are still here: save again to replace that version, or cancel to keep it.",
    );

    await profiles().saveProfile();

    expect((await profilesItem.getValue()).profiles[0]).toEqual({ ...PROFILE, label: 'Mine' });
    expect(profiles().editor).toEqual({ mode: 'closed' });
  });

  it('a save of a profile deleted elsewhere never brings it back: the edits become a new profile, asked for its secrets', async () => {
    await loadWith([PROFILE, OTHER], REGISTERED);
    profiles().editProfile(PROFILE.id);
    profiles().updateDraft({ label: 'Mine' });
    await profilesItem.setValue({ profiles: [OTHER], activeProfileId: OTHER.id });

    await profiles().saveProfile();

    expect((await profilesItem.getValue()).profiles).toEqual([OTHER]);
    expect(profiles().editor).toMatchObject({ mode: 'new', base: null, draft: { label: 'Mine' }, message: expect.stringMatching(/deleted in another window/) });

    await profiles().saveProfile();

    expect((await profilesItem.getValue()).profiles).toEqual([OTHER]);
    expect(profiles().editor).toMatchObject({ mode: 'new', errors: { credential: 'Enter the Developer API key.' } });
  });
});

describe('a write the browser refuses', () => {
  const refuseWrites = () =>
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));

  it('a save says so in the editor, keeps the draft, and shows nothing that was not stored', async () => {
    await loadWith([PROFILE], REGISTERED);
    profiles().startNewProfile();
    profiles().updateDraft({ ...VALID_DRAFT, label: 'Second' });
    refuseWrites();

    await profiles().saveProfile();

    expect(profiles().profiles).toEqual([PROFILE]);
    expect(profiles().editor).toMatchObject({
      mode: 'new',
      draft: { label: 'Second' },
      message:
        "Nothing was saved: the browser's storage for this extension is full (QUOTA_BYTES quota exceeded); delete profiles or webhook runs you no longer need.",
    });
  });

  it('an import is refused with the reason, and a deletion is not shown as done', async () => {
    await loadWith([PROFILE], REGISTERED);
    refuseWrites();

    await profiles().importFile(new Blob([exportProfiles([OTHER], true)]));
    expect(profiles().transferMessage).toEqual({
      kind: 'error',
      text: "Import refused, nothing changed: The browser's storage for this extension is full (QUOTA_BYTES quota exceeded); delete profiles or webhook runs you no longer need.",
    });

    profiles().askDelete(PROFILE.id);
    await profiles().confirmDelete();
    expect(profiles().profiles).toEqual([PROFILE]);
    expect(profiles().listMessage).toEqual({ kind: 'error', text: expect.stringMatching(/^“Acme dialer” was not deleted: the browser's storage/) });
    expect(profiles().deleted).toBeNull();
  });
});
