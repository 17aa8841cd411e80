import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../../flag/channelConnectionFlag';
import type { TabReport } from '../../providers/availability';
import { sendToExtensionPages } from '../../platform/messages';
import { usePopupStore } from '../popupStore';
import { preferencesItem, profilesItem } from '../../platform/storage';
import { fakeBackground } from '../../__tests__/fakeBackground';
import { fakeHubSpotPages, stubReload, stubTabsQuery } from '../../__tests__/fakeHubSpotPages';
import { statesDuring } from '../../__tests__/statesDuring';
import { testProfile } from '../../__tests__/testProfile';
import { fakeHostPermissions } from '../../__tests__/fakeHostPermissions';
import { REQUIRED_HOST_PERMISSIONS } from '../../platform/hubspotOrigins';
import { withdrawnHostsWords } from '../../platform/hostPermission';

const DEMO_WIDGET_KEY = 'LocalSettings:Calling:installDemoWidget';
const initialStoreState = usePopupStore.getState();

let pages: ReturnType<typeof fakeHubSpotPages>;
let reload: ReturnType<typeof stubReload>;
let stop: (() => void) | undefined;

const store = () => usePopupStore.getState();

/** The tab's settings as the popup shows them: from the background's record, or why the page cannot answer. */
function settings() {
  const state = store().tabState;
  if (!state?.ok) return state;
  const { origin, flag, otherSettings } = state.value.observation;
  return { ok: true, value: { origin, flag, otherSettings } };
}

function shownReport(): TabReport | null {
  const state = store().tabState;
  return state?.ok ? state.value : null;
}

/** The background as the popup reaches it, its handlers real unless a test replaces them. */
let background: ReturnType<typeof fakeBackground>;

async function open(search: string) {
  stop = await store().open(search);
}


/** What each setFlag asked of the page, leaving out the origin it was meant for. */
function setFlagCalls() {
  return pages.sendMessage.mock.calls
    .map(([, message]) => message as { type: string; payload: { origin: string; enabled: boolean } })
    .filter((message) => message.type === 'setFlag')
    .map(({ payload: { enabled } }) => ({ enabled }));
}

beforeEach(() => {
  fakeBrowser.reset();
  usePopupStore.setState(initialStoreState, true);
  pages = fakeHubSpotPages();
  reload = stubReload();
  stubTabsQuery();
  background = fakeBackground();
});

afterEach(() => {
  stop?.();
  stop = undefined;
  background.stop();
});

