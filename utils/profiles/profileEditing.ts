/**
 * Editing app profiles on the options page: the form's draft and its validation, and the profiles' export and
 * import. Decided here, without a browser; kept apart from appProfiles.ts so the popup does not carry it.
 */
import {
  API_GENERATIONS,
  checkApiBaseUrl,
  FIELD_LIMITS,
  IMPORT_LIMITS,
  isApiGeneration,
  overLimit,
  parseAppId,
  type ApiGeneration,
} from './profileFields';
import { HUBSPOT_API_BASE_URLS } from '../platform/hubspotOrigins';
import { isRecord, stringField } from '../platform/isRecord';
import { SECRET_FIELDS, type AppProfile, type SecretField } from './appProfiles';

/** The form as typed: every field a string, secrets empty meaning "keep the stored one" when editing. */
export interface ProfileDraft {
  label: string;
  appId: string;
  generation: ApiGeneration;
  credential: string;
  apiBaseUrl: string;
  appDisplayName: string;
  clientSecret: string;
  isTestApp: boolean;
  providerSelector: string;
}

export type ProfileField = keyof ProfileDraft;
export type FieldErrors = Partial<Record<ProfileField, string>>;

export const EMPTY_DRAFT: ProfileDraft = {
  label: '',
  appId: '',
  generation: 'v3',
  credential: '',
  apiBaseUrl: HUBSPOT_API_BASE_URLS.production,
  appDisplayName: '',
  clientSecret: '',
  isTestApp: false,
  providerSelector: '',
};

/** A draft of an existing profile: secrets are never put back into a form, so they never reach the DOM. */
export function draftOf(profile: AppProfile): ProfileDraft {
  return {
    label: profile.label,
    appId: String(profile.appId),
    generation: profile.generation,
    credential: '',
    apiBaseUrl: profile.apiBaseUrl,
    appDisplayName: profile.appDisplayName,
    clientSecret: '',
    isTestApp: profile.isTestApp,
    providerSelector: profile.providerSelector ?? '',
  };
}

export type DraftCheck = { ok: true; profile: AppProfile } | { ok: false; errors: FieldErrors };

/**
 * Validates a draft. `existing` is the profile being edited: its secrets are kept where the draft leaves them empty.
 */
export function validateDraft(
  draft: ProfileDraft,
  existing: AppProfile | null,
  newId: () => string,
  { requireCredential = true, isValidSelector = () => true }: { requireCredential?: boolean; isValidSelector?: (selector: string) => boolean } = {},
): DraftCheck {
  const errors: FieldErrors = {};
  const label = draft.label.trim();
  if (!label) errors.label = 'Give the profile a name.';
  const appId = parseAppId(draft.appId);
  if (appId === null) errors.appId = 'The app ID is a positive whole number (see your app in the developer account).';
  if (!(draft.generation in API_GENERATIONS)) errors.generation = 'Choose an API generation.';
  const base = checkApiBaseUrl(draft.apiBaseUrl);
  if (!base.ok) errors.apiBaseUrl = base.message;
  // A stored credential goes only where it went before: a new API host or generation needs it typed again, so an
  // edited or imported profile can never send it somewhere else.
  const sameTarget = existing?.generation === draft.generation && base.ok && existing.apiBaseUrl === base.baseUrl;
  const credential = draft.credential.trim() || (sameTarget ? existing.credential : '');
  const credentialLabel = API_GENERATIONS[draft.generation]?.credentialLabel ?? 'credential';
  if (!credential && requireCredential) {
    errors.credential =
      existing?.credential && !sameTarget
        ? `Enter the ${credentialLabel} again: the API host or generation changed.`
        : `Enter the ${credentialLabel}.`;
  } else if (/\s/.test(credential)) errors.credential = 'The credential cannot contain spaces.';
  const appDisplayName = draft.appDisplayName.trim();
  if (!appDisplayName) errors.appDisplayName = "Enter the app's name as HubSpot lists it (used to find it on the page).";
  const clientSecret = draft.clientSecret.trim() || existing?.clientSecret || '';
  const providerSelector = (draft.providerSelector ?? '').trim();
  if (providerSelector && !isValidSelector(providerSelector)) {
    errors.providerSelector = 'This is not a valid CSS selector.';
  }

  // Checked last so the length, when over, is what the field says: nothing else matters until it fits.
  for (const field of Object.keys(FIELD_LIMITS) as Array<keyof typeof FIELD_LIMITS>) {
    const tooLong = overLimit(field, draft[field] ?? '');
    if (tooLong) errors[field] = tooLong;
  }

  if (Object.keys(errors).length > 0 || appId === null || !base.ok) return { ok: false, errors };
  return {
    ok: true,
    profile: {
      id: existing?.id ?? newId(),
      label,
      appId,
      generation: draft.generation,
      credential,
      apiBaseUrl: base.baseUrl,
      appDisplayName,
      clientSecret,
      isTestApp: draft.isTestApp,
      ...(providerSelector ? { providerSelector } : {}),
    },
  };
}

