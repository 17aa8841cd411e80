import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { LocalSettingsSnapshot } from '../../flag/channelConnectionFlag';
import {
  onBackgroundMessage,
  onContentScriptMessage,
  sendToBackground,
  sendToContentScript,
  type BackgroundProtocol,
  type ContentScriptProtocol,
  type Handlers,
} from '../messages';
import { deliverMessage } from '../../__tests__/deliverMessage';

const snapshot: LocalSettingsSnapshot = { origin: 'https://app.hubspot.com', flag: 'true', otherSettings: [] };
const noResponse = () => undefined;

function ownSender(): Browser.runtime.MessageSender {
  return { id: fakeBrowser.runtime.id, tab: { id: 7 } as Browser.tabs.Tab };
}

/** The envelope exactly as `sendToContentScript` puts it on the wire, so the tests never restate its format. */
async function envelopeFor<K extends keyof ContentScriptProtocol>(type: K, payload: ContentScriptProtocol[K]['payload']) {
  const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async () => undefined);
  await sendToContentScript(1, type, payload);
  const message: unknown = send.mock.calls[0]?.[1];
  send.mockRestore();
  return message as Record<string, unknown>;
}

/** Background handlers in which only localSettingsChanged is under test. */
function backgroundHandlers(localSettingsChanged: Handlers<BackgroundProtocol>['localSettingsChanged']): Handlers<BackgroundProtocol> {
  return {
    localSettingsChanged,
    pageLoaded: () => null,
    providersObserved: () => null,
    getProviderTargets: () => [],
    startPointing: () => ({ ok: false, error: { code: 'not-ready', message: 'not ready' } }),
    pointingSession: () => null,
    pointPicked: () => ({ ok: false, error: 'no session' }),
    pointingEnded: () => null,
    readTab: () => ({ ok: false, error: { code: 'not-ready', message: 'not ready' } }),
    changeTestMode: () => ({ ok: false, error: { code: 'not-ready', message: 'not ready' } }),
    removeTabSetting: () => ({ ok: false, error: { code: 'not-ready', message: 'not ready' } }),
    changeTestSwitch: () => ({ ok: false, error: { code: 'not-ready', message: 'not ready' } }),
    moveRetiredSetting: () => ({ ok: false, error: { code: 'not-ready', message: 'not ready' } }),
    reloadTab: () => ({ ok: true, value: null }),
    refreshIsReadyStatus: () => null,
    startMatrix: () => ({ ok: true }),
    stopMatrix: () => null,
  };
}

function contentScriptHandlers() {
  return {
    readLocalSettings: vi.fn(() => ({ ok: true as const, value: snapshot })),
    setFlag: vi.fn(async ({ enabled }: { enabled: boolean }) => ({
      ok: true as const,
      value: { ...snapshot, flag: enabled ? 'true' : null },
    })),
    removeLocalSetting: vi.fn(() => ({ ok: true as const, value: snapshot })),
    setTestSwitch: vi.fn(() => ({ ok: true as const, value: snapshot })),
    moveRetiredKey: vi.fn(() => ({ ok: true as const, value: snapshot })),
    restoreFlag: vi.fn(() => ({ ok: true as const, value: snapshot })),
    setProviderTargets: vi.fn(() => null),
  } satisfies Handlers<ContentScriptProtocol>;
}

