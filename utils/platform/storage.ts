/**
 * Every item the extension stores. Nothing else reads or writes storage directly (utils/platform/browserDifferences.ts only
 * sets who may read the local area).
 */
import { storage as extensionStorage } from 'wxt/utils/storage';
import type { WxtStorageItem } from 'wxt/utils/storage';
import { activate, type ProfilesState } from '../profiles/appProfiles';
import type { IsReadyStatus } from '../hubspotApi/isReadyStatus';
import type { TabObservation } from '../tabs/tabState';
import {
  checkIsReadyCache,
  checkMatrixJournals,
  checkPointingSession,
  checkPreferences,
  checkProfilesState,
  checkRequestLog,
  checkTabObservations,
  checkWebhookDefaults,
  checkWebhookRuns,
  type Checked,
  type PointingSession,
  type Preferences,
  type WebhookDefaults,
} from './storedData';
import type { WebhookRunSummary } from '../webhook/webhookReport';
import type { MatrixJournals } from '../matrix/matrixJournal';
import type { RequestLogEntry } from '../hubspotApi/requestLog';

export type { Preferences, WebhookDefaults };

/**
 * What a read had to repair, kept until the user dismisses it: one item per item whose repairs are told. Two pages
 * repairing the same item at once write the same words; two repairing different items cannot overwrite each other's.
 * Listed here rather than made by each checked item, so a page that never reads an item does not carry its checks.
 */
const noticesFor = (key: string) => extensionStorage.defineItem<string[]>(`local:storageNotices.${key}`, { fallback: [] });
const NOTICES = {
  profiles: noticesFor('appProfiles'),
  preferences: noticesFor('preferences'),
  webhookDefaults: noticesFor('webhookDefaults'),
  webhookRuns: noticesFor('webhookRuns'),
  matrixRuns: noticesFor('matrixRuns'),
  requestLog: noticesFor('requestLog'),
};
const noticesItems = Object.values(NOTICES);

/**
 * A write the browser refused, in words a user can act on. The quota is the one users meet: 10 MB for the local area,
 * which an over-long import or a large log can fill.
 */
export class StorageWriteError extends Error {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      /quota/i.test(reason)
        ? `the browser's storage for this extension is full (${reason}); delete profiles or webhook runs you no longer need`
        : `the browser could not store it (${reason})`,
    );
    this.name = 'StorageWriteError';
  }
}

/** The words for a failed write, for the place where the user acted; anything else is a bug and is thrown again. */
export function writeFailure(error: unknown): string {
  if (error instanceof StorageWriteError) return error.message;
  throw error;
}