describe('open', () => {
  it('on a HubSpot tab shows its origin, portal id, settings and the other tabs of that origin', async () => {
    const other = await pages.open('https://app.hubspot.com/contacts/123');
    await pages.open('https://app-eu1.hubspot.com/help-desk/999');
    await pages.open('https://example.test/');
    const tab = await pages.open('https://app.hubspot.com/help-desk/123/view/9', {
      settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'TRUE', [DEMO_WIDGET_KEY]: 'app:js' },
    });

    await open(`?tabId=${tab.id}`);

    expect(store().target).toEqual({
      kind: 'hubspot',
      tab: { id: tab.id, windowId: tab.windowId, origin: 'https://app.hubspot.com', portalId: '123', title: tab.url, url: tab.url },
    });
    expect(settings()).toEqual({
      ok: true,
      value: { origin: 'https://app.hubspot.com', flag: 'TRUE', otherSettings: [{ key: DEMO_WIDGET_KEY, value: 'app:js' }] },
    });
    expect(store().otherTabs.map((otherTab) => otherTab.id)).toEqual([other.id]);
    expect(store().pending).toBeNull();
    expect(store().preferences).toEqual({ reloadAfterChange: true });
  });

  it('acts on the active tab when no tabId is given', async () => {
    await pages.open('https://app.hubspot.com/help-desk/1');
    const active = await pages.open('https://app-ap1.hubspot.com/help-desk/2', { active: true });

    await open('');

    expect(store().target).toMatchObject({ kind: 'hubspot', tab: { id: active.id, portalId: '2' } });
  });

  it('shows the error of a HubSpot tab whose content script is not there yet', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { loaded: false });
    await open(`?tabId=${tab.id}`);
    expect(store().target.kind).toBe('hubspot');
    expect(settings()).toMatchObject({ ok: false, error: { code: 'not-ready' } });
  });

  it('on a non-HubSpot tab lists the open HubSpot tabs and reads nothing', async () => {
    const first = await pages.open('https://app.hubspot.com/help-desk/1');
    const second = await pages.open('https://app-eu1.hubspot.com/contacts/2');
    await pages.open('https://app.hubspot.com.evil.test/help-desk/3');
    const tab = await pages.open('https://example.test/');

    await open(`?tabId=${tab.id}`);

    const { target } = store();
    expect(target.kind).toBe('not-hubspot');
    expect(target.kind === 'not-hubspot' && target.hubspotTabs.map((hubspotTab) => hubspotTab.id)).toEqual([first.id, second.id]);
    expect(settings()).toBeNull();
    expect(pages.sendMessage).not.toHaveBeenCalled();
  });

  // The fake's tabs.get resolves undefined for an unknown id; browsers reject, so the rejection is stubbed.
  it.each([
    ['Chrome', 'No tab with id: 99.'],
    ['Firefox', 'Invalid tab ID: 99'],
  ])('for a tab that does not exist (%s) shows closed', async (_browser, text) => {
    vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async () => {
      throw new Error(text);
    });
    await open('?tabId=99');
    expect(store().target).toEqual({ kind: 'closed', message: 'The tab was closed.' });
    expect(pages.sendMessage).not.toHaveBeenCalled();
  });

  it('reads the keyboard shortcut of the toggle command', async () => {
    vi.spyOn(fakeBrowser.commands, 'getAll').mockImplementation(async () => [
      { name: '_execute_action', shortcut: 'Alt+Shift+P' },
      { name: 'toggle-test-mode', shortcut: 'Alt+Shift+T' },
    ]);
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    expect(store().shortcut).toBe('Alt+Shift+T');
  });

  it('starts from a clean state when opened again', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    usePopupStore.setState({ notice: 'stale', pending: 'flag' });
    stop?.();

    await open(`?tabId=${tab.id}`);
    expect(store().notice).toBeNull();
    expect(store().pending).toBeNull();
  });
});

