import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../../flag/channelConnectionFlag';
import { HUBSPOT_APP_MATCHES } from '../../platform/hubspotOrigins';
import {
  listHubSpotTabs,
  readTabLocalSettings,
  removeTabLocalSetting,
  setTabFlag,
  reloadTab,
  restoreTabFlag,
  tabGoneFrom,
  toHubSpotTab,
  watchTabList,
  type TargetTab,
} from '../hubspotTabs';
import { preferencesItem } from '../../platform/storage';
import { fakeHubSpotPages, stubReload, stubTabsQuery } from '../../__tests__/fakeHubSpotPages';

const DEMO_WIDGET_KEY = 'LocalSettings:Calling:installDemoWidget';

let pages: ReturnType<typeof fakeHubSpotPages>;
let reload: ReturnType<typeof stubReload>;

const RECEIVING_END_DOES_NOT_EXIST = 'Could not establish connection. Receiving end does not exist.';

/** Opens a HubSpot page: the tab, and the origin an operation on it targets. */
async function openTarget(url: string, options?: Parameters<typeof pages.open>[1]) {
  const tab = await pages.open(url, options);
  return { ...tab, origin: new URL(url).origin as TargetTab['origin'] };
}

beforeEach(() => {
  fakeBrowser.reset();
  pages = fakeHubSpotPages();
  reload = stubReload();
});

describe('toHubSpotTab', () => {
  it.each([
    [{ id: 3, windowId: 1, url: 'https://app.hubspot.com/help-desk/42/view', title: 'Help desk' }, '42', 'Help desk'],
    [{ id: 3, windowId: 1, url: 'https://app-eu1.hubspot.com/' }, null, 'https://app-eu1.hubspot.com/'],
    [{ id: 3, windowId: 1, url: 'https://app.hubspot.com/contacts/7', title: '' }, '7', 'https://app.hubspot.com/contacts/7'],
  ])('%j → portal %j, title %j', (tab, portalId, title) => {
    expect(toHubSpotTab(tab as Browser.tabs.Tab)).toEqual({
      id: 3,
      windowId: 1,
      origin: new URL(tab.url).origin,
      url: tab.url,
      portalId,
      title,
    });
  });

  it.each([
    ['a non-HubSpot tab', { id: 3, windowId: 1, url: 'https://example.test/' }],
    ['a tab whose URL is hidden from the extension', { id: 3, windowId: 1 }],
    ['a tab without id (devtools window)', { windowId: 1, url: 'https://app.hubspot.com/help-desk/1' }],
  ])('%s is not a HubSpot tab', (_label, tab) => {
    expect(toHubSpotTab(tab as Browser.tabs.Tab)).toBeNull();
  });
});

describe('listHubSpotTabs', () => {
  async function openMixedTabs() {
    const helpDesk = await pages.open('https://app.hubspot.com/help-desk/123/view');
    await pages.open('https://example.test/help-desk/123');
    const eu = await pages.open('https://app-eu1.hubspot.com/contacts/456');
    await pages.open('http://app.hubspot.com/help-desk/123');
    await pages.open('https://app.hubspot.com.evil.test/help-desk/123');
    const contacts = await pages.open('https://app.hubspot.com/contacts/123');
    return { helpDesk, eu, contacts };
  }

  it('asks the browser for the HubSpot app origins and maps what it gets', async () => {
    const query = stubTabsQuery();
    const { helpDesk, eu, contacts } = await openMixedTabs();

    const tabs = await listHubSpotTabs();

    expect(query).toHaveBeenCalledWith({ url: HUBSPOT_APP_MATCHES });
    const expected = (tab: typeof helpDesk, origin: string, portalId: string) =>
      ({ id: tab.id, windowId: tab.windowId, origin, portalId, title: tab.url, url: tab.url });
    expect(tabs).toEqual([
      expected(helpDesk, 'https://app.hubspot.com', '123'),
      expected(eu, 'https://app-eu1.hubspot.com', '456'),
      expected(contacts, 'https://app.hubspot.com', '123'),
    ]);
  });

  it('asks for one origin only when given one', async () => {
    const query = stubTabsQuery();
    const { eu } = await openMixedTabs();

    const tabs = await listHubSpotTabs('https://app-eu1.hubspot.com');

    expect(query).toHaveBeenCalledWith({ url: 'https://app-eu1.hubspot.com/*' });
    expect(tabs.map((tab) => tab.id)).toEqual([eu.id]);
  });

  it('drops non-HubSpot tabs itself when the browser ignores the url filter', async () => {
    stubTabsQuery({ ignoreUrl: true });
    const { helpDesk, eu, contacts } = await openMixedTabs();

    expect((await listHubSpotTabs()).map((tab) => tab.id)).toEqual([helpDesk.id, eu.id, contacts.id]);
  });
});

