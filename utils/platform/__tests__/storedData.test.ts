import { describe, expect, it } from 'vitest';
import {
  checkIsReadyCache,
  checkMatrixJournals,
  checkPreferences,
  checkProfilesState,
  checkRequestLog,
  checkTabObservations,
  checkWebhookDefaults,
  checkWebhookRuns,
} from '../storedData';
import { LOG_BODY_LIMIT, LOG_ENTRY_LIMIT, type RequestLogEntry } from '../../hubspotApi/requestLog';

const current = {
  id: 'p1',
  label: 'Acme dialer',
  appId: 123456,
  generation: '2026-03',
  credential: 'token-1234567890',
  apiBaseUrl: 'https://api.hubapiqa.com',
  appDisplayName: 'Acme Dialer',
  clientSecret: 'secret-abcdef',
  isTestApp: true,
  providerSelector: '[data-provider="acme"]',
};

let ids = 0;
const newId = () => `new-${++ids}`;

describe('checkProfilesState', () => {
  it('keeps a current state as it is, without a word', () => {
    const raw = { profiles: [current], activeProfileId: 'p1' };
    expect(checkProfilesState(raw, newId)).toEqual({ value: raw, notices: [] });
  });

  it('reads an item never written as no profiles', () => {
    expect(checkProfilesState(undefined, newId)).toEqual({ value: { profiles: [], activeProfileId: null }, notices: [] });
  });

  it.each([
    ['a string', 'garbage', 'found string "garbage"'],
    ['a number', 42, 'found number 42'],
    ['a list', [current], 'found a list'],
    ['an object without profiles', { activeProfileId: 'p1' }, 'found an object'],
  ])('resets a whole item replaced by %s, and says so', (_, raw, found) => {
    const { value, notices } = checkProfilesState(raw, newId);
    expect(value).toEqual({ profiles: [], activeProfileId: null });
    expect(notices).toEqual([`Your app profiles could not be read (${found}) and were reset.`]);
  });

  it('fills in what a profile of an older version lacks, keeping its secrets and host', () => {
    const old = { id: 'p1', label: 'Acme', appId: 99, credential: 'key-123456789', clientSecret: 's' };
    const { value, notices } = checkProfilesState({ profiles: [old], activeProfileId: 'p1' }, newId);
    expect(value.profiles).toEqual([
      {
        id: 'p1',
        label: 'Acme',
        appId: 99,
        generation: 'v3',
        credential: 'key-123456789',
        apiBaseUrl: 'https://api.hubapi.com',
        appDisplayName: 'Acme',
        clientSecret: 's',
        isTestApp: false,
      },
    ]);
    expect(value.activeProfileId).toBe('p1');
    expect(notices).toEqual(['Profile “Acme”: the app’s display name was missing and is now “Acme”; check it matches HubSpot’s provider list.']);
  });

  it('reads an app ID stored as text, and drops a profile whose app ID cannot be read, naming it', () => {
    const { value, notices } = checkProfilesState(
      { profiles: [{ ...current, appId: '777' }, { ...current, id: 'p2', label: 'Broken', appId: 'abc' }], activeProfileId: 'p2' },
      newId,
    );
    expect(value.profiles.map((profile) => [profile.id, profile.appId])).toEqual([['p1', 777]]);
    expect(value.activeProfileId).toBeNull();
    expect(notices).toEqual([
      'Profile “Broken” was removed: its app ID could not be read (found string "abc").',
      'The active profile could not be found; choose one on the options page.',
    ]);
  });

  it('resets fields of the wrong type one by one and says which', () => {
    const { value, notices } = checkProfilesState(
      { profiles: [{ ...current, generation: 4, isTestApp: 'yes', providerSelector: 7, clientSecret: { x: 1 } }], activeProfileId: 'p1' },
      newId,
    );
    const [profile] = value.profiles;
    expect(profile).toMatchObject({ generation: 'v3', isTestApp: false, clientSecret: '', credential: current.credential });
    expect(profile).not.toHaveProperty('providerSelector');
    expect(notices).toEqual([
      'Profile “Acme dialer”: its API generation could not be read (found number 4) and is now v3; check it.',
      'Profile “Acme dialer”: its client secret could not be read and was cleared; enter it again.',
      'Profile “Acme dialer”: “test app” could not be read and is now off.',
      'Profile “Acme dialer”: its provider selector could not be read and was cleared.',
    ]);
  });

  it('never lets a credential go to another host: an unreadable API base clears it', () => {
    const { value, notices } = checkProfilesState({ profiles: [{ ...current, apiBaseUrl: 'http://evil.test' }], activeProfileId: null }, newId);
    expect(value.profiles[0]).toMatchObject({ apiBaseUrl: 'https://api.hubapi.com', credential: '' });
    expect(notices).toEqual([
      'Profile “Acme dialer”: its API base URL could not be read, so it is back to https://api.hubapi.com and its credential was cleared; enter it again.',
    ]);
  });

  it('gives repeated or missing ids new ones, and names nameless profiles by app ID', () => {
    let fresh = 0;
    const { value, notices } = checkProfilesState(
      { profiles: [current, { ...current }, { ...current, id: undefined, label: '  ' }], activeProfileId: 'p1' },
      () => `fresh-${++fresh}`,
    );
    expect(value.profiles.map((profile) => profile.id)).toEqual(['p1', 'fresh-1', 'fresh-2']);
    expect(value.profiles[2]?.label).toBe('App 123456');
    expect(notices).toEqual([
      'Profile “Acme dialer” had a repeated or unreadable id and was given a new one.',
      'Profile 3 had no id and was given a new one.',
      'Profile 3 had no name and is now called “App 123456”.',
    ]);
  });

  it('removes an entry that is not an object, keeping the others', () => {
    const { value, notices } = checkProfilesState({ profiles: [null, current], activeProfileId: 'p1' }, newId);
    expect(value.profiles).toEqual([current]);
    expect(notices).toEqual(['Profile 1 could not be read (found null) and was removed.']);
  });
});

