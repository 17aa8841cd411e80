/**
 * What the extension knows of a profile's channel-connection webhook: registered with its settings, not registered,
 * or why it could not be read. Built here only, wherever the answer comes from (the popup's refresh, the settings
 * panel, the QA matrix).
 */
import { isRecord } from '../platform/isRecord';
import type { ChannelConnectionSettings } from './channelConnectionApi';

export type IsReadyStatus =
  | { profileId: string; fetchedAt: number; state: 'registered'; settings: ChannelConnectionSettings }
  | { profileId: string; fetchedAt: number; state: 'not-registered' }
  | { profileId: string; fetchedAt: number; state: 'error'; message: string };

/**
 * HubSpot's answer to a read or a change of the settings: `null` is its 404, no webhook registered. `fetchedAt` is
 * when the request was sent: of two answers, the one to the later request is the newer, whichever arrives last.
 */
export function isReadyStatusOf(profileId: string, settings: ChannelConnectionSettings | null, fetchedAt: number): IsReadyStatus {
  return settings ? { profileId, fetchedAt, state: 'registered', settings } : { profileId, fetchedAt, state: 'not-registered' };
}

export function isReadyStatusError(profileId: string, message: string, fetchedAt = Date.now()): IsReadyStatus {
  return { profileId, fetchedAt, state: 'error', message };
}

/** A status as stored for `profileId`, checked before it is read. */
export function isIsReadyStatus(value: unknown, profileId: string): value is IsReadyStatus {
  if (!isRecord(value) || value.profileId !== profileId || typeof value.fetchedAt !== 'number') return false;
  if (value.state === 'not-registered') return true;
  if (value.state === 'error') return typeof value.message === 'string';
  return value.state === 'registered' && isRecord(value.settings) && typeof value.settings.url === 'string' && typeof value.settings.isReady === 'boolean';
}
