/**
 * The options page's stores as a test opens them: fresh storage, every store as created, and HubSpot's settings API
 * in memory. Shared by the profiles, settings and request log tests.
 */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AppProfile } from '../../profiles/appProfiles';
import type { ChannelConnectionSettings } from '../../hubspotApi/channelConnectionApi';
import type { IsReadyStatus } from '../../hubspotApi/isReadyStatus';
import { isReadyStatusItem, profilesItem } from '../../platform/storage';
import { testProfile } from '../../__tests__/testProfile';
import { useProfilesStore } from '../profilesStore';
import { useRequestLogStore } from '../requestLogStore';
import { useSettingsStore } from '../settingsStore';

export const KEY = 'dev-key-7f3a9c1e';
export const SETTINGS_PATH = '/crm/v3/extensions/calling/123456/settings/channel-connection';
export const CALLING_APP_PATH = '/crm/v3/extensions/calling/123456/settings';

export const PROFILE: AppProfile = testProfile({ credential: KEY, isTestApp: true });

export const OTHER: AppProfile = { ...PROFILE, id: 'profile-2', label: 'Beta', appId: 987, credential: 'other-key-0000' };

export const REGISTERED: ChannelConnectionSettings = {
  url: 'https://example.com/hubspot/channel-connection',
  isReady: false,
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
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
export function fakeHubSpotApi(initial: ChannelConnectionSettings | null = null) {
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

export type FakeHubSpotApi = ReturnType<typeof fakeHubSpotApi>;

/** Puts a fake API with `registered` as the app's webhook where the page's `fetch` is, and returns it. */
export function stubHubSpotApi(registered: ChannelConnectionSettings | null = null): FakeHubSpotApi {
  const api = fakeHubSpotApi(registered);
  vi.stubGlobal('fetch', api.fetch);
  return api;
}

/** Opens the page on `stored` profiles with a fake API behind it, as `openWith` and `stubHubSpotApi` do. */
export async function openWithApi(stored: AppProfile[], registered: ChannelConnectionSettings | null = null): Promise<FakeHubSpotApi> {
  const api = stubHubSpotApi(registered);
  await openWith(stored);
  return api;
}

/** Empty storage and every store of the page as created, the settings panel following the profiles. */
export function resetOptionsPage() {
  fakeBrowser.reset();
  useProfilesStore.setState(useProfilesStore.getInitialState(), true);
  useSettingsStore.setState(useSettingsStore.getInitialState(), true);
  useRequestLogStore.setState(useRequestLogStore.getInitialState(), true);
}

/** Stored profiles, the first one active, loaded as the options page does when it opens. */
export async function openWith(profiles: AppProfile[]) {
  await profilesItem.setValue({ profiles, activeProfileId: profiles[0]?.id ?? null });
  await useProfilesStore.getState().load();
}

export async function storedStatus(profileId: string): Promise<IsReadyStatus | undefined> {
  return (await isReadyStatusItem.getValue())[profileId];
}
