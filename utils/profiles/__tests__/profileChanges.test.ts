import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AppProfile, ProfilesState } from '../appProfiles';
import {
  changedFields,
  deleteFrom,
  editorDrift,
  importInto,
  importMessage,
  restoreInto,
  saveInto,
  type ImportSummary,
} from '../profileChanges';
import { testProfile } from '../../__tests__/testProfile';

const A = testProfile({ id: 'a', label: 'Alpha', isTestApp: true });
const B = testProfile({ id: 'b', label: 'Beta', appId: 222, credential: 'beta-key-0000', clientSecret: 'beta-secret-0000' });
const C = testProfile({ id: 'c', label: 'Gamma', appId: 333 });
const state = (profiles: AppProfile[], activeProfileId: string | null = profiles[0]?.id ?? null): ProfilesState => ({ profiles, activeProfileId });
const withoutSecrets = (profile: AppProfile): AppProfile => ({ ...profile, credential: '', clientSecret: '' });

describe('changedFields', () => {
  it('names the fields as the UI does, secrets included', () => {
    expect(changedFields(A, { ...A, label: 'x', credential: 'y', isTestApp: false })).toEqual(['label', 'credential', 'test-app mark']);
  });

  it('treats a missing provider selector as an empty one', () => {
    expect(changedFields(A, { ...A, providerSelector: '' })).toEqual([]);
    expect(changedFields(A, { ...A, providerSelector: '#x' })).toEqual(['provider selector']);
  });
});

describe('saveInto', () => {
  it('adds a new profile to the stored list as it is now, and makes it active when none is', () => {
    expect(saveInto(state([B], null), A, null)).toEqual({ ok: true, state: state([B, A], 'a') });
    expect(saveInto(state([B], 'b'), A, null)).toEqual({ ok: true, state: state([B, A], 'b') });
  });

  it('replaces only the edited profile, keeping what another page stored meanwhile', () => {
    const renamed = { ...A, label: 'Alpha 2' };
    expect(saveInto(state([A, B, C], 'c'), renamed, A)).toEqual({ ok: true, state: state([renamed, B, C], 'c') });
  });

  it('refuses an edit of a version that is no longer stored, naming what changed', () => {
    const elsewhere = { ...A, appId: 999, credential: 'rotated-key-1111' };
    expect(saveInto(state([elsewhere, B]), { ...A, label: 'Mine' }, A)).toEqual({
      ok: false,
      conflict: 'changed',
      current: elsewhere,
      fields: ['app ID', 'credential'],
    });
  });

  it('refuses an edit of a profile deleted meanwhile: it is never brought back by a save', () => {
    expect(saveInto(state([B]), { ...A, label: 'Mine' }, A)).toEqual({ ok: false, conflict: 'deleted' });
  });
});

describe('deleteFrom and restoreInto', () => {
  it('deletes one profile, moves the active choice to the first left, and can put it back where it was', () => {
    const deleted = deleteFrom(state([A, B, C], 'b'), 'b');
    expect(deleted).toEqual({ state: state([A, C], 'a'), removed: { profile: B, index: 1, wasActive: true } });
    expect(restoreInto(deleted!.state, deleted!.removed)).toEqual(state([A, B, C], 'b'));
  });

  it('keeps the active choice when another profile is deleted, and on undo', () => {
    const deleted = deleteFrom(state([A, B], 'a'), 'b')!;
    expect(deleted.state).toEqual(state([A], 'a'));
    expect(restoreInto(deleted.state, deleted.removed)).toEqual(state([A, B], 'a'));
  });

  it('deleting a profile already gone changes nothing', () => {
    expect(deleteFrom(state([A]), 'b')).toBeNull();
  });

  it('undo puts the profile at the end when the list got shorter, and never twice', () => {
    const { removed } = deleteFrom(state([A, B, C], 'a'), 'c')!;
    expect(restoreInto(state([], null), removed)).toEqual(state([C], 'c'));
    expect(restoreInto(state([A, C], 'a'), removed)).toBeNull();
  });
});

