/**
 * Every item the extension stores. Nothing else reads or writes storage directly (utils/browserDifferences.ts only
 * sets who may read the local area).
 */
import { storage as extensionStorage } from 'wxt/utils/storage';
import type { AppProfile } from './appProfiles';
import type { IsReadyStatus } from './isReadyStatus';
import type { TabObservation } from './messages';
import type { WebhookRunSummary } from './webhookReport';

export interface Preferences {
  /** HubSpot reads the flag when the page loads, so a change only takes effect after a reload. */
  reloadAfterChange: boolean;
}

export const preferencesItem = extensionStorage.defineItem<Preferences>('local:preferences', {
  fallback: { reloadAfterChange: true },
  version: 1,
});

export interface ProfilesState {
  profiles: AppProfile[];
  activeProfileId: string | null;
}

/** Holds credentials and client secrets, so it lives in the local area only: never sync, never session. */
export const profilesItem = extensionStorage.defineItem<ProfilesState>('local:appProfiles', {
  fallback: { profiles: [], activeProfileId: null },
  version: 1,
});

/** The last isReady status per profile, shown at once when the popup opens while a fresh one is fetched. */
export const isReadyStatusItem = extensionStorage.defineItem<Record<string, IsReadyStatus>>('local:isReadyStatus', {
  fallback: {},
  version: 1,
});

/**
 * What the background last heard from each HubSpot tab, keyed by tab id. Session area: it must outlive the service
 * worker being stopped, and means nothing after the browser restarts.
 */
export const tabObservationsItem = extensionStorage.defineItem<Record<string, TabObservation>>('session:tabObservations', {
  fallback: {},
});

/** What the webhook tester's form remembers between uses. */
export interface WebhookDefaults {
  portalId: string;
  userId: string;
  timeoutSeconds: string;
}

export const webhookDefaultsItem = extensionStorage.defineItem<WebhookDefaults>('local:webhookDefaults', {
  fallback: { portalId: '', userId: '', timeoutSeconds: '10' },
  version: 1,
});

/** The last few webhook test runs per profile id: outcomes only, never a secret or a signature. */
export const webhookRunsItem = extensionStorage.defineItem<Record<string, WebhookRunSummary[]>>('local:webhookRuns', {
  fallback: {},
  version: 1,
});

/** Writes one profile's isReady status into the shared cache the popup, badge and options page read. */
export async function saveIsReadyStatus(status: IsReadyStatus): Promise<void> {
  await isReadyStatusItem.setValue({ ...(await isReadyStatusItem.getValue()), [status.profileId]: status });
}

export function activeProfile(state: ProfilesState): AppProfile | null {
  return state.profiles.find((profile) => profile.id === state.activeProfileId) ?? null;
}
