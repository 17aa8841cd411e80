import { useState } from 'react';
import type { IsReadyStatus as Status } from '@/utils/hubspotApi/isReadyStatus';

interface Props {
  status: Status | null;
  refreshing: boolean;
  onRefresh: () => void;
}

const withDate = (date: Date) => date.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/** Today's time alone; an older status (the cache can be days old) with its date. */
const fetchedAt = (epochMs: number) => {
  const date = new Date(epochMs);
  return date.toDateString() === new Date().toDateString() ? date.toLocaleTimeString([], { timeStyle: 'short' }) : withDate(date);
};
/** HubSpot's timestamp in the user's words; as it came when it is not one. */
const dateTime = (iso: string) => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : withDate(date);
};

/** Past this many characters an error takes more than three lines of the popup, and folds to three. */
const LONG_ERROR = 160;

function ErrorSummary({ message }: { message: string }) {
  const [expanded, setExpanded] = useState(false);
  const long = message.length > LONG_ERROR;
  return (
    <div className="error-summary">
      {/* The whole message stays in the DOM, and so with screen readers; only its display is cut to three lines. */}
      <p id="is-ready-error" className={`field-error${long && !expanded ? ' clamped' : ''}`} data-testid="is-ready-summary">
        {message}
      </p>
      {long && (
        <button type="button" className="link" aria-expanded={expanded} aria-controls="is-ready-error" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show less' : 'Show the whole message'}
        </button>
      )}
    </div>
  );
}

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
      return <ErrorSummary message={status.message} />;
  }
}

/** The active profile's channel-connection webhook as HubSpot last answered. */
export function IsReadyStatus({ status, refreshing, onRefresh }: Props) {
  return (
    <div data-testid="is-ready-status">
      <h3 className="visually-hidden">isReady</h3>
      <div className="status-line">
        <Summary status={status} />
        <button type="button" className="secondary small" onClick={onRefresh} aria-disabled={refreshing}>
          {refreshing ? 'Refreshing' : 'Refresh'}
          <span className="visually-hidden"> isReady status</span>
          {refreshing && '…'}
        </button>
      </div>
      {status?.state === 'registered' && (
        <p className="muted value one-line" title={status.settings.url}>
          {status.settings.url}
        </p>
      )}
      {status && (
        <p className="muted small-text">
          {status.state === 'registered' && `Updated ${dateTime(status.settings.updatedAt)} · `}Fetched {fetchedAt(status.fetchedAt)}
        </p>
      )}
    </div>
  );
}
