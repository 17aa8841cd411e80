import { apiTargetOf, type AppProfile } from './appProfiles';
import {
  describeApiError,
  getChannelConnectionSettings,
  type ApiDeps,
  type ChannelConnectionSettings,
} from './channelConnectionApi';
import { hostAccess } from './hostPermission';
import { activeProfile, profilesItem, saveIsReadyStatus } from './storage';

/** What the popup shows about the active profile's webhook, cached between openings. */
export type IsReadyStatus =
  | { profileId: string; fetchedAt: number; state: 'registered'; settings: ChannelConnectionSettings }
  | { profileId: string; fetchedAt: number; state: 'not-registered' }
  | { profileId: string; fetchedAt: number; state: 'error'; message: string };

export async function fetchIsReadyStatus(profile: AppProfile, deps: ApiDeps = {}, now = Date.now): Promise<IsReadyStatus> {
  const base = { profileId: profile.id, fetchedAt: now() };
  if (!profile.credential) {
    return { ...base, state: 'error', message: 'The profile has no credential: add it on the options page.' };
  }
  const result = await getChannelConnectionSettings(apiTargetOf(profile), deps);
  if (!result.ok) return { ...base, state: 'error', message: describeApiError(result.error) };
  if (result.value === null) return { ...base, state: 'not-registered' };
  return { ...base, state: 'registered', settings: result.value };
}

/**
 * Fetches the active profile's status and caches it; `null` when no profile is active. The credential goes only to
 * a host the extension may already reach.
 */
export async function refreshIsReadyStatus(deps: ApiDeps = {}, now = Date.now): Promise<IsReadyStatus | null> {
  const profile = activeProfile(await profilesItem.getValue());
  if (!profile) return null;
  const access = await hostAccess(profile.apiBaseUrl);
  const status: IsReadyStatus = access.ok
    ? await fetchIsReadyStatus(profile, deps, now)
    : { profileId: profile.id, fetchedAt: now(), state: 'error', message: access.message };
  await saveIsReadyStatus(status);
  return status;
}
