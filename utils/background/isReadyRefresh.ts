/** Reading the active profile's isReady status from HubSpot, and caching it for the popup, badge and options page. */
import { activeProfile, apiTargetOf, type AppProfile } from '../profiles/appProfiles';
import { describeApiError, getChannelConnectionSettings, type ApiDeps } from '../hubspotApi/channelConnectionApi';
import { hostAccess } from '../platform/hostPermission';
import { isReadyStatusError, isReadyStatusOf, type IsReadyStatus } from '../hubspotApi/isReadyStatus';
import { profilesItem, saveIsReadyStatus } from '../platform/storage';

export async function fetchIsReadyStatus(profile: AppProfile, deps: ApiDeps = {}, now = Date.now): Promise<IsReadyStatus> {
  if (!profile.credential) return isReadyStatusError(profile.id, 'The profile has no credential: add it on the options page.', now());
  const result = await getChannelConnectionSettings(apiTargetOf(profile), { now, ...deps });
  if (!result.ok) return isReadyStatusError(profile.id, describeApiError(result.error), now());
  return isReadyStatusOf(profile.id, result.value, result.exchange.startedAt);
}

/**
 * Fetches the active profile's status and caches it; `null` when no profile is active. The credential goes only to
 * a host the extension may already reach.
 */
export async function refreshIsReadyStatus(deps: ApiDeps = {}, now = Date.now): Promise<IsReadyStatus | null> {
  const profile = activeProfile(await profilesItem.getValue());
  if (!profile) return null;
  const access = await hostAccess(profile.apiBaseUrl);
  const status = access.ok ? await fetchIsReadyStatus(profile, deps, now) : isReadyStatusError(profile.id, access.message, now());
  await saveIsReadyStatus(status);
  return status;
}