/** The listener the module registered, called directly so that "no reply" (undefined) differs from a Promise of undefined. */
function captureListener(start: () => () => void) {
  const addListener = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
  const stop = start();
  expect(addListener).toHaveBeenCalledTimes(1);
  const listener = addListener.mock.calls[0]![0];
  return { listener, stop };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('sendToContentScript / sendToBackground', () => {
  it('send a typed envelope and hand back the reply', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async () => ({ ok: true, value: snapshot }));
    await expect(sendToContentScript(12, 'setFlag', { origin: 'https://app.hubspot.com', enabled: true })).resolves.toEqual({ ok: true, value: snapshot });
    expect(send).toHaveBeenCalledWith(12, expect.objectContaining({ type: 'setFlag', payload: { origin: 'https://app.hubspot.com', enabled: true } }), { frameId: 0 });

    // Targets go to every frame: a frame of the page may show the providers.
    await sendToContentScript(12, 'setProviderTargets', []);
    expect(send).toHaveBeenLastCalledWith(12, expect.objectContaining({ type: 'setProviderTargets' }));

    const sendRuntime = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => null);
    await expect(sendToBackground('localSettingsChanged', snapshot)).resolves.toBeNull();
    expect(sendRuntime).toHaveBeenCalledWith(expect.objectContaining({ type: 'localSettingsChanged', payload: snapshot }));
  });

  it('a content script message sent by the extension reaches the content script handler and its reply comes back', async () => {
    const handlers = contentScriptHandlers();
    onContentScriptMessage(handlers);
    // What the browser does for `tabs.sendMessage`: fire `runtime.onMessage` in the tab, with this extension as sender.
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (_tabId: number, message: unknown) => {
      const [reply] = await deliverMessage(message, ownSender());
      return reply;
    });

    await expect(sendToContentScript(7, 'setFlag', { origin: 'https://app.hubspot.com', enabled: false })).resolves.toEqual({
      ok: true,
      value: { ...snapshot, flag: null },
    });
    expect(handlers.setFlag).toHaveBeenCalledWith({ origin: 'https://app.hubspot.com', enabled: false }, ownSender());
  });

  it('a background message from a content script of this extension reaches the background handler', async () => {
    const localSettingsChanged = vi.fn(() => null);
    onBackgroundMessage(backgroundHandlers(localSettingsChanged));
    // The fake's runtime.sendMessage fires onMessage with an empty sender (no id), which our listener rightly ignores;
    // a real browser fills in sender.id and sender.tab, so do that here.
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
      const [reply] = await deliverMessage(message, ownSender());
      return reply;
    });

    await expect(sendToBackground('localSettingsChanged', snapshot)).resolves.toBeNull();
    expect(localSettingsChanged).toHaveBeenCalledWith(snapshot, ownSender());
  });

  it("a background handler's error reaches the sending content script as a rejection with its message", async () => {
    onBackgroundMessage(
      backgroundHandlers(async () => {
        throw new Error('The tab record could not be saved.');
      }),
    );
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
      const [reply] = await deliverMessage(message, ownSender());
      return reply;
    });

    await expect(sendToBackground('localSettingsChanged', snapshot)).rejects.toThrow('The tab record could not be saved.');
  });
});

