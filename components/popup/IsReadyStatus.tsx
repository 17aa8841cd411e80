import type { IsReadyStatus as Status } from '@/utils/isReadyStatus';

interface Props {
  status: Status | null;
  refreshing: boolean;
  onRefresh: () => void;
}

const time = (epochMs: number) => new Date(epochMs).toLocaleTimeString([], { timeStyle: 'short' });
const dateTime = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
};

function Summary({ status }: { status: Status | null }) {
  switch (status?.state) {
    case undefined:
      return <p className="muted">Reading isReady from HubSpot…</p>;
    case 'registered':
      return (
        <p data-testid="is-ready-summary">
          Registered, isReady <strong>{String(status.settings.isReady)}</strong>
          {status.settings.isReady ? ': released to every user.' : ': offered only where test mode is on.'}
        </p>
      );
    case 'not-registered':
      return <p data-testid="is-ready-summary">Not registered: only test mode makes the app selectable.</p>;
    case 'error':
      return (
        <p className="field-error" data-testid="is-ready-summary">
          {status.message}
        </p>
      );
  }
}

/** The active profile's channel-connection webhook as HubSpot last answered. */
export function IsReadyStatus({ status, refreshing, onRefresh }: Props) {
  return (
    <div data-testid="is-ready-status">
      <h2 className="visually-hidden">isReady</h2>
      <div className="status-line">
        <Summary status={status} />
        <button type="button" className="secondary small" onClick={onRefresh} aria-disabled={refreshing} aria-label="Refresh isReady status">
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {status?.state === 'registered' && (
        <p className="muted value one-line" title={status.settings.url}>
          {status.settings.url}
        </p>
      )}
      {status && (
        <p className="muted small-text">
          {status.state === 'registered' && `Updated ${dateTime(status.settings.updatedAt)} · `}Fetched {time(status.fetchedAt)}
        </p>
      )}
    </div>
  );
}
