/**
 * How one page's change to the profiles is applied to the profiles as stored now, which another page may have changed
 * since this one read them: each change touches its own profile only, and an edit made on an older version of a
 * profile is refused instead of overwriting the newer one. Pure: the caller reads and writes storage.
 */
import { SECRET_FIELDS, type AppProfile, type ProfilesState } from './appProfiles';
import { plural } from '../platform/plural';

const FIELD_NAMES: Record<keyof AppProfile, string> = {
  id: 'id',
  label: 'label',
  appId: 'app ID',
  generation: 'API generation',
  credential: 'credential',
  apiBaseUrl: 'API base URL',
  appDisplayName: 'app name',
  clientSecret: 'client secret',
  isTestApp: 'test-app mark',
  providerSelector: 'provider selector',
};
const FIELDS = Object.keys(FIELD_NAMES) as Array<keyof AppProfile>;

/** Which app a profile speaks for, where and as what: a stored secret belongs to these, and follows no change of them. */
const IDENTITY: ReadonlyArray<keyof AppProfile> = ['appId', 'generation', 'apiBaseUrl', 'isTestApp'];

/** The fields, by their names in the UI, in which two versions of a profile differ. */
export function changedFields(before: AppProfile, after: AppProfile): string[] {
  return FIELDS.filter((field) => (before[field] ?? '') !== (after[field] ?? '')).map((field) => FIELD_NAMES[field]);
}

export type SaveOutcome =
  | { ok: true; state: ProfilesState }
  | { ok: false; conflict: 'changed'; current: AppProfile; fields: string[] }
  | { ok: false; conflict: 'deleted' };

/**
 * Saves one profile. `base` is the version the editor opened (null for a new profile): if the stored one is no longer
 * that version, or is gone, nothing is saved and the caller is told how.
 */
export function saveInto(stored: ProfilesState, profile: AppProfile, base: AppProfile | null): SaveOutcome {
  const activeProfileId = stored.activeProfileId ?? profile.id;
  if (!base) return { ok: true, state: { profiles: [...stored.profiles, profile], activeProfileId } };
  const current = stored.profiles.find((candidate) => candidate.id === base.id);
  if (!current) return { ok: false, conflict: 'deleted' };
  const fields = changedFields(base, current);
  if (fields.length > 0) return { ok: false, conflict: 'changed', current, fields };
  return {
    ok: true,
    state: { profiles: stored.profiles.map((candidate) => (candidate.id === profile.id ? profile : candidate)), activeProfileId },
  };
}

/** What a deletion removed, enough to put it back where it was. */
export interface Removed {
  profile: AppProfile;
  index: number;
  wasActive: boolean;
}

export function deleteFrom(stored: ProfilesState, id: string): { state: ProfilesState; removed: Removed } | null {
  const index = stored.profiles.findIndex((candidate) => candidate.id === id);
  const profile = stored.profiles[index];
  if (!profile) return null;
  const profiles = stored.profiles.filter((candidate) => candidate.id !== id);
  const wasActive = stored.activeProfileId === id;
  return {
    state: { profiles, activeProfileId: wasActive ? (profiles[0]?.id ?? null) : stored.activeProfileId },
    removed: { profile, index, wasActive },
  };
}

/** Undoes a deletion, unless a profile with that id is stored again (an import, another page's undo). */
export function restoreInto(stored: ProfilesState, { profile, index, wasActive }: Removed): ProfilesState | null {
  if (stored.profiles.some((candidate) => candidate.id === profile.id)) return null;
  const profiles = [...stored.profiles];
  profiles.splice(Math.min(index, profiles.length), 0, profile);
  return { profiles, activeProfileId: wasActive || stored.activeProfileId === null ? profile.id : stored.activeProfileId };
}

export interface ImportSummary {
  added: string[];
  updated: string[];
  /** Stored exactly as the file has them. */
  skipped: string[];
  /** Profiles whose stored secrets were not kept, and which of their identity fields the file changed. */
  secretsDropped: Array<{ label: string; fields: string[] }>;
  /** Stored without a credential, so they must be edited before use. */
  withoutCredential: string[];
}

/**
 * Merges imported profiles into the stored ones by id; the others are kept as stored. A profile the file leaves
 * without secrets keeps the stored ones only while it still speaks for the same app, host, generation and test-app
 * mark: a file cannot lend a stored key to another app, or let the QA matrix treat a production app as a test app.
 */
export function importInto(stored: ProfilesState, imported: AppProfile[]): { state: ProfilesState; summary: ImportSummary } {
  const summary: ImportSummary = { added: [], updated: [], skipped: [], secretsDropped: [], withoutCredential: [] };
  const merged = new Map(stored.profiles.map((profile) => [profile.id, profile]));
  for (const incoming of imported) {
    const previous = merged.get(incoming.id);
    let profile = incoming;
    if (!previous) {
      summary.added.push(incoming.label);
    } else {
      const identity = IDENTITY.filter((field) => previous[field] !== incoming[field]).map((field) => FIELD_NAMES[field]);
      const kept = Object.fromEntries(
        SECRET_FIELDS.filter((field) => !incoming[field] && previous[field]).map((field) => [field, previous[field]]),
      );
      if (identity.length === 0) profile = { ...incoming, ...kept };
      else if (Object.keys(kept).length > 0) summary.secretsDropped.push({ label: incoming.label, fields: identity });
      (changedFields(previous, profile).length === 0 ? summary.skipped : summary.updated).push(incoming.label);
    }
    if (!profile.credential) summary.withoutCredential.push(incoming.label);
    merged.set(profile.id, profile);
  }
  const profiles = [...merged.values()];
  return { state: { profiles, activeProfileId: stored.activeProfileId ?? profiles[0]?.id ?? null }, summary };
}

const listed = (labels: string[]) => labels.map((label) => `“${label}”`).join(', ');

/** The import's outcome in words: what was added, updated and skipped, and what the user must do next. */
export function importMessage(summary: ImportSummary): string {
  const counts = [
    summary.added.length > 0 && `${summary.added.length} added`,
    summary.updated.length > 0 && `${summary.updated.length} updated`,
    summary.skipped.length > 0 && `${summary.skipped.length} skipped (already stored as in the file)`,
  ].filter(Boolean);
  const sentences = [counts.length > 0 ? `Imported: ${counts.join(', ')}.` : 'The file holds no profiles; nothing changed.'];
  for (const { label, fields } of summary.secretsDropped) {
    sentences.push(`“${label}” now has another ${fields.join(' and ')}, so its stored secrets were not kept: edit it to enter them.`);
  }
  const dropped = new Set(summary.secretsDropped.map(({ label }) => label));
  const missing = summary.withoutCredential.filter((label) => !dropped.has(label));
  if (missing.length > 0) sentences.push(`${plural(missing.length, 'profile')} without a credential (${listed(missing)}): edit to add one.`);
  return sentences.join(' ');
}

/** What an open editor should know about its profile as stored now, in words; null while nothing changed it. */
export function editorDrift(base: AppProfile, stored: AppProfile[]): string | null {
  const current = stored.find((candidate) => candidate.id === base.id);
  if (!current) return 'This profile was deleted in another window since you opened it. Saving adds your version as a new profile.';
  const fields = changedFields(base, current);
  return fields.length > 0
    ? `Another window changed this profile's ${fields.join(', ')} since you opened it. Saving asks before replacing that version.`
    : null;
}