describe('toggleFlag', () => {
  it.each([
    ['absent', {}, true, 'true', 'Test mode turned on.'],
    ['malformed', { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'TRUE' }, true, 'true', 'Test mode turned on.'],
    ['"false"', { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'false' }, true, 'true', 'Test mode turned on.'],
    ['on', { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true' }, false, null, 'Test mode turned off.'],
  ])('with the flag %s sends enabled=%s, reloads and shows the re-read flag', async (_label, stored, enabled, after, done) => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { settings: stored });
    await open(`?tabId=${tab.id}`);

    const states = await statesDuring(() => store().toggleFlag());

    expect(pages.sendMessage).toHaveBeenCalledWith(
      tab.id,
      expect.objectContaining({ type: 'setFlag', payload: { origin: 'https://app.hubspot.com', enabled } }),
      { frameId: 0 },
    );
    expect(setFlagCalls()).toEqual([{ enabled }]);
    expect(reload).toHaveBeenCalledExactlyOnceWith(tab.id);
    expect(settings()).toMatchObject({ ok: true, value: { flag: after } });
    expect(store().pending).toBeNull();
    expect(store().notice).toBe(`${done} The tab reloaded to apply it.`);
    expect(states.some((state) => state.pending === 'flag')).toBe(true);
    expect(states.some((state) => state.notice === `${done} Reloading the tab…`)).toBe(true);
  });

  it("leaves the reload's own load events to the change, and shows what the change returned without reading the tab again", async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    pages.sendMessage.mockClear();

    await store().toggleFlag();
    await new Promise((resolve) => setTimeout(resolve, 10));

    const types = pages.sendMessage.mock.calls.map(([, message]) => (message as { type: string }).type);
    expect(types).toEqual(['setFlag']);
    expect(settings()).toMatchObject({ ok: true, value: { flag: 'true' } });
  });

  it('does not reload when reloadAfterChange is off, and says a reload is needed', async () => {
    await preferencesItem.setValue({ reloadAfterChange: false });
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);

    await store().toggleFlag();

    expect(setFlagCalls()).toEqual([{ enabled: true }]);
    expect(reload).not.toHaveBeenCalled();
    expect(settings()).toMatchObject({ ok: true, value: { flag: 'true' } });
    expect(store().notice).toBe('Test mode turned on. Reload the tab for HubSpot to read it.');
    expect(store().pending).toBeNull();
  });

  it.each([
    ['reloading', true],
    ['not reloading', false],
  ])('%s, ends as the last of twenty clicks left the switch, each click landing on the one before', async (_label, reload) => {
    await preferencesItem.setValue({ reloadAfterChange: reload });
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    const firstChange = pages.holdReply('setFlag');

    const states = await statesDuring(async () => {
      const clicks = [store().toggleFlag()];
      await firstChange.reached;
      for (let click = 1; click < 20; click++) clicks.push(store().toggleFlag());
      firstChange.release();
      await Promise.all(clicks);
    });

    expect(setFlagCalls()).toEqual([{ enabled: true }, { enabled: false }]);
    expect(pages.storageOf('https://app.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBeNull();
    expect(settings()).toMatchObject({ ok: true, value: { flag: null } });
    expect(store().testModeRequested).toBeNull();
    expect(store().pending).toBeNull();
    expect(store().notice).toMatch(/^Test mode turned off\./);
    // The switch followed every click at once, and never showed a change undone before the last click's.
    const shown = states.map((state) => state.testModeRequested).filter((requested, index, all) => requested !== all[index - 1]);
    expect(shown).toEqual([true, ...Array.from({ length: 19 }, (_, click) => click % 2 === 1), null]);
  });

  it('applies nothing more when the last click asks for what the change under way does', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    const firstChange = pages.holdReply('setFlag');

    const clicks = [store().toggleFlag()];
    await firstChange.reached;
    clicks.push(store().toggleFlag(), store().toggleFlag());
    firstChange.release();
    await Promise.all(clicks);

    expect(setFlagCalls()).toEqual([{ enabled: true }]);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(settings()).toMatchObject({ ok: true, value: { flag: 'true' } });
  });

  it('drops the clicks made during a change that fails, and shows the tab as it is', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    let fail = () => {};
    pages.sendMessage.mockImplementationOnce(
      () => new Promise((_resolve, reject) => (fail = () => reject(new Error('Could not establish connection. Receiving end does not exist.')))),
    );

    const clicks = [store().toggleFlag(), store().toggleFlag(), store().toggleFlag()];
    expect(store().testModeRequested).toBe(true);
    fail();
    await Promise.all(clicks);

    expect(setFlagCalls()).toEqual([{ enabled: true }]);
    expect(store().testModeRequested).toBeNull();
    expect(store().notice).toMatch(/^Test mode was not turned on\. The page is not ready/);
    expect(settings()).toMatchObject({ ok: true, value: { flag: null } });
  });

  it('ignores the switch while another change is under way', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [DEMO_WIDGET_KEY]: 'local' } });
    await open(`?tabId=${tab.id}`);
    const removal = pages.holdReply('removeLocalSetting');

    const removed = store().removeSetting(DEMO_WIDGET_KEY);
    await removal.reached;
    await store().toggleFlag();
    removal.release();
    await removed;

    expect(setFlagCalls()).toEqual([]);
    expect(store().testModeRequested).toBeNull();
  });

  it('does nothing while the settings could not be read', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { loaded: false });
    await open(`?tabId=${tab.id}`);
    await store().toggleFlag();
    expect(setFlagCalls()).toEqual([]);
  });

  it('shows the error and re-reads the tab when the change fails', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    pages.sendMessage.mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));

    await store().toggleFlag();

    expect(store().notice).toMatch(/not ready/);
    expect(settings()).toMatchObject({ ok: false, error: { code: 'not-ready' } });
    expect(store().pending).toBeNull();
    expect(reload).not.toHaveBeenCalled();
  });
});

