import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppProfile } from '../../profiles/appProfiles';
import type { ApiExchange, ApiResult, ChannelConnectionSettings } from '../../hubspotApi/channelConnectionApi';
import { useRequestLogStore } from '../requestLogStore';
import { useSettingsStore } from '../settingsStore';
import { fakeHostPermissions } from '../../__tests__/fakeHostPermissions';
import { fakeHubSpotApi, KEY, openWith, PROFILE, REGISTERED, resetOptionsPage } from './optionsPage';

const requestLog = () => useRequestLogStore.getState();
const settings = () => useSettingsStore.getState();

const EXCHANGE: ApiExchange = {
  method: 'GET',
  url: 'https://api.hubapi.com/crm/v3/extensions/calling/123456/settings/channel-connection?hapikey=[REDACTED]',
  status: 200,
  startedAt: 0,
  durationMs: 12,
  curl: 'curl https://api.hubapi.com/',
};

const answered = (status: number): ApiResult<unknown> => ({ ok: true, value: null, exchange: { ...EXCHANGE, status } });

async function loadWith(stored: AppProfile[], registered: ChannelConnectionSettings | null = null) {
  vi.stubGlobal('fetch', fakeHubSpotApi(registered).fetch);
  await openWith(stored);
}

beforeEach(() => {
  resetOptionsPage();
  // The production API host is a required permission, so it is granted.
  fakeHostPermissions(['https://api.hubapi.com/*']);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('record', () => {
  it.each([
    ['an answer', answered(204), 'HTTP 204'],
    [
      'a failure',
      { ok: false, error: { kind: 'timeout', timeoutMs: 10_000 }, exchange: { ...EXCHANGE, status: undefined } },
      'Timed out: no answer within 10 s.',
    ],
  ] as const)('names the outcome of %s as the panel does', (_case, result, outcome) => {
    requestLog().record('Read channel-connection settings', result);

    expect(requestLog().entries).toEqual([{ ...result.exchange, id: expect.any(Number), operation: 'Read channel-connection settings', outcome }]);
  });

  it('keeps the last 50 entries, newest first', () => {
    for (let index = 1; index <= 51; index++) requestLog().record(`Operation ${index}`, answered(200));

    expect(requestLog().entries).toHaveLength(50);
    expect(requestLog().entries[0]?.operation).toBe('Operation 51');
    expect(requestLog().entries.at(-1)?.operation).toBe('Operation 2');
  });
});

describe('what the settings panel logs', () => {
  it('keeps the request log newest first, with the credential redacted everywhere', async () => {
    await loadWith([PROFILE], REGISTERED);
    await settings().setIsReady(true);
    await settings().setIsReady(false);

    expect(requestLog().entries.map((entry) => entry.operation)).toEqual([
      'Withdraw',
      'Release to all users',
      'Read calling app settings',
      'Read channel-connection settings',
    ]);
    expect(new Set(requestLog().entries.map((entry) => entry.id)).size).toBe(4);
    expect(JSON.stringify(requestLog().entries)).not.toContain(KEY);
    expect(requestLog().entries[0]?.curl).toContain('hapikey=\'"${HUBSPOT_DEVELOPER_API_KEY}"');
  });

});
