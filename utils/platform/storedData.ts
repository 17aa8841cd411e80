/**
 * Reads what the extension stored, whatever it finds: an item written by an older version (fields missing), by a bug
 * or by hand in DevTools (wrong types), or replaced by garbage. Each check returns a value of the current shape and,
 * when it had to change anything, notices in words that the UI shows, so a damaged item never becomes a blank page
 * and nothing is dropped silently.
 */
import type { AppProfile, ProfilesState } from '../profiles/appProfiles';
import { isFlagValue, isLocalSetting } from '../flag/channelConnectionFlag';
import { HUBSPOT_API_BASE_URLS, hubspotAppOrigin } from './hubspotOrigins';
import { isRecord, stringField } from './isRecord';
import { plural } from './plural';
import { isIsReadyStatus, type IsReadyStatus } from '../hubspotApi/isReadyStatus';
import { isTabObservation, type TabObservation } from '../tabs/tabState';
import { checkApiBaseUrl, isApiGeneration, parseAppId, type ApiGeneration } from '../profiles/profileFields';
import type { WebhookRunSummary } from '../webhook/webhookReport';
import type { MatrixProgress } from '../matrix/availabilityMatrix';
import type { MatrixJournal, MatrixJournals } from '../matrix/matrixJournal';
import { inLogOrder, isRequestLogEntry, type RequestLogEntry } from '../hubspotApi/requestLog';

export interface Checked<T> {
  value: T;
  /** Empty when the stored value was used as it was. */
  notices: string[];
}

export interface Preferences {
  /** HubSpot reads the flag when the page loads, so a change only takes effect after a reload. */
  reloadAfterChange: boolean;
}

export interface WebhookDefaults {
  portalId: string;
  userId: string;
  timeoutSeconds: string;
}

const described = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
};

/** `what` names the item in the plural. */
const unreadable = <T>(what: string, raw: unknown, fallback: T): Checked<T> => ({
  value: fallback,
  notices: [`${what} could not be read (found ${described(raw)}) and were reset.`],
});

export function checkPreferences(raw: unknown, fallback: Preferences): Checked<Preferences> {
  if (raw === undefined || raw === null) return { value: fallback, notices: [] };
  if (!isRecord(raw)) return unreadable('Your preferences', raw, fallback);
  if (typeof raw.reloadAfterChange === 'boolean') return { value: { reloadAfterChange: raw.reloadAfterChange }, notices: [] };
  return {
    value: fallback,
    notices: [`“Reload the tab after a change” could not be read (found ${described(raw.reloadAfterChange)}) and is back on.`],
  };
}

export function checkWebhookDefaults(raw: unknown, fallback: WebhookDefaults): Checked<WebhookDefaults> {
  if (raw === undefined || raw === null) return { value: fallback, notices: [] };
  if (!isRecord(raw)) return unreadable('The webhook tester’s remembered portal ID, user ID and timeout', raw, fallback);
  const notices: string[] = [];
  const field = (name: keyof WebhookDefaults, label: string): string => {
    const value = raw[name];
    if (typeof value === 'string') return value;
    // A number is what an older form or a hand edit would store; it means the same.
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (value !== undefined) notices.push(`The webhook tester’s remembered ${label} could not be read (found ${described(value)}) and was reset.`);
    return fallback[name];
  };
  return {
    value: { portalId: field('portalId', 'portal ID'), userId: field('userId', 'user ID'), timeoutSeconds: field('timeoutSeconds', 'timeout') },
    notices,
  };
}

/**
 * One stored profile, or the reason it cannot be kept. Missing fields of an older version are filled in; a field of
 * the wrong type is reset and said; a profile whose app ID cannot be read cannot be used for anything, and is dropped.
 */
