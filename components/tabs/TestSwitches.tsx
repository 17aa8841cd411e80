import { choiceOf, TEST_SWITCHES } from '@/utils/flag/testSwitches';
import { CALLING_EXTENSIONS_KEY, type LocalSetting } from '@/utils/flag/channelConnectionFlag';

interface Props {
  settings: LocalSetting[];
  pendingKey: string | null;
  onChange: (key: string, value: string | null) => void;
  /** Unfolded where the switches are what the page is for (the options page's Local overrides). */
  open?: boolean;
  /** Where the CallingExtensions override is edited, offered where this list is all there is (the popup). */
  onEditOverride?: () => void;
}

/** Off is the key removed; the select's value for it. */
const OFF = '';

/** The calling test switches other than test mode, folded: each a labelled choice of the values HubSpot knows. */
export function TestSwitches({ settings, pendingKey, onChange, open = false, onEditOverride }: Props) {
  const rawOf = (key: string) => settings.find((setting) => setting.key === key)?.value ?? null;
  const set = TEST_SWITCHES.filter((testSwitch) => rawOf(testSwitch.key) !== null).length;
  return (
    <details className="fold" data-testid="test-switches" open={open}>
      <summary>
        More test switches <span className="muted">· {set > 0 ? `${set} set` : 'all off'}</span>
      </summary>
      {TEST_SWITCHES.map((testSwitch) => {
        const raw = rawOf(testSwitch.key);
        const known = choiceOf(testSwitch, raw) !== null;
        const id = `switch-${testSwitch.key}`;
        return (
          <div className="test-switch" key={testSwitch.key}>
            <label htmlFor={id}>{testSwitch.name}</label>
            <select
              id={id}
              value={raw ?? OFF}
              aria-describedby={`${id}-what`}
              disabled={pendingKey !== null}
              onChange={(event) => onChange(testSwitch.key, event.target.value === OFF ? null : event.target.value)}
            >
              {testSwitch.choices.map((choice) => (
                <option key={choice.label} value={choice.value ?? OFF}>
                  {choice.label}
                </option>
              ))}
              {!known && raw !== null && <option value={raw}>{`"${raw}": a value HubSpot does not know, read as off`}</option>}
            </select>
            <p className="muted" id={`${id}-what`}>
              {testSwitch.what}
            </p>
          </div>
        );
      })}
      {onEditOverride && (
        <p className="test-switch">
          <span>
            CallingExtensions override:{' '}
            <strong>{settings.some((setting) => setting.key === CALLING_EXTENSIONS_KEY) ? 'set' : 'not set'}</strong>
          </span>
          <button type="button" className="link" onClick={onEditOverride}>
            Edit in options
          </button>
        </p>
      )}
    </details>
  );
}