describe('onContentScriptMessage', () => {
  it.each([
    ['readLocalSettings', null, { ok: true, value: snapshot }],
    ['setFlag', { origin: 'https://app.hubspot.com', enabled: true }, { ok: true, value: snapshot }],
    ['removeLocalSetting', { origin: 'https://app.hubspot.com', key: 'LocalSettings:Calling:installDemoWidget' }, { ok: true, value: snapshot }],
  ] as const)('answers %s with its handler, passing payload and sender', async (type, payload, reply) => {
    const handlers = contentScriptHandlers();
    onContentScriptMessage(handlers);
    const sender = ownSender();

    const replies = await deliverMessage(await envelopeFor(type, payload), sender);

    expect(replies).toEqual([reply]);
    expect(handlers[type]).toHaveBeenCalledExactlyOnceWith(payload, sender);
    const others = (Object.keys(handlers) as (keyof typeof handlers)[]).filter((name) => name !== type);
    for (const other of others) expect(handlers[other]).not.toHaveBeenCalled();
  });

  it('answers with a promise of the reply, never through sendResponse', async () => {
    const { listener } = captureListener(() => onContentScriptMessage(contentScriptHandlers()));
    const sendResponse = vi.fn();
    const returned = listener(await envelopeFor('readLocalSettings', null), ownSender(), sendResponse);
    expect(returned).toBeInstanceOf(Promise);
    await expect(returned).resolves.toEqual({ ok: true, value: snapshot });
    expect(sendResponse).not.toHaveBeenCalled();
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('boom')), 'boom'],
    [
      'throws',
      () => {
        throw new Error('bang');
      },
      'bang',
    ],
  ])('answers with a promise rejected with the error when the handler %s', async (_how, fail, message) => {
    const handlers = contentScriptHandlers();
    handlers.setFlag.mockImplementationOnce(fail);
    const { listener } = captureListener(() => onContentScriptMessage(handlers));

    const returned = listener(await envelopeFor('setFlag', { origin: 'https://app.hubspot.com', enabled: true }), ownSender(), noResponse);

    expect(returned).toBeInstanceOf(Promise);
    await expect(returned).rejects.toThrow(message);
  });

  it('turns a handler that throws or rejects into a rejection on the sending side, rather than swallowing it', async () => {
    const handlers = contentScriptHandlers();
    handlers.setFlag.mockRejectedValueOnce(new Error('boom'));
    handlers.readLocalSettings.mockImplementationOnce(() => {
      throw new Error('bang');
    });
    onContentScriptMessage(handlers);
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async (_tabId: number, message: unknown) => {
      const [reply] = await deliverMessage(message, ownSender());
      return reply;
    });

    await expect(sendToContentScript(7, 'setFlag', { origin: 'https://app.hubspot.com', enabled: true })).rejects.toThrow('boom');
    await expect(sendToContentScript(7, 'readLocalSettings', null)).rejects.toThrow('bang');
  });

  describe('gives no reply at all (undefined, not a promise) to', () => {
    it.each<[string, (envelope: Record<string, unknown>) => unknown, () => Browser.runtime.MessageSender]>([
      ['another extension', (envelope) => envelope, () => ({ id: 'some-other-extension-id', tab: { id: 7 } as Browser.tabs.Tab })],
      ['a sender without an id', (envelope) => envelope, () => ({})],
      ['a message without the channel', ({ channel: _channel, ...rest }) => rest, ownSender],
      ['a message of another channel', (envelope) => ({ ...envelope, channel: 'some-other-tool' }), ownSender],
      ['a type that is not a string', (envelope) => ({ ...envelope, type: 1 }), ownSender],
      ['an unknown type', (envelope) => ({ ...envelope, type: 'deleteEverything' }), ownSender],
      ['a background type', (envelope) => ({ ...envelope, type: 'localSettingsChanged' }), ownSender],
      ['an inherited property as type', (envelope) => ({ ...envelope, type: 'toString' }), ownSender],
      ['__proto__ as type', (envelope) => ({ ...envelope, type: '__proto__' }), ownSender],
      ['constructor as type', (envelope) => ({ ...envelope, type: 'constructor' }), ownSender],
      ['a string', () => 'readLocalSettings', ownSender],
      ['null', () => null, ownSender],
      ['undefined', () => undefined, ownSender],
      ['a number', () => 42, ownSender],
      ['an array', (envelope) => [envelope], ownSender],
    ])('%s', async (_label, message, sender) => {
      const handlers = contentScriptHandlers();
      const { listener } = captureListener(() => onContentScriptMessage(handlers));
      const envelope = await envelopeFor('readLocalSettings', null);

      expect(listener(message(envelope), sender(), noResponse)).toBeUndefined();
      expect(handlers.readLocalSettings).not.toHaveBeenCalled();
    });
  });

  it('stops listening when the returned function is called', async () => {
    const handlers = contentScriptHandlers();
    const stop = onContentScriptMessage(handlers);
    const envelope = await envelopeFor('readLocalSettings', null);
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(true);

    stop();

    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(false);
    expect(await deliverMessage(envelope, ownSender())).toEqual([]);
    expect(handlers.readLocalSettings).not.toHaveBeenCalled();
  });

  it('stopping one listener leaves another one answering', async () => {
    const first = contentScriptHandlers();
    const second = contentScriptHandlers();
    const stopFirst = onContentScriptMessage(first);
    onContentScriptMessage(second);
    stopFirst();

    expect(await deliverMessage(await envelopeFor('readLocalSettings', null), ownSender())).toHaveLength(1);
    expect(first.readLocalSettings).not.toHaveBeenCalled();
    expect(second.readLocalSettings).toHaveBeenCalledTimes(1);
  });
});

