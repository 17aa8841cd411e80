import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CALLING_EXTENSIONS_KEY, RETIRED_CALLING_EXTENSIONS_KEY, SUPPORTS_CHANNEL_CONNECTION_KEY, type LocalSetting } from '../../flag/channelConnectionFlag';
import { overrideValueOf } from '../../flag/callingOverride';
import { INSTALL_DEMO_WIDGET_KEY } from '../../flag/testSwitches';
import { EMPTY_FORM, type CallingAppSettings } from '../../hubspotApi/callingAppFields';
import { sendToExtensionPages, type BackgroundProtocol, type Handlers, type TabChangeDone } from '../../platform/messages';
import type { TabReport } from '../../providers/availability';
import type { Result } from '../../tabs/tabState';
import { fakeBackground } from '../../__tests__/fakeBackground';
import { fakeHubSpotPages, stubReload, stubTabsQuery } from '../../__tests__/fakeHubSpotPages';
import { useLocalOverridesStore } from '../localOverridesStore';

type Tab = Browser.tabs.Tab & { id: number };

const APP = 'https://app.hubspot.com';
const EU = 'https://app-eu1.hubspot.com';
const OVERRIDE = '{"name":"Local dev","url":"https://localhost:9025/","width":320,"usesRemote":false}';
const OVERRIDE_FORM = { ...EMPTY_FORM, name: 'Local dev', url: 'https://localhost:9025/', width: '320', usesRemote: false };
const OTHER_OVERRIDE = '{"name":"Staging","url":"https://staging.example.com/widget"}';
const OTHER_OVERRIDE_FORM = { ...EMPTY_FORM, name: 'Staging', url: 'https://staging.example.com/widget' };
/** What the calling app panel hands over: HubSpot's answer, with its stamps. */
const REGISTERED: CallingAppSettings = {
  name: 'Acme Dialer',
  url: 'https://dialer.example.com/widget',
  width: 400,
  height: 600,
  isReady: false,
  supportsCustomObjects: false,
  supportsInboundCalling: true,
  usesCallingWindow: true,
  usesRemote: false,
  createdAt: '2025-11-03T09:15:00.000Z',
  updatedAt: '2026-01-20T16:40:00.000Z',
};
const REGISTERED_FORM = {
  name: 'Acme Dialer',
  url: 'https://dialer.example.com/widget',
  width: '400',
  height: '600',
  isReady: false,
  supportsCustomObjects: false,
  supportsInboundCalling: true,
  usesCallingWindow: true,
  usesRemote: false,
};
const NOT_ANSWERED = 'Could not establish connection. Receiving end does not exist.';
const NOT_READY =
  'The page is not ready: it is still loading, or it was opened before the extension was installed or updated. Reload the tab and try again.';

let pages: ReturnType<typeof fakeHubSpotPages>;
let background: ReturnType<typeof fakeBackground>;
let stop: (() => void) | undefined;

const store = () => useLocalOverridesStore.getState();
const optionsPage = () => fakeBrowser.runtime.getURL('/options.html');

/** The background as the options page reaches it: its real handlers, but for those a test replaces. */
function useBackground(handlers: Partial<Handlers<BackgroundProtocol>> = {}) {
  background?.stop();
  background = fakeBackground(handlers, optionsPage());
}

/** The payloads of the `type` messages the page sent to the background. */
function sent(type: keyof BackgroundProtocol): unknown[] {
  return background.sendMessage.mock.calls
    .map(([message]) => message as unknown as { type: string; payload: unknown })
    .filter((message) => message.type === type)
    .map((message) => message.payload);
}

const CHANGES = ['changeTestMode', 'changeTestSwitch', 'moveRetiredSetting', 'removeTabSetting'] as const;
const changesSent = () => CHANGES.flatMap((type) => sent(type));

/** Lets every promise under way settle (nothing here waits on a timer). */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Opens the panel and waits until it shows the first HubSpot tab's report, or why it could not be read. */
async function openPanel() {
  stop = store().open();
  await vi.waitFor(() => {
    expect(store().tabId).not.toBeNull();
    expect(store().report ?? store().readProblem).not.toBeNull();
  });
}

