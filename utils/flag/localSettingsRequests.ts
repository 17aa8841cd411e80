/**
 * The content script's answers to the extension's requests, decided here so they are tested without a browser.
 * The storage is passed as a getter because merely reading `window.localStorage` throws when the site's storage
 * is blocked (third-party cookie settings, enterprise policy).
 */
import { isSwitchValue } from './testSwitches';
import {
  readLocalSettings,
  removeLocalSetting,
  restoreFlagValue,
  writeFlag,
  isCallingSettingKey,
  moveRetiredCallingExtensions,
  retiredMoveRefusal,
  type KeyValueStorage,
  type LocalSettingsSnapshot,
} from './channelConnectionFlag';
import type { ContentScriptProtocol, Handlers } from '../platform/messages';
import type { Result } from '../tabs/tabState';
import { leftOriginError } from '../tabs/tabError';

export function readLocalSettingsSafely(
  getStorage: () => KeyValueStorage,
  origin: string,
): Result<LocalSettingsSnapshot> {
  try {
    return { ok: true, value: readLocalSettings(getStorage(), origin) };
  } catch (error) {
    return storageBlocked(error);
  }
}

/**
 * Whether a `storage` event can have changed what the badge shows: a change to a `LocalSettings:Calling:*` key, or a
 * `clear()` (no key). Only the browser's own events count: the page can dispatch forged ones, which would make the
 * content script report to the background at the page's will.
 */
export function isLocalSettingsStorageChange(event: Pick<StorageEvent, 'isTrusted' | 'key'>): boolean {
  return event.isTrusted && (event.key === null || isCallingSettingKey(event.key));
}

export function createLocalSettingsHandlers(
  getStorage: () => KeyValueStorage,
  origin: string,
  onChange: (snapshot: LocalSettingsSnapshot) => void,
): Omit<Handlers<ContentScriptProtocol>, 'setProviderTargets'> {
  const change = (meantFor: string, write: (webStorage: KeyValueStorage) => void): Result<LocalSettingsSnapshot> => {
    if (meantFor !== origin) return { ok: false, error: leftOriginError(meantFor, origin) };
    let webStorage: KeyValueStorage;
    try {
      webStorage = getStorage();
      write(webStorage);
    } catch (error) {
      return storageBlocked(error);
    }
    const result = readLocalSettingsSafely(() => webStorage, origin);
    if (result.ok) onChange(result.value);
    return result;
  };
  const hasOrigin = (payload: unknown): payload is { origin: string } =>
    typeof (payload as { origin?: unknown } | null | undefined)?.origin === 'string';

  return {
    readLocalSettings: () => readLocalSettingsSafely(getStorage, origin),
    setFlag: (payload) =>
      hasOrigin(payload) && typeof payload.enabled === 'boolean'
        ? change(payload.origin, (webStorage) => writeFlag(webStorage, payload.enabled))
        : rejected('setFlag needs { origin: string, enabled: boolean }.'),
    removeLocalSetting: (payload) =>
      hasOrigin(payload) && typeof payload.key === 'string' && isCallingSettingKey(payload.key)
        ? change(payload.origin, (webStorage) => removeLocalSetting(webStorage, payload.key))
        : rejected('Only LocalSettings:Calling:* keys can be removed, on a named origin.'),
    setTestSwitch: (payload) =>
      hasOrigin(payload) && typeof payload.key === 'string' && isSwitchValue(payload.key, payload.value)
        ? change(payload.origin, (webStorage) => webStorage.setItem(payload.key, payload.value))
        : rejected('setTestSwitch takes a test switch and one of the values HubSpot knows for it, on a named origin.'),
    moveRetiredKey: (payload) => {
      if (!hasOrigin(payload)) return rejected('moveRetiredKey needs { origin: string }.');
      let refusal: string | null;
      try {
        refusal = retiredMoveRefusal(getStorage());
      } catch (error) {
        return storageBlocked(error);
      }
      return refusal ? rejected(refusal) : change(payload.origin, moveRetiredCallingExtensions);
    },
    restoreFlag: (payload) =>
      hasOrigin(payload) && (payload.value === null || typeof payload.value === 'string')
        ? change(payload.origin, (webStorage) => restoreFlagValue(webStorage, payload.value))
        : rejected('restoreFlag needs { origin: string, value: string | null }.'),
  };
}

function rejected(message: string): Result<never> {
  return { ok: false, error: { code: 'rejected', message } };
}

function storageBlocked(error: unknown): Result<never> {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    error: {
      code: 'storage-blocked',
      message: `The page's localStorage cannot be used (${reason}). Check the browser's site data settings for this HubSpot origin.`,
    },
  };
}