export const PROFILES_EXPORT_FORMAT = 'channel-connection-tester/profiles';
export const PROFILES_EXPORT_VERSION = 1;

export interface ProfilesExport {
  format: typeof PROFILES_EXPORT_FORMAT;
  version: typeof PROFILES_EXPORT_VERSION;
  exportedAt: string;
  includesSecrets: boolean;
  profiles: Array<Omit<AppProfile, SecretField> & Partial<Pick<AppProfile, SecretField>>>;
}

export function exportProfiles(profiles: AppProfile[], includeSecrets: boolean, now = new Date()): string {
  const data: ProfilesExport = {
    format: PROFILES_EXPORT_FORMAT,
    version: PROFILES_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    includesSecrets: includeSecrets,
    profiles: profiles.map((profile) => {
      const copy: Partial<AppProfile> = { ...profile };
      if (!includeSecrets) for (const field of SECRET_FIELDS) delete copy[field];
      return copy as ProfilesExport['profiles'][number];
    }),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

export type ImportCheck = { ok: true; profiles: AppProfile[] } | { ok: false; reason: string };

/**
 * Reads an export. Everything is checked before anything is used, so a bad file changes nothing. Each profile holds
 * only what the file holds: which stored secrets it may keep is decided when it is merged (`importInto`).
 */
export function importProfiles(text: string): ImportCheck {
  if (text.length > IMPORT_LIMITS.fileBytes) return { ok: false, reason: tooBigFile(text.length) };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The file is not JSON.' };
  }
  if (!isRecord(data) || data.format !== PROFILES_EXPORT_FORMAT) {
    return { ok: false, reason: 'The file is not a Channel Connection Tester profile export.' };
  }
  if (data.version !== PROFILES_EXPORT_VERSION) {
    return { ok: false, reason: `Unsupported export version ${JSON.stringify(data.version)} (expected ${PROFILES_EXPORT_VERSION}).` };
  }
  if (!Array.isArray(data.profiles)) return { ok: false, reason: 'The file has no profiles list.' };
  if (data.profiles.length > IMPORT_LIMITS.profiles) {
    return { ok: false, reason: `The file holds ${data.profiles.length} profiles; an import takes at most ${IMPORT_LIMITS.profiles}.` };
  }

  const profiles: AppProfile[] = [];
  const ids = new Set<string>();
  for (const [index, entry] of data.profiles.entries()) {
    const where = `Profile ${index + 1}`;
    if (!isRecord(entry)) return { ok: false, reason: `${where} is not an object.` };
    if (typeof entry.id !== 'string' || !entry.id) return { ok: false, reason: `${where} has no id.` };
    if (entry.id.length > MAX_ID_LENGTH) return { ok: false, reason: `${where} has an id longer than ${MAX_ID_LENGTH} characters.` };
    if (ids.has(entry.id)) return { ok: false, reason: `${where} repeats the id ${entry.id}.` };
    ids.add(entry.id);
    if (!isApiGeneration(entry.generation)) {
      return { ok: false, reason: `${where}: unknown API generation ${JSON.stringify(entry.generation)}.` };
    }
    // A profile exported without its credential is imported without one; the user adds it before use.
    const check = validateDraft(
      {
        label: stringField(entry.label),
        appId: typeof entry.appId === 'number' ? String(entry.appId) : stringField(entry.appId),
        generation: entry.generation,
        credential: stringField(entry.credential),
        apiBaseUrl: stringField(entry.apiBaseUrl),
        appDisplayName: stringField(entry.appDisplayName),
        clientSecret: stringField(entry.clientSecret),
        isTestApp: entry.isTestApp === true,
        providerSelector: stringField(entry.providerSelector),
      },
      null,
      () => entry.id as string,
      { requireCredential: false },
    );
    if (!check.ok) {
      const problems = Object.entries(check.errors).map(([field, message]) => `${field}: ${message}`);
      const name = stringField(entry.label).slice(0, FIELD_LIMITS.label) || entry.id;
      return { ok: false, reason: `${where} (${name}): ${problems.join(' ')}` };
    }
    profiles.push(check.profile);
  }
  return { ok: true, profiles };
}

/** Ids are `crypto.randomUUID()`s; an import may bring its own, within reason. */
const MAX_ID_LENGTH = 200;

/** Refuses a file before it is read, by its size in bytes. */
export function checkImportFileSize(bytes: number): string | null {
  return bytes > IMPORT_LIMITS.fileBytes ? tooBigFile(bytes) : null;
}

function tooBigFile(size: number): string {
  return `The file is ${(size / 1_048_576).toFixed(1)} MB; an import takes at most ${IMPORT_LIMITS.fileBytes / 1_048_576} MB.`;
}