/**
 * Closes a tab as a browser does. `pages.close` makes every call on the tab fail and fires `tabs.onRemoved`, but
 * leaves the tab in the fake's list, so `tabs.query` would still list it; the fake's own `tabs.remove` takes it off
 * the list and then fails (it looks the tab's window up by the tab's id) before firing `onRemoved`.
 */
async function closeTab(tab: Tab) {
  await fakeBrowser.tabs.remove(tab.id).catch(() => undefined);
  expect((await fakeBrowser.tabs.query({})).map((each) => each.id)).not.toContain(tab.id);
  await pages.close(tab);
}

function reportWith(otherSettings: LocalSetting[], { flag = null as string | null, origin = APP, observedAt = Date.now() } = {}): TabReport {
  return {
    observation: { origin, flag, flagOnLoad: flag, otherSettings, loadedAt: 1, providers: null, observedAt },
    assessment: null,
  };
}

beforeEach(() => {
  fakeBrowser.reset();
  useLocalOverridesStore.setState(useLocalOverridesStore.getInitialState(), true);
  // The registered settings live in the store's closure, not its state.
  store().offerRegistered(null);
  pages = fakeHubSpotPages();
  stubReload();
  stubTabsQuery();
  useBackground();
});

afterEach(() => {
  stop?.();
  stop = undefined;
  background.stop();
});

describe('open', () => {
  it('lists the HubSpot tabs only, chooses the first and shows its report', async () => {
    await pages.open('https://example.test/help-desk/1');
    const first = await pages.open('https://app.hubspot.com/help-desk/123/view/9', { settings: { [INSTALL_DEMO_WIDGET_KEY]: 'app:js' } });
    await pages.open('https://app.hubspot.com.evil.test/help-desk/3');
    const second = await pages.open('https://app-eu1.hubspot.com/contacts/456');

    await openPanel();

    expect(store().tabs).toEqual([
      { id: first.id, windowId: first.windowId, origin: APP, portalId: '123', title: first.url, url: first.url },
      { id: second.id, windowId: second.windowId, origin: EU, portalId: '456', title: second.url, url: second.url },
    ]);
    expect(store().tabId).toBe(first.id);
    expect(sent('readTab')).toEqual([{ tabId: first.id }]);
    expect(store().report?.observation).toMatchObject({ origin: APP, flag: null, otherSettings: [{ key: INSTALL_DEMO_WIDGET_KEY, value: 'app:js' }] });
    expect(store().readProblem).toBeNull();
  });

  it('with no HubSpot tab open lists none and reads nothing', async () => {
    await pages.open('https://example.test/');
    stop = store().open();
    await settled();

    expect(store().tabs).toEqual([]);
    expect(store().tabId).toBeNull();
    expect(store().report).toBeNull();
    expect(sent('readTab')).toEqual([]);
  });

  it('follows HubSpot tabs opening and closing, keeping the chosen one', async () => {
    const first = await pages.open('https://app.hubspot.com/help-desk/1');
    await openPanel();

    const opened = await pages.open('https://app-eu1.hubspot.com/help-desk/2');
    await vi.waitFor(() => expect(store().tabs.map((tab) => tab.id)).toEqual([first.id, opened.id]));
    await pages.open('https://example.test/');
    await settled();
    expect(store().tabs.map((tab) => tab.id)).toEqual([first.id, opened.id]);

    await closeTab(opened);
    await vi.waitFor(() => expect(store().tabs.map((tab) => tab.id)).toEqual([first.id]));
    expect(store().tabId).toBe(first.id);
    expect(sent('readTab')).toEqual([{ tabId: first.id }]);
  });

  it('chooses another tab when the chosen one closes, and none when the last one does', async () => {
    const first = await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [CALLING_EXTENSIONS_KEY]: OVERRIDE } });
    const second = await pages.open('https://app-eu1.hubspot.com/help-desk/2', { settings: { [INSTALL_DEMO_WIDGET_KEY]: 'local' } });
    await openPanel();
    expect(store().override.source).toBe('tab');

    await closeTab(first);
    await vi.waitFor(() => expect(store().report?.observation.origin).toBe(EU));
    expect(store().tabId).toBe(second.id);
    expect(store().tabs.map((tab) => tab.id)).toEqual([second.id]);
    expect(store().report?.observation.otherSettings).toEqual([{ key: INSTALL_DEMO_WIDGET_KEY, value: 'local' }]);
    expect(store().override).toMatchObject({ source: 'blank', form: EMPTY_FORM });

    await closeTab(second);
    await vi.waitFor(() => expect(store().tabs).toEqual([]));
    expect(store().tabId).toBeNull();
    expect(store().report).toBeNull();
    expect(store().readProblem).toBeNull();
    expect(store().override).toMatchObject({ source: 'blank', form: EMPTY_FORM });
  });

  it('stops following tabs and reports once the returned function is called', async () => {
    const first = await pages.open('https://app.hubspot.com/help-desk/1');
    await openPanel();
    const shown = store().report;
    stop?.();
    stop = undefined;

    await pages.open('https://app-eu1.hubspot.com/help-desk/2');
    await sendToExtensionPages('tabReportChanged', { tabId: first.id, report: reportWith([], { flag: 'true' }) });
    await settled();

    expect(store().tabs.map((tab) => tab.id)).toEqual([first.id]);
    expect(store().report).toBe(shown);
  });
});

