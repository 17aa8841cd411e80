import type { IsReadyStatus } from '@/utils/isReadyStatus';

interface Props {
  profile: { label: string; appId: number } | null;
  status: IsReadyStatus | null;
  refreshing: boolean;
  onRefresh: () => void;
  onSetUp: () => void;
}

const time = (epochMs: number) => new Date(epochMs).toLocaleTimeString();

export function IsReadyStatusCard({ profile, status, refreshing, onRefresh, onSetUp }: Props) {
  if (!profile) {
    return (
      <section className="card" aria-labelledby="is-ready-heading">
        <h2 id="is-ready-heading">isReady</h2>
        <p>
          No app profile yet.{' '}
          <button type="button" className="link" onClick={onSetUp}>
            Set one up
          </button>{' '}
          to see your app's isReady status.
        </p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="is-ready-heading" data-testid="is-ready-status">
      <div className="status-line">
        <h2 id="is-ready-heading">
          isReady · {profile.label} <span className="muted">(app {profile.appId})</span>
        </h2>
        <button type="button" className="secondary" onClick={onRefresh} aria-disabled={refreshing} aria-label="Refresh isReady status">
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {status === null && <p className="muted">Reading from HubSpot…</p>}
      {status?.state === 'registered' && (
        <>
          <p data-testid="is-ready-summary">
            Registered, isReady <strong>{String(status.settings.isReady)}</strong>
            {status.settings.isReady ? ': offered to every user of the app.' : ': offered only where test mode is on.'}
          </p>
          <p className="muted value">
            {status.settings.url} · updated {status.settings.updatedAt}
          </p>
        </>
      )}
      {status?.state === 'not-registered' && (
        <p data-testid="is-ready-summary">Not registered: no channel-connection webhook, so only test mode makes the app selectable.</p>
      )}
      {status?.state === 'error' && (
        <p className="field-error" data-testid="is-ready-summary">
          {status.message}
        </p>
      )}
      {status && <p className="muted">Fetched at {time(status.fetchedAt)}</p>}
    </section>
  );
}
