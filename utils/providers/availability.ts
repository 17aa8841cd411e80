/**
 * What HubSpot should show for a calling app (shared/PRODUCT.md), and how that compares with what the page shows.
 *
 * | isReady                     | flag      | expected    |
 * |-----------------------------|-----------|-------------|
 * | false, or no webhook        | not 'true'| greyed out  |
 * | anything                    | 'true'    | selectable  |
 * | true                        | not 'true'| selectable  |
 */
import { flagState } from '../flag/channelConnectionFlag';
import type { IsReadyStatus } from '../hubspotApi/isReadyStatus';
import type { TabObservation } from '../tabs/tabState';
import { NAME_ONLY_OUTSIDE_CHOICES, UNREADABLE, type ObservedState, type ProviderObservation } from './providerDetection';

export type ExpectedState = 'selectable' | 'greyed-out' | 'unknown';

/**
 * `true`/`false`: registered with that isReady; `null`: no webhook registered; `'failed'`: the last request for it
 * failed; `undefined`: not asked yet.
 */
export type KnownIsReady = boolean | null | 'failed' | undefined;

export interface Prediction {
  state: ExpectedState;
  reason: string;
}

export function isReadyOf(status: IsReadyStatus | null | undefined): KnownIsReady {
  if (!status) return undefined;
  if (status.state === 'registered') return status.settings.isReady;
  return status.state === 'not-registered' ? null : 'failed';
}

export function predictAvailability(flag: string | null, isReady: KnownIsReady): Prediction {
  if (flagState(flag) === 'on') return { state: 'selectable', reason: 'test mode is on in this tab' };
  if (isReady === true) return { state: 'selectable', reason: 'isReady is true, so it is released to every user' };
  if (isReady === false) return { state: 'greyed-out', reason: 'isReady is false and test mode is off' };
  if (isReady === null) return { state: 'greyed-out', reason: 'no webhook is registered and test mode is off' };
  if (isReady === 'failed') return { state: 'unknown', reason: 'the isReady request failed and test mode is off' };
  return { state: 'unknown', reason: 'isReady is not known yet and test mode is off' };
}

/** Reasons outside the flag and isReady for which HubSpot greys out or locks a provider. */
export const OUTSIDE_CAUSES = [
  'the user has no paid Sales Hub or Service Hub seat',
  'the user lacks the permissions to connect channels or use calling',
  'the app is not installed in this HubSpot account',
];

export type Verdict =
  | { kind: 'match'; message: string }
  | { kind: 'mismatch'; message: string; outsideCauses: string[] }
  | { kind: 'inconclusive'; message: string };

export function compareAvailability(name: string, expected: Prediction, observed: ObservedState | null): Verdict {
  if (observed === null || observed === 'unknown') {
    return { kind: 'inconclusive', message: `${name}: the page does not show clearly whether it is selectable.` };
  }
  if (expected.state === 'unknown') {
    return { kind: 'inconclusive', message: `${name}: observed ${observed}, but the rules cannot tell yet (${expected.reason}).` };
  }
  if (expected.state === observed) {
    return { kind: 'match', message: `${name} is ${observed}, as the rules predict (${expected.reason}).` };
  }
  if (observed === 'greyed-out') {
    return {
      kind: 'mismatch',
      message: `${name} is greyed out on the page, but the rules predict selectable (${expected.reason}).`,
      outsideCauses: OUTSIDE_CAUSES,
    };
  }
  return {
    kind: 'mismatch',
    message: `${name} is selectable on the page, but the rules predict greyed out (${expected.reason}). The page may have read an older flag or isReady: reload it, or refresh isReady.`,
    outsideCauses: [],
  };
}

export interface TabAssessment {
  expected: Prediction;
  /** The app as the page shows it; null when it was not found there (or not yet). */
  observed: ProviderObservation | null;
  verdict: Verdict | null;
  /** The flag changed since the page loaded: what the page shows follows the old value until a reload. */
  reloadPending: boolean;
}

/**
 * One profile's app on one tab: expected from the flag the page loaded with (HubSpot reads it only then) and
 * isReady, against what the page shows. Null when the tab has not reported yet.
 */
export function assessTab(
  record: TabObservation,
  profile: { id: string; appDisplayName: string },
  isReady: KnownIsReady,
): TabAssessment | null {
  const expected = predictAvailability(record.flagOnLoad, isReady);
  const reloadPending = record.flag !== record.flagOnLoad;
  const found = record.providers?.find((provider) => provider.profileId === profile.id);
  const observed = found && found.matchedBy !== 'none' ? found : null;
  if (!observed) return { expected, observed: null, verdict: null, reloadPending };
  const verdict: Verdict = reloadPending
    ? {
        kind: 'inconclusive',
        message: `The flag changed since this page loaded (it read ${JSON.stringify(record.flagOnLoad)}): reload the tab to compare.`,
      }
    : compareAvailability(profile.appDisplayName, expected, observed.state);
  return { expected, observed, verdict, reloadPending };
}

/**
 * A tab's record with the verdict on it for the active profile's app, decided once in the background for both the
 * toolbar badge and the popup, so the two never disagree.
 */
export interface TabReport {
  observation: TabObservation;
  /** `null` when no profile is active. */
  assessment: (TabAssessment & { profileId: string }) | null;
}

/** What the popup says when the page shows no choice for the profile's app (yet), or is being judged again. */
export function unobservedInWords(report: TabReport | null, profileId: string): string {
  const providers = report?.observation.providers;
  if (!providers) return 'waiting for the page';
  // A report judged for the profile shown before: the background sends this profile's next.
  if (!report.assessment) return 'checking the page…';
  const mine = providers.find((provider) => provider.profileId === profileId);
  if (mine?.signals.includes(NAME_ONLY_OUTSIDE_CHOICES)) {
    return 'not on this page as a choice: its name shows only outside anything a user can pick (a heading, a breadcrumb, text)';
  }
  const unreadable = mine?.signals.filter((signal) => signal.startsWith(UNREADABLE)) ?? [];
  if (unreadable.length > 0) return `unknown: not found in what the extension can read, and it ${unreadable.join('; it ')}`;
  return 'not on this page; open the calling provider list';
}