let localQueue: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` while no other page or the background runs work under the same name: a read-change-write of an item
 * two pages change must not be interleaved. Web Locks span the extension's pages and its worker (one origin); the
 * queue serves where they are missing (unit tests in Node), and there is only one context there.
 */
function exclusively<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  if (locks) return locks.request(`cct:${name}`, work) as Promise<T>;
  const next = localQueue.then(work);
  localQueue = next.catch(() => undefined);
  return next;
}

/** The parts of a stored item the extension uses, every read going through `check`. */
export interface CheckedItem<T> {
  readonly fallback: T;
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
  watch(callback: (value: T) => void): () => void;
}

/**
 * Whatever is stored, readers get the current shape. A read that had to repair the item writes the repair back, so
 * it is told once, and records the notices (if the item has any to tell) before it answers.
 */
function checkedItem<T>(
  item: WxtStorageItem<T, Record<string, unknown>>,
  check: (raw: unknown) => Checked<T>,
  notices?: WxtStorageItem<string[], Record<string, unknown>>,
): CheckedItem<T> {
  return {
    fallback: item.fallback,
    async getValue() {
      const checked = check(await item.getValue());
      if (checked.notices.length > 0) await Promise.all([item.setValue(checked.value), notices?.setValue(checked.notices)]);
      return checked.value;
    },
    setValue: (value) =>
      item.setValue(value).catch((error: unknown) => {
        throw new StorageWriteError(error);
      }),
    watch: (callback) => item.watch((raw) => callback(check(raw).value)),
  };
}

/** Every repair notice not yet dismissed, item by item in the order the items are declared. */
export async function readStorageNotices(): Promise<string[]> {
  const lists: unknown[] = await Promise.all(noticesItems.map((notices) => notices.getValue()));
  return lists.flatMap((list) => (Array.isArray(list) ? list.filter((notice): notice is string => typeof notice === 'string') : []));
}

export const dismissStorageNotices = (): Promise<void[]> => Promise.all(noticesItems.map((notices) => notices.removeValue()));

export function watchStorageNotices(callback: () => void): () => void {
  const stops = noticesItems.map((notices) => notices.watch(callback));
  return () => stops.forEach((stop) => stop());
}

/** Holds credentials and client secrets, so it lives in the local area only: never sync, never session. */
export const profilesItem = /* @__PURE__ */ checkedItem(
  /* @__PURE__ */ extensionStorage.defineItem<ProfilesState>('local:appProfiles', { fallback: { profiles: [], activeProfileId: null }, version: 1 }),
  (raw) => checkProfilesState(raw, () => crypto.randomUUID()),
  NOTICES.profiles,
);

export const preferencesItem = /* @__PURE__ */ checkedItem(
  /* @__PURE__ */ extensionStorage.defineItem<Preferences>('local:preferences', { fallback: { reloadAfterChange: true }, version: 1 }),
  (raw) => checkPreferences(raw, { reloadAfterChange: true }),
  NOTICES.preferences,
);

/** The last isReady status per profile, shown at once when the popup opens while a fresh one is fetched. */
export const isReadyStatusItem = /* @__PURE__ */ checkedItem(
  /* @__PURE__ */ extensionStorage.defineItem<Record<string, IsReadyStatus>>('local:isReadyStatus', { fallback: {}, version: 1 }),
  checkIsReadyCache,
);

/**
 * What the background last heard from each HubSpot tab, keyed by tab id. Session area: it must outlive the service
 * worker being stopped, and means nothing after the browser restarts.
 */
export const tabObservationsItem = /* @__PURE__ */ checkedItem(
  /* @__PURE__ */ extensionStorage.defineItem<Record<string, TabObservation>>('session:tabObservations', { fallback: {} }),
  checkTabObservations,
);

/**
 * The point-at session under way, at most one. Session area: the user may point for longer than the service worker
 * stays up, and a session means nothing after the browser restarts. Cleared with the extension's update, so its
 * shape needs no version.
 */
export const pointingSessionItem = /* @__PURE__ */ checkedItem(
  /* @__PURE__ */ extensionStorage.defineItem<PointingSession | null>('session:pointing', { fallback: null }),
  checkPointingSession,
);

const WEBHOOK_DEFAULTS: WebhookDefaults = { portalId: '', userId: '', timeoutSeconds: '10' };

/** What the webhook tester's form remembers between uses. */
export const webhookDefaultsItem = /* @__PURE__ */ checkedItem(
  /* @__PURE__ */ extensionStorage.defineItem<WebhookDefaults>('local:webhookDefaults', { fallback: WEBHOOK_DEFAULTS, version: 1 }),
  (raw) => checkWebhookDefaults(raw, WEBHOOK_DEFAULTS),
  NOTICES.webhookDefaults,
);

/** The last few webhook test runs per profile id: outcomes only, never a secret or a signature. */
export const webhookRunsItem = /* @__PURE__ */ checkedItem(
  /* @__PURE__ */ extensionStorage.defineItem<Record<string, WebhookRunSummary[]>>('local:webhookRuns', { fallback: {}, version: 1 }),
  checkWebhookRuns,
  NOTICES.webhookRuns,
);

/**
 * The QA matrix's runs, one per app, written by the background as a run goes. Local area: a run cut short by the
 * browser closing is restored at its next start.
 */
export const matrixRunsItem = /* @__PURE__ */ checkedItem(
  /* @__PURE__ */ extensionStorage.defineItem<MatrixJournals>('local:matrixRuns', { fallback: {}, version: 1 }),
  checkMatrixJournals,
  NOTICES.matrixRuns,
);

/**
 * The options page's request log, newest first, shared by every options page. Each text is cut to its limit and no
 * entry holds a credential (utils/hubspotApi/requestLog.ts).
 */
export const requestLogItem = /* @__PURE__ */ checkedItem(
  /* @__PURE__ */ extensionStorage.defineItem<RequestLogEntry[]>('local:requestLog', { fallback: [], version: 1 }),
  checkRequestLog,
  NOTICES.requestLog,
);

/**
 * Changes an item as it is stored now, never as the caller read it earlier, with no other page's change to it in
 * between. `change` returns the new value (none: nothing to write) and what to tell the caller. Rejects with a
 * `StorageWriteError` when the browser refuses the write, which then changed nothing.
 */
function changeItem<T, R>(name: string, item: CheckedItem<T>, change: (stored: T) => { value?: T; result: R }): Promise<{ value: T; result: R }> {
  return exclusively(name, async () => {
    const stored = await item.getValue();
    const { value, result } = change(stored);
    if (value !== undefined) await item.setValue(value);
    return { value: value ?? stored, result };
  });
}

/** Changes the request log as stored now (see `changeItem`); resolves with the log as written. */
export async function changeRequestLog(change: (stored: RequestLogEntry[]) => RequestLogEntry[]): Promise<RequestLogEntry[]> {
  return (await changeItem('requestLog', requestLogItem, (stored) => ({ value: change(stored), result: null }))).value;
}

/**
 * Writes one profile's isReady status into the shared cache the popup, badge and options page read, unless the cache
 * holds a newer one: a read sent before a release and answered after it must not undo what the release showed.
 */
export async function saveIsReadyStatus(status: IsReadyStatus): Promise<void> {
  await changeItem('isReadyStatus', isReadyStatusItem, (cache) => {
    const cached = cache[status.profileId];
    return { value: cached && cached.fetchedAt > status.fetchedAt ? undefined : { ...cache, [status.profileId]: status }, result: null };
  });
}

/** Drops a deleted profile's cached isReady status, through the same change as every write of the cache. */
export async function forgetIsReadyStatus(profileId: string): Promise<void> {
  await changeItem('isReadyStatus', isReadyStatusItem, (cache) => {
    if (!(profileId in cache)) return { result: null };
    const { [profileId]: _forgotten, ...rest } = cache;
    return { value: rest, result: null };
  });
}

/** Changes the profiles as they are stored now (see `changeItem`). */
export async function changeProfiles<T>(change: (stored: ProfilesState) => { state?: ProfilesState; result: T }): Promise<{ state: ProfilesState; result: T }> {
  const { value, result } = await changeItem('appProfiles', profilesItem, (stored) => {
    const { state, result } = change(stored);
    return { value: state, result };
  });
  return { state: value, result };
}

/** Makes another stored profile the active one; false when it is not stored (any more). */
export async function setActiveProfile(id: string): Promise<boolean> {
  return (await changeProfiles((stored) => activate(stored, id))).result;
}
