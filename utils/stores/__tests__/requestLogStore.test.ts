import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ApiExchange, ApiResult } from '../../hubspotApi/channelConnectionApi';
import { LOG_BODY_LIMIT, LOG_ENTRY_LIMIT, type RequestLogEntry } from '../../hubspotApi/requestLog';
import { logEntryOf } from '../../hubspotApi/requestLogEntry';
import { requestLogItem } from '../../platform/storage';
import { useRequestLogStore } from '../requestLogStore';
import { useSettingsStore } from '../settingsStore';
import { fakeHostPermissions } from '../../__tests__/fakeHostPermissions';
import { KEY, openWithApi, PROFILE, REGISTERED, resetOptionsPage } from './optionsPage';

const requestLog = () => useRequestLogStore.getState();
const settings = () => useSettingsStore.getState();

const EXCHANGE: ApiExchange = {
  method: 'GET',
  url: 'https://api.hubapi.com/crm/v3/extensions/calling/123456/settings/channel-connection?hapikey=[REDACTED]',
  status: 200,
  startedAt: Date.UTC(2026, 2, 4, 5, 6, 7),
  durationMs: 12,
  curl: 'curl https://api.hubapi.com/',
};

let clock = EXCHANGE.startedAt;
/** An answered request that started after every one before it. */
const answered = (status = 200, exchange: Partial<ApiExchange> = {}): ApiResult<unknown> => ({
  ok: true,
  value: null,
  exchange: { ...EXCHANGE, status, startedAt: ++clock, ...exchange },
});

/** An entry as another options page would have stored it. */
const fromOtherPage = (id: string): RequestLogEntry => logEntryOf(id, `Other page ${id}`, answered(), { ...PROFILE, label: 'Other page' });

const operations = (entries: RequestLogEntry[]) => entries.map((entry) => entry.operation);
const stored = () => requestLogItem.getValue();
/** The reads the options page starts when it opens, newest first: the calling app panel's follow the settings panel's. */
const PAGE_READS = ['Read recording settings', 'Read calling app settings', 'Read channel-connection settings'];
/** Lets the store's queued writes and the storage events they raise run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The options page reloaded: its store as created, the log read from storage. */
async function reloadPage() {
  useRequestLogStore.setState(useRequestLogStore.getInitialState(), true);
  const stop = requestLog().watch();
  await settle();
  return stop;
}


beforeEach(() => {
  resetOptionsPage();
  // The production API host is a required permission, so it is granted.
  fakeHostPermissions(['https://api.hubapi.com/*']);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('record', () => {
  it('shows the entry at once, with the time it started and the profile as named then, and stores it', async () => {
    const result = answered(204);
    const saved = requestLog().record('Delete', result, PROFILE);

    expect(requestLog().entries).toEqual([
      {
        ...result.exchange,
        id: expect.any(String),
        profileId: PROFILE.id,
        profileLabel: PROFILE.label,
        operation: 'Delete',
        outcome: 'HTTP 204',
        requestBody: undefined,
        responseBody: undefined,
        correlationId: undefined,
        cut: {},
      },
    ]);
    await saved;
    expect(await stored()).toEqual(requestLog().entries);
    expect(requestLog().storageProblem).toBeNull();
  });

  it(`keeps the last ${LOG_ENTRY_LIMIT} entries, newest first, on the page and in storage`, async () => {
    for (let index = 1; index <= LOG_ENTRY_LIMIT + 1; index++) void requestLog().record(`Operation ${index}`, answered(), PROFILE);
    await settle();

    for (const entries of [requestLog().entries, await stored()]) {
      expect(entries).toHaveLength(LOG_ENTRY_LIMIT);
      expect(entries[0]?.operation).toBe(`Operation ${LOG_ENTRY_LIMIT + 1}`);
      expect(entries.at(-1)?.operation).toBe('Operation 2');
    }
  });

  it('stores a huge answer cut, with how much was cut', async () => {
    await requestLog().record('Read calling app settings', answered(200, { responseBody: 'x'.repeat(5_000_000) }), PROFILE);

    const [entry] = await stored();
    expect(entry?.responseBody).toHaveLength(LOG_BODY_LIMIT);
    expect(entry?.cut).toEqual({ responseBody: 5_000_000 - LOG_BODY_LIMIT });
  });

  it('adds to the log as stored now, not as this page last saw it', async () => {
    await requestLog().record('Mine 1', answered(), PROFILE);
    // Another page adds an entry; this page does not follow the log here, so what it holds is stale.
    await requestLogItem.setValue([fromOtherPage('other'), ...(await stored())]);

    await requestLog().record('Mine 2', answered(), PROFILE);

    expect(operations(await stored())).toEqual(['Mine 2', 'Other page other', 'Mine 1']);
  });

  it('loses no entry when several are recorded at once', async () => {
    await Promise.all(['A', 'B', 'C'].map((name) => requestLog().record(name, answered(), PROFILE)));

    expect(operations(await stored())).toEqual(['C', 'B', 'A']);
  });
});

describe('a write that fails', () => {
  it('keeps the entry on the page, says why the log could not be saved, and stores it with the next write', async () => {
    vi.spyOn(requestLogItem, 'setValue').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));

    await requestLog().record('Lost?', answered(), PROFILE);

    expect(operations(requestLog().entries)).toEqual(['Lost?']);
    expect(requestLog().storageProblem).toBe('The log could not be saved (QUOTA_BYTES quota exceeded): entries shown here may be gone after a reload.');
    expect(await stored()).toEqual([]);

    await requestLog().record('Next', answered(), PROFILE);

    expect(operations(await stored())).toEqual(['Next', 'Lost?']);
    expect(requestLog().storageProblem).toBeNull();
    expect(requestLog().unsaved).toEqual([]);
  });

  it('says so when the stored log cannot be read', async () => {
    vi.spyOn(requestLogItem, 'getValue').mockRejectedValueOnce(new Error('IO error'));

    await reloadPage();

    expect(requestLog().storageProblem).toBe('The stored log could not be read (IO error).');
  });
});

