import { apiTargetOf, type AppProfile } from './appProfiles';
import {
  describeApiError,
  getChannelConnectionSettings,
  type ApiDeps,
  type ChannelConnectionSettings,
} from './channelConnectionApi';

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
