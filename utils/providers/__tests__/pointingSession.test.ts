import { describe, expect, it } from 'vitest';
import { POINTING_SESSION_MS, pointingSessionFor, refusePointed, saveSelector } from '../pointingSession';
import { checkPointingSession, type PointingSession } from '../../platform/storedData';
import { FIELD_LIMITS } from '../../profiles/profileFields';
import type { ProfilesState } from '../../profiles/appProfiles';
import { testProfile } from '../../__tests__/testProfile';

const NOW = 1_772_000_000_000;
const ACME = testProfile({ id: 'profile-acme', label: 'Acme (QA)', appDisplayName: 'Acme Dialer' });
const NORTHLINE = testProfile({ id: 'profile-northline', label: 'Northline', appDisplayName: 'Northline Calls', providerSelector: '#northline' });
const STATE: ProfilesState = { profiles: [ACME, NORTHLINE], activeProfileId: ACME.id };
const SESSION: PointingSession = { id: 'session-1', tabId: 7, profileId: ACME.id, startedAt: NOW };
const SELECTOR = '[data-testid="provider-acme"]';

describe('pointingSessionFor', () => {
  it('starts a session for the active profile, on the tab, at the time given', () => {
    expect(pointingSessionFor(STATE, 7, 'session-1', NOW)).toEqual({ ok: true, value: { session: SESSION, profile: ACME } });
  });

  it('follows the active profile, not the first one', () => {
    const started = pointingSessionFor({ ...STATE, activeProfileId: NORTHLINE.id }, 3, 'session-2', NOW + 5);
    expect(started).toEqual({ ok: true, value: { session: { id: 'session-2', tabId: 3, profileId: NORTHLINE.id, startedAt: NOW + 5 }, profile: NORTHLINE } });
  });

  it.each<[string, ProfilesState]>([
    ['no profile is active', { ...STATE, activeProfileId: null }],
    ['the active profile was deleted', { profiles: [NORTHLINE], activeProfileId: ACME.id }],
    ['there are no profiles', { profiles: [], activeProfileId: null }],
  ])('says to choose a profile when %s', (_case, state) => {
    const started = pointingSessionFor(state, 7, 'session-1', NOW);
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error).toMatch(/choose a profile/i);
  });
});

describe('refusePointed', () => {
  const sent = { session: SESSION.id, selector: SELECTOR, tabId: SESSION.tabId };

  it('takes the selector of the session, from its tab, in its time', () => {
    expect(refusePointed(SESSION, sent, NOW + 1_000)).toBeNull();
    // The limit is inclusive: a session is good up to exactly its length.
    expect(refusePointed(SESSION, sent, NOW + POINTING_SESSION_MS)).toBeNull();
    expect(refusePointed(SESSION, { ...sent, selector: 'x'.repeat(FIELD_LIMITS.providerSelector) }, NOW)).toBeNull();
  });

  it.each<[string, PointingSession | null, Partial<typeof sent>, number, RegExp]>([
    ['no session is under way', null, {}, NOW, /not started from the popup/],
    ['another session replaced it', SESSION, { session: 'session-0' }, NOW, /another one replaced it/],
    ['it comes from another tab', SESSION, { tabId: 8 }, NOW, /another tab/],
    ['it comes from no tab', SESSION, { tabId: undefined }, NOW, /another tab/],
    ['the session is over', SESSION, {}, NOW + POINTING_SESSION_MS + 1, /too long ago/],
    ['the selector is empty', SESSION, { selector: '' }, NOW, /empty/],
    ['the selector is blank', SESSION, { selector: ' \n\t ' }, NOW, /empty/],
    ['the selector is too long', SESSION, { selector: 'x'.repeat(FIELD_LIMITS.providerSelector + 1) }, NOW, /At most 1,000 characters \(this has 1,001\)/],
  ])('refuses, in words, when %s', (_case, session, change, now, words) => {
    expect(refusePointed(session, { ...sent, ...change }, now)).toMatch(words);
  });
});

describe('saveSelector', () => {
  it('gives that profile the selector, and leaves the others and the active profile as they were', () => {
    const saved = saveSelector({ ...STATE, activeProfileId: NORTHLINE.id }, ACME.id, SELECTOR);

    expect(saved.state).toEqual({ profiles: [{ ...ACME, providerSelector: SELECTOR }, NORTHLINE], activeProfileId: NORTHLINE.id });
    expect(saved.result).toEqual({ ok: true, value: 'Saved: the profile “Acme (QA)” now finds Acme Dialer by this selector.' });
  });

  it('replaces a selector the profile had', () => {
    const saved = saveSelector(STATE, NORTHLINE.id, SELECTOR);
    expect(saved.state?.profiles.find((profile) => profile.id === NORTHLINE.id)?.providerSelector).toBe(SELECTOR);
    expect(saved.state?.profiles.find((profile) => profile.id === ACME.id)).toEqual(ACME);
  });

  it('writes nothing for a profile deleted meanwhile, and says so', () => {
    const saved = saveSelector(STATE, 'profile-gone', SELECTOR);
    expect(saved.state).toBeUndefined();
    expect(saved.result).toEqual({ ok: false, error: 'Its profile was deleted meanwhile.' });
  });

  it('writes nothing when the profile has that selector already, and still says it is saved', () => {
    const saved = saveSelector(STATE, NORTHLINE.id, '#northline');
    expect(saved.state).toBeUndefined();
    expect(saved.result).toMatchObject({ ok: true, value: expect.stringMatching(/^Saved: the profile “Northline”/) });
  });
});

describe('checkPointingSession', () => {
  it('reads a stored session back as it was, without its stray fields, and tells nothing', () => {
    expect(checkPointingSession(SESSION)).toEqual({ value: SESSION, notices: [] });
    expect(checkPointingSession({ ...SESSION, extra: 'dropped' })).toEqual({ value: SESSION, notices: [] });
  });

  it.each<[string, unknown]>([
    ['nothing', undefined],
    ['null', null],
    ['text', 'session-1'],
    ['a number', 7],
    ['a list', [SESSION]],
    ['an empty object', {}],
    ['an id that is no text', { ...SESSION, id: 1 }],
    ['a tab id in text', { ...SESSION, tabId: '7' }],
    ['no profile id', { id: SESSION.id, tabId: SESSION.tabId, startedAt: SESSION.startedAt }],
    ['a start in text', { ...SESSION, startedAt: String(NOW) }],
  ])('reads %s as no session, silently', (_case, raw) => {
    expect(checkPointingSession(raw)).toEqual({ value: null, notices: [] });
  });
});
