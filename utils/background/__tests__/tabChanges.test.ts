import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../../flag/channelConnectionFlag';
import { preferencesItem, tabObservationsItem } from '../../platform/storage';
import { changeTestMode, readTab, removeTabSetting, toggleTestModeOnActiveTab } from '../tabChanges';
import { fakeHubSpotPages, stubReload, stubTabsQuery } from '../../__tests__/fakeHubSpotPages';

const ORIGIN = 'https://app.hubspot.com';
const DEMO_WIDGET_KEY = 'LocalSettings:Calling:installDemoWidget';

let pages: ReturnType<typeof fakeHubSpotPages>;
let reload: ReturnType<typeof stubReload>;

beforeEach(() => {
  fakeBrowser.reset();
  pages = fakeHubSpotPages();
  reload = stubReload();
});

describe('readTab', () => {
  it('reads the page afresh, records it, and answers the record', async () => {
    const tab = await pages.open(`${ORIGIN}/help-desk/1`, { settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'TRUE', [DEMO_WIDGET_KEY]: 'local' } });

    const read = await readTab(tab.id);

    const observation = { origin: ORIGIN, flag: 'TRUE', flagOnLoad: 'TRUE', otherSettings: [{ key: DEMO_WIDGET_KEY, value: 'local' }] };
    expect(read).toMatchObject({ ok: true, value: { observation, assessment: null } });
    expect((await tabObservationsItem.getValue())[tab.id]).toMatchObject(observation);
  });

  it('names why a page cannot answer, and records nothing', async () => {
    const tab = await pages.open(`${ORIGIN}/help-desk/1`, { loaded: false });

    expect(await readTab(tab.id)).toMatchObject({ ok: false, error: { code: 'not-ready' } });
    expect(await tabObservationsItem.getValue()).toEqual({});
  });
});

describe('changeTestMode and removeTabSetting', () => {
  it('record what the page wrote, and answer the record with how the reload went', async () => {
    const tab = await pages.open(`${ORIGIN}/help-desk/1`, { settings: { [DEMO_WIDGET_KEY]: 'local' } });
    await readTab(tab.id);

    const changed = await changeTestMode({ tabId: tab.id, origin: ORIGIN, enabled: true });

    expect(changed).toMatchObject({ ok: true, value: { reload: 'reloaded', report: { observation: { flag: 'true', flagOnLoad: null } } } });
    expect((await tabObservationsItem.getValue())[tab.id]).toMatchObject({ flag: 'true' });
    const removed = await removeTabSetting({ tabId: tab.id, origin: ORIGIN, key: DEMO_WIDGET_KEY });
    expect(removed).toMatchObject({ ok: true, value: { report: { observation: { flag: 'true', otherSettings: [] } } } });
  });

  it('leave a tab that moved to another HubSpot origin alone, and say so', async () => {
    const tab = await pages.open('https://app-eu1.hubspot.com/help-desk/1');

    expect(await changeTestMode({ tabId: tab.id, origin: ORIGIN, enabled: true })).toMatchObject({ ok: false, error: { code: 'left-origin' } });
    expect(pages.storageOf('https://app-eu1.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBeNull();
    expect(reload).not.toHaveBeenCalled();
  });
});

describe('toggleTestModeOnActiveTab', () => {
  beforeEach(() => {
    stubTabsQuery();
  });

  it.each([
    ['no active tab', null],
    ['a non-HubSpot active tab', 'https://example.test/help-desk/1'],
    ['an http:// lookalike', 'http://app.hubspot.com/help-desk/1'],
  ])('returns not-hubspot for %s and sends nothing', async (_label, activeUrl) => {
    await pages.open('https://app.hubspot.com/help-desk/1');
    if (activeUrl) await pages.open(activeUrl, { active: true });

    expect(await toggleTestModeOnActiveTab()).toEqual({
      ok: false,
      error: { code: 'not-hubspot', message: expect.any(String) },
    });
    expect(pages.sendMessage).not.toHaveBeenCalled();
    expect(reload).not.toHaveBeenCalled();
  });

  it.each([
    [null, true, 'true'],
    ['true', false, null],
    ['TRUE', true, 'true'],
    ['false', true, 'true'],
  ] as const)('reads %j, sets enabled=%s, leaves %j and reloads', async (initial, enabled, after) => {
    const settings: Record<string, string> = initial === null ? {} : { [SUPPORTS_CHANNEL_CONNECTION_KEY]: initial };
    await pages.open('https://app.hubspot.com/help-desk/1', { settings });
    const tab = await pages.open('https://app-eu1.hubspot.com/help-desk/2', { settings, active: true });

    const result = await toggleTestModeOnActiveTab();

    expect(result).toMatchObject({
      ok: true,
      value: { reload: 'reloaded', report: { observation: { origin: 'https://app-eu1.hubspot.com', flag: after, otherSettings: [] } } },
    });
    expect(pages.sendMessage.mock.calls).toEqual([
      [tab.id, expect.objectContaining({ type: 'readLocalSettings' }), { frameId: 0 }],
      [tab.id, expect.objectContaining({ type: 'setFlag', payload: { origin: 'https://app-eu1.hubspot.com', enabled } }), { frameId: 0 }],
    ]);
    expect(pages.storageOf('https://app-eu1.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe(after);
    expect(pages.storageOf('https://app.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe(initial);
    expect(reload).toHaveBeenCalledExactlyOnceWith(tab.id);
  });

  it('does not reload when reloadAfterChange is off', async () => {
    await preferencesItem.setValue({ reloadAfterChange: false });
    await pages.open('https://app.hubspot.com/help-desk/1', { active: true });

    expect(await toggleTestModeOnActiveTab()).toMatchObject({ ok: true, value: { report: { observation: { flag: 'true' } }, reload: 'not-asked' } });
    expect(reload).not.toHaveBeenCalled();
  });

  it('returns not-ready without throwing when the content script is not there', async () => {
    await pages.open('https://app.hubspot.com/help-desk/1', { active: true });
    pages.sendMessage.mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));

    await expect(toggleTestModeOnActiveTab()).resolves.toEqual({
      ok: false,
      error: { code: 'not-ready', message: expect.stringMatching(/Reload the tab/) },
    });
    expect(pages.sendMessage).toHaveBeenCalledTimes(1);
    expect(reload).not.toHaveBeenCalled();
  });

  it('returns the error of a failed write and does not reload', async () => {
    await pages.open('https://app.hubspot.com/help-desk/1', { active: true });
    const blocked = { ok: false, error: { code: 'storage-blocked', message: 'blocked' } };
    pages.sendMessage
      .mockImplementationOnce(async () => ({ ok: true, value: { origin: 'https://app.hubspot.com', flag: null, otherSettings: [] } }))
      .mockImplementationOnce(async () => blocked);

    expect(await toggleTestModeOnActiveTab()).toEqual(blocked);
    expect(reload).not.toHaveBeenCalled();
  });
});
