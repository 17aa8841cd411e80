import { describeFlag, flagState, FLAG_ON_VALUE, SUPPORTS_CHANNEL_CONNECTION_KEY } from '@/utils/channelConnectionFlag';
import { FLAG_SHOWN_ELEMENT_TIMING } from '@/utils/performanceMarks';

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
}

export function TestModeSwitch({ flag, requested, disabled, onToggle }: Props) {
  const state = flagState(flag);
  return (
    <section className="card" aria-labelledby="test-mode-label">
      <div className="switch-row">
        <div>
          <div id="test-mode-label" className="switch-label">
            Test mode
          </div>
          <code className="key" title={SUPPORTS_CHANNEL_CONNECTION_KEY}>
            supportsChannelConnection
          </code>
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
      <p className="muted">
        Stored value:{' '}
        <code data-testid="flag-value">{flag === null ? 'not set' : JSON.stringify(flag)}</code>
        {state === 'malformed' && <> (HubSpot expects exactly "{FLAG_ON_VALUE}")</>}
      </p>
    </section>
  );
}