describe('chooseTab', () => {
  it("reads the chosen tab and shows its report, clearing the last tab's notice", async () => {
    await pages.open('https://app.hubspot.com/help-desk/1');
    const other = await pages.open('https://app-eu1.hubspot.com/help-desk/2', { settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true' } });
    await openPanel();
    useLocalOverridesStore.setState({ notice: 'Test mode turned on. The tab reloaded to apply it.' });

    await store().chooseTab(other.id);

    expect(store().tabId).toBe(other.id);
    expect(sent('readTab').at(-1)).toEqual({ tabId: other.id });
    expect(store().report?.observation).toMatchObject({ origin: EU, flag: 'true' });
    expect(store().notice).toBeNull();
  });

  it("says in words why a tab's page cannot be read", async () => {
    await pages.open('https://app.hubspot.com/help-desk/1');
    const loading = await pages.open('https://app-eu1.hubspot.com/help-desk/2', { loaded: false });
    await openPanel();

    await store().chooseTab(loading.id);

    expect(store().tabId).toBe(loading.id);
    expect(store().report).toBeNull();
    expect(store().readProblem).toBe(NOT_READY);
  });

  it('says so when the background does not answer the read', async () => {
    await pages.open('https://app.hubspot.com/help-desk/1');
    const other = await pages.open('https://app-eu1.hubspot.com/help-desk/2');
    await openPanel();
    background.sendMessage.mockRejectedValueOnce(new Error(NOT_ANSWERED));

    await store().chooseTab(other.id);

    expect(store().report).toBeNull();
    expect(store().readProblem).toBe(`The extension's background did not answer: ${NOT_ANSWERED}`);
  });

  it('shows a later choice when the read of an earlier one answers last', async () => {
    const first = await pages.open('https://app.hubspot.com/help-desk/1');
    const other = await pages.open('https://app-eu1.hubspot.com/help-desk/2', { settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true' } });
    await openPanel();
    const slowRead = pages.holdReply('readLocalSettings');

    const firstChoice = store().chooseTab(first.id);
    await slowRead.reached;
    await store().chooseTab(other.id);
    slowRead.release();
    await firstChoice;

    expect(store().tabId).toBe(other.id);
    expect(store().report?.observation).toMatchObject({ origin: EU, flag: 'true' });
  });
});

describe('changes', () => {
  // Observed after any read the test makes, as the record a change ends with is.
  const CANNED = reportWith([{ key: INSTALL_DEMO_WIDGET_KEY, value: 'app' }], { flag: 'true', observedAt: Date.now() + 3_600_000 });
  const answer = (): Result<TabChangeDone> => ({ ok: true, value: { reload: 'not-asked', report: CANNED } });

  const ACTIONS = [
    {
      name: 'setTestMode',
      message: 'changeTestMode',
      act: () => store().setTestMode(true),
      request: { enabled: true },
      pending: 'flag',
      words: { done: 'Test mode turned on.', notDone: 'Test mode was not turned on.' },
    },
    {
      name: 'setSwitch',
      message: 'changeTestSwitch',
      act: () => store().setSwitch(INSTALL_DEMO_WIDGET_KEY, 'app:js'),
      request: { key: INSTALL_DEMO_WIDGET_KEY, value: 'app:js' },
      pending: INSTALL_DEMO_WIDGET_KEY,
      words: { done: 'Demo widget set to app:js.', notDone: 'Demo widget was not set to app:js.' },
    },
    {
      name: 'moveRetired',
      message: 'moveRetiredSetting',
      act: () => store().moveRetired(),
      request: {},
      pending: RETIRED_CALLING_EXTENSIONS_KEY,
      words: {
        done: 'CallingExtensions moved to LocalSettings:Calling:CallingExtensions, where HubSpot reads it.',
        notDone: 'CallingExtensions was not moved.',
      },
    },
    {
      name: 'removeSetting',
      message: 'removeTabSetting',
      act: () => store().removeSetting(INSTALL_DEMO_WIDGET_KEY),
      request: { key: INSTALL_DEMO_WIDGET_KEY },
      pending: INSTALL_DEMO_WIDGET_KEY,
      words: { done: 'installDemoWidget removed.', notDone: 'installDemoWidget was not removed.' },
    },
  ] as const;

  it.each(ACTIONS)('$name asks the background for $message on the tab and its origin, and shows its answer', async ({ message, act, request, pending, words }) => {
    let pendingWhileAsked: string | null = null;
    const handler = vi.fn(() => {
      pendingWhileAsked = store().pending;
      return answer();
    });
    useBackground({ [message]: handler } as Partial<Handlers<BackgroundProtocol>>);
    await pages.open('https://app.hubspot.com/help-desk/1');
    const tab = await pages.open('https://app-eu1.hubspot.com/help-desk/2');
    await openPanel();
    await store().chooseTab(tab.id);
    const reads = sent('readTab').length;

    await act();

    expect(handler).toHaveBeenCalledExactlyOnceWith({ tabId: tab.id, origin: EU, ...request }, expect.anything());
    expect(changesSent()).toHaveLength(1);
    expect(pendingWhileAsked).toBe(pending);
    expect(store().notice).toBe(`${words.done} Reload the tab for HubSpot to read it.`);
    expect(store().report).toEqual(CANNED);
    expect(sent('readTab')).toHaveLength(reads);
    expect(store().pending).toBeNull();
  });

  it.each(ACTIONS)('$name says why it was not done, and reads the tab again', async ({ message, act, words }) => {
    useBackground({ [message]: () => ({ ok: false, error: { code: 'rejected', message: 'The page refused.' } }) } as Partial<Handlers<BackgroundProtocol>>);
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true' } });
    await openPanel();

    await act();

    expect(store().notice).toBe(`${words.notDone} The page refused.`);
    expect(sent('readTab')).toEqual([{ tabId: tab.id }, { tabId: tab.id }]);
    expect(store().report?.observation.flag).toBe('true');
    expect(store().pending).toBeNull();
  });

  it.each(ACTIONS)("$name says so when the extension's background does not answer", async ({ act, words }) => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [INSTALL_DEMO_WIDGET_KEY]: 'local' } });
    await openPanel();
    background.sendMessage.mockRejectedValueOnce(new Error(NOT_ANSWERED));

    await act();

    expect(store().notice).toBe(`${words.notDone} The extension's background did not answer: ${NOT_ANSWERED}`);
    expect(pages.storageOf(APP).getItem(INSTALL_DEMO_WIDGET_KEY)).toBe('local');
    // The tab is read again afterwards, and shows as it is.
    expect(sent('readTab')).toEqual([{ tabId: tab.id }, { tabId: tab.id }]);
    expect(store().report?.observation.otherSettings).toEqual([{ key: INSTALL_DEMO_WIDGET_KEY, value: 'local' }]);
    expect(store().pending).toBeNull();
  });

  it('reads the tab again when the answer holds no report', async () => {
    useBackground({ changeTestMode: () => ({ ok: true, value: { reload: 'reloaded', report: null } }) });
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true' } });
    await openPanel();

    await store().setTestMode(false);

    expect(store().notice).toBe('Test mode turned off. The tab reloaded to apply it.');
    expect(sent('readTab')).toEqual([{ tabId: tab.id }, { tabId: tab.id }]);
    expect(store().report?.observation.flag).toBe('true');
  });

  it('does nothing with no tab chosen', async () => {
    stop = store().open();
    await settled();

    await store().setTestMode(true);
    await store().setSwitch(INSTALL_DEMO_WIDGET_KEY, 'local');

    expect(changesSent()).toEqual([]);
    expect(store().notice).toBeNull();
  });

  describe('through the real background, on the page', () => {
    it('setTestMode turns test mode on, reloads and shows the flag', async () => {
      await pages.open('https://app.hubspot.com/help-desk/1');
      await openPanel();

      await store().setTestMode(true);

      expect(pages.storageOf(APP).getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe('true');
      expect(store().report?.observation.flag).toBe('true');
      expect(store().notice).toBe('Test mode turned on. The tab reloaded to apply it.');
    });

    it('setSwitch sets a switch and turns it off again', async () => {
      await pages.open('https://app.hubspot.com/help-desk/1');
      await openPanel();

      await store().setSwitch(INSTALL_DEMO_WIDGET_KEY, 'app:js');
      expect(pages.storageOf(APP).getItem(INSTALL_DEMO_WIDGET_KEY)).toBe('app:js');
      expect(store().report?.observation.otherSettings).toEqual([{ key: INSTALL_DEMO_WIDGET_KEY, value: 'app:js' }]);
      expect(store().notice).toBe('Demo widget set to app:js. The tab reloaded to apply it.');

      await store().setSwitch(INSTALL_DEMO_WIDGET_KEY, null);
      expect(pages.storageOf(APP).getItem(INSTALL_DEMO_WIDGET_KEY)).toBeNull();
      expect(store().report?.observation.otherSettings).toEqual([]);
      expect(store().notice).toBe('Demo widget turned off. The tab reloaded to apply it.');
    });

    it('removeSetting removes the key', async () => {
      await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [INSTALL_DEMO_WIDGET_KEY]: 'local' } });
      await openPanel();

      await store().removeSetting(INSTALL_DEMO_WIDGET_KEY);

      expect(pages.storageOf(APP).getItem(INSTALL_DEMO_WIDGET_KEY)).toBeNull();
      expect(store().report?.observation.otherSettings).toEqual([]);
      expect(store().notice).toBe('installDemoWidget removed. The tab reloaded to apply it.');
    });

    it('moveRetired moves the retired key, and the form then shows the override', async () => {
      await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [RETIRED_CALLING_EXTENSIONS_KEY]: OVERRIDE } });
      await openPanel();
      expect(store().override.source).toBe('blank');

      await store().moveRetired();

      expect(pages.storageOf(APP).getItem(CALLING_EXTENSIONS_KEY)).toBe(OVERRIDE);
      expect(pages.storageOf(APP).getItem(RETIRED_CALLING_EXTENSIONS_KEY)).toBeNull();
      expect(store().notice).toBe(
        'CallingExtensions moved to LocalSettings:Calling:CallingExtensions, where HubSpot reads it. The tab reloaded to apply it.',
      );
      expect(store().override).toMatchObject({ source: 'tab', form: OVERRIDE_FORM });
    });
  });

  it.each([
    ['setSwitch', () => store().setSwitch(INSTALL_DEMO_WIDGET_KEY, 'local')],
    ['removeSetting', () => store().removeSetting(INSTALL_DEMO_WIDGET_KEY)],
    ['moveRetired', () => store().moveRetired()],
    ['setTestMode', () => store().setTestMode(false)],
    ['saveOverride', () => store().saveOverride()],
    ['removeOverride', () => store().removeOverride()],
  ])('ignores %s while another change is under way', async (_name, second) => {
    await pages.open('https://app.hubspot.com/help-desk/1');
    await openPanel();
    store().updateOverride({ name: 'Local dev', url: 'https://localhost:9025/' });
    const first = pages.holdReply('setFlag');

    const changing = store().setTestMode(true);
    await first.reached;
    expect(store().pending).toBe('flag');
    await second();
    first.release();
    await changing;

    expect(changesSent()).toEqual([{ tabId: expect.any(Number), origin: APP, enabled: true }]);
    expect(pages.storageOf(APP).getItem(CALLING_EXTENSIONS_KEY)).toBeNull();
    expect(store().notice).toBe('Test mode turned on. The tab reloaded to apply it.');
    expect(store().pending).toBeNull();
  });

  // What the background answers about the changed tab must not land under a tab chosen meanwhile: for the override,
  // its form would then be saved to the other tab.
  it("does not show the changed tab's report once another tab was chosen meanwhile", async () => {
    await pages.open('https://app.hubspot.com/help-desk/1');
    const other = await pages.open('https://app-eu1.hubspot.com/help-desk/2', { settings: { [INSTALL_DEMO_WIDGET_KEY]: 'local' } });
    await openPanel();
    const written = pages.holdReply('setFlag');

    const changing = store().setTestMode(true);
    await written.reached;
    await store().chooseTab(other.id);
    expect(store().report?.observation.origin).toBe(EU);
    written.release();
    await changing;

    expect(store().tabId).toBe(other.id);
    expect(store().report?.observation).toMatchObject({ origin: EU, flag: null });
  });
});

