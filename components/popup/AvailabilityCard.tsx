import type { TabReport } from '@/utils/messages';

interface Props {
  profile: { id: string; appDisplayName: string };
  report: TabReport | null;
}

export function AvailabilityCard({ profile, report }: Props) {
  const observation = report?.observation ?? null;
  const assessment = report?.assessment ?? null;
  const { appDisplayName } = profile;
  const verdict = assessment?.verdict ?? null;
  const others = (observation?.providers ?? []).filter(
    (provider) => provider.profileId !== profile.id && provider.matchedBy !== 'none',
  );

  return (
    <section className="card" aria-labelledby="availability-heading" data-testid="availability">
      <h2 id="availability-heading">Availability of {appDisplayName}</h2>
      {assessment && (
        <p>
          Expected: <strong data-testid="expected-state">{assessment.expected.state}</strong>{' '}
          <span className="muted">({assessment.expected.reason})</span>
        </p>
      )}
      <p>
        Observed:{' '}
        {assessment?.observed ? (
          <>
            <strong data-testid="observed-state">{assessment.observed.state}</strong>
            {assessment.observed.signals.length > 0 && (
              <span className="muted"> ({assessment.observed.signals.join(', ')})</span>
            )}
            {assessment.observed.matchedBy !== 'name' && (
              <span className="muted"> · found by {assessment.observed.matchedBy}</span>
            )}
          </>
        ) : (
          <span className="muted" data-testid="observed-state">
            {observation?.providers ? 'not on this page (open the calling provider list)' : 'waiting for the page'}
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
      {verdict?.kind === 'inconclusive' && (
        <p className="muted" data-testid="inconclusive">
          {verdict.message}
        </p>
      )}
      {others.length > 0 && (
        <p className="muted">
          Other profiles' apps here: {others.map((provider) => `${provider.name} ${provider.state}`).join(', ')}
        </p>
      )}
    </section>
  );
}
