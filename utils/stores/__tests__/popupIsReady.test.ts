import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AppProfile } from '../../profiles/appProfiles';
import type { ChannelConnectionSettings } from '../../hubspotApi/channelConnectionApi';
import type { IsReadyStatus } from '../../hubspotApi/isReadyStatus';
import { usePopupStore } from '../popupStore';
import { isReadyStatusItem, profilesItem } from '../../platform/storage';
import { fakeBackground } from '../../__tests__/fakeBackground';
import { fakeHubSpotPages, stubReload, stubTabsQuery } from '../../__tests__/fakeHubSpotPages';
import { testProfile } from '../../__tests__/testProfile';
import { statesDuring } from '../../__tests__/statesDuring';

const KEY = 'dev-key-7f3a9c1e';
const CLIENT_SECRET = 'client-secret-b8e2d4f6';
const initialStoreState = usePopupStore.getState();

const PROFILE: AppProfile = testProfile({ credential: KEY, clientSecret: CLIENT_SECRET });

const OTHER: AppProfile = { ...PROFILE, id: 'profile-2', label: 'Beta', appId: 987, credential: 'other-key-0000' };

const FRESH_SETTINGS: ChannelConnectionSettings = {
  url: 'https://example.com/hubspot/channel-connection',
  isReady: true,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-03-04T05:06:07.000Z',
};

const CACHED: IsReadyStatus = {
  profileId: PROFILE.id,
  fetchedAt: 1_700_000_000_000,
  state: 'registered',
  settings: { ...FRESH_SETTINGS, isReady: false, updatedAt: '2026-01-02T03:04:05.000Z' },
};

const OTHER_CACHED: IsReadyStatus = { profileId: OTHER.id, fetchedAt: 1_700_000_000_001, state: 'not-registered' };

let pages: ReturnType<typeof fakeHubSpotPages>;
let background: ReturnType<typeof fakeBackground>;
let stop: (() => void) | undefined;
let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;
let answer: (response: Response) => void;
/** Each request's own answer, in the order they were sent. */
let answers: ((response: Response) => void)[];

const store = () => usePopupStore.getState();


async function openOn(url: string) {
  const tab = await pages.open(url, { active: true });
  stop = await store().open(`?tabId=${tab.id}`);
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  fakeBrowser.reset();
  usePopupStore.setState(initialStoreState, true);
  pages = fakeHubSpotPages();
  // The fake has no permissions API; the profiles here use the production API host, a required permission.
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async () => true) as never);
  stubReload();
  stubTabsQuery();
  background = fakeBackground();
  // HubSpot answers only when the test says so, to see what the popup shows meanwhile.
  answers = [];
  fetchMock = vi.fn<typeof fetch>(
    () =>
      new Promise<Response>((resolve) => {
        answer = resolve;
        answers.push(resolve);
      }),
  );
  vi.stubGlobal('fetch', fetchMock);
});

afterEach(() => {
  stop?.();
  stop = undefined;
  background.stop();
  vi.unstubAllGlobals();
});