describe('a tab closed or navigated during a change', () => {
  /** The next message to the tab meets it after `meanwhile` has happened to it. */
  function beforeNextMessage(meanwhile: (tabId: number) => Promise<unknown>) {
    const deliver = pages.sendMessage.getMockImplementation() as (tabId: number, message: unknown) => Promise<unknown>;
    pages.sendMessage.mockImplementationOnce(async (tabId: number, message: unknown) => {
      await meanwhile(tabId);
      return deliver(tabId, message);
    });
  }

  it('says test mode was turned on, and that the tab closed before it could reload', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    const written = pages.holdReply('setFlag');

    const toggled = store().toggleFlag();
    await written.reached;
    await pages.close(tab);
    written.release();
    await toggled;

    expect(store().notice).toBe('Test mode turned on. The tab was closed.');
    expect(store().target).toEqual({ kind: 'closed', message: 'The tab was closed.' });
    expect(reload).not.toHaveBeenCalled();
    expect(store().pending).toBeNull();
  });

  it('says a setting was not removed when the tab closed before the page heard of it', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [DEMO_WIDGET_KEY]: 'local' } });
    await open(`?tabId=${tab.id}`);
    beforeNextMessage(() => pages.close(tab));

    await store().removeSetting(DEMO_WIDGET_KEY);

    expect(store().notice).toBe('installDemoWidget was not removed. The tab was closed.');
    expect(store().target).toEqual({ kind: 'closed', message: 'The tab was closed.' });
    expect(pages.storageOf('https://app.hubspot.com').getItem(DEMO_WIDGET_KEY)).toBe('local');
  });

  it('leaves another HubSpot origin the tab has gone to alone, and shows that origin', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    beforeNextMessage((tabId) => fakeBrowser.tabs.update(tabId, { url: 'https://app-eu1.hubspot.com/help-desk/1' }));

    await store().toggleFlag();

    expect(store().notice).toBe('Test mode was not turned on. The tab left app.hubspot.com for app-eu1.hubspot.com.');
    expect(pages.storageOf('https://app-eu1.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBeNull();
    expect(store().target).toMatchObject({ kind: 'hubspot', tab: { origin: 'https://app-eu1.hubspot.com' } });
    expect(reload).not.toHaveBeenCalled();
  });

  it('does not reload a site that is not HubSpot the tab has gone to after the change', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    const written = pages.holdReply('setFlag');

    const toggled = store().toggleFlag();
    await written.reached;
    await fakeBrowser.tabs.update(tab.id, { url: 'https://example.test/' });
    written.release();
    await toggled;

    expect(store().notice).toBe('Test mode turned on. The tab left app.hubspot.com.');
    expect(store().target.kind).toBe('not-hubspot');
    expect(reload).not.toHaveBeenCalled();
  });
});

describe('removeSetting', () => {
  it('removes the setting, reloads and shows the settings without it', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { settings: { [DEMO_WIDGET_KEY]: 'local' } });
    await open(`?tabId=${tab.id}`);

    await store().removeSetting(DEMO_WIDGET_KEY);

    expect(pages.storageOf('https://app.hubspot.com').getItem(DEMO_WIDGET_KEY)).toBeNull();
    expect(settings()).toEqual({ ok: true, value: { origin: 'https://app.hubspot.com', flag: null, otherSettings: [] } });
    expect(store().notice).toBe('installDemoWidget removed. The tab reloaded to apply it.');
  });
});

describe('setTestSwitch', () => {
  it('sets a switch to a value HubSpot knows, reloads, and turns it off again', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);

    await store().setTestSwitch(DEMO_WIDGET_KEY, 'app:js');
    expect(pages.storageOf('https://app.hubspot.com').getItem(DEMO_WIDGET_KEY)).toBe('app:js');
    expect(settings()).toMatchObject({ ok: true, value: { otherSettings: [{ key: DEMO_WIDGET_KEY, value: 'app:js' }] } });
    expect(store().notice).toBe('Demo widget set to app:js. The tab reloaded to apply it.');

    await store().setTestSwitch(DEMO_WIDGET_KEY, null);
    expect(pages.storageOf('https://app.hubspot.com').getItem(DEMO_WIDGET_KEY)).toBeNull();
    expect(store().notice).toBe('Demo widget turned off. The tab reloaded to apply it.');
  });

  it('a value HubSpot does not know is refused by the page, and the notice says so', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);

    await store().setTestSwitch(DEMO_WIDGET_KEY, 'remote');

    expect(pages.storageOf('https://app.hubspot.com').getItem(DEMO_WIDGET_KEY)).toBeNull();
    expect(store().notice).toMatch(/^Demo widget was not set to remote\. setTestSwitch takes a test switch/);
  });
});

