/**
 * What the extension knows of a HubSpot tab, and how an operation on one ends: the types every context shares, apart
 * from the messages that carry them.
 */
import { isFlagValue, type LocalSetting } from '../flag/channelConnectionFlag';
import { hubspotAppOrigin } from '../platform/hubspotOrigins';
import { isRecord } from '../platform/isRecord';
import type { ProviderObservation } from '../providers/providerDetection';
import type { FrameReport } from '../providers/frameObservations';

export type TabErrorCode =
  | 'not-hubspot'
  | 'tab-closed'
  | 'left-origin'
  | 'not-ready'
  | 'storage-blocked'
  | 'rejected'
  | 'unknown';

export interface TabError {
  code: TabErrorCode;
  message: string;
}

/**
 * Whether a tab was reloaded after a change, so that HubSpot, which reads its local settings on load, sees it:
 * `'reloaded'`, `'not-asked'` (the preference is off), or why it could not be.
 */
export type ReloadOutcome = 'reloaded' | 'not-asked' | TabError;

export type Result<T, E = TabError> = { ok: true; value: T } | { ok: false; error: E };

/** What the background knows of one HubSpot tab. */
export interface TabObservation {
  origin: string;
  /** The flag now, in the origin's localStorage. */
  flag: string | null;
  /** The flag when the page loaded: what HubSpot read, and so what the page shows. */
  flagOnLoad: string | null;
  /** Every other `LocalSettings:Calling:*` key now, sorted by key. */
  otherSettings: LocalSetting[];
  /** When the current document started; observations older than a reload are not about this page. */
  loadedAt: number;
  /** `null` until the content script has scanned the page; the frames' reports merged once a frame has reported. */
  providers: ProviderObservation[] | null;
  /** Each frame's last report, by frame id (0: the top frame), once a frame other than the top has reported. */
  frames?: Record<string, FrameReport>;
  observedAt: number;
}

/** A record as stored, checked before it is read (its other settings are checked one by one by the reader). */
export const isTabObservation = (value: unknown): value is TabObservation =>
  isRecord(value) &&
  typeof value.origin === 'string' &&
  hubspotAppOrigin(value.origin) !== null &&
  isFlagValue(value.flag) &&
  isFlagValue(value.flagOnLoad) &&
  typeof value.loadedAt === 'number' &&
  typeof value.observedAt === 'number' &&
  (value.providers === null || (Array.isArray(value.providers) && value.providers.every((provider) => isRecord(provider) && Array.isArray(provider.signals)))) &&
  (value.frames === undefined ||
    (isRecord(value.frames) && Object.values(value.frames).every((frame) => isRecord(frame) && Array.isArray(frame.providers))));
