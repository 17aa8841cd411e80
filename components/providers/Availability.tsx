import { FLAG_ON_VALUE } from '@/utils/flag/channelConnectionFlag';
import { OUTSIDE_CAUSES, unobservedInWords, type TabReport } from '@/utils/providers/availability';
import type { PopupProfile } from '@/utils/stores/popupStore';
import type { ProviderObservation } from '@/utils/providers/providerDetection';

interface Props {
  profile: PopupProfile;
  profiles: PopupProfile[];
  report: TabReport | null;
  /** Starts pointing at the app on the page; offered while the page shows no verdict for it. */
  onPointAt: () => void;
  pointing: boolean;
}

const FOUND: Record<ProviderObservation['matchedBy'], string> = {
  name: 'by name',
  'truncated-name': 'by its shortened name',
  selector: 'by CSS selector',
  none: '',
};

function Causes({ causes }: { causes: readonly string[] }) {
  return (
    <ul className="causes">
      {causes.map((cause) => (
        <li key={cause}>{cause}</li>
      ))}
    </ul>
  );
}

/** What the rules predict for the active profile's app on this tab, against what the page shows. */
export function Availability({ profile, profiles, report, onPointAt, pointing }: Props) {
  const observation = report?.observation ?? null;
  const assessment = report?.assessment ?? null;
  const verdict = assessment?.verdict ?? null;
  const others = (observation?.providers ?? []).filter(
    (provider) => provider.profileId !== profile.id && provider.matchedBy !== 'none',
  );
  const labelOf = (profileId: string) => profiles.find((each) => each.id === profileId)?.label ?? 'a deleted profile';

  return (
    <div data-testid="availability">
      <h3 className="clamped two-lines" title={profile.appDisplayName}>
        Availability of {profile.appDisplayName}
      </h3>
      <dl className="pairs">
        {assessment && (
          <>
            <dt>Expected</dt>
            <dd>
              <strong data-testid="expected-state">{assessment.expected.state}</strong>{' '}
              <span className="muted">· {assessment.expected.reason}</span>
            </dd>
          </>
        )}
        <dt>Observed</dt>
        <dd>
          {assessment?.observed ? (
            <>
              <strong data-testid="observed-state">{assessment.observed.state}</strong>
              {assessment.observed.matchedBy !== 'name' && (
                <span className="muted"> · found {FOUND[assessment.observed.matchedBy]}</span>
              )}
              {verdict?.kind === 'match' && (
                <span className="match" data-testid="match">
                  {' '}
                  <span aria-hidden="true">✓ </span>as predicted
                </span>
              )}
            </>
          ) : (
            <span className="muted" data-testid="observed-state">
              {unobservedInWords(report, profile.id)}
            </span>
          )}
          {assessment?.observed && assessment.observed.signals.length > 0 && (
            <details className="fold" data-testid="reasons">
              <summary>Why {assessment.observed.state}</summary>
              <ul className="causes">
                {assessment.observed.signals.map((signal) => (
                  <li key={signal}>{signal}</li>
                ))}
              </ul>
            </details>
          )}
        </dd>
      </dl>
      {report && (!assessment?.observed || assessment.observed.state === 'unknown') && (
        <button
          type="button"
          className="small point-at"
          data-testid="point-at"
          title={`Show the extension which choice is ${profile.appDisplayName}; you confirm its selector on the page before it is saved to “${profile.label}”.`}
          disabled={pointing}
          onClick={onPointAt}
        >
          Point at {profile.appDisplayName} on the page
        </button>
      )}
      {verdict?.kind === 'mismatch' && (
        <div className="warning" role="alert" data-testid="mismatch">
          <p>{verdict.message}</p>
          {verdict.outsideCauses.length > 0 && (
            <details className="fold">
              <summary>Other reasons HubSpot greys out an app</summary>
              <Causes causes={verdict.outsideCauses} />
            </details>
          )}
        </div>
      )}
      {verdict?.kind === 'inconclusive' && (
        <p className="muted" data-testid="inconclusive">
          {verdict.message}
        </p>
      )}
      <details className="fold">
        <summary>The rules</summary>
        <p>
          HubSpot offers the app as selectable when the tab's flag is exactly "{FLAG_ON_VALUE}" when the page loads, or
          when its channel-connection webhook is registered with isReady=true; otherwise the app is greyed out.
        </p>
        {verdict?.kind !== 'mismatch' && (
          <>
            <p>HubSpot also greys out or locks a provider when:</p>
            <Causes causes={OUTSIDE_CAUSES} />
          </>
        )}
      </details>
      {others.length > 0 && (
        <details className="fold" data-testid="other-profiles">
          <summary>Other profiles' apps on this page · {others.length}</summary>
          <ul>
            {others.map((provider) => (
              <li key={provider.profileId}>
                {labelOf(provider.profileId)}: {provider.name}, <strong>{provider.state}</strong>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