describe('moveRetiredSetting', () => {
  it('moves the retired CallingExtensions key to its new name, reloads and says so', async () => {
    const override = '{"name":"Local dev","url":"https://localhost:9025/"}';
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { settings: { 'LocalSettings:Sales:CallingExtensions': override } });
    await open(`?tabId=${tab.id}`);

    await store().moveRetiredSetting();

    const storage = pages.storageOf('https://app.hubspot.com');
    expect(storage.getItem('LocalSettings:Calling:CallingExtensions')).toBe(override);
    expect(storage.getItem('LocalSettings:Sales:CallingExtensions')).toBeNull();
    expect(store().notice).toBe('CallingExtensions moved to LocalSettings:Calling:CallingExtensions, where HubSpot reads it. The tab reloaded to apply it.');
  });
});

describe('setReloadAfterChange', () => {
  it('persists the preference and shows it', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);

    await store().setReloadAfterChange(false);

    expect(store().preferences).toEqual({ reloadAfterChange: false });
    expect(await preferencesItem.getValue()).toEqual({ reloadAfterChange: false });

    stop?.();
    usePopupStore.setState(initialStoreState, true);
    await open(`?tabId=${tab.id}`);
    expect(store().preferences).toEqual({ reloadAfterChange: false });
  });

  it('takes the choice back and says why when the browser refuses to store it', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));

    await store().setReloadAfterChange(false);

    expect(store().preferences).toEqual({ reloadAfterChange: true });
    expect(store().notice).toBe(
      "The choice was not saved: the browser's storage for this extension is full (QUOTA_BYTES quota exceeded); delete profiles or webhook runs you no longer need.",
    );
  });

  it('follows a change made elsewhere (another popup, the options page)', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);

    await preferencesItem.setValue({ reloadAfterChange: false });

    await vi.waitFor(() => expect(store().preferences).toEqual({ reloadAfterChange: false }));
  });
});

describe('following the tab', () => {
  it('re-reads the tab when it finishes loading', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    expect(settings()).toMatchObject({ ok: true, value: { flag: null } });

    pages.storageOf('https://app.hubspot.com').setItem(SUPPORTS_CHANNEL_CONNECTION_KEY, 'true');
    await fakeBrowser.tabs.onUpdated.trigger(tab.id, { status: 'complete' }, tab as Browser.tabs.Tab);

    await vi.waitFor(() => expect(settings()).toMatchObject({ ok: true, value: { flag: 'true' } }));
  });

  it('shows closed when the tab is closed', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);

    await fakeBrowser.tabs.onRemoved.trigger(tab.id, { windowId: tab.windowId, isWindowClosing: false });

    expect(store().target).toEqual({ kind: 'closed', message: 'The tab was closed.' });
  });

  it("ignores other tabs' events", async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    const other = await pages.open('https://app.hubspot.com/help-desk/2');
    await open(`?tabId=${tab.id}`);
    const reads = pages.sendMessage.mock.calls.length;

    await fakeBrowser.tabs.onUpdated.trigger(other.id, { status: 'complete' }, other);
    await fakeBrowser.tabs.onRemoved.trigger(other.id, { windowId: other.windowId, isWindowClosing: false });

    expect(pages.sendMessage.mock.calls.length).toBe(reads);
    expect(store().target.kind).toBe('hubspot');
  });

  it('stops following when the returned function is called', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);
    stop?.();
    stop = undefined;

    expect(fakeBrowser.tabs.onUpdated.hasListeners()).toBe(false);
    expect(fakeBrowser.tabs.onRemoved.hasListeners()).toBe(false);
    await preferencesItem.setValue({ reloadAfterChange: false });
    expect(store().preferences).toEqual({ reloadAfterChange: true });
  });
});

