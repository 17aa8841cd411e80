import type { ReactNode } from 'react';
import { describeFlag, flagState, SUPPORTS_CHANNEL_CONNECTION_KEY } from '@/utils/flag/channelConnectionFlag';
import { FLAG_SHOWN_ELEMENT_TIMING } from '@/utils/platform/performanceMarks';

declare module 'react' {
  // The Element Timing attribute (https://wicg.github.io/element-timing/), which React passes through as it is.
  interface HTMLAttributes<T> {
    elementtiming?: string;
  }
}

interface Props {
  flag: string | null;
  /** The test mode the clicks being applied asked for; null when none are. */
  requested: boolean | null;
  /** Another change to the tab is under way. */
  disabled: boolean;
  onToggle: () => void;
  /** Offered when changes do not reload the tab themselves. */
  onReloadTab: (() => void) | null;
  /** The reload preference and the other tabs of the origin, folded. */
  reloadOptions: ReactNode;
}

export function TestModeCard({ flag, requested, disabled, onToggle, onReloadTab, reloadOptions }: Props) {
  const state = flagState(flag);
  return (
    <section className="card" aria-labelledby="test-mode-label">
      <div className="switch-row">
        <div className="switch-text">
          <h2 id="test-mode-label" className="switch-label">
            Test mode
          </h2>
          <div className="muted">
            <code className="key" title={SUPPORTS_CHANNEL_CONNECTION_KEY}>
              supportsChannelConnection
            </code>{' '}
            = <code className="key" data-testid="flag-value">{flag === null ? 'not set' : JSON.stringify(flag)}</code>
          </div>
        </div>
        <button
          type="button"
          role="switch"
          className="switch"
          aria-checked={requested ?? state === 'on'}
          aria-label="Test mode (supportsChannelConnection)"
          aria-describedby="flag-description"
          aria-busy={requested !== null}
          // Still focusable while another change runs: a disabled button would drop keyboard focus to the page (the store ignores a press meanwhile).
          aria-disabled={disabled}
          onClick={onToggle}
        >
          <span className="switch-thumb" aria-hidden="true" />
        </button>
      </div>
      <p
        id="flag-description"
        className={`flag-description flag-${state}`}
        data-testid="flag-description"
        elementtiming={FLAG_SHOWN_ELEMENT_TIMING}
      >
        {describeFlag(flag)}
      </p>
      {onReloadTab && (
        <div className="actions">
          <button type="button" className="secondary" onClick={onReloadTab}>
            Reload this tab
          </button>
          <span className="muted">HubSpot reads it on load.</span>
        </div>
      )}
      {reloadOptions}
    </section>
  );
}
