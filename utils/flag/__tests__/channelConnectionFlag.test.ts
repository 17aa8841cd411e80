import { describe, expect, it } from 'vitest';
import {
  describeFlag,
  flagState,
  isLocalSettingsCallingKey,
  nextFlagEnabled,
  readLocalSettings,
  removeLocalSetting,
  shortSettingName,
  SUPPORTS_CHANNEL_CONNECTION_KEY,
  writeFlag,
} from '../channelConnectionFlag';
import { memoryStorage } from '../../__tests__/memoryStorage';

describe('flagState', () => {
  it.each([
    [null, 'off'],
    ['true', 'on'],
    ['TRUE', 'malformed'],
    ['True', 'malformed'],
    ['1', 'malformed'],
    [' true', 'malformed'],
    ['true ', 'malformed'],
    ['"true"', 'malformed'],
    ['', 'malformed'],
    ['false', 'malformed'],
  ] as const)('%j is %s', (raw, expected) => {
    expect(flagState(raw)).toBe(expected);
  });
});

describe('nextFlagEnabled', () => {
  it.each([
    [null, true],
    ['true', false],
    ['TRUE', true],
    ['false', true],
  ] as const)('a click on %j turns the flag on: %s', (raw, expected) => {
    expect(nextFlagEnabled(raw)).toBe(expected);
  });
});

describe('isLocalSettingsCallingKey / shortSettingName', () => {
  it.each([
    ['LocalSettings:Calling:supportsChannelConnection', true, 'supportsChannelConnection'],
    ['LocalSettings:Calling:installDemoWidget', true, 'installDemoWidget'],
    ['LocalSettings:Calling:', false, 'LocalSettings:Calling:'],
    ['LocalSettings:Callingfoo', false, 'LocalSettings:Callingfoo'],
    ['localsettings:calling:x', false, 'localsettings:calling:x'],
    ['LocalSettings:Inbox:x', false, 'LocalSettings:Inbox:x'],
    ['hubspot:token', false, 'hubspot:token'],
  ] as const)('%s → %s, %s', (key, isCalling, short) => {
    expect(isLocalSettingsCallingKey(key)).toBe(isCalling);
    expect(shortSettingName(key)).toBe(short);
  });
});

describe('readLocalSettings', () => {
  it('reads the flag and lists the other calling settings, sorted, and nothing else', () => {
    const webStorage = memoryStorage({
      'LocalSettings:Calling:installDemoWidget': 'app:js',
      [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true',
      'LocalSettings:Calling:CallingExtensions': '{"name":"Demo","url":"https://example.test"}',
      'hubspot:session': 'secret',
      'LocalSettings:Inbox:foo': 'bar',
    });
    expect(readLocalSettings(webStorage, 'https://app.hubspot.com')).toEqual({
      origin: 'https://app.hubspot.com',
      flag: 'true',
      otherSettings: [
        { key: 'LocalSettings:Calling:CallingExtensions', value: '{"name":"Demo","url":"https://example.test"}' },
        { key: 'LocalSettings:Calling:installDemoWidget', value: 'app:js' },
      ],
    });
  });

  it('reports an absent flag as null and a malformed one as it is', () => {
    expect(readLocalSettings(memoryStorage({}), 'https://app.hubspot.com').flag).toBeNull();
    expect(readLocalSettings(memoryStorage({ [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'TRUE' }), 'x').flag).toBe('TRUE');
  });
});

describe('writeFlag', () => {
  it('writes exactly "true" when enabling, replacing a malformed value', () => {
    const webStorage = memoryStorage({ [SUPPORTS_CHANNEL_CONNECTION_KEY]: '1' });
    writeFlag(webStorage, true);
    expect(webStorage.getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe('true');
  });

  it('removes the key when disabling', () => {
    const webStorage = memoryStorage({ [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true', other: 'kept' });
    writeFlag(webStorage, false);
    expect(webStorage.getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBeNull();
    expect(webStorage.getItem('other')).toBe('kept');
  });
});

describe('removeLocalSetting', () => {
  it('removes a calling setting', () => {
    const webStorage = memoryStorage({ 'LocalSettings:Calling:installDemoWidget': 'local' });
    removeLocalSetting(webStorage, 'LocalSettings:Calling:installDemoWidget');
    expect(webStorage.length).toBe(0);
  });

  it.each(['hubspot:session', 'LocalSettings:Calling:', 'LocalSettings:Inbox:foo'])('refuses to remove %s', (key) => {
    const webStorage = memoryStorage({ [key]: 'v' });
    expect(() => removeLocalSetting(webStorage, key)).toThrow(/only LocalSettings:Calling:\* keys/);
    expect(webStorage.getItem(key)).toBe('v');
  });
});

describe('describeFlag', () => {
  it('says why a malformed value is not on, quoting it', () => {
    expect(describeFlag('TRUE')).toContain('"TRUE"');
    expect(describeFlag('TRUE')).toMatch(/does not read "TRUE" as on/);
    expect(describeFlag('true')).toMatch(/Test mode is on/);
    expect(describeFlag(null)).toMatch(/Test mode is off/);
  });
});
