import { choiceOf, TEST_SWITCHES } from '@/utils/flag/testSwitches';
import type { LocalSetting } from '@/utils/flag/channelConnectionFlag';

interface Props {
  settings: LocalSetting[];
  pendingKey: string | null;
  onChange: (key: string, value: string | null) => void;
}

/** Off is the key removed; the select's value for it. */
const OFF = '';

/** The calling test switches other than test mode, folded: each a labelled choice of the values HubSpot knows. */
export function TestSwitches({ settings, pendingKey, onChange }: Props) {
  const rawOf = (key: string) => settings.find((setting) => setting.key === key)?.value ?? null;
  const set = TEST_SWITCHES.filter((testSwitch) => rawOf(testSwitch.key) !== null).length;
  return (
    <details className="fold" data-testid="test-switches">
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
    </details>
  );
}
