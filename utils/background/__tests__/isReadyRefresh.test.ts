import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AppProfile } from '../../profiles/appProfiles';
import { fetchIsReadyStatus, refreshIsReadyStatus } from '../isReadyRefresh';
import { isReadyStatusOf, type IsReadyStatus } from '../../hubspotApi/isReadyStatus';
import type { ProfilesState } from '../../profiles/appProfiles';
import { isReadyStatusItem, profilesItem, saveIsReadyStatus } from '../../platform/storage';
import { testProfile } from '../../__tests__/testProfile';

const NOW = 1_772_000_000_000;
const now = () => NOW;
const KEY = 'dev-key-7f3a9c1e';
const TOKEN = 'pat-na1-1234-abcd';

const V3_PROFILE: AppProfile = testProfile({ id: 'profile-v3', credential: KEY, clientSecret: 'client-secret' });

const BEARER_PROFILE: AppProfile = {
  ...V3_PROFILE,
  id: 'profile-2026',
  generation: '2026-03',
  credential: TOKEN,
  apiBaseUrl: 'https://api.hubapiqa.com',
};

const SETTINGS = {
  url: 'https://example.com/hubspot/channel-connection',
  isReady: true,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-02-03T04:05:06.000Z',
};

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function fakeFetch(answer: () => Response | Promise<Response>) {
  return vi.fn<typeof fetch>(async () => answer());
}

function requestOf(fetchMock: ReturnType<typeof fakeFetch>) {
  expect(fetchMock).toHaveBeenCalledTimes(1);
  const [input, init] = fetchMock.mock.calls[0]!;
  return { url: String(input), init: init ?? {}, headers: new Headers(init?.headers) };
}