describe('popup isReady status', () => {
  it('asks the background, which sends the request, rather than sending it from the popup', async () => {
    await profilesItem.setValue({ profiles: [PROFILE], activeProfileId: PROFILE.id });

    await openOn('https://app.hubspot.com/help-desk/123');

    expect(background.sendMessage).toHaveBeenCalledWith(expect.objectContaining({ type: 'refreshIsReadyStatus', payload: null }));
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
  });

  it('a refresh under way when the popup closes still finishes and is cached', async () => {
    await profilesItem.setValue({ profiles: [PROFILE], activeProfileId: PROFILE.id });
    await openOn('https://app.hubspot.com/help-desk/123');
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    stop?.();
    stop = undefined;

    answer(new Response(JSON.stringify(FRESH_SETTINGS), { status: 200 }));

    await vi.waitFor(async () =>
      expect((await isReadyStatusItem.getValue())[PROFILE.id]).toMatchObject({ state: 'registered', settings: FRESH_SETTINGS }),
    );
  });

  it.each<[string, IsReadyStatus, IsReadyStatus]>([
    ["the shown profile's (the options page refreshed it)", { ...OTHER_CACHED, profileId: PROFILE.id }, { ...OTHER_CACHED, profileId: PROFILE.id }],
    ["another profile's", OTHER_CACHED, CACHED],
  ])('follows the cache: a status cached meanwhile, %s', async (_case, cachedMeanwhile, shown) => {
    await profilesItem.setValue({ profiles: [PROFILE, OTHER], activeProfileId: PROFILE.id });
    await isReadyStatusItem.setValue({ [PROFILE.id]: CACHED });
    await openOn('https://app.hubspot.com/help-desk/123');

    await isReadyStatusItem.setValue({ [PROFILE.id]: CACHED, [cachedMeanwhile.profileId]: cachedMeanwhile });

    await vi.waitFor(() => expect(store().isReady).toEqual(shown));
    expect(store().isReadyRefreshing).toBe(true);
  });

  it('follows the active profile when it changes while the popup is open: its cached status at once, then its fresh one', async () => {
    await profilesItem.setValue({ profiles: [PROFILE, OTHER], activeProfileId: PROFILE.id });
    await isReadyStatusItem.setValue({ [PROFILE.id]: CACHED, [OTHER.id]: OTHER_CACHED });
    await openOn('https://app.hubspot.com/help-desk/123');
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));

    // The first profile's request is still on its way when the user picks the other profile.
    await store().selectProfile(OTHER.id);
    await vi.waitFor(() => expect(store().profile?.id).toBe(OTHER.id));
    expect(store().isReady).toEqual(OTHER_CACHED);
    expect(store().profiles.map((profile) => profile.label)).toEqual([PROFILE.label, OTHER.label]);
    expect((await profilesItem.getValue()).activeProfileId).toBe(OTHER.id);

    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect(String(fetchMock.mock.calls[1]![0])).toContain('/calling/987/');
    answers[0]!(new Response(JSON.stringify(FRESH_SETTINGS), { status: 200 }));
    await vi.waitFor(async () => expect((await isReadyStatusItem.getValue())[PROFILE.id]).toMatchObject({ settings: FRESH_SETTINGS }));
    expect(store().isReady).toEqual(OTHER_CACHED);
    answers[1]!(new Response(JSON.stringify({ status: 'error', message: 'Not found' }), { status: 404 }));
    await vi.waitFor(() => expect(store().isReadyRefreshing).toBe(false));
    expect(store().isReady).toMatchObject({ profileId: OTHER.id, state: 'not-registered' });
  });

  it('a profile deleted on the options page just before it is chosen is not made active, and the popup says so', async () => {
    await profilesItem.setValue({ profiles: [PROFILE, OTHER], activeProfileId: PROFILE.id });
    await openOn('https://app.hubspot.com/help-desk/123');
    // Another page deletes it while the user's choice is on its way: the popup still lists it when the choice starts.
    const deletion = fakeBrowser.storage.local.set({ appProfiles: { profiles: [PROFILE], activeProfileId: PROFILE.id } });
    await store().selectProfile(OTHER.id);
    await deletion;

    expect((await profilesItem.getValue()).activeProfileId).toBe(PROFILE.id);
    expect(store().notice).toBe('The profile “Beta” was deleted meanwhile.');
    await vi.waitFor(() => expect(store().profile?.id).toBe(PROFILE.id));
    expect(store().profiles.map((profile) => profile.id)).toEqual([PROFILE.id]);
  });

  it('a background that does not answer ends the refresh with an error that says so, and caches nothing', async () => {
    await profilesItem.setValue({ profiles: [PROFILE], activeProfileId: PROFILE.id });
    await isReadyStatusItem.setValue({ [PROFILE.id]: CACHED });
    background.sendMessage.mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));

    await openOn('https://app.hubspot.com/help-desk/123');

    await vi.waitFor(() => expect(store().isReadyRefreshing).toBe(false));
    expect(store().isReady).toMatchObject({
      profileId: PROFILE.id,
      state: 'error',
      message: "The extension's background did not answer: Could not establish connection. Receiving end does not exist.",
    });
    expect(await isReadyStatusItem.getValue()).toEqual({ [PROFILE.id]: CACHED });
  });

  it.each([
    ['a HubSpot tab', 'https://app.hubspot.com/help-desk/123'],
    ['a non-HubSpot tab', 'https://example.test/'],
  ])('on %s shows the cached status at once, then the fresh one, and caches it', async (_case, url) => {
    await profilesItem.setValue({ profiles: [PROFILE, OTHER], activeProfileId: PROFILE.id });
    await isReadyStatusItem.setValue({ [PROFILE.id]: CACHED, [OTHER.id]: OTHER_CACHED });

    const states = await statesDuring(() => openOn(url));

    expect(states.length).toBeGreaterThan(0);
    expect(states.every((state) => state.isReady !== null)).toBe(true);
    expect(store().profile).toEqual({
      id: PROFILE.id,
      label: PROFILE.label,
      appId: PROFILE.appId,
      appDisplayName: PROFILE.appDisplayName,
    });
    expect(store().isReady).toEqual(CACHED);
    expect(store().isReadyRefreshing).toBe(true);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(String(fetchMock.mock.calls[0]![0])).toBe(
      `https://api.hubapi.com/crm/v3/extensions/calling/123456/settings/channel-connection?hapikey=${KEY}`,
    );
    expect(fetchMock.mock.calls[0]![1]?.method).toBe('GET');

    answer(new Response(JSON.stringify(FRESH_SETTINGS), { status: 200 }));

    await vi.waitFor(() => expect(store().isReadyRefreshing).toBe(false));
    const fresh = { profileId: PROFILE.id, fetchedAt: expect.any(Number), state: 'registered', settings: FRESH_SETTINGS };
    expect(store().isReady).toEqual(fresh);
    expect(store().isReady?.fetchedAt).toBeGreaterThan(CACHED.fetchedAt);
    expect(await isReadyStatusItem.getValue()).toEqual({ [PROFILE.id]: fresh, [OTHER.id]: OTHER_CACHED });
  });

  it('without a cached status shows none, then the fresh one', async () => {
    await profilesItem.setValue({ profiles: [PROFILE, OTHER], activeProfileId: PROFILE.id });
    await isReadyStatusItem.setValue({ [OTHER.id]: OTHER_CACHED });

    await openOn('https://app.hubspot.com/help-desk/123');

    expect(store().isReady).toBeNull();
    answer(new Response(JSON.stringify({ status: 'error', message: 'Not found' }), { status: 404 }));
    await vi.waitFor(() => expect(store().isReady).toMatchObject({ profileId: PROFILE.id, state: 'not-registered' }));
    expect((await isReadyStatusItem.getValue())[PROFILE.id]).toEqual(store().isReady);
  });

  it("shows and caches HubSpot's error, with its correlationId, in place of the cached status", async () => {
    await profilesItem.setValue({ profiles: [PROFILE], activeProfileId: PROFILE.id });
    await isReadyStatusItem.setValue({ [PROFILE.id]: CACHED });
    await openOn('https://app.hubspot.com/help-desk/123');

    answer(
      new Response(JSON.stringify({ status: 'error', message: 'Authentication credentials not found.', correlationId: 'corr-1' }), {
        status: 401,
      }),
    );

    await vi.waitFor(() => expect(store().isReady?.state).toBe('error'));
    expect(store().isReady).toMatchObject({
      message: 'HTTP 401: Authentication credentials not found. (correlationId corr-1)',
    });
    expect((await isReadyStatusItem.getValue())[PROFILE.id]).toEqual(store().isReady);
  });

  it('never holds a secret of the profile in its state', async () => {
    await profilesItem.setValue({ profiles: [PROFILE], activeProfileId: PROFILE.id });
    await isReadyStatusItem.setValue({ [PROFILE.id]: CACHED });
    const states = await statesDuring(async () => {
      await openOn('https://app.hubspot.com/help-desk/123');
      answer(new Response(JSON.stringify(FRESH_SETTINGS), { status: 200 }));
      await vi.waitFor(() => expect(store().isReadyRefreshing).toBe(false));
    });

    for (const state of states) {
      const text = JSON.stringify(state);
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(CLIENT_SECRET);
    }
  });

  it('refreshIsReady() while a refresh is under way sends no second request', async () => {
    await profilesItem.setValue({ profiles: [PROFILE], activeProfileId: PROFILE.id });
    await openOn('https://app.hubspot.com/help-desk/123');
    expect(store().isReadyRefreshing).toBe(true);

    await store().refreshIsReady();

    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('shows the cached status of the active profile only', async () => {
    await profilesItem.setValue({ profiles: [PROFILE, OTHER], activeProfileId: OTHER.id });
    await isReadyStatusItem.setValue({ [PROFILE.id]: CACHED });

    await openOn('https://app.hubspot.com/help-desk/123');

    expect(store().profile).toEqual({
      id: OTHER.id,
      label: OTHER.label,
      appId: OTHER.appId,
      appDisplayName: OTHER.appDisplayName,
    });
    expect(store().isReady).toBeNull();
    expect(String(fetchMock.mock.calls[0]![0])).toContain('/calling/987/');
  });

  it.each([
    ['no profile at all', { profiles: [], activeProfileId: null }],
    ['profiles but none active', { profiles: [PROFILE], activeProfileId: null }],
    ['an active id that no longer exists', { profiles: [PROFILE], activeProfileId: 'deleted' }],
  ])('with %s: profile is null, nothing is shown and nothing is fetched', async (_case, profiles) => {
    await profilesItem.setValue(profiles);
    await isReadyStatusItem.setValue({ [PROFILE.id]: CACHED });

    await openOn('https://app.hubspot.com/help-desk/123');
    await store().refreshIsReady();
    await flush();

    expect(store().profile).toBeNull();
    expect(store().isReady).toBeNull();
    expect(store().isReadyRefreshing).toBe(false);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await isReadyStatusItem.getValue()).toEqual({ [PROFILE.id]: CACHED });
  });

  it('a profile without credential shows an error and sends nothing', async () => {
    await profilesItem.setValue({ profiles: [{ ...PROFILE, credential: '' }], activeProfileId: PROFILE.id });

    await openOn('https://app.hubspot.com/help-desk/123');

    await vi.waitFor(() => expect(store().isReady).toMatchObject({ state: 'error', message: expect.stringMatching(/no credential/) }));
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
