/**
 * The options page's stores as a test opens them: fresh storage, every store as created, and HubSpot's settings API
 * in memory. Shared by the profiles, settings and request log tests.
 */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AppProfile } from '../../profiles/appProfiles';
import type { ChannelConnectionSettings } from '../../hubspotApi/channelConnectionApi';
import type { CallingAppSettings } from '../../hubspotApi/callingAppFields';
import type { RecordingSettings } from '../../hubspotApi/callingAppApi';
import type { IsReadyStatus } from '../../hubspotApi/isReadyStatus';
import { isReadyStatusItem, profilesItem } from '../../platform/storage';
import { testProfile } from '../../__tests__/testProfile';
import { useProfilesStore } from '../profilesStore';
import { useRequestLogStore } from '../requestLogStore';
import { useSettingsStore } from '../settingsStore';
import { useCallingAppStore } from '../callingAppStore';

export const KEY = 'dev-key-7f3a9c1e';
export const SETTINGS_PATH = '/crm/v3/extensions/calling/123456/settings/channel-connection';
export const CALLING_APP_PATH = '/crm/v3/extensions/calling/123456/settings';
export const RECORDING_PATH = '/crm/v3/extensions/calling/123456/settings/recording';

export const CALLING_APP: CallingAppSettings = {
  name: 'Acme Dialer',
  url: 'https://dialer.example.com/widget',
  width: 400,
  height: 600,
  isReady: false,
  supportsCustomObjects: false,
  supportsInboundCalling: true,
  usesCallingWindow: true,
  usesRemote: false,
  createdAt: '2025-11-03T09:15:00.000Z',
  updatedAt: '2026-01-20T16:40:00.000Z',
};

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

/** The calling app's own settings the fake API starts with: registered as `CALLING_APP`, no recording URL, unless said. */
export interface FakeCallingApp {
  callingApp?: CallingAppSettings | null;
  recording?: RecordingSettings | null;
}

/** The `updatedAt` (and a new registration's `createdAt`) of whatever the fake API stores. */
export const STAMP = '2026-03-04T05:06:07.000Z';

/**
 * HubSpot's settings API for one app (`PROFILE`'s), in memory: its channel-connection settings, its calling app
 * settings (GET/POST/PATCH/DELETE) and its recording settings (GET/POST/PATCH). Any other path, another app's
 * included, is a JSON 404, as HubSpot answers for an app without settings. `failNext` makes the next request of a
 * method answer with the given status and body.
 */
export function fakeHubSpotApi(initial: ChannelConnectionSettings | null = null, calling: FakeCallingApp = {}) {
  let settings = initial;
  let callingApp = calling.callingApp === undefined ? CALLING_APP : calling.callingApp;
  let recording = calling.recording ?? null;
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
    const notFound = () => respond(404, { status: 'error', message: 'Not found', category: 'OBJECT_NOT_FOUND' });
    const conflict = () => respond(409, { status: 'error', message: 'Settings already exist', category: 'CONFLICT' });
    const stamp = STAMP;
    if (url.pathname === CALLING_APP_PATH) {
      switch (method) {
        case 'GET':
          return callingApp ? respond(200, callingApp) : notFound();
        case 'POST':
          if (callingApp) return conflict();
          callingApp = { ...(body as CallingAppSettings), createdAt: stamp, updatedAt: stamp };
          return respond(200, callingApp);
        case 'PATCH':
          if (!callingApp) return notFound();
          callingApp = { ...callingApp, ...(body as object), updatedAt: stamp };
          return respond(200, callingApp);
        case 'DELETE':
          if (!callingApp) return notFound();
          callingApp = null;
          return respond(204);
        default:
          return respond(405, { status: 'error', message: 'Method not allowed' });
      }
    }
    if (url.pathname === RECORDING_PATH) {
      switch (method) {
        case 'GET':
          return recording ? respond(200, recording) : notFound();
        case 'POST':
          if (recording) return conflict();
          recording = { ...(body as RecordingSettings) };
          return respond(200, recording);
        case 'PATCH':
          if (!recording) return notFound();
          recording = { ...recording, ...(body as object) };
          return respond(200, recording);
        default:
          return respond(405, { status: 'error', message: 'Method not allowed' });
      }
    }
    if (url.pathname !== SETTINGS_PATH) return respond(404, { status: 'error', message: 'No such path' });
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
    /** The calling app settings stored now (null: not registered). */
    callingApp: () => callingApp,
    /** The recording settings stored now (null: none). */
    recording: () => recording,
    failNext(method: string, status: number, body: unknown) {
      failures.set(method, { status, body });
    },
  };
}

export type FakeHubSpotApi = ReturnType<typeof fakeHubSpotApi>;

/** Puts a fake API with `registered` as the app's webhook (and `calling` as its calling app) where the page's `fetch` is, and returns it. */
export function stubHubSpotApi(registered: ChannelConnectionSettings | null = null, calling: FakeCallingApp = {}): FakeHubSpotApi {
  const api = fakeHubSpotApi(registered, calling);
  vi.stubGlobal('fetch', api.fetch);
  return api;
}

/** Opens the page on `stored` profiles with a fake API behind it, as `openWith` and `stubHubSpotApi` do. */
export async function openWithApi(
  stored: AppProfile[],
  registered: ChannelConnectionSettings | null = null,
  calling: FakeCallingApp = {},
): Promise<FakeHubSpotApi> {
  const api = stubHubSpotApi(registered, calling);
  await openWith(stored);
  return api;
}

/** Empty storage and every store of the page as created, the settings panel following the profiles. */
export function resetOptionsPage() {
  fakeBrowser.reset();
  useProfilesStore.setState(useProfilesStore.getInitialState(), true);
  useSettingsStore.setState(useSettingsStore.getInitialState(), true);
  useCallingAppStore.setState(useCallingAppStore.getInitialState(), true);
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
