import { describe, expect, it, vi } from 'vitest';
import { SUPPORTS_CHANNEL_CONNECTION_KEY, type KeyValueStorage, type LocalSettingsSnapshot } from '../channelConnectionFlag';
import { createLocalSettingsHandlers, isLocalSettingsStorageChange, readLocalSettingsSafely } from '../localSettingsRequests';
import { memoryStorage } from '../../__tests__/memoryStorage';

const ORIGIN = 'https://app.hubspot.com';
const DEMO_WIDGET_KEY = 'LocalSettings:Calling:installDemoWidget';
const sender = {};

function setup(initial: Record<string, string> = {}) {
  const webStorage = memoryStorage(initial);
  const onChange = vi.fn<(snapshot: LocalSettingsSnapshot) => void>();
  const handlers = createLocalSettingsHandlers(() => webStorage, ORIGIN, onChange);
  return { webStorage, onChange, handlers };
}

function entries(webStorage: KeyValueStorage): Record<string, string | null> {
  const result: Record<string, string | null> = {};
  for (let index = 0; index < webStorage.length; index++) {
    const key = webStorage.key(index) as string;
    result[key] = webStorage.getItem(key);
  }
  return result;
}

/** A storage that behaves like `window.localStorage` until `setItem`/`removeItem` throw, as a full quota does. */
function failingWrites(initial: Record<string, string>, error: unknown): KeyValueStorage {
  const webStorage = memoryStorage(initial);
  return {
    get length() {
      return webStorage.length;
    },
    key: (index) => webStorage.key(index),
    getItem: (key) => webStorage.getItem(key),
    setItem: () => {
      throw error;
    },
    removeItem: () => {
      throw error;
    },
  };
}