describe('reloadOtherTabs / goToTab', () => {
  it('reloads the other tabs of the origin and says how many', async () => {
    const first = await pages.open('https://app.hubspot.com/contacts/1');
    const second = await pages.open('https://app.hubspot.com/settings/1');
    await pages.open('https://app-eu1.hubspot.com/help-desk/1');
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    await open(`?tabId=${tab.id}`);

    await store().reloadOtherTabs();

    expect(reload.mock.calls.map(([id]) => id).sort()).toEqual([first.id, second.id].sort());
    expect(store().notice).toBe('Reloaded 2 other tabs on app.hubspot.com.');
  });

  it('switches to a listed HubSpot tab and reads it', async () => {
    const hubspot = await pages.open('https://app-eu1.hubspot.com/help-desk/77', {
      settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true' },
    });
    const tab = await pages.open('https://example.test/', { active: true });
    await open(`?tabId=${tab.id}`);
    const { target } = store();
    if (target.kind !== 'not-hubspot') throw new Error(`expected not-hubspot, got ${target.kind}`);

    await store().goToTab(target.hubspotTabs[0]!);

    expect((await fakeBrowser.tabs.get(hubspot.id))?.active).toBe(true);
    expect(store().target).toMatchObject({ kind: 'hubspot', tab: { id: hubspot.id, portalId: '77' } });
    expect(settings()).toMatchObject({ ok: true, value: { flag: 'true' } });
  });

  it('says so when the listed tab closed meanwhile, and stays with the tab it was opened on', async () => {
    const closing = await pages.open('https://app-eu1.hubspot.com/help-desk/77');
    const tab = await pages.open('https://example.test/', { active: true });
    await open(`?tabId=${tab.id}`);
    const { target } = store();
    if (target.kind !== 'not-hubspot') throw new Error(`expected not-hubspot, got ${target.kind}`);
    const listed = target.hubspotTabs.find((each) => each.id === closing.id)!;
    await pages.close(closing);
    // The fake still switches to a tab closed by `pages.close`; the browser refuses with these words.
    vi.spyOn(fakeBrowser.tabs, 'update').mockRejectedValue(new Error(`No tab with id: ${closing.id}.`));

    await store().goToTab(listed);

    expect(store().notice).toBe('The tab was closed.');
    expect(store().target.kind).toBe('not-hubspot');
  });
});

describe("the background's report on the tab's providers", () => {
  const PROFILE = testProfile();

  function report(profileId: string, verdict: 'match' | 'mismatch'): TabReport {
    const observed = { profileId: PROFILE.id, name: PROFILE.appDisplayName, state: 'selectable' as const, matchedBy: 'name' as const, matches: 1, signals: [] };
    return {
      observation: { origin: 'https://app.hubspot.com', flag: null, flagOnLoad: null, otherSettings: [], loadedAt: 1, providers: [observed], observedAt: 2 },
      assessment: {
        profileId,
        expected: { state: 'greyed-out', reason: 'isReady is false and test mode is off' },
        observed,
        verdict: verdict === 'match' ? { kind: 'match', message: 'as predicted' } : { kind: 'mismatch', message: 'contradicts', outsideCauses: [] },
        reloadPending: false,
      },
    };
  }

  it('shows the report at open, then each one the background sends for this tab only', async () => {
    await profilesItem.setValue({ profiles: [PROFILE], activeProfileId: PROFILE.id });
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    const other = await pages.open('https://app.hubspot.com/help-desk/2');
    const atOpen = report(PROFILE.id, 'mismatch');
    background.stop();
    background = fakeBackground({ readTab: ({ tabId }) => (tabId === tab.id ? { ok: true, value: atOpen } : { ok: false, error: { code: 'not-ready', message: 'no' } }) });

    await open(`?tabId=${tab.id}`);
    expect(shownReport()).toEqual(atOpen);

    await sendToExtensionPages('tabReportChanged', { tabId: other.id, report: report(PROFILE.id, 'match') });
    expect(shownReport()).toEqual(atOpen);

    const changed = report(PROFILE.id, 'match');
    await sendToExtensionPages('tabReportChanged', { tabId: tab.id, report: changed });
    expect(shownReport()).toEqual(changed);
  });

  it('keeps the newer record when an older report arrives late', async () => {
    await profilesItem.setValue({ profiles: [PROFILE], activeProfileId: PROFILE.id });
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    const atOpen = report(PROFILE.id, 'mismatch');
    background.stop();
    background = fakeBackground({ readTab: () => ({ ok: true, value: atOpen }) });
    await open(`?tabId=${tab.id}`);

    const older = report(PROFILE.id, 'match');
    await sendToExtensionPages('tabReportChanged', { tabId: tab.id, report: { ...older, observation: { ...older.observation, observedAt: 1 } } });
    expect(shownReport()).toEqual(atOpen);
  });

  it.each([
    ['at open', 'readTab'],
    ['when it changes', 'tabReportChanged'],
  ])("keeps the observation but not a verdict on another profile's app (the active profile changed), %s", async (_case, how) => {
    await profilesItem.setValue({ profiles: [PROFILE], activeProfileId: PROFILE.id });
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    const forOther = report('another-profile', 'mismatch');
    background.stop();
    background = fakeBackground({ readTab: () => ({ ok: true, value: how === 'readTab' ? forOther : { ...forOther, assessment: null } }) });

    await open(`?tabId=${tab.id}`);
    if (how === 'tabReportChanged') await sendToExtensionPages('tabReportChanged', { tabId: tab.id, report: forOther });

    expect(shownReport()).toEqual({ observation: forOther.observation, assessment: null });
  });
});