describe('the stored log', () => {
  it('survives a reload of the page, and stays clear of the credential', async () => {
    await openWithApi([PROFILE], REGISTERED);
    await settings().setIsReady(true);
    await settle();
    const before = requestLog().entries;

    await reloadPage();

    expect(requestLog().entries).toEqual(before);
    expect(operations(requestLog().entries)).toEqual(['Release to all users', ...PAGE_READS]);
    expect(requestLog().entries.every((entry) => entry.profileLabel === PROFILE.label && entry.profileId === PROFILE.id)).toBe(true);
    const raw = JSON.stringify(await fakeBrowser.storage.local.get(null));
    // The profiles hold the key; nothing else may.
    const { appProfiles: _profiles, ...withoutProfiles } = await fakeBrowser.storage.local.get(null);
    expect(raw).toContain(KEY);
    expect(JSON.stringify(withoutProfiles)).not.toContain(KEY);
    expect(JSON.stringify(withoutProfiles)).not.toContain(encodeURIComponent(KEY));
    const [release] = await stored();
    expect(release?.url).toContain('hapikey=[REDACTED]');
    expect(release?.curl).toContain('hapikey=\'"${HUBSPOT_DEVELOPER_API_KEY}"');
  });

  it('follows what other pages store and clear', async () => {
    const stop = await reloadPage();

    await requestLogItem.setValue([fromOtherPage('a')]);
    await settle();
    expect(operations(requestLog().entries)).toEqual(['Other page a']);

    await requestLogItem.setValue([]);
    await settle();
    expect(requestLog().entries).toEqual([]);

    stop();
    await requestLogItem.setValue([fromOtherPage('b')]);
    await settle();
    expect(requestLog().entries).toEqual([]);
  });

  it('shows a change heard while the first read was under way, not the older value the read found', async () => {
    let answer: (value: RequestLogEntry[]) => void = () => {};
    vi.spyOn(requestLogItem, 'getValue').mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    requestLog().watch();

    await requestLogItem.setValue([fromOtherPage('newer')]);
    await settle();
    answer([]);
    await settle();

    expect(operations(requestLog().entries)).toEqual(['Other page newer']);
  });
});

describe('clear', () => {
  it('empties the log on the page and in storage, so every page shows it empty', async () => {
    await requestLog().record('A', answered(), PROFILE);

    await requestLog().clear();

    expect(requestLog().entries).toEqual([]);
    expect(await stored()).toEqual([]);
  });

  it('keeps what is recorded after it', async () => {
    void requestLog().record('Before', answered(), PROFILE);
    void requestLog().clear();
    await requestLog().record('After', answered(), PROFILE);

    expect(operations(await stored())).toEqual(['After']);
    expect(operations(requestLog().entries)).toEqual(['After']);
  });
});

describe('what the settings panel logs', () => {
  it('keeps the request log newest first, with the credential redacted everywhere', async () => {
    await openWithApi([PROFILE], REGISTERED);
    await settings().setIsReady(true);
    await settings().setIsReady(false);

    expect(operations(requestLog().entries)).toEqual(['Withdraw', 'Release to all users', ...PAGE_READS]);
    expect(new Set(requestLog().entries.map((entry) => entry.id)).size).toBe(5);
    expect(JSON.stringify(requestLog().entries)).not.toContain(KEY);
    expect(requestLog().entries[0]?.curl).toContain('hapikey=\'"${HUBSPOT_DEVELOPER_API_KEY}"');
  });
});