function checkProfile(raw: unknown, position: number, takenIds: Set<string>, newId: () => string): { profile: AppProfile | null; notices: string[] } {
  const where = `Profile ${position}`;
  if (!isRecord(raw)) return { profile: null, notices: [`${where} could not be read (found ${described(raw)}) and was removed.`] };
  const name = typeof raw.label === 'string' && raw.label.trim() ? `Profile “${raw.label.trim()}”` : where;
  const notices: string[] = [];
  const appId = parseAppId(typeof raw.appId === 'number' ? String(raw.appId) : stringField(raw.appId));
  if (appId === null) return { profile: null, notices: [`${name} was removed: its app ID could not be read (found ${described(raw.appId)}).`] };

  let id = typeof raw.id === 'string' && raw.id ? raw.id : '';
  if (!id || takenIds.has(id)) {
    id = newId();
    notices.push(`${name} had ${raw.id === undefined ? 'no' : 'a repeated or unreadable'} id and was given a new one.`);
  }
  takenIds.add(id);
  const label = typeof raw.label === 'string' && raw.label.trim() ? raw.label.trim() : `App ${appId}`;
  if (name === where) notices.push(`${where} had no name and is now called “${label}”.`);

  let generation: ApiGeneration = 'v3';
  if (isApiGeneration(raw.generation)) generation = raw.generation;
  // Profiles from before API generations existed used the developer API key (v3).
  else if (raw.generation !== undefined) notices.push(`${name}: its API generation could not be read (found ${described(raw.generation)}) and is now v3; check it.`);

  const secret = (field: 'credential' | 'clientSecret', label: string): string => {
    if (typeof raw[field] === 'string') return raw[field];
    if (raw[field] !== undefined) notices.push(`${name}: its ${label} could not be read and was cleared; enter it again.`);
    return '';
  };
  let credential = secret('credential', 'credential');
  const clientSecret = secret('clientSecret', 'client secret');

  let apiBaseUrl: string = HUBSPOT_API_BASE_URLS.production;
  if (raw.apiBaseUrl !== undefined) {
    const base = typeof raw.apiBaseUrl === 'string' ? checkApiBaseUrl(raw.apiBaseUrl) : null;
    if (base?.ok) apiBaseUrl = base.baseUrl;
    else {
      // The credential was meant for the host that can no longer be read: it must not go to another one.
      if (credential) notices.push(`${name}: its API base URL could not be read, so it is back to ${apiBaseUrl} and its credential was cleared; enter it again.`);
      else notices.push(`${name}: its API base URL could not be read and is back to ${apiBaseUrl}.`);
      credential = '';
    }
  }

  let appDisplayName = label;
  if (typeof raw.appDisplayName === 'string' && raw.appDisplayName.trim()) appDisplayName = raw.appDisplayName.trim();
  else notices.push(`${name}: the app’s display name was missing and is now “${label}”; check it matches HubSpot’s provider list.`);

  const isTestApp = raw.isTestApp === true;
  if (raw.isTestApp !== undefined && typeof raw.isTestApp !== 'boolean') notices.push(`${name}: “test app” could not be read and is now off.`);
  const providerSelector = typeof raw.providerSelector === 'string' && raw.providerSelector.trim() ? raw.providerSelector.trim() : undefined;
  if (raw.providerSelector !== undefined && typeof raw.providerSelector !== 'string') notices.push(`${name}: its provider selector could not be read and was cleared.`);

  return {
    profile: { id, label, appId, generation, credential, apiBaseUrl, appDisplayName, clientSecret, isTestApp, ...(providerSelector ? { providerSelector } : {}) },
    notices,
  };
}

export function checkProfilesState(raw: unknown, newId: () => string): Checked<ProfilesState> {
  const empty: ProfilesState = { profiles: [], activeProfileId: null };
  if (raw === undefined || raw === null) return { value: empty, notices: [] };
  if (!isRecord(raw) || !Array.isArray(raw.profiles)) return unreadable('Your app profiles', raw, empty);
  const takenIds = new Set<string>();
  const notices: string[] = [];
  const profiles: AppProfile[] = [];
  raw.profiles.forEach((entry, index) => {
    const checked = checkProfile(entry, index + 1, takenIds, newId);
    notices.push(...checked.notices);
    if (checked.profile) profiles.push(checked.profile);
  });
  let activeProfileId = typeof raw.activeProfileId === 'string' ? raw.activeProfileId : null;
  if (activeProfileId !== null && !profiles.some((profile) => profile.id === activeProfileId)) {
    notices.push('The active profile could not be found; choose one on the options page.');
    activeProfileId = null;
  } else if (raw.activeProfileId !== null && raw.activeProfileId !== undefined && typeof raw.activeProfileId !== 'string') {
    notices.push('The active profile could not be read; choose one on the options page.');
  }
  return { value: { profiles, activeProfileId }, notices };
}

/** A cache: what cannot be read is fetched again, so it is dropped without a word. */
export function checkIsReadyCache(raw: unknown): Checked<Record<string, IsReadyStatus>> {
  if (!isRecord(raw)) return { value: {}, notices: [] };
  return { value: Object.fromEntries(Object.entries(raw).filter(([id, status]) => isIsReadyStatus(status, id))) as Record<string, IsReadyStatus>, notices: [] };
}

const isWebhookRunSummary = (value: unknown): value is WebhookRunSummary =>
  isRecord(value) &&
  typeof value.at === 'string' &&
  typeof value.url === 'string' &&
  (typeof value.status === 'number' || value.status === null) &&
  typeof value.durationMs === 'number' &&
  typeof value.verdict === 'string' &&
  typeof value.summary === 'string' &&
  Array.isArray(value.negatives);