describe('pointAt', () => {
  /** The permission as the browser answers the click's request; the background's answer as it would give it. */
  function pointing(granted: boolean) {
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation((async () => granted) as never);
    const startPointing = vi.fn(() => ({ ok: true as const, value: null }));
    background.stop();
    background = fakeBackground({ startPointing });
    return { request, startPointing };
  }

  it('asks for the scripting permission first, then the background to start pointing on the tab', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/123/channels/calling');
    await open(`?tabId=${tab.id}`);
    const { request, startPointing } = pointing(true);

    expect(await store().pointAt()).toBe(true);
    expect(request).toHaveBeenCalledWith({ permissions: ['scripting'] });
    expect(startPointing).toHaveBeenCalledWith({ tabId: tab.id }, expect.anything());
    expect(store().pending).toBeNull();
    expect(store().notice).toBeNull();
  });

  it('without the permission, starts nothing and says why', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/123/channels/calling');
    await open(`?tabId=${tab.id}`);
    const { startPointing } = pointing(false);

    expect(await store().pointAt()).toBe(false);
    expect(startPointing).not.toHaveBeenCalled();
    expect(store().notice).toBe('Pointing could not start: the permission to show the pointer on the page was not granted.');
  });
});

describe('HubSpot hosts withdrawn in the browser', () => {
  const WITHDRAWN = 'https://app.hubspot.com/*';
  const grantedBut = (withdrawn: string[]) => REQUIRED_HOST_PERMISSIONS.filter((origin) => !withdrawn.includes(origin));

  it('are named when the popup opens, and none when all are granted', async () => {
    fakeHostPermissions(grantedBut([WITHDRAWN]));
    await open('');
    expect(store().withdrawnHosts).toEqual([WITHDRAWN]);
    expect(withdrawnHostsWords(store().withdrawnHosts)).toBe(
      "The extension may not access app.hubspot.com: its access was withdrawn in the browser's settings, so it cannot read or change test mode there.",
    );

    stop?.();
    fakeHostPermissions(REQUIRED_HOST_PERMISSIONS);
    await open('');
    expect(store().withdrawnHosts).toEqual([]);
  });

  it('are asked for again in the click; once granted, they are no longer named', async () => {
    const hosts = fakeHostPermissions(grantedBut([WITHDRAWN, 'https://app-eu1.hubspot.com/*']));
    hosts.prompt.mockResolvedValue(true);
    await open('');

    await store().grantHostsAgain();

    expect(hosts.request).toHaveBeenCalledWith({ origins: [WITHDRAWN, 'https://app-eu1.hubspot.com/*'] });
    expect(store().withdrawnHosts).toEqual([]);
  });

  it('a refusal leaves them named, and says so', async () => {
    fakeHostPermissions(grantedBut([WITHDRAWN]));
    await open('');

    await store().grantHostsAgain();

    expect(store().withdrawnHosts).toEqual([WITHDRAWN]);
    expect(store().notice).toBe('Access was not granted: the browser asked, and the answer was no.');
  });

  it('counts the others after the first', () => {
    expect(withdrawnHostsWords(['https://app.hubspot.com/*', 'https://api.hubapi.com/*', 'https://app-eu1.hubspot.com/*'])).toMatch(
      /^The extension may not access app\.hubspot\.com and 2 other HubSpot hosts: /,
    );
  });
});