describe('checkPreferences', () => {
  const fallback = { reloadAfterChange: true };
  it('keeps a boolean and reads nothing stored as the default', () => {
    expect(checkPreferences({ reloadAfterChange: false }, fallback)).toEqual({ value: { reloadAfterChange: false }, notices: [] });
    expect(checkPreferences(undefined, fallback)).toEqual({ value: fallback, notices: [] });
  });
  it('puts reloading back on when the value is of another type', () => {
    expect(checkPreferences({ reloadAfterChange: 'no' }, fallback)).toEqual({
      value: fallback,
      notices: ['“Reload the tab after a change” could not be read (found string "no") and is back on.'],
    });
    expect(checkPreferences('x', fallback).notices).toEqual(['Your preferences could not be read (found string "x") and were reset.']);
  });
});

describe('checkWebhookDefaults', () => {
  const fallback = { portalId: '', userId: '', timeoutSeconds: '10' };
  it('reads numbers as the text a form would hold, and resets what cannot be read', () => {
    expect(checkWebhookDefaults({ portalId: 42, userId: [1], timeoutSeconds: '5' }, fallback)).toEqual({
      value: { portalId: '42', userId: '', timeoutSeconds: '5' },
      notices: ['The webhook tester’s remembered user ID could not be read (found a list) and was reset.'],
    });
  });
});

describe('checkIsReadyCache', () => {
  it('keeps the statuses it can read and drops the rest without a word: they are fetched again', () => {
    const good = { profileId: 'p1', fetchedAt: 1, state: 'registered', settings: { url: 'https://x.test/hook', isReady: true } };
    const raw = { p1: good, p2: { profileId: 'p2', fetchedAt: 1, state: 'registered' }, p3: 'x', p4: { ...good, profileId: 'p1' } };
    expect(checkIsReadyCache(raw)).toEqual({ value: { p1: good }, notices: [] });
    expect(checkIsReadyCache('garbage')).toEqual({ value: {}, notices: [] });
  });
});

describe('checkWebhookRuns', () => {
  it('drops the runs it cannot read and counts them', () => {
    const run = { at: '2026-11-24T10:00:00Z', url: 'https://x.test', status: 200, durationMs: 5, verdict: 'ok', summary: 'fine', negatives: [] };
    expect(checkWebhookRuns({ p1: [run, { at: 1 }], p2: 'x' })).toEqual({
      value: { p1: [run], p2: [] },
      notices: ['2 of the webhook tester’s recent runs could not be read and were removed.'],
    });
  });
});