describe('importInto', () => {
  const summary = (patch: Partial<ImportSummary>): ImportSummary => ({
    added: [],
    updated: [],
    skipped: [],
    secretsDropped: [],
    withoutCredential: [],
    ...patch,
  });

  it('adds new profiles, keeps the others as stored, and replaces the same ids in place', () => {
    const renamed = { ...A, label: 'Alpha renamed' };
    const result = importInto(state([A, B], 'b'), [renamed, C]);
    expect(result.state).toEqual(state([renamed, B, C], 'b'));
    expect(result.summary).toEqual(summary({ added: ['Gamma'], updated: ['Alpha renamed'] }));
  });

  it('an export without secrets of the same app keeps the stored secrets, and skips what is unchanged', () => {
    const result = importInto(state([A, B]), [withoutSecrets(A), { ...withoutSecrets(B), label: 'Beta 2' }]);
    expect(result.state.profiles).toEqual([A, { ...B, label: 'Beta 2' }]);
    expect(result.summary).toEqual(summary({ updated: ['Beta 2'], skipped: ['Alpha'] }));
  });

  it.each([
    ['another app ID', { appId: 777 }, ['app ID']],
    ['another API host', { apiBaseUrl: 'https://api.hubapiqa.com' }, ['API base URL']],
    ['another API generation', { generation: '2026-03' as const }, ['API generation']],
    ['the test-app mark', { isTestApp: true }, ['test-app mark']],
    ['the app ID and the test-app mark', { appId: 777, isTestApp: true }, ['app ID', 'test-app mark']],
  ])('a file that gives a stored profile %s does not keep its secrets, and says so', (_case, change, fields) => {
    const result = importInto(state([B]), [{ ...withoutSecrets(B), ...change }]);
    expect(result.state.profiles).toEqual([{ ...withoutSecrets(B), ...change }]);
    expect(result.summary).toEqual(summary({ updated: ['Beta'], secretsDropped: [{ label: 'Beta', fields }], withoutCredential: ['Beta'] }));
  });

  it('a file that changes the app and brings its own secrets uses them, and drops nothing', () => {
    const moved = { ...B, appId: 777, credential: 'file-key-2222', clientSecret: 'file-secret-2222' };
    expect(importInto(state([B]), [moved]).summary).toEqual(summary({ updated: ['Beta'] }));
  });

  it('makes the first profile active when none was', () => {
    expect(importInto(state([], null), [B, C]).state.activeProfileId).toBe('b');
  });

  it('never loses a stored profile nor stores one twice (property)', () => {
    const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const profile = fc.record({ id: ids, label: fc.string(), appId: fc.integer({ min: 1, max: 3 }), isTestApp: fc.boolean(), withSecrets: fc.boolean() });
    const uniqueProfiles = fc.uniqueArray(profile, { selector: (each) => each.id, maxLength: 5 });
    fc.assert(
      fc.property(uniqueProfiles, uniqueProfiles, (storedSpecs, importedSpecs) => {
        const make = ({ id, label, appId, isTestApp, withSecrets }: (typeof storedSpecs)[number]) => {
          const made = testProfile({ id, label, appId, isTestApp, credential: `key-${id}`, clientSecret: `secret-${id}` });
          return withSecrets ? made : withoutSecrets(made);
        };
        const stored = storedSpecs.map(make);
        const imported = importedSpecs.map(make);
        const { state: merged, summary: told } = importInto(state(stored), imported);
        const expectedIds = [...new Set([...stored, ...imported].map((each) => each.id))];
        expect(merged.profiles.map((each) => each.id).sort()).toEqual(expectedIds.sort());
        expect(told.added.length + told.updated.length + told.skipped.length).toBe(imported.length);
        for (const result of merged.profiles) {
          const before = stored.find((each) => each.id === result.id);
          // A stored secret survives only on a profile that still speaks for the same app and test-app mark.
          if (before?.credential && result.credential === before.credential && !imported.find((each) => each.id === result.id)?.credential) {
            expect({ appId: result.appId, isTestApp: result.isTestApp }).toEqual({ appId: before.appId, isTestApp: before.isTestApp });
          }
        }
      }),
    );
  });
});

describe('importMessage', () => {
  it('says what was added, updated and skipped, and what to do next', () => {
    expect(
      importMessage({
        added: ['New'],
        updated: ['Beta', 'Gamma'],
        skipped: ['Alpha'],
        secretsDropped: [{ label: 'Beta', fields: ['app ID', 'test-app mark'] }],
        withoutCredential: ['Beta', 'New'],
      }),
    ).toBe(
      'Imported: 1 added, 2 updated, 1 skipped (already stored as in the file). ' +
        '“Beta” now has another app ID and test-app mark, so its stored secrets were not kept: edit it to enter them. ' +
        '1 profile without a credential (“New”): edit to add one.',
    );
  });

  it('says when the file held nothing', () => {
    expect(importMessage({ added: [], updated: [], skipped: [], secretsDropped: [], withoutCredential: [] })).toBe(
      'The file holds no profiles; nothing changed.',
    );
  });
});

describe('editorDrift', () => {
  it('is silent while the stored profile is the one the editor opened', () => {
    expect(editorDrift(A, [A, B])).toBeNull();
  });

  it('names what another window changed, or that it deleted the profile', () => {
    expect(editorDrift(A, [{ ...A, label: 'Theirs' }])).toMatch(/changed this profile's label since you opened it/);
    expect(editorDrift(A, [B])).toMatch(/deleted in another window/);
  });
});