describe('tabReportChanged', () => {
  it('shows a report of the chosen tab, not one of another tab', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    const other = await pages.open('https://app-eu1.hubspot.com/help-desk/2');
    await openPanel();
    const shown = store().report;

    await sendToExtensionPages('tabReportChanged', { tabId: other.id, report: reportWith([], { flag: 'true', origin: EU }) });
    expect(store().report).toBe(shown);

    const changed = reportWith([{ key: INSTALL_DEMO_WIDGET_KEY, value: 'app' }], { flag: 'true' });
    await sendToExtensionPages('tabReportChanged', { tabId: tab.id, report: changed });
    expect(store().report).toEqual(changed);
  });

  it('replaces the words on a tab that could not be read with a report of it', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { loaded: false });
    await openPanel();
    expect(store().readProblem).toBe(NOT_READY);

    const loaded = reportWith([], { flag: 'true' });
    await sendToExtensionPages('tabReportChanged', { tabId: tab.id, report: loaded });

    expect(store().report).toEqual(loaded);
    expect(store().readProblem).toBeNull();
  });

  // The background's reports can land out of order, as the popup knows (popupStore's `olderThanShown`).
  it('keeps the newer record when an older report arrives late', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true' } });
    await openPanel();
    const shown = store().report;

    await sendToExtensionPages('tabReportChanged', { tabId: tab.id, report: reportWith([], { observedAt: 1 }) });

    expect(store().report).toEqual(shown);
  });
});