export function checkWebhookRuns(raw: unknown): Checked<Record<string, WebhookRunSummary[]>> {
  if (raw === undefined || raw === null) return { value: {}, notices: [] };
  if (!isRecord(raw)) return unreadable('The webhook tester’s recent runs', raw, {});
  let dropped = 0;
  const value = Object.fromEntries(
    Object.entries(raw).map(([profileId, runs]) => {
      const list = Array.isArray(runs) ? runs : [];
      const kept = list.filter(isWebhookRunSummary);
      dropped += (Array.isArray(runs) ? list.length : 1) - kept.length;
      return [profileId, kept];
    }),
  );
  return { value, notices: dropped > 0 ? [`${dropped} of the webhook tester’s recent runs could not be read and were removed.`] : [] };
}

/** The request log, newest first: an entry that cannot be read, or holds more than its limits, is removed. */
export function checkRequestLog(raw: unknown): Checked<RequestLogEntry[]> {
  if (raw === undefined || raw === null) return { value: [], notices: [] };
  if (!Array.isArray(raw)) return unreadable('The request log’s entries', raw, []);
  const entries = raw.filter(isRequestLogEntry);
  const dropped = raw.length - entries.length;
  return {
    value: inLogOrder(entries),
    notices: dropped > 0 ? [`${plural(dropped, 'entry', 'entries')} of the request log could not be read and ${dropped === 1 ? 'was' : 'were'} removed.`] : [],
  };
}

/** The background's notes on open tabs: what cannot be read is noted again when the tab next reports. */
export function checkTabObservations(raw: unknown): Checked<Record<string, TabObservation>> {
  if (!isRecord(raw)) return { value: {}, notices: [] };
  const value: Record<string, TabObservation> = {};
  for (const [tabId, observation] of Object.entries(raw)) {
    if (!isTabObservation(observation)) continue;
    // Records written before the other keys were kept hold none: they arrive with the tab's next report.
    const otherSettings = Array.isArray(observation.otherSettings) ? observation.otherSettings.filter(isLocalSetting) : [];
    value[tabId] = { ...observation, otherSettings };
  }
  return { value, notices: [] };
}

const isMatrixProgress = (value: unknown): value is MatrixProgress =>
  isRecord(value) &&
  isRecord(value.original) &&
  typeof value.original.isReady === 'boolean' &&
  isFlagValue(value.original.flag) &&
  (typeof value.isReadyNow === 'boolean' || value.isReadyNow === null) &&
  isRecord(value.flagNow) &&
  (value.flagNow.known === false || (value.flagNow.known === true && isFlagValue(value.flagNow.value))) &&
  Array.isArray(value.rows) &&
  value.rows.every(isRecord);

const isMatrixJournal = (value: unknown): value is MatrixJournal =>
  isRecord(value) &&
  typeof value.runId === 'string' &&
  typeof value.profileId === 'string' &&
  isRecord(value.subject) &&
  typeof value.subject.appName === 'string' &&
  typeof value.subject.appId === 'number' &&
  typeof value.subject.tabUrl === 'string' &&
  isRecord(value.tab) &&
  typeof value.tab.id === 'number' &&
  typeof value.tab.origin === 'string' &&
  hubspotAppOrigin(value.tab.origin) === value.tab.origin &&
  typeof value.startedAt === 'string' &&
  (value.state === 'running' || value.state === 'done') &&
  typeof value.stopRequested === 'boolean' &&
  (value.progress === null || isMatrixProgress(value.progress)) &&
  (value.outcome === null || isRecord(value.outcome)) &&
  typeof value.resumed === 'boolean';

/**
 * The QA matrix's journals. One that cannot be read cannot be restored from: the notice says so, so the user checks
 * isReady and the flag by hand.
 */
export function checkMatrixJournals(raw: unknown): Checked<MatrixJournals> {
  if (raw === undefined || raw === null) return { value: {}, notices: [] };
  if (!isRecord(raw)) return unreadable('The QA matrix’s run records', raw, {});
  const value: MatrixJournals = {};
  const notices: string[] = [];
  for (const [key, journal] of Object.entries(raw)) {
    if (isMatrixJournal(journal)) value[key] = journal;
    else notices.push(`The record of a QA matrix run (${key}) could not be read and was removed: if that run was interrupted, check its app’s isReady and the test-mode flag by hand.`);
  }
  return { value, notices };
}

/** A point-at session the background started: which tab it is on, and which profile a confirmed selector goes to. */
export interface PointingSession {
  id: string;
  tabId: number;
  profileId: string;
  /** When it started (ms since the epoch); a session is taken only for a while after. */
  startedAt: number;
}

export function checkPointingSession(raw: unknown): Checked<PointingSession | null> {
  if (!isRecord(raw)) return { value: null, notices: [] };
  const { id, tabId, profileId, startedAt } = raw;
  const valid = typeof id === 'string' && typeof tabId === 'number' && typeof profileId === 'string' && typeof startedAt === 'number';
  return { value: valid ? { id, tabId, profileId, startedAt } : null, notices: [] };
}