describe('onBackgroundMessage', () => {
  async function backgroundEnvelope() {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => null);
    await sendToBackground('localSettingsChanged', snapshot);
    const message: unknown = send.mock.calls[0]?.[0];
    send.mockRestore();
    return message as Record<string, unknown>;
  }

  it('answers localSettingsChanged from a content script of this extension', async () => {
    const localSettingsChanged = vi.fn(async () => null);
    onBackgroundMessage(backgroundHandlers(localSettingsChanged));
    const sender = ownSender();

    expect(await deliverMessage(await backgroundEnvelope(), sender)).toEqual([null]);
    expect(localSettingsChanged).toHaveBeenCalledExactlyOnceWith(snapshot, sender);
  });

  it.each<[string, (envelope: Record<string, unknown>) => unknown, () => Browser.runtime.MessageSender]>([
    ['another extension', (envelope) => envelope, () => ({ id: 'some-other-extension-id' })],
    ['a sender without an id (what the fake runtime.sendMessage sends)', (envelope) => envelope, () => ({})],
    ['a message without the channel', ({ channel: _channel, ...rest }) => rest, ownSender],
    ['a content script type', (envelope) => ({ ...envelope, type: 'setFlag' }), ownSender],
    ['an inherited property as type', (envelope) => ({ ...envelope, type: 'hasOwnProperty' }), ownSender],
    ['a non-object', () => 'localSettingsChanged', ownSender],
  ])('ignores %s', async (_label, message, sender) => {
    const localSettingsChanged = vi.fn(() => null);
    const { listener } = captureListener(() => onBackgroundMessage(backgroundHandlers(localSettingsChanged)));

    expect(listener(message(await backgroundEnvelope()), sender(), noResponse)).toBeUndefined();
    expect(localSettingsChanged).not.toHaveBeenCalled();
  });

  describe('refreshIsReadyStatus, which makes the background use a credential', () => {
    const STATUS = { profileId: 'profile-1', fetchedAt: 1, state: 'not-registered' } as const;

    async function refreshEnvelope() {
      const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => null);
      await sendToBackground('refreshIsReadyStatus', null);
      const message: unknown = send.mock.calls[0]?.[0];
      send.mockRestore();
      return message;
    }

    it.each<[string, () => Browser.runtime.MessageSender, boolean]>([
      ['the popup', () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') }), true],
      [
        'the options page, open in a tab',
        () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html'), tab: { id: 3 } as Browser.tabs.Tab }),
        true,
      ],
      ['our content script on a HubSpot page', () => ({ ...ownSender(), url: 'https://app.hubspot.com/help-desk/1' }), false],
      ['our content script, without a URL', ownSender, false],
      ['a page of another extension', () => ({ id: 'some-other-extension-id', url: 'chrome-extension://some-other-extension-id/popup.html' }), false],
      [
        'a URL whose host only begins with our extension id',
        () => ({ id: fakeBrowser.runtime.id, url: `chrome-extension://${fakeBrowser.runtime.id}x/popup.html` }),
        false,
      ],
    ])('from %s: answered %s', async (_label, sender, answered) => {
      const refreshIsReadyStatus = vi.fn(async () => STATUS);
      const { listener } = captureListener(() =>
        onBackgroundMessage({ ...backgroundHandlers(() => null), refreshIsReadyStatus }),
      );

      const returned = listener(await refreshEnvelope(), sender(), noResponse);

      if (answered) await expect(returned).resolves.toEqual(STATUS);
      else expect(returned).toBeUndefined();
      expect(refreshIsReadyStatus).toHaveBeenCalledTimes(answered ? 1 : 0);
    });
  });

  it('stops listening when the returned function is called', async () => {
    const localSettingsChanged = vi.fn(() => null);
    const stop = onBackgroundMessage(backgroundHandlers(localSettingsChanged));
    stop();
    expect(await deliverMessage(await backgroundEnvelope(), ownSender())).toEqual([]);
    expect(localSettingsChanged).not.toHaveBeenCalled();
  });
});
