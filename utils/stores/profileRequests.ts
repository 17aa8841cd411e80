/**
 * One settings API request for a profile, as every options panel sends it: refused without a credential or host
 * access, logged under the name the user knows it by, and its answer kept apart from whichever profile is active by
 * the time it arrives.
 */
import { apiTargetOf, type AppProfile } from '../profiles/appProfiles';
import type { ApiResult, ApiTarget } from '../hubspotApi/channelConnectionApi';
import { hostAccess } from '../platform/hostPermission';
import type { ProfilesFollower } from './profilesStore';
import { useRequestLogStore } from './requestLogStore';

export type ProfileRequest<T> = { sent: true; result: ApiResult<T> } | { sent: false; message: string };

export const NO_CREDENTIAL = 'This profile has no credential yet: edit it to add one.';

/** Why nothing can be sent for the profile now, or null when requests may go. */
export async function cannotSend(profile: AppProfile): Promise<string | null> {
  if (!profile.credential) return NO_CREDENTIAL;
  const access = await hostAccess(profile.apiBaseUrl);
  return access.ok ? null : access.message;
}

export async function requestFor<T>(name: string, profile: AppProfile, run: (target: ApiTarget) => Promise<ApiResult<T>>): Promise<ProfileRequest<T>> {
  const refusal = await cannotSend(profile);
  if (refusal) return { sent: false, message: refusal };
  const result = await run(apiTargetOf(profile));
  void useRequestLogStore.getState().record(name, result, profile);
  return { sent: true, result };
}

export interface ActiveProfilePanel {
  isActive(profileId: string): boolean;
  /** Clears what the panel shows of the previous profile, then reads the active one's. */
  startOver(): Promise<void>;
  /** Reads the active profile's data again. */
  refresh(): Promise<void>;
}

/** How a panel showing the active profile's data follows the profiles (`useProfilesStore.follow`). */
export function followActiveProfile(panel: ActiveProfilePanel): ProfilesFollower {
  return async (change) => {
    switch (change.kind) {
      case 'switched':
        return panel.startOver();
      case 'saved':
        // A new credential or API host may answer differently; another profile's save changes nothing here.
        if (panel.isActive(change.profileId)) await panel.refresh();
        return;
      case 'deleted':
        // The deleted profile may be the one shown: nothing of it may stay, least of all a confirmation waiting.
        return panel.startOver();
      case 'loaded':
      case 'imported':
        return panel.refresh();
    }
  };
}
