/**
 * The rules of a point-at session, without a browser. The popup starts one and closes as the user clicks on the page,
 * so the background keeps it and takes a selector back only from the tab it started on, within its time, once. A
 * page's scripts cannot send the background anything; the session keeps a stray or late message from a content
 * script from changing a profile the user did not point for.
 */
import type { PointingSession } from '../platform/storedData';
import { activeProfile, type AppProfile, type ProfilesState } from '../profiles/appProfiles';
import { overLimit } from '../profiles/profileFields';
import type { Result } from '../tabs/tabState';

/** Why pointing cannot start without the optional `scripting` permission, which puts the pointer on the page. */
export const POINTER_NOT_ALLOWED = 'the permission to show the pointer on the page was not granted.';

/** How long a session waits for the user to pick and confirm. */
export const POINTING_SESSION_MS = 10 * 60 * 1000;

/** A new session for the active profile's app on a tab, or why there is none. */
export function pointingSessionFor(
  state: ProfilesState,
  tabId: number,
  id: string,
  now: number,
): Result<{ session: PointingSession; profile: AppProfile }, string> {
  const profile = activeProfile(state);
  if (!profile) return { ok: false, error: 'Choose a profile first: the selector is saved to it.' };
  return { ok: true, value: { session: { id, tabId, profileId: profile.id, startedAt: now }, profile } };
}

/** Why a selector sent from a tab is not taken, or null when it is. */
export function refusePointed(
  session: PointingSession | null,
  sent: { session: string; selector: string; tabId: number | undefined },
  now: number,
): string | null {
  if (!session || session.id !== sent.session) return 'This pointing was not started from the popup, or another one replaced it. Start it again there.';
  if (session.tabId !== sent.tabId) return 'This pointing was started for another tab.';
  if (now - session.startedAt > POINTING_SESSION_MS) return 'This pointing started too long ago. Start it again from the popup.';
  if (sent.selector.trim() === '') return 'The selector is empty.';
  return overLimit('providerSelector', sent.selector);
}

/** The profiles with the session's profile finding its app by `selector`; the words for the page, or why not. */
export function saveSelector(stored: ProfilesState, profileId: string, selector: string): { state?: ProfilesState; result: Result<string, string> } {
  const profile = stored.profiles.find((each) => each.id === profileId);
  if (!profile) return { result: { ok: false, error: 'Its profile was deleted meanwhile.' } };
  const words = `Saved: the profile “${profile.label}” now finds ${profile.appDisplayName} by this selector.`;
  if (profile.providerSelector === selector) return { result: { ok: true, value: words } };
  const profiles = stored.profiles.map((each) => (each.id === profileId ? { ...each, providerSelector: selector } : each));
  return { state: { ...stored, profiles }, result: { ok: true, value: words } };
}