describe('readLocalSettings', () => {
  it('answers with the snapshot of the page storage, without calling onChange', async () => {
    const { handlers, onChange } = setup({
      [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'TRUE',
      [DEMO_WIDGET_KEY]: 'local',
      'hubspot:session': 'secret',
    });
    expect(await handlers.readLocalSettings(null, sender)).toEqual({
      ok: true,
      value: { origin: ORIGIN, flag: 'TRUE', otherSettings: [{ key: DEMO_WIDGET_KEY, value: 'local' }] },
    });
    expect(onChange).not.toHaveBeenCalled();
  });

  it('reads the storage again on every request', async () => {
    const { handlers, webStorage } = setup();
    expect(await handlers.readLocalSettings(null, sender)).toMatchObject({ ok: true, value: { flag: null } });
    webStorage.setItem(SUPPORTS_CHANNEL_CONNECTION_KEY, 'true');
    expect(await handlers.readLocalSettings(null, sender)).toMatchObject({ ok: true, value: { flag: 'true' } });
  });
});

describe('setFlag', () => {
  it.each([
    [{}, true, 'true'],
    [{ [SUPPORTS_CHANNEL_CONNECTION_KEY]: '1' }, true, 'true'],
    [{ [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true' }, false, null],
    [{}, false, null],
  ] as const)('from %j, enabled=%s leaves the flag at %j and reports it', async (initial, enabled, flag) => {
    const { handlers, webStorage, onChange } = setup({ ...initial, [DEMO_WIDGET_KEY]: 'app' });
    const expected = { origin: ORIGIN, flag, otherSettings: [{ key: DEMO_WIDGET_KEY, value: 'app' }] };

    expect(await handlers.setFlag({ origin: ORIGIN, enabled }, sender)).toEqual({ ok: true, value: expected });
    expect(webStorage.getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe(flag);
    expect(webStorage.getItem(DEMO_WIDGET_KEY)).toBe('app');
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith(expected);
  });

  it.each([
    ['enabled as a string', { origin: ORIGIN, enabled: 'true' }],
    ['enabled as a number', { origin: ORIGIN, enabled: 1 }],
    ['enabled null', { origin: ORIGIN, enabled: null }],
    ['no enabled', { origin: ORIGIN }],
    ['no origin', { enabled: true }],
    ['an origin that is not a string', { origin: 1, enabled: true }],
    ['no payload', undefined],
    ['a null payload', null],
  ])('rejects %s and touches nothing', async (_label, payload) => {
    const { handlers, webStorage, onChange } = setup({ [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'TRUE' });
    const result = await handlers.setFlag(payload as never, sender);
    expect(result).toEqual({
      ok: false,
      error: { code: 'rejected', message: expect.stringMatching(/origin: string, enabled: boolean/) },
    });
    expect(entries(webStorage)).toEqual({ [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'TRUE' });
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('removeLocalSetting', () => {
  it('removes a calling setting and reports the snapshot without it', async () => {
    const { handlers, webStorage, onChange } = setup({
      [DEMO_WIDGET_KEY]: 'local',
      'LocalSettings:Calling:CallingExtensions': '{"name":"Demo"}',
      [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true',
    });
    const expected = {
      origin: ORIGIN,
      flag: 'true',
      otherSettings: [{ key: 'LocalSettings:Calling:CallingExtensions', value: '{"name":"Demo"}' }],
    };
    expect(await handlers.removeLocalSetting({ origin: ORIGIN, key: DEMO_WIDGET_KEY }, sender)).toEqual({ ok: true, value: expected });
    expect(webStorage.getItem(DEMO_WIDGET_KEY)).toBeNull();
    expect(onChange).toHaveBeenCalledExactlyOnceWith(expected);
  });

  it.each([
    ['a key of another family', { origin: ORIGIN, key: 'hubspot:session' }],
    ['the bare prefix', { origin: ORIGIN, key: 'LocalSettings:Calling:' }],
    ['a lookalike prefix', { origin: ORIGIN, key: 'LocalSettings:Callingfoo' }],
    ['a key of another LocalSettings family', { origin: ORIGIN, key: 'LocalSettings:Inbox:foo' }],
    ['a key that is not a string', { origin: ORIGIN, key: 42 }],
    ['no key', { origin: ORIGIN }],
    ['no origin', { key: DEMO_WIDGET_KEY }],
    ['no payload', undefined],
  ])('refuses %s: rejected, storage untouched, onChange not called', async (_label, payload) => {
    const initial = {
      'hubspot:session': 'secret',
      'LocalSettings:Calling:': 'x',
      'LocalSettings:Callingfoo': 'y',
      'LocalSettings:Inbox:foo': 'z',
      '42': 'n',
    };
    const { handlers, webStorage, onChange } = setup(initial);
    const result = await handlers.removeLocalSetting(payload as never, sender);
    expect(result).toEqual({
      ok: false,
      error: { code: 'rejected', message: expect.stringMatching(/Only LocalSettings:Calling:\* keys/) },
    });
    expect(entries(webStorage)).toEqual(initial);
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('a change meant for another origin', () => {
  it.each([
    ['setFlag', { origin: 'https://app-eu1.hubspot.com', enabled: true }],
    ['removeLocalSetting', { origin: 'https://app-eu1.hubspot.com', key: DEMO_WIDGET_KEY }],
    ['restoreFlag', { origin: 'https://app-eu1.hubspot.com', value: 'TRUE' }],
  ] as const)('%s is refused, naming both origins, and touches nothing', async (type, payload) => {
    const initial = { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true', [DEMO_WIDGET_KEY]: 'local' };
    const { handlers, webStorage, onChange } = setup(initial);
    const handler = handlers[type] as (payload: unknown, sender: object) => unknown;

    expect(await handler(payload, sender)).toEqual({
      ok: false,
      error: { code: 'left-origin', message: 'The tab left app-eu1.hubspot.com for app.hubspot.com.' },
    });
    expect(entries(webStorage)).toEqual(initial);
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('blocked storage', () => {
  const securityError = new DOMException('The operation is insecure.', 'SecurityError');
  const blocked = () => {
    throw securityError;
  };

  it.each([
    ['readLocalSettings', null],
    ['setFlag', { origin: ORIGIN, enabled: true }],
    ['removeLocalSetting', { origin: ORIGIN, key: DEMO_WIDGET_KEY }],
  ] as const)('%s answers storage-blocked with the reason when reading localStorage throws', async (type, payload) => {
    const onChange = vi.fn();
    const handlers = createLocalSettingsHandlers(blocked, ORIGIN, onChange);
    const handler = handlers[type] as (payload: unknown, sender: object) => unknown;
    const result = await handler(payload, sender);
    expect(result).toEqual({
      ok: false,
      error: { code: 'storage-blocked', message: expect.stringContaining('(The operation is insecure.)') },
    });
    expect(onChange).not.toHaveBeenCalled();
  });

  it.each([
    ['setFlag', { origin: ORIGIN, enabled: true }],
    ['setFlag', { origin: ORIGIN, enabled: false }],
    ['removeLocalSetting', { origin: ORIGIN, key: DEMO_WIDGET_KEY }],
  ] as const)('%s %j answers storage-blocked when the write throws, and reports no change', async (type, payload) => {
    const quota = new DOMException("Setting the value of 'x' exceeded the quota.", 'QuotaExceededError');
    const initial = { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true', [DEMO_WIDGET_KEY]: 'local' };
    const webStorage = failingWrites(initial, quota);
    const onChange = vi.fn();
    const handlers = createLocalSettingsHandlers(() => webStorage, ORIGIN, onChange);
    const handler = handlers[type] as (payload: unknown, sender: object) => unknown;

    expect(await handler(payload, sender)).toEqual({
      ok: false,
      error: { code: 'storage-blocked', message: expect.stringContaining("exceeded the quota") },
    });
    expect(entries(webStorage)).toEqual(initial);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('answers storage-blocked, and reports no change, when the write succeeds but reading it back throws', async () => {
    const webStorage = memoryStorage({});
    const unreadable: KeyValueStorage = {
      ...webStorage,
      get length() {
        return webStorage.length;
      },
      getItem: () => {
        throw securityError;
      },
    };
    const onChange = vi.fn();
    const handlers = createLocalSettingsHandlers(() => unreadable, ORIGIN, onChange);

    expect(await handlers.setFlag({ origin: ORIGIN, enabled: true }, sender)).toMatchObject({ ok: false, error: { code: 'storage-blocked' } });
    expect(webStorage.getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe('true');
    expect(onChange).not.toHaveBeenCalled();
  });

  it('names a non-Error reason too', () => {
    const result = readLocalSettingsSafely(() => {
      throw 'policy says no';
    }, ORIGIN);
    expect(result).toEqual({ ok: false, error: { code: 'storage-blocked', message: expect.stringContaining('(policy says no)') } });
  });
});

describe('isLocalSettingsStorageChange', () => {
  it.each([
    { isTrusted: true, key: SUPPORTS_CHANNEL_CONNECTION_KEY, counts: true },
    { isTrusted: true, key: DEMO_WIDGET_KEY, counts: true },
    { isTrusted: true, key: null, counts: true },
    { isTrusted: true, key: 'hubspot:session', counts: false },
    { isTrusted: true, key: 'LocalSettings:Calling:', counts: false },
    { isTrusted: false, key: SUPPORTS_CHANNEL_CONNECTION_KEY, counts: false },
    { isTrusted: false, key: null, counts: false },
  ])('a storage event with isTrusted $isTrusted and key $key counts: $counts', ({ isTrusted, key, counts }) => {
    expect(isLocalSettingsStorageChange({ isTrusted, key })).toBe(counts);
  });
});

describe('setTestSwitch', () => {
  const INBOUND_KEY = 'LocalSettings:Calling:supportsInboundCalling';

  it.each([
    [INBOUND_KEY, 'true'],
    [DEMO_WIDGET_KEY, 'local'],
    [DEMO_WIDGET_KEY, 'app:js'],
    [DEMO_WIDGET_KEY, 'app'],
  ])('writes %s = %s exactly, and reports the change', async (key, value) => {
    const { handlers, webStorage, onChange } = setup();

    const result = await handlers.setTestSwitch({ origin: ORIGIN, key, value }, sender);

    expect(entries(webStorage)).toEqual({ [key]: value });
    expect(result).toMatchObject({ ok: true, value: { otherSettings: [{ key, value }] } });
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a value HubSpot does not know', { key: INBOUND_KEY, value: 'TRUE' }],
    ['a demo widget HubSpot does not know', { key: DEMO_WIDGET_KEY, value: 'remote' }],
    ['the test-mode flag, which has its own message', { key: SUPPORTS_CHANNEL_CONNECTION_KEY, value: 'true' }],
    ['a key of another family', { key: 'hubspot:session', value: 'true' }],
    ['no value', { key: INBOUND_KEY, value: null }],
  ])('refuses %s and writes nothing', async (_case, payload) => {
    const { handlers, webStorage } = setup();

    const result = await handlers.setTestSwitch({ origin: ORIGIN, ...payload } as never, sender);

    expect(result).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(entries(webStorage)).toEqual({});
  });

  it('refuses a change meant for another origin', async () => {
    const { handlers, webStorage } = setup();
    const result = await handlers.setTestSwitch({ origin: 'https://app-eu1.hubspot.com', key: INBOUND_KEY, value: 'true' }, sender);
    expect(result).toMatchObject({ ok: false, error: { code: 'left-origin' } });
    expect(entries(webStorage)).toEqual({});
  });
});

describe('moveRetiredKey', () => {
  const RETIRED = 'LocalSettings:Sales:CallingExtensions';
  const CURRENT = 'LocalSettings:Calling:CallingExtensions';
  const OVERRIDE = '{"name":"Local dev","url":"https://localhost:9025/"}';

  it('is read and listed with the calling settings, and may be removed', async () => {
    const { handlers, webStorage } = setup({ [RETIRED]: OVERRIDE, 'LocalSettings:Sales:other': 'x' });
    expect(await handlers.readLocalSettings(null, sender)).toMatchObject({ ok: true, value: { otherSettings: [{ key: RETIRED, value: OVERRIDE }] } });
    expect(await handlers.removeLocalSetting({ origin: ORIGIN, key: RETIRED }, sender)).toMatchObject({ ok: true });
    expect(entries(webStorage)).toEqual({ 'LocalSettings:Sales:other': 'x' });
  });

  it('moves the value, exactly, to the key HubSpot reads now', async () => {
    const { handlers, webStorage, onChange } = setup({ [RETIRED]: OVERRIDE });

    const result = await handlers.moveRetiredKey({ origin: ORIGIN }, sender);

    expect(entries(webStorage)).toEqual({ [CURRENT]: OVERRIDE });
    expect(result).toMatchObject({ ok: true, value: { otherSettings: [{ key: CURRENT, value: OVERRIDE }] } });
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['the new key already holds a value', { [RETIRED]: OVERRIDE, [CURRENT]: '{"name":"Other"}' }, /already holds a value/],
    ['there is nothing to move', {}, /is not set: there is nothing to move/],
  ])('refuses when %s, and changes nothing', async (_case, initial, words) => {
    const { handlers, webStorage } = setup(initial);

    const result = await handlers.moveRetiredKey({ origin: ORIGIN }, sender);

    expect(result).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringMatching(words) } });
    expect(entries(webStorage)).toEqual(initial);
  });

  it('refuses a move meant for another origin', async () => {
    const { handlers, webStorage } = setup({ [RETIRED]: OVERRIDE });
    expect(await handlers.moveRetiredKey({ origin: 'https://app-eu1.hubspot.com' }, sender)).toMatchObject({ ok: false, error: { code: 'left-origin' } });
    expect(entries(webStorage)).toEqual({ [RETIRED]: OVERRIDE });
  });
});
