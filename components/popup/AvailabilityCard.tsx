import { compareAvailability, isReadyOf, predictAvailability } from '@/utils/availability';
import type { IsReadyStatus } from '@/utils/isReadyStatus';
import type { TabObservation } from '@/utils/messages';

interface Props {
  appDisplayName: string;
  profileId: string;
  flag: string | null;
  isReady: IsReadyStatus | null;
  observation: TabObservation | null;
}

export function AvailabilityCard({ appDisplayName, profileId, flag, isReady, observation }: Props) {
  const expected = predictAvailability(flag, isReadyOf(isReady));
  const providers = observation?.providers ?? null;
  const own = providers?.find((provider) => provider.profileId === profileId) ?? null;
  const seen = own && own.matchedBy !== 'none' ? own : null;
  const verdict = seen ? compareAvailability(appDisplayName, expected, seen.state) : null;
  const others = (providers ?? []).filter((provider) => provider.profileId !== profileId && provider.matchedBy !== 'none');

  return (
    <section className="card" aria-labelledby="availability-heading" data-testid="availability">
      <h2 id="availability-heading">Availability of {appDisplayName}</h2>
      <p>
        Expected: <strong data-testid="expected-state">{expected.state}</strong> <span className="muted">({expected.reason})</span>
      </p>
      <p>
        Observed:{' '}
        {seen ? (
          <>
            <strong data-testid="observed-state">{seen.state}</strong>
            {seen.signals.length > 0 && <span className="muted"> ({seen.signals.join(', ')})</span>}
            {seen.matchedBy !== 'name' && <span className="muted"> · found by {seen.matchedBy}</span>}
          </>
        ) : (
          <span className="muted" data-testid="observed-state">
            {providers === null ? 'waiting for the page' : 'not on this page (open the calling provider list)'}
          </span>
        )}
      </p>
      {verdict?.kind === 'mismatch' && (
        <div className="warning" role="alert" data-testid="mismatch">
          <p>{verdict.message}</p>
          {verdict.outsideCauses.length > 0 && (
            <>
              <p>HubSpot also greys out or locks a provider when:</p>
              <ul className="causes">
                {verdict.outsideCauses.map((cause) => (
                  <li key={cause}>{cause}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {verdict?.kind === 'match' && (
        <p className="muted" data-testid="match">
          ✓ {verdict.message}
        </p>
      )}
      {verdict?.kind === 'inconclusive' && <p className="muted">{verdict.message}</p>}
      {others.length > 0 && (
        <p className="muted">
          Other profiles' apps here: {others.map((provider) => `${provider.name} ${provider.state}`).join(', ')}
        </p>
      )}
    </section>
  );
}