describe('fetchIsReadyStatus', () => {
  it('registered: the settings HubSpot returned, stamped with the clock', async () => {
    const fetchMock = fakeFetch(() => json(200, SETTINGS));

    const status = await fetchIsReadyStatus(V3_PROFILE, { fetch: fetchMock }, now);

    expect(status).toEqual({ profileId: 'profile-v3', fetchedAt: NOW, state: 'registered', settings: SETTINGS });
    const request = requestOf(fetchMock);
    expect(request.init.method).toBe('GET');
    expect(request.url).toBe(
      `https://api.hubapi.com/crm/v3/extensions/calling/123456/settings/channel-connection?hapikey=${KEY}`,
    );
    expect(request.headers.get('authorization')).toBeNull();
  });

  it('registered, on the date-versioned API: the token goes in the Authorization header, not the URL', async () => {
    const fetchMock = fakeFetch(() => json(200, { ...SETTINGS, isReady: false }));

    const status = await fetchIsReadyStatus(BEARER_PROFILE, { fetch: fetchMock }, now);

    expect(status).toEqual({
      profileId: 'profile-2026',
      fetchedAt: NOW,
      state: 'registered',
      settings: { ...SETTINGS, isReady: false },
    });
    const request = requestOf(fetchMock);
    expect(request.url).toBe('https://api.hubapiqa.com/crm/extensions/calling/2026-03/123456/settings/channel-connection');
    expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('keeps only the documented fields of the settings', async () => {
    const fetchMock = fakeFetch(() => json(200, { ...SETTINGS, extra: 'ignored' }));
    const status = await fetchIsReadyStatus(V3_PROFILE, { fetch: fetchMock }, now);
    expect(status).toEqual({ profileId: 'profile-v3', fetchedAt: NOW, state: 'registered', settings: SETTINGS });
  });

  it('not registered: HubSpot answers 404', async () => {
    const fetchMock = fakeFetch(() =>
      json(404, { status: 'error', message: 'Not found', correlationId: 'c-404', category: 'OBJECT_NOT_FOUND' }),
    );

    const status = await fetchIsReadyStatus(V3_PROFILE, { fetch: fetchMock }, now);

    expect(status).toEqual({ profileId: 'profile-v3', fetchedAt: NOW, state: 'not-registered' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("error: HubSpot's message, category and correlationId, never the credential", async () => {
    const fetchMock = fakeFetch(() =>
      json(401, {
        status: 'error',
        message: `The API key provided is invalid. hapikey=${KEY}`,
        correlationId: 'aaaa-bbbb-cccc',
        category: 'INVALID_AUTHENTICATION',
      }),
    );

    const status = await fetchIsReadyStatus(V3_PROFILE, { fetch: fetchMock }, now);

    expect(status).toEqual({
      profileId: 'profile-v3',
      fetchedAt: NOW,
      state: 'error',
      message: 'HTTP 401 INVALID_AUTHENTICATION: The API key provided is invalid. hapikey=[REDACTED] (correlationId aaaa-bbbb-cccc)',
    });
    expect(JSON.stringify(status)).not.toContain(KEY);
  });

  it('error: a correlationId found only in the response header is still shown', async () => {
    const fetchMock = fakeFetch(() =>
      json(403, { status: 'error', message: 'Forbidden' }, { 'x-hubspot-correlation-id': 'from-header-1' }),
    );
    const status = await fetchIsReadyStatus(V3_PROFILE, { fetch: fetchMock }, now);
    expect(status).toMatchObject({ state: 'error', message: expect.stringContaining('(correlationId from-header-1)') });
    expect(status).toMatchObject({ message: expect.stringContaining('HTTP 403: Forbidden') });
  });

  it.each([
    ['a network failure', () => Promise.reject(new TypeError('Failed to fetch')), /^Network error: .*Failed to fetch/],
    ['an HTML page', () => new Response('<!doctype html><p>proxy</p>', { status: 200, headers: { 'content-type': 'text/html' } }), /HTML page/],
    ['JSON of the wrong shape', () => json(200, { url: 1 }), /not what HubSpot documents/],
    ['a 500 without a JSON body', () => new Response('oops', { status: 500, statusText: 'Internal Server Error' }), /^HTTP 500: Internal Server Error/],
  ] as const)('error: %s is named in the message', async (_case, answer, message) => {
    const status = await fetchIsReadyStatus(V3_PROFILE, { fetch: fakeFetch(answer) }, now);
    expect(status).toEqual({ profileId: 'profile-v3', fetchedAt: NOW, state: 'error', message: expect.stringMatching(message) });
  });

  it('error: a request that never answers times out', async () => {
    const fetchMock = vi.fn<typeof fetch>(
      (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const status = await fetchIsReadyStatus(V3_PROFILE, { fetch: fetchMock, timeoutMs: 20 }, now);
    expect(status).toEqual({ profileId: 'profile-v3', fetchedAt: NOW, state: 'error', message: 'Timed out: no answer within 0.02 s.' });
  });

  it('a profile without credential is an error, and nothing is sent', async () => {
    const fetchMock = fakeFetch(() => json(200, SETTINGS));

    const status = await fetchIsReadyStatus({ ...V3_PROFILE, credential: '' }, { fetch: fetchMock }, now);

    expect(status).toEqual({
      profileId: 'profile-v3',
      fetchedAt: NOW,
      state: 'error',
      message: 'The profile has no credential: add it on the options page.',
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('refreshIsReadyStatus (the background, asked by the popup)', () => {
  const OTHER_STATUS: IsReadyStatus = { profileId: 'someone-else', fetchedAt: 1, state: 'not-registered' };
  const CUSTOM_HOST_PROFILE: AppProfile = { ...V3_PROFILE, apiBaseUrl: 'https://custom.example.test' };
  let granted: string[];

  beforeEach(async () => {
    fakeBrowser.reset();
    granted = ['https://api.hubapi.com/*'];
    vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation((async ({ origins = [] }) =>
      origins.every((origin) => granted.includes(origin))) as typeof fakeBrowser.permissions.contains);
    await isReadyStatusItem.setValue({ [OTHER_STATUS.profileId]: OTHER_STATUS });
  });

  it.each<[string, ProfilesState]>([
    ['no profile at all', { profiles: [], activeProfileId: null }],
    ['profiles but none active', { profiles: [V3_PROFILE], activeProfileId: null }],
    ['an active id that no longer exists', { profiles: [V3_PROFILE], activeProfileId: 'deleted' }],
  ])('with %s: null, nothing sent, nothing cached', async (_case, profiles) => {
    await profilesItem.setValue(profiles);
    const fetchMock = fakeFetch(() => json(200, SETTINGS));

    expect(await refreshIsReadyStatus({ fetch: fetchMock }, now)).toBeNull();

    expect(fetchMock).not.toHaveBeenCalled();
    expect(await isReadyStatusItem.getValue()).toEqual({ [OTHER_STATUS.profileId]: OTHER_STATUS });
  });

  it.each<[string, AppProfile, () => Response, Partial<IsReadyStatus>]>([
    ['registered', V3_PROFILE, () => json(200, SETTINGS), { state: 'registered', settings: SETTINGS }],
    ['not registered', V3_PROFILE, () => json(404, { status: 'error', message: 'Not found' }), { state: 'not-registered' }],
    [
      "HubSpot's error",
      V3_PROFILE,
      () => json(401, { status: 'error', message: 'Bad key', correlationId: 'c-1' }),
      { state: 'error', message: 'HTTP 401: Bad key (correlationId c-1)' },
    ],
    ['a custom API host once granted', CUSTOM_HOST_PROFILE, () => json(200, SETTINGS), { state: 'registered', settings: SETTINGS }],
  ])('%s: fetched for the active profile, cached beside the other profiles, and answered', async (_case, profile, answer, expected) => {
    granted.push('https://custom.example.test/*');
    await profilesItem.setValue({ profiles: [profile], activeProfileId: profile.id });
    const fetchMock = fakeFetch(answer);

    const status = await refreshIsReadyStatus({ fetch: fetchMock }, now);

    expect(status).toEqual({ profileId: profile.id, fetchedAt: NOW, ...expected });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(await isReadyStatusItem.getValue()).toEqual({ [OTHER_STATUS.profileId]: OTHER_STATUS, [profile.id]: status });
  });

  it('a host the extension may not reach gets no request, so no credential; the refusal is cached and answered', async () => {
    await profilesItem.setValue({ profiles: [CUSTOM_HOST_PROFILE], activeProfileId: CUSTOM_HOST_PROFILE.id });
    const fetchMock = fakeFetch(() => json(200, SETTINGS));

    const status = await refreshIsReadyStatus({ fetch: fetchMock }, now);

    expect(status).toEqual({
      profileId: CUSTOM_HOST_PROFILE.id,
      fetchedAt: NOW,
      state: 'error',
      message: 'The extension may not access custom.example.test yet: edit the profile and save it to grant access.',
    });
    expect(fetchMock).not.toHaveBeenCalled();
    expect((await isReadyStatusItem.getValue())[CUSTOM_HOST_PROFILE.id]).toEqual(status);
  });
});

describe('the isReady cache', () => {
  beforeEach(() => fakeBrowser.reset());

  // A read sent before a release and answered after it: the release's answer is the newer, whatever arrives last.
  it('keeps the answer to the later request, whichever arrives last', async () => {
    const released = isReadyStatusOf('profile-1', { ...SETTINGS, isReady: true }, NOW + 10);
    const readBefore = isReadyStatusOf('profile-1', { ...SETTINGS, isReady: false }, NOW);
    await saveIsReadyStatus(isReadyStatusOf('profile-2', null, NOW - 5));

    await saveIsReadyStatus(released);
    await saveIsReadyStatus(readBefore);

    expect(await isReadyStatusItem.getValue()).toEqual({ 'profile-1': released, 'profile-2': isReadyStatusOf('profile-2', null, NOW - 5) });
    const later = isReadyStatusOf('profile-1', { ...SETTINGS, isReady: false }, NOW + 20);
    await saveIsReadyStatus(later);
    expect((await isReadyStatusItem.getValue())['profile-1']).toEqual(later);
  });
});