describe('the override form', () => {
  // The reload a save causes can report before the save's own answer does, with the newer record: the form, typed
  // before, must still end showing what the tab now holds.
  it('shows the saved override when the reload reported it before the save answered', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    const saved = reportWith([{ key: CALLING_EXTENSIONS_KEY, value: OVERRIDE }], { observedAt: Date.now() + 2_000 });
    const stale = reportWith([], { observedAt: Date.now() + 1_000 });
    useBackground({
      changeTestSwitch: async () => {
        await sendToExtensionPages('tabReportChanged', { tabId: tab.id, report: saved });
        return { ok: true, value: { reload: 'reloaded', report: stale } };
      },
    });
    await openPanel();
    store().updateOverride(OVERRIDE_FORM);

    await store().saveOverride();

    expect(store().report).toEqual(saved);
    expect(store().override).toMatchObject({ form: OVERRIDE_FORM, source: 'tab', edited: false });
  });

  it("shows the tab's override", async () => {
    await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [CALLING_EXTENSIONS_KEY]: OVERRIDE } });
    await openPanel();

    expect(store().override).toEqual({ form: OVERRIDE_FORM, errors: {}, source: 'tab', problem: null, edited: false });
  });

  it("says what of the tab's override it cannot show", async () => {
    await pages.open('https://app.hubspot.com/help-desk/1', {
      settings: { [CALLING_EXTENSIONS_KEY]: '{"name":"Local dev","url":"https://localhost:9025/","width":"wide"}' },
    });
    await openPanel();

    expect(store().override).toMatchObject({ source: 'tab', form: { ...EMPTY_FORM, name: 'Local dev', url: 'https://localhost:9025/' } });
    expect(store().override.problem).toMatch(/does not show width/);
  });

  it.each([
    ['before the tab is read', true],
    ['after the tab is read', false],
  ])('without an override on the tab shows the registered settings offered %s', async (_when, first) => {
    await pages.open('https://app.hubspot.com/help-desk/1');
    if (first) store().offerRegistered(REGISTERED);
    await openPanel();
    if (!first) store().offerRegistered(REGISTERED);

    expect(store().override).toEqual({ form: REGISTERED_FORM, errors: {}, source: 'calling-app', problem: null, edited: false });
  });

  it('without an override on the tab or registered settings is blank', async () => {
    await pages.open('https://app.hubspot.com/help-desk/1');
    await openPanel();
    store().offerRegistered(null);

    expect(store().override).toEqual({ form: EMPTY_FORM, errors: {}, source: 'blank', problem: null, edited: false });
  });

  it("keeps showing the tab's override when registered settings are offered", async () => {
    await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [CALLING_EXTENSIONS_KEY]: OVERRIDE } });
    await openPanel();

    store().offerRegistered(REGISTERED);

    expect(store().override).toMatchObject({ source: 'tab', form: OVERRIDE_FORM });
  });

  it('keeps what the user typed through new reports, offered settings and other changes; choosing a tab refills it', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    const other = await pages.open('https://app-eu1.hubspot.com/help-desk/2', { settings: { [CALLING_EXTENSIONS_KEY]: OTHER_OVERRIDE } });
    await openPanel();
    // Untouched, the form follows the tab's reports.
    await sendToExtensionPages('tabReportChanged', { tabId: tab.id, report: reportWith([{ key: CALLING_EXTENSIONS_KEY, value: OVERRIDE }]) });
    expect(store().override).toMatchObject({ source: 'tab', form: OVERRIDE_FORM, edited: false });

    store().updateOverride({ url: 'http://localhost:3000/widget' });
    const typed = { ...OVERRIDE_FORM, url: 'http://localhost:3000/widget' };
    expect(store().override).toMatchObject({ form: typed, edited: true });

    const later = reportWith([{ key: CALLING_EXTENSIONS_KEY, value: OTHER_OVERRIDE }]);
    await sendToExtensionPages('tabReportChanged', { tabId: tab.id, report: later });
    expect(store().report).toEqual(later);
    expect(store().override).toMatchObject({ form: typed, edited: true });

    await sendToExtensionPages('tabReportChanged', { tabId: tab.id, report: reportWith([]) });
    store().offerRegistered(REGISTERED);
    expect(store().override).toMatchObject({ form: typed, edited: true });

    await store().setTestMode(true);
    expect(store().report?.observation.flag).toBe('true');
    expect(store().override).toMatchObject({ form: typed, edited: true });

    await store().chooseTab(other.id);
    expect(store().override).toEqual({ form: OTHER_OVERRIDE_FORM, errors: {}, source: 'tab', problem: null, edited: false });

    store().updateOverride({ name: 'Typed' });
    await store().chooseTab(tab.id);
    expect(store().override).toEqual({ form: REGISTERED_FORM, errors: {}, source: 'calling-app', problem: null, edited: false });
  });

  it('marks each wrong field and sends nothing for an invalid form; typing in a field clears its mark', async () => {
    await pages.open('https://app.hubspot.com/help-desk/1');
    await openPanel();
    useLocalOverridesStore.setState({ notice: 'Test mode turned on. The tab reloaded to apply it.' });
    store().updateOverride({ name: '  ', url: 'http://widget.example.com/', width: '0' });

    await store().saveOverride();

    expect(store().override.errors).toEqual({
      name: 'Enter the name users see.',
      url: 'The URL must use https (http is accepted only for localhost).',
      width: 'The width must be a whole number of pixels above 0.',
    });
    expect(changesSent()).toEqual([]);
    expect(pages.storageOf(APP).getItem(CALLING_EXTENSIONS_KEY)).toBeNull();
    expect(store().override).toMatchObject({ form: { url: 'http://widget.example.com/', width: '0' }, edited: true });
    expect(store().notice).toBeNull();

    store().updateOverride({ name: 'Local dev' });
    expect(store().override.errors).toEqual({
      url: 'The URL must use https (http is accepted only for localhost).',
      width: 'The width must be a whole number of pixels above 0.',
    });
  });

  it('saves a valid form as the JSON override, fields in order and unset ones left out, then shows what the tab holds', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await openPanel();
    store().updateOverride({ usesCallingWindow: false });
    store().updateOverride({ isReady: true });
    store().updateOverride({ height: ' 480 ' });
    store().updateOverride({ url: 'http://localhost:9025/widget' });
    store().updateOverride({ name: ' Local dev ' });

    await store().saveOverride();

    const value = '{"name":"Local dev","url":"http://localhost:9025/widget","height":480,"isReady":true,"usesCallingWindow":false}';
    expect(value).toBe(overrideValueOf({ usesCallingWindow: false, isReady: true, height: 480, url: 'http://localhost:9025/widget', name: 'Local dev' }));
    expect(sent('changeTestSwitch')).toEqual([{ tabId: tab.id, origin: APP, key: CALLING_EXTENSIONS_KEY, value }]);
    expect(pages.storageOf(APP).getItem(CALLING_EXTENSIONS_KEY)).toBe(value);
    expect(store().notice).toBe('CallingExtensions override saved. The tab reloaded to apply it.');
    expect(store().override).toEqual({
      form: { ...EMPTY_FORM, name: 'Local dev', url: 'http://localhost:9025/widget', height: '480', isReady: true, usesCallingWindow: false },
      errors: {},
      source: 'tab',
      problem: null,
      edited: false,
    });
  });

  it('saving replaces the form the registered settings filled with the override the tab now holds', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    store().offerRegistered(REGISTERED);
    await openPanel();
    store().updateOverride({ url: 'https://localhost:9025' });

    await store().saveOverride();

    const value = overrideValueOf({ ...REGISTERED_FORM, width: 400, height: 600, url: 'https://localhost:9025/' });
    expect(sent('changeTestSwitch')).toEqual([{ tabId: tab.id, origin: APP, key: CALLING_EXTENSIONS_KEY, value }]);
    expect(store().override).toMatchObject({ source: 'tab', edited: false, form: { ...REGISTERED_FORM, url: 'https://localhost:9025/' } });
  });

  it.each([
    ['blank', null, EMPTY_FORM],
    ['the registered settings', REGISTERED, REGISTERED_FORM],
  ] as const)('removeOverride sends null, and the form then shows %s', async (_shows, registered, form) => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [CALLING_EXTENSIONS_KEY]: OVERRIDE } });
    store().offerRegistered(registered);
    await openPanel();
    store().updateOverride({ name: 'Typed' });

    await store().removeOverride();

    expect(sent('changeTestSwitch')).toEqual([{ tabId: tab.id, origin: APP, key: CALLING_EXTENSIONS_KEY, value: null }]);
    expect(pages.storageOf(APP).getItem(CALLING_EXTENSIONS_KEY)).toBeNull();
    expect(store().notice).toBe('CallingExtensions override removed. The tab reloaded to apply it.');
    expect(store().override).toEqual({ form, errors: {}, source: registered ? 'calling-app' : 'blank', problem: null, edited: false });
  });
});
