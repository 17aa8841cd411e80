/** Every item the extension stores. Nothing else calls the storage API directly. */
import { storage as extensionStorage } from 'wxt/utils/storage';
import type { AppProfile } from './appProfiles';
import type { IsReadyStatus } from './isReadyStatus';

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

export function activeProfile(state: ProfilesState): AppProfile | null {
  return state.profiles.find((profile) => profile.id === state.activeProfileId) ?? null;
}
