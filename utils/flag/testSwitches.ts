/**
 * The calling test switches HubSpot reads from localStorage besides test mode, as first-class controls: what each
 * one does, the values HubSpot knows, and what a stored value means. Pure; the content script writes only what
 * `isSwitchValue` allows.
 */
import { isRecord } from '../platform/isRecord';
import { CALLING_EXTENSIONS_KEY, LOCAL_SETTINGS_CALLING_PREFIX } from './channelConnectionFlag';

export const SUPPORTS_INBOUND_CALLING_KEY = `${LOCAL_SETTINGS_CALLING_PREFIX}supportsInboundCalling`;
export const INSTALL_DEMO_WIDGET_KEY = `${LOCAL_SETTINGS_CALLING_PREFIX}installDemoWidget`;

export interface SwitchChoice {
  /** What is stored; null: the key is removed, which is HubSpot's default. */
  value: string | null;
  label: string;
}

export interface TestSwitch {
  key: string;
  name: string;
  /** One line on what HubSpot does with it (its docs and the calling-extensions SDK). */
  what: string;
  choices: readonly SwitchChoice[];
}

export const TEST_SWITCHES: readonly TestSwitch[] = [
  {
    key: SUPPORTS_INBOUND_CALLING_KEY,
    name: 'Inbound calling',
    what: 'On ungates inbound calling for calling apps in this browser; HubSpot reads exactly "true".',
    choices: [
      { value: null, label: 'Off' },
      { value: 'true', label: 'On' },
    ],
  },
  {
    key: INSTALL_DEMO_WIDGET_KEY,
    name: 'Demo widget',
    what: "Loads one of the calling-extensions SDK's demo widgets in place of the apps: local (served from your computer), app:js or app.",
    choices: [
      { value: null, label: 'Off' },
      { value: 'local', label: 'local' },
      { value: 'app:js', label: 'app:js' },
      { value: 'app', label: 'app' },
    ],
  },
];

/** The choice a stored value is, or null when HubSpot knows no such value (it then behaves as if off). */
export function choiceOf(testSwitch: TestSwitch, raw: string | null): SwitchChoice | null {
  return testSwitch.choices.find((choice) => choice.value === raw) ?? null;
}

/**
 * Whether the content script may write `value` to `key`: one of a switch's known values, or an override of the
 * calling settings to CallingExtensions; never anything else.
 */
export function isSwitchValue(key: string, value: unknown): value is string {
  if (key === CALLING_EXTENSIONS_KEY) return isCallingOverrideValue(value);
  const testSwitch = TEST_SWITCHES.find((each) => each.key === key);
  return typeof value === 'string' && testSwitch !== undefined && choiceOf(testSwitch, value) !== null;
}

/**
 * What the content script writes to CallingExtensions: a JSON object with a name and a URL. The options page checks
 * every field (utils/flag/callingOverride.ts) before it sends; this keeps anything that is not an override out of
 * HubSpot's page, and stays small enough for the content script and the popup.
 */
export function isCallingOverrideValue(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const parsed = JSON.parse(value) as unknown;
    return isRecord(parsed) && typeof parsed.name === 'string' && typeof parsed.url === 'string';
  } catch {
    return false;
  }
}
