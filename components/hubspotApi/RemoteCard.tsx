import type { ReactNode } from 'react';
import type { Message } from '@/utils/stores/profilesStore';
import { ActionButton } from '../platform/ActionButton';

interface Props {
  title: string;
  /** The Refresh button's accessible name: each panel has one, so each says what it reads. */
  refreshLabel: string;
  state: 'idle' | 'loading' | 'loaded' | 'error';
  error: string | null;
  onRefresh: () => void;
  testId: string;
  children: ReactNode;
}

/** What HubSpot has for the active profile's app, read afresh at a click, with the read's progress or failure. */
export function RemoteCard({ title, refreshLabel, state, error, onRefresh, testId, children }: Props) {
  return (
    <div className="card" data-testid={testId}>
      <div className="actions spread">
        <h3>{title}</h3>
        <ActionButton className="secondary" aria-label={refreshLabel} unavailable={state === 'loading'} onClick={onRefresh}>
          Refresh
        </ActionButton>
      </div>
      {/* Only the read's progress is announced, not every field again; a failure is an alert of its own. */}
      <div aria-live="polite">{state === 'loading' && <p className="muted">Reading from HubSpot…</p>}</div>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** The operation under way and how the last one ended, at the foot of a panel. */
export function PanelStatus({ busy, message, testId }: { busy: string | null; message: Message | null; testId: string }) {
  return (
    <>
      {busy && (
        <p className="muted" role="status">
          {busy}…
        </p>
      )}
      {message && (
        <p className={message.kind === 'error' ? 'field-error' : 'notice'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
          {message.text}
        </p>
      )}
    </>
  );
}