describe('checkRequestLog', () => {
  const logged = (id: string, startedAt: number): RequestLogEntry => ({
    id,
    profileId: 'p1',
    profileLabel: 'Acme dialer',
    operation: 'Read channel-connection settings',
    outcome: 'HTTP 200',
    method: 'GET',
    url: 'https://api.hubapi.com/crm/v3/extensions/calling/123456/settings/channel-connection?hapikey=[REDACTED]',
    status: 200,
    responseBody: '{}',
    startedAt,
    durationMs: 12,
    curl: "curl -X 'GET' 'https://api.hubapi.com/'",
    cut: {},
  });

  it('reads a log never written, or from before the log was stored, as empty without a word', () => {
    expect(checkRequestLog(undefined)).toEqual({ value: [], notices: [] });
    expect(checkRequestLog(null)).toEqual({ value: [], notices: [] });
    expect(checkRequestLog([])).toEqual({ value: [], notices: [] });
  });

  it('keeps a log as written', () => {
    const log = [logged('b', 2), logged('a', 1)];
    expect(checkRequestLog(log)).toEqual({ value: log, notices: [] });
  });

  it('removes the entries it cannot read and counts them', () => {
    const raw = [logged('b', 2), { ...logged('x', 3), url: 5 }, 'entry', logged('a', 1)];
    expect(checkRequestLog(raw)).toEqual({
      value: [logged('b', 2), logged('a', 1)],
      notices: ['2 entries of the request log could not be read and were removed.'],
    });
    expect(checkRequestLog([{}]).notices).toEqual(['1 entry of the request log could not be read and was removed.']);
  });

  it('resets a log replaced by something that is not a list, and says so', () => {
    expect(checkRequestLog({ entries: [] })).toEqual({
      value: [],
      notices: ['The request log’s entries could not be read (found an object) and were reset.'],
    });
  });

  it('removes an entry holding more than its limits, puts the entries in order and keeps the newest only', () => {
    const huge = { ...logged('huge', 30.5), responseBody: 'x'.repeat(LOG_BODY_LIMIT + 1) };
    const many = Array.from({ length: 60 }, (_, index) => logged(`e${index}`, index));

    const { value, notices } = checkRequestLog([...many, huge]);

    expect(notices).toEqual(['1 entry of the request log could not be read and was removed.']);
    expect(value.map((entry) => entry.id)).toEqual(Array.from({ length: LOG_ENTRY_LIMIT }, (_, index) => `e${59 - index}`));
  });
});

describe('checkTabObservations', () => {
  it('keeps the tabs it can read and drops the rest without a word: each tab reports again', () => {
    const good = { origin: 'https://app.hubspot.com', flag: 'true', flagOnLoad: null, otherSettings: [{ key: 'LocalSettings:Calling:x', value: '1' }], loadedAt: 1, providers: null, observedAt: 2 };
    const raw = { 1: good, 2: { ...good, loadedAt: 'x' }, 3: { ...good, providers: [1] }, 4: 'x' };
    expect(checkTabObservations(raw)).toEqual({ value: { 1: good }, notices: [] });
    // A record of the version before the other keys were kept, or with one of them damaged.
    const { otherSettings: _none, ...older } = good;
    expect(checkTabObservations({ 1: older, 2: { ...good, otherSettings: [{ key: 'LocalSettings:Calling:x', value: 1 }] } })).toEqual({
      value: { 1: { ...older, otherSettings: [] }, 2: { ...good, otherSettings: [] } },
      notices: [],
    });
    expect(checkTabObservations(['x'])).toEqual({ value: {}, notices: [] });
  });
});

describe('checkMatrixJournals', () => {
  const journal = {
    runId: 'run-1',
    profileId: 'profile-1',
    subject: { appName: 'Acme Dialer', appId: 123456, tabUrl: 'https://app.hubspot.com/help-desk/1' },
    tab: { id: 7, origin: 'https://app.hubspot.com' },
    startedAt: '2026-11-25T10:11:12.000Z',
    state: 'running',
    stopRequested: false,
    progress: { original: { isReady: false, flag: null }, isReadyNow: null, flagNow: { known: false }, rows: [] },
    outcome: null,
    resumed: false,
  };

  it('keeps a journal as written, the unknown values of a change in flight included', () => {
    expect(checkMatrixJournals({ 'api.hubapi.com/123456': journal })).toEqual({ value: { 'api.hubapi.com/123456': journal }, notices: [] });
    expect(checkMatrixJournals(undefined)).toEqual({ value: {}, notices: [] });
  });

  it.each([
    ['a run on another site', { ...journal, tab: { id: 7, origin: 'https://example.com' } }],
    ['an original that cannot be put back', { ...journal, progress: { ...journal.progress, original: { isReady: 'yes', flag: null } } }],
    ['an unknown state', { ...journal, state: 'paused' }],
  ])('drops %s, and says the run may need checking by hand', (_label, damaged) => {
    const checked = checkMatrixJournals({ 'api.hubapi.com/123456': damaged });
    expect(checked.value).toEqual({});
    expect(checked.notices).toEqual([
      'The record of a QA matrix run (api.hubapi.com/123456) could not be read and was removed: if that run was interrupted, check its app’s isReady and the test-mode flag by hand.',
    ]);
  });
});
