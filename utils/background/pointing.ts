/**
 * Point-at sessions, held by the background: the popup that starts one closes as soon as the user clicks on the
 * page, and the selector the user confirms there is saved here (rules in utils/providers/pointingSession.ts). The
 * pointer's script is put on the page only then, with the optional `scripting` permission the popup asks for at
 * that click: the content script every HubSpot page loads stays without it.
 */
import { browser } from 'wxt/browser';
import type { PointingStart } from '../platform/messages';
import { changeProfiles, pointingSessionItem, profilesItem, writeFailure } from '../platform/storage';
import { POINTER_NOT_ALLOWED, POINTING_SESSION_MS, pointingSessionFor, refusePointed, saveSelector } from '../providers/pointingSession';
import { getHubSpotTab } from '../tabs/hubspotTabs';
import { tabErrorFrom } from '../tabs/tabError';
import type { Result } from '../tabs/tabState';

/** The script WXT builds from entrypoints/point-picker.ts. */
export const POINT_PICKER_SCRIPT = '/point-picker.js';

export async function startPointing(tabId: number): Promise<Result<null>> {
  if (!(await getHubSpotTab(tabId))) return { ok: false, error: { code: 'not-hubspot', message: 'The tab is not a HubSpot app page.' } };
  if (!(await browser.permissions.contains({ permissions: ['scripting'] }))) {
    return { ok: false, error: { code: 'rejected', message: POINTER_NOT_ALLOWED } };
  }
  const started = pointingSessionFor(await profilesItem.getValue(), tabId, crypto.randomUUID(), Date.now());
  if (!started.ok) return { ok: false, error: { code: 'rejected', message: started.error } };
  try {
    await pointingSessionItem.setValue(started.value.session);
  } catch (error) {
    return { ok: false, error: { code: 'rejected', message: writeFailure(error) } };
  }
  try {
    // The top frame only: the layer covers the frames in it, and a selector is kept for the page it was made on.
    await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [POINT_PICKER_SCRIPT] });
  } catch (error) {
    await endPointing(started.value.session.id);
    return { ok: false, error: tabErrorFrom(error) };
  }
  return { ok: true, value: null };
}

/** What the script put on the page of `tabId` points at: the session started there, while it lasts. */
export async function pointingStart(tabId: number | undefined): Promise<PointingStart | null> {
  const session = await pointingSessionItem.getValue();
  if (!session || session.tabId !== tabId || Date.now() - session.startedAt > POINTING_SESSION_MS) return null;
  const profile = (await profilesItem.getValue()).profiles.find((each) => each.id === session.profileId);
  return profile ? { session: session.id, name: profile.appDisplayName, profileLabel: profile.label } : null;
}

/** Saves a selector the user confirmed on the page of `tabId`, once per session. */
export async function acceptPointed(sent: { session: string; selector: string }, tabId: number | undefined): Promise<Result<string, string>> {
  if (typeof sent?.session !== 'string' || typeof sent.selector !== 'string') return { ok: false, error: 'The page sent no selector.' };
  const selector = sent.selector.trim();
  const session = await pointingSessionItem.getValue();
  const refusal = refusePointed(session, { session: sent.session, selector, tabId }, Date.now());
  if (refusal || !session) return { ok: false, error: refusal ?? 'No pointing is under way.' };
  try {
    const { result } = await changeProfiles((stored) => saveSelector(stored, session.profileId, selector));
    if (result.ok) await pointingSessionItem.setValue(null);
    return result;
  } catch (error) {
    return { ok: false, error: writeFailure(error) };
  }
}

/** Ends a session when its layer closes; a newer session is left alone. */
export async function endPointing(sessionId: string): Promise<void> {
  if ((await pointingSessionItem.getValue())?.id === sessionId) await pointingSessionItem.setValue(null);
}
