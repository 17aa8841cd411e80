/** Everything HubSpot's calling settings in localStorage mean, decided without a browser. */
import { isRecord } from '../platform/isRecord';

export const LOCAL_SETTINGS_CALLING_PREFIX = 'LocalSettings:Calling:';
export const SUPPORTS_CHANNEL_CONNECTION_KEY = `${LOCAL_SETTINGS_CALLING_PREFIX}supportsChannelConnection`;
/** The JSON override of the calling settings in this browser. */
export const CALLING_EXTENSIONS_KEY = `${LOCAL_SETTINGS_CALLING_PREFIX}CallingExtensions`;
/**
 * Its name before HubSpot renamed it in 2023 (calling-extensions-sdk issue #45): HubSpot no longer reads it, and a
 * value left there silently does nothing. Read and shown so that it can be moved.
 */
export const RETIRED_CALLING_EXTENSIONS_KEY = 'LocalSettings:Sales:CallingExtensions';

/**
 * HubSpot compares the stored string with `'true'` exactly; `setItem(key, true)` stores `'true'` too.
 * Anything else (`'TRUE'`, `'1'`, `' true'`) is read as off.
 */
export const FLAG_ON_VALUE = 'true';

export type FlagState = 'on' | 'off' | 'malformed';

export interface LocalSetting {
  key: string;
  value: string;
}

/** What the content script reads from one HubSpot origin's localStorage. */
export interface LocalSettingsSnapshot {
  origin: string;
  /** Raw value of the flag, `null` when absent. */
  flag: string | null;
  /** Every `LocalSettings:Calling:*` key except the flag, sorted by key. */
  otherSettings: LocalSetting[];
}

/** The subset of the Web Storage interface the flag logic needs, so tests can pass a plain fake. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export function flagState(raw: string | null): FlagState {
  if (raw === null) return 'off';
  return raw === FLAG_ON_VALUE ? 'on' : 'malformed';
}

export function isLocalSettingsCallingKey(key: string): boolean {
  return key.startsWith(LOCAL_SETTINGS_CALLING_PREFIX) && key.length > LOCAL_SETTINGS_CALLING_PREFIX.length;
}

/** A key the extension reads, lists and may remove: the `LocalSettings:Calling:*` family and its retired member. */
export function isCallingSettingKey(key: string): boolean {
  return isLocalSettingsCallingKey(key) || key === RETIRED_CALLING_EXTENSIONS_KEY;
}

/** `LocalSettings:Calling:installDemoWidget` → `installDemoWidget`. */
export function shortSettingName(key: string): string {
  return isLocalSettingsCallingKey(key) ? key.slice(LOCAL_SETTINGS_CALLING_PREFIX.length) : key;
}

export function readLocalSettings(webStorage: KeyValueStorage, origin: string): LocalSettingsSnapshot {
  const otherSettings: LocalSetting[] = [];
  for (let index = 0; index < webStorage.length; index++) {
    const key = webStorage.key(index);
    if (key === null || !isCallingSettingKey(key) || key === SUPPORTS_CHANNEL_CONNECTION_KEY) continue;
    otherSettings.push({ key, value: webStorage.getItem(key) ?? '' });
  }
  otherSettings.sort((a, b) => a.key.localeCompare(b.key));
  return { origin, flag: webStorage.getItem(SUPPORTS_CHANNEL_CONNECTION_KEY), otherSettings };
}

/** On writes exactly `'true'`; off removes the key, which is what HubSpot's own default looks like. */
export function writeFlag(webStorage: KeyValueStorage, enabled: boolean): void {
  if (enabled) webStorage.setItem(SUPPORTS_CHANNEL_CONNECTION_KEY, FLAG_ON_VALUE);
  else webStorage.removeItem(SUPPORTS_CHANNEL_CONNECTION_KEY);
}

/** Puts back a value read earlier, exactly, even one HubSpot would not read as on. */
export function restoreFlagValue(webStorage: KeyValueStorage, raw: string | null): void {
  if (raw === null) webStorage.removeItem(SUPPORTS_CHANNEL_CONNECTION_KEY);
  else webStorage.setItem(SUPPORTS_CHANNEL_CONNECTION_KEY, raw);
}

/** Only keys of the `LocalSettings:Calling:` family (and its retired member) may be removed: never the rest. */
export function removeLocalSetting(webStorage: KeyValueStorage, key: string): void {
  if (!isCallingSettingKey(key)) {
    throw new RangeError(`Refusing to remove "${key}": only ${LOCAL_SETTINGS_CALLING_PREFIX}* keys can be removed.`);
  }
  webStorage.removeItem(key);
}

/** Why the retired key cannot be moved to its new name now, or null when it can. */
export function retiredMoveRefusal(webStorage: KeyValueStorage): string | null {
  if (webStorage.getItem(RETIRED_CALLING_EXTENSIONS_KEY) === null) return `${RETIRED_CALLING_EXTENSIONS_KEY} is not set: there is nothing to move.`;
  if (webStorage.getItem(CALLING_EXTENSIONS_KEY) !== null) {
    return `${CALLING_EXTENSIONS_KEY} already holds a value: remove the one you do not want, then move.`;
  }
  return null;
}

/** Moves the retired key's value, as it is, to the name HubSpot reads now. Check `retiredMoveRefusal` first. */
export function moveRetiredCallingExtensions(webStorage: KeyValueStorage): void {
  const value = webStorage.getItem(RETIRED_CALLING_EXTENSIONS_KEY);
  if (value === null) return;
  webStorage.setItem(CALLING_EXTENSIONS_KEY, value);
  webStorage.removeItem(RETIRED_CALLING_EXTENSIONS_KEY);
}

/** The state after a click on the switch: a malformed value counts as off, so the click turns it on. */
export function nextFlagEnabled(raw: string | null): boolean {
  return flagState(raw) !== 'on';
}

export function describeFlag(raw: string | null): string {
  switch (flagState(raw)) {
    case 'on':
      return 'Test mode is on: HubSpot offers the app on this origin, whatever isReady says.';
    case 'off':
      return 'Test mode is off: only a webhook with isReady=true makes the app selectable.';
    case 'malformed':
      return `HubSpot does not read ${JSON.stringify(raw)} as on: it expects exactly "${FLAG_ON_VALUE}". Turn test mode on to replace it.`;
  }
}

/** A flag's raw value as stored: a string, or null when the key is absent. */
export const isFlagValue = (value: unknown): value is string | null => value === null || typeof value === 'string';

/** A key and its value as stored, checked before either is read. */
export const isLocalSetting = (value: unknown): value is LocalSetting =>
  isRecord(value) && typeof value.key === 'string' && typeof value.value === 'string';