describe('readTabLocalSettings', () => {
  it("reads the tab's local settings through its content script", async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', {
      settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'TRUE', [DEMO_WIDGET_KEY]: 'app' },
    });
    expect(await readTabLocalSettings(tab.id)).toEqual({
      ok: true,
      value: { origin: 'https://app.hubspot.com', flag: 'TRUE', otherSettings: [{ key: DEMO_WIDGET_KEY, value: 'app' }] },
    });
    expect(pages.sendMessage).toHaveBeenCalledWith(tab.id, expect.objectContaining({ type: 'readLocalSettings' }), { frameId: 0 });
  });

  it('is not-ready, without throwing, for a tab whose content script is not there yet', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1', { loaded: false });
    expect(await readTabLocalSettings(tab.id)).toMatchObject({ ok: false, error: { code: 'not-ready' } });
  });
});

describe('setTabFlag / removeTabLocalSetting', () => {
  it('sets the flag, then reloads the tab by default and waits for it to load', async () => {
    const tab = await openTarget('https://app-na2.hubspot.com/help-desk/1');
    const onReloading = vi.fn(() => {
      // The change is written before the reload begins.
      expect(pages.storageOf('https://app-na2.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe('true');
      expect(reload).not.toHaveBeenCalled();
    });
    const loaded = vi.fn();
    fakeBrowser.tabs.onUpdated.addListener((_id, change) => loaded(change.status));

    expect(await setTabFlag(tab, true, { onReloading })).toEqual({
      ok: true,
      value: { snapshot: { origin: 'https://app-na2.hubspot.com', flag: 'true', otherSettings: [] }, reload: 'reloaded' },
    });
    expect(onReloading).toHaveBeenCalledTimes(1);
    expect(reload).toHaveBeenCalledExactlyOnceWith(tab.id);
    expect(loaded.mock.calls).toEqual([['loading'], ['complete']]);
  });

  it('removes a calling setting, then reloads', async () => {
    const tab = await openTarget('https://app.hubspot.com/help-desk/1', { settings: { [DEMO_WIDGET_KEY]: 'local' } });
    const result = await removeTabLocalSetting(tab, DEMO_WIDGET_KEY);
    expect(result).toEqual({
      ok: true,
      value: { snapshot: { origin: 'https://app.hubspot.com', flag: null, otherSettings: [] }, reload: 'reloaded' },
    });
    expect(pages.storageOf('https://app.hubspot.com').getItem(DEMO_WIDGET_KEY)).toBeNull();
    expect(reload).toHaveBeenCalledExactlyOnceWith(tab.id);
  });

  it('does not reload, nor announce a reload, when reloadAfterChange is off', async () => {
    await preferencesItem.setValue({ reloadAfterChange: false });
    const tab = await openTarget('https://app.hubspot.com/help-desk/1', { settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'true' } });
    const onReloading = vi.fn();

    expect(await setTabFlag(tab, false, { onReloading })).toEqual({
      ok: true,
      value: { snapshot: { origin: 'https://app.hubspot.com', flag: null, otherSettings: [] }, reload: 'not-asked' },
    });
    expect(pages.storageOf('https://app.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBeNull();
    expect(reload).not.toHaveBeenCalled();
    expect(onReloading).not.toHaveBeenCalled();
  });

  it('passes on a refusal from the content script and does not reload', async () => {
    const tab = await openTarget('https://app.hubspot.com/help-desk/1', { settings: { 'hubspot:session': 'secret' } });
    const onReloading = vi.fn();
    expect(await removeTabLocalSetting(tab, 'hubspot:session', { onReloading })).toMatchObject({
      ok: false,
      error: { code: 'rejected' },
    });
    expect(pages.storageOf('https://app.hubspot.com').getItem('hubspot:session')).toBe('secret');
    expect(reload).not.toHaveBeenCalled();
    expect(onReloading).not.toHaveBeenCalled();
  });

  it('is not-ready, without writing or reloading, when the content script is not there', async () => {
    const tab = await openTarget('https://app.hubspot.com/help-desk/1', { loaded: false });
    expect(await setTabFlag(tab, true)).toMatchObject({ ok: false, error: { code: 'not-ready' } });
    expect(pages.storageOf('https://app.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBeNull();
    expect(reload).not.toHaveBeenCalled();
  });

  it('reports the change as made, and names why the reload failed', async () => {
    const tab = await openTarget('https://app.hubspot.com/help-desk/1');
    reload.mockImplementation(async () => {
      throw new Error(`No tab with id: ${tab.id}.`);
    });
    expect(await setTabFlag(tab, true)).toEqual({
      ok: true,
      value: { snapshot: expect.objectContaining({ flag: 'true' }), reload: { code: 'tab-closed', message: 'The tab was closed.' } },
    });
  });
});

describe('a tab closed or navigated in the middle of a change', () => {
  it('is left alone when it shows another HubSpot origin by the time the message arrives', async () => {
    const tab = await openTarget('https://app.hubspot.com/help-desk/1');
    await fakeBrowser.tabs.update(tab.id, { url: 'https://app-eu1.hubspot.com/help-desk/1' });

    expect(await setTabFlag(tab, true)).toEqual({
      ok: false,
      error: { code: 'left-origin', message: 'The tab left app.hubspot.com for app-eu1.hubspot.com.' },
    });
    expect(await restoreTabFlag(tab, 'TRUE')).toMatchObject({ ok: false, error: { code: 'left-origin' } });
    expect(pages.storageOf('https://app-eu1.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBeNull();
    expect(reload).not.toHaveBeenCalled();
  });

  // Chrome's words when a message goes to a tab that is closing or showing a page without the content script.
  it.each([
    ['closed', null, { code: 'tab-closed', message: 'The tab was closed.' }],
    ['gone to another site', { url: 'https://example.test/' }, { code: 'left-origin', message: 'The tab left app.hubspot.com.' }],
    ['showing a URL hidden from the extension', { url: undefined }, { code: 'left-origin', message: 'The tab left app.hubspot.com.' }],
  ])('is named %s, rather than not ready, when the message could not reach it', async (_label, now, error) => {
    const tab = await openTarget('https://app.hubspot.com/help-desk/1');
    if (now) await fakeBrowser.tabs.update(tab.id, now);
    else await pages.close(tab);
    pages.sendMessage.mockRejectedValue(new Error(RECEIVING_END_DOES_NOT_EXIST));

    expect(await setTabFlag(tab, true)).toEqual({ ok: false, error });
    expect(await removeTabLocalSetting(tab, DEMO_WIDGET_KEY)).toEqual({ ok: false, error });
    expect(await restoreTabFlag(tab, null)).toEqual({ ok: false, error });
    expect(reload).not.toHaveBeenCalled();
  });

  it.each([
    ['closed', (tab: Browser.tabs.Tab & { id: number }) => pages.close(tab), { code: 'tab-closed', message: 'The tab was closed.' }],
    [
      'gone to another site, which is not reloaded',
      (tab: Browser.tabs.Tab & { id: number }) => fakeBrowser.tabs.update(tab.id, { url: 'https://example.test/' }),
      { code: 'left-origin', message: 'The tab left app.hubspot.com.' },
    ],
  ])('reports a change the page made before the tab was %s, and why no reload followed', async (_label, meanwhile, why) => {
    const tab = await openTarget('https://app.hubspot.com/help-desk/1');
    const onReloading = vi.fn();
    const written = pages.holdReply('setFlag');

    const changing = setTabFlag(tab, true, { onReloading });
    await written.reached;
    await meanwhile(tab);
    written.release();

    expect(await changing).toEqual({ ok: true, value: { snapshot: expect.objectContaining({ flag: 'true' }), reload: why } });
    expect(pages.storageOf('https://app.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe('true');
    expect(reload).not.toHaveBeenCalled();
    expect(onReloading).not.toHaveBeenCalled();
  });
});

describe('tabGoneFrom', () => {
  it('is null while the tab shows the origin, on whichever page', async () => {
    const tab = await openTarget('https://app.hubspot.com/help-desk/1');
    await fakeBrowser.tabs.update(tab.id, { url: 'https://app.hubspot.com/contacts/1' });
    expect(await tabGoneFrom(tab)).toBeNull();
  });

  it('is tab-closed in Firefox words too', async () => {
    vi.spyOn(fakeBrowser.tabs, 'get').mockRejectedValue(new Error('Invalid tab ID: 4'));
    expect(await tabGoneFrom({ id: 4, origin: 'https://app.hubspot.com' })).toEqual({ code: 'tab-closed', message: 'The tab was closed.' });
  });
});

describe('reloadTab', () => {
  it('resolves once the tab has gone through loading and complete, and stops listening', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    expect(await reloadTab(tab.id)).toEqual({ ok: true, value: null });
    expect(fakeBrowser.tabs.onUpdated.hasListeners()).toBe(false);
    expect(fakeBrowser.tabs.onRemoved.hasListeners()).toBe(false);
  });

  it("ignores other tabs' updates and a complete that was not preceded by loading", async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    const other = await pages.open('https://app.hubspot.com/help-desk/2');
    reload.mockImplementation(async () => undefined);
    let settled = false;
    const reloading = reloadTab(tab.id, 1_000).then((result) => {
      settled = true;
      return result;
    });

    await fakeBrowser.tabs.onUpdated.trigger(tab.id, { status: 'complete' }, tab);
    await fakeBrowser.tabs.onUpdated.trigger(other.id, { status: 'loading' }, other);
    await fakeBrowser.tabs.onUpdated.trigger(other.id, { status: 'complete' }, other);
    await fakeBrowser.tabs.onUpdated.trigger(tab.id, { status: 'loading' }, tab);
    expect(settled).toBe(false);

    await fakeBrowser.tabs.onUpdated.trigger(tab.id, { status: 'complete' }, tab);
    expect(await reloading).toEqual({ ok: true, value: null });
  });

  it('is tab-closed when the tab is closed while it reloads', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    reload.mockImplementation(async () => {
      await fakeBrowser.tabs.onRemoved.trigger(tab.id, { windowId: tab.windowId, isWindowClosing: false });
    });
    expect(await reloadTab(tab.id)).toMatchObject({ ok: false, error: { code: 'tab-closed' } });
    expect(fakeBrowser.tabs.onUpdated.hasListeners()).toBe(false);
  });

  it('is tab-closed when the tab no longer exists', async () => {
    expect(await reloadTab(99)).toMatchObject({ ok: false, error: { code: 'tab-closed' } });
  });

  it('gives up with not-ready when the tab does not finish loading in time', async () => {
    const tab = await pages.open('https://app.hubspot.com/help-desk/1');
    reload.mockImplementation(async () => {
      await fakeBrowser.tabs.onUpdated.trigger(tab.id, { status: 'loading' }, tab);
    });
    vi.useFakeTimers();
    try {
      const reloading = reloadTab(tab.id, 5_000);
      await vi.advanceTimersByTimeAsync(4_999);
      expect(fakeBrowser.tabs.onUpdated.hasListeners()).toBe(true);
      await vi.advanceTimersByTimeAsync(1);
      expect(await reloading).toEqual({ ok: false, error: { code: 'not-ready', message: expect.stringMatching(/within 5 s/) } });
      expect(fakeBrowser.tabs.onUpdated.hasListeners()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});


describe('watchTabList', () => {
  it('calls back when a tab opens, changes its address or title, finishes loading, or closes; not for the rest', async () => {
    const changed = vi.fn();
    const stop = watchTabList(changed);
    const tab = { id: 7, index: 0, windowId: 1, url: 'https://app.hubspot.com/contacts/1' } as Browser.tabs.Tab;

    await fakeBrowser.tabs.onCreated.trigger(tab);
    expect(changed).toHaveBeenCalledTimes(1);
    const update = (info: Browser.tabs.OnUpdatedInfo) => fakeBrowser.tabs.onUpdated.trigger(7, info, tab);
    await update({ url: 'https://app.hubspot.com/help-desk/1' });
    await update({ title: 'Help desk' });
    await update({ status: 'complete' });
    expect(changed).toHaveBeenCalledTimes(4);
    await update({ status: 'loading' });
    await update({ audible: true });
    expect(changed).toHaveBeenCalledTimes(4);
    await fakeBrowser.tabs.onRemoved.trigger(7, { windowId: 1, isWindowClosing: false });
    expect(changed).toHaveBeenCalledTimes(5);

    stop();
    await fakeBrowser.tabs.onCreated.trigger(tab);
    expect(changed).toHaveBeenCalledTimes(5);
  });
});
