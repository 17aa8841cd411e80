import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { badgeForFlag } from '../badge';
import type { LocalSettingsSnapshot } from '../../flag/channelConnectionFlag';
import type { IsReadyStatus } from '../../hubspotApi/isReadyStatus';
import type { TabReport } from '../../providers/availability';
import type { TabObservation } from '../../tabs/tabState';
import type { ProviderObservation } from '../../providers/providerDetection';
import { isReadyStatusItem, profilesItem, tabObservationsItem } from '../../platform/storage';
import {
  assessmentFor,
  badgeWithVerdict,
  forgetTab,
  getTabObservation,
  getTabReport,
  providerTargets,
  recordLocalSettings,
  recordPageLoad,
  recordProviders,
  republishAllTabs,
  watchTabs,
} from '../tabObservations';
import { fakeToolbarIcon } from '../../__tests__/fakeToolbarIcon';
import { testProfile } from '../../__tests__/testProfile';

const APP_ORIGIN = 'https://app.hubspot.com';
const EU_ORIGIN = 'https://app-eu1.hubspot.com';
const PROFILE = testProfile({ id: 'profile-1', appDisplayName: 'Acme Dialer', isTestApp: true });
const OTHER_PROFILE = testProfile({
  id: 'profile-2',
  label: 'Beta',
  appDisplayName: 'Beta Calls',
  credential: 'pat-na1-secret-token',
  clientSecret: 'other-client-secret-9a8b',
  providerSelector: '[data-provider="beta"]',
});

/** Extension pages (popup, options) hear about changes through `runtime.sendMessage`; none is open in these tests. */
function stubExtensionPages() {
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
}

let sendMessage: ReturnType<typeof stubExtensionPages>;
let toolbar: ReturnType<typeof fakeToolbarIcon>;

function snapshot(flag: string | null, origin = APP_ORIGIN): LocalSettingsSnapshot {
  return { origin, flag, otherSettings: [] };
}

function observed(state: ProviderObservation['state'], overrides: Partial<ProviderObservation> = {}): ProviderObservation {
  return { profileId: PROFILE.id, name: PROFILE.appDisplayName, state, matchedBy: 'name', matches: 1, signals: [], ...overrides };
}

function status(isReady: boolean | null | 'error'): IsReadyStatus {
  const base = { profileId: PROFILE.id, fetchedAt: 1 };
  if (isReady === 'error') return { ...base, state: 'error', message: 'HTTP 401' };
  if (isReady === null) return { ...base, state: 'not-registered' };
  return { ...base, state: 'registered', settings: { url: 'https://example.com/hook', isReady, createdAt: 'c', updatedAt: 'u' } };
}

async function useActiveProfile(isReady: boolean | null | 'error' | undefined) {
  await profilesItem.setValue({ profiles: [PROFILE, OTHER_PROFILE], activeProfileId: PROFILE.id });
  await isReadyStatusItem.setValue(isReady === undefined ? {} : { [PROFILE.id]: status(isReady) });
}

const badgeText = (tabId: number) => fakeBrowser.action.getBadgeText({ tabId });

beforeEach(() => {
  fakeBrowser.reset();
  sendMessage = stubExtensionPages();
  toolbar = fakeToolbarIcon();
});

describe('recording what a tab shows', () => {
  it('keeps the flag and the providers, in the session area', async () => {
    const providers = [observed('greyed-out', { signals: ['disabled'] })];
    await recordLocalSettings(5, snapshot('true'));
    await recordProviders(5, APP_ORIGIN, providers);

    expect(await getTabObservation(5)).toEqual({
      origin: APP_ORIGIN,
      flag: 'true',
      flagOnLoad: 'true',
      otherSettings: [],
      loadedAt: expect.any(Number),
      providers,
      observedAt: expect.any(Number),
    });
    expect(await tabObservationsItem.getValue()).toEqual({ 5: expect.objectContaining({ flag: 'true', providers }) });
    expect(await fakeBrowser.storage.session.get('tabObservations')).toEqual({ tabObservations: { 5: expect.objectContaining({ flag: 'true' }) } });
    expect(await fakeBrowser.storage.local.get(null)).not.toHaveProperty('tabObservations');
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
  });

  it('keeps the other LocalSettings:Calling keys as the page last reported them, through a providers report', async () => {
    const demo = { key: 'LocalSettings:Calling:installDemoWidget', value: 'local' };
    await recordPageLoad(5, { ...snapshot(null), otherSettings: [demo] });
    await recordProviders(5, APP_ORIGIN, [observed('selectable')]);
    expect(await getTabObservation(5)).toMatchObject({ otherSettings: [demo] });

    await recordLocalSettings(5, snapshot('true'));
    expect(await getTabObservation(5)).toMatchObject({ flag: 'true', otherSettings: [] });
  });

  it("merges a frame's report with the page's, keeps it through flag changes, and forgets it when the page reloads", async () => {
    const notHere = observed('unknown', { matchedBy: 'none', matches: 0 });
    await recordPageLoad(5, snapshot(null));
    await recordProviders(5, APP_ORIGIN, [notHere]);
    await recordProviders(5, APP_ORIGIN, [observed('greyed-out', { signals: ['disabled'] })], { id: 7, url: `${APP_ORIGIN}/picker?portal=1` });

    expect(await getTabObservation(5)).toMatchObject({
      providers: [observed('greyed-out', { signals: ['in the frame /picker', 'disabled'] })],
      frames: { 0: { where: null, providers: [notHere] }, 7: { where: '/picker' } },
    });
    await recordLocalSettings(5, snapshot('true'));
    await recordProviders(5, APP_ORIGIN, [notHere]);
    expect(await getTabObservation(5)).toMatchObject({ flag: 'true', providers: [{ state: 'greyed-out', signals: ['in the frame /picker', 'disabled'] }] });

    await recordPageLoad(5, snapshot('true'));
    expect(await getTabObservation(5)).toMatchObject({ providers: null });
    expect(await getTabObservation(5)).not.toHaveProperty('frames');
  });

  it("ignores a frame's report when the tab's page has no record, and an empty report takes the frame's providers away", async () => {
    await recordProviders(5, APP_ORIGIN, [observed('selectable')], { id: 3, url: `${APP_ORIGIN}/picker` });
    expect(await getTabObservation(5)).toBeNull();

    await recordPageLoad(5, snapshot(null));
    await recordProviders(5, APP_ORIGIN, [observed('selectable')], { id: 3, url: `${APP_ORIGIN}/picker` });
    await recordProviders(5, APP_ORIGIN, [], { id: 3, url: `${APP_ORIGIN}/picker` });
    expect(await getTabObservation(5)).toMatchObject({ providers: [] });
  });

  it('keeps the providers when the flag changes afterwards on the same origin', async () => {
    const providers = [observed('selectable')];
    await recordProviders(5, APP_ORIGIN, providers);
    await recordLocalSettings(5, snapshot('TRUE'));
    expect(await getTabObservation(5)).toMatchObject({ origin: APP_ORIGIN, flag: 'TRUE', providers });
  });

  it('drops the providers of an older origin', async () => {
    await recordLocalSettings(5, snapshot('true'));
    await recordProviders(5, APP_ORIGIN, [observed('selectable')]);
    await recordLocalSettings(5, snapshot(null, EU_ORIGIN));
    expect(await getTabObservation(5)).toMatchObject({ origin: EU_ORIGIN, flag: null, providers: null });
  });

  // The flag lives in one origin's localStorage: another origin's value says nothing about this one.
  it('does not carry the flag of an older origin into providers seen on a new one', async () => {
    await recordLocalSettings(5, snapshot('true'));
    await recordProviders(5, EU_ORIGIN, [observed('selectable')]);
    expect(await getTabObservation(5)).toMatchObject({ origin: EU_ORIGIN, flag: null });
  });

  it('records providers for a tab it has not heard of, with no flag', async () => {
    await recordProviders(8, APP_ORIGIN, []);
    expect(await getTabObservation(8)).toMatchObject({ origin: APP_ORIGIN, flag: null, providers: [] });
  });

  it('records nothing for a page whose origin is not a HubSpot app origin (a sandboxed page reports "null")', async () => {
    await recordProviders(9, 'null', [observed('selectable')]);
    await recordLocalSettings(9, { origin: 'null', flag: 'true', otherSettings: [] });
    expect(await getTabObservation(9)).toBeNull();
  });

  it('updates observedAt on each record', async () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(1000);
    await recordLocalSettings(5, snapshot('true'));
    expect((await getTabObservation(5))?.observedAt).toBe(1000);
    now.mockReturnValue(2000);
    await recordProviders(5, APP_ORIGIN, []);
    expect((await getTabObservation(5))?.observedAt).toBe(2000);
  });

  it('tells the extension pages about each change, with the verdict', async () => {
    await useActiveProfile(false);
    await recordLocalSettings(5, snapshot(null));
    await recordProviders(5, APP_ORIGIN, [observed('selectable')]);
    const report = await getTabReport(5);
    expect(report?.assessment).toMatchObject({ profileId: PROFILE.id, verdict: { kind: 'mismatch' } });
    expect(sendMessage).toHaveBeenLastCalledWith({
      channel: 'channel-connection-tester',
      type: 'tabReportChanged',
      payload: { tabId: 5, report },
    });
  });

  it('does not fail when no extension page is open', async () => {
    sendMessage.mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    await expect(recordLocalSettings(5, snapshot('true'))).resolves.toBeUndefined();
    expect(await getTabObservation(5)).toMatchObject({ flag: 'true' });
  });

  it('a page load forgets what the previous document showed and records the flag HubSpot reads', async () => {
    await recordLocalSettings(5, snapshot('true'));
    await recordProviders(5, APP_ORIGIN, [observed('selectable')]);
    const now = vi.spyOn(Date, 'now').mockReturnValue(5000);
    await recordPageLoad(5, snapshot(null));
    now.mockRestore();
    expect(await getTabObservation(5)).toEqual({
      origin: APP_ORIGIN,
      flag: null,
      flagOnLoad: null,
      otherSettings: [],
      loadedAt: 5000,
      providers: null,
      observedAt: 5000,
    });
  });

  it('a flag changed after the load leaves the flag the page loaded with', async () => {
    await recordPageLoad(5, snapshot(null));
    await recordLocalSettings(5, snapshot('true'));
    expect(await getTabObservation(5)).toMatchObject({ flag: 'true', flagOnLoad: null });
  });

  it('forgetTab removes that tab only', async () => {
    await recordLocalSettings(5, snapshot('true'));
    await recordLocalSettings(6, snapshot(null, EU_ORIGIN));
    await forgetTab(5);
    expect(await getTabObservation(5)).toBeNull();
    expect(await getTabObservation(6)).toMatchObject({ origin: EU_ORIGIN });
    expect(Object.keys(await tabObservationsItem.getValue())).toEqual(['6']);
  });

  it('loses nothing when several records arrive together', async () => {
    const providers5 = [observed('greyed-out')];
    const providers6 = [observed('selectable')];
    await Promise.all([
      recordLocalSettings(5, snapshot('true')),
      recordProviders(5, APP_ORIGIN, providers5),
      recordLocalSettings(6, snapshot('1', EU_ORIGIN)),
      recordProviders(6, EU_ORIGIN, providers6),
      recordLocalSettings(7, snapshot(null)),
      forgetTab(8),
    ]);

    expect(await tabObservationsItem.getValue()).toEqual({
      5: expect.objectContaining({ origin: APP_ORIGIN, flag: 'true', providers: providers5 }),
      6: expect.objectContaining({ origin: EU_ORIGIN, flag: '1', providers: providers6 }),
      7: expect.objectContaining({ origin: APP_ORIGIN, flag: null, providers: null }),
    });
  });

  it('applies records in the order they arrive', async () => {
    await Promise.all([
      recordLocalSettings(5, snapshot('true')),
      recordProviders(5, APP_ORIGIN, [observed('selectable')]),
      recordPageLoad(5, snapshot('true')),
      recordLocalSettings(5, snapshot(null)),
    ]);
    expect(await getTabObservation(5)).toMatchObject({ flag: null, providers: null });
  });

  it('keeps recording after a storage write fails', async () => {
    const setValue = vi.spyOn(tabObservationsItem, 'setValue').mockRejectedValueOnce(new Error('quota'));
    await expect(recordLocalSettings(5, snapshot('true'))).rejects.toThrow('quota');
    setValue.mockRestore();
    await recordLocalSettings(6, snapshot('true'));
    expect(await getTabObservation(6)).toMatchObject({ flag: 'true' });
  });
});

describe('watchTabs', () => {
  it('forgets a tab when it closes', async () => {
    watchTabs();
    await recordLocalSettings(6, snapshot(null));
    await fakeBrowser.tabs.onRemoved.trigger(6, { windowId: 1, isWindowClosing: false });
    await vi.waitFor(async () => expect(await getTabObservation(6)).toBeNull());
  });

  // In-app navigation (pushState) fires `loading` too, while the document and its watcher live on.
  it('keeps the providers when a tab only updates (single-page navigation, title)', async () => {
    watchTabs();
    await recordProviders(5, APP_ORIGIN, [observed('selectable')]);
    await fakeBrowser.tabs.onUpdated.trigger(5, { status: 'loading', url: `${APP_ORIGIN}/help-desk/1/x` }, { id: 5 } as never);
    await fakeBrowser.tabs.onUpdated.trigger(5, { title: 'Help desk' }, { id: 5 } as never);
    await recordLocalSettings(5, snapshot(null));
    expect((await getTabObservation(5))?.providers).toHaveLength(1);
  });
});

describe('providerTargets', () => {
  it('lists the name and selector of every profile, and never a credential or a client secret', async () => {
    const empty = testProfile({ id: 'profile-3', appDisplayName: 'Gamma', providerSelector: '', credential: 'gamma-key-0000', clientSecret: 'gamma-secret-1111' });
    await profilesItem.setValue({ profiles: [PROFILE, OTHER_PROFILE, empty], activeProfileId: PROFILE.id });

    const targets = await providerTargets();

    expect(targets).toEqual([
      { profileId: 'profile-1', name: 'Acme Dialer' },
      { profileId: 'profile-2', name: 'Beta Calls', selector: '[data-provider="beta"]' },
      { profileId: 'profile-3', name: 'Gamma' },
    ]);
    const json = JSON.stringify(targets);
    for (const profile of [PROFILE, OTHER_PROFILE, empty]) {
      expect(json).not.toContain(profile.credential);
      expect(json).not.toContain(profile.clientSecret);
    }
    expect(json).not.toMatch(/credential|secret|apiBaseUrl|appId/i);
  });

  it('is empty without profiles', async () => {
    expect(await providerTargets()).toEqual([]);
  });
});

describe('assessmentFor and badgeWithVerdict', () => {
  function record(flag: string | null, providers: ProviderObservation[] | null): TabObservation {
    return { origin: APP_ORIGIN, flag, flagOnLoad: flag, otherSettings: [], loadedAt: 1, providers, observedAt: 1 };
  }

  it.each<[string, string | null, boolean | null | 'error' | undefined, ProviderObservation['state'], string | null, string]>([
    // label, flag, isReady, observed, verdict, badge text
    ['selectable while the rules say greyed out', null, false, 'selectable', 'mismatch', '≠'],
    ['greyed out with the flag on', 'true', false, 'greyed-out', 'mismatch', '≠'],
    ['greyed out although released', null, true, 'greyed-out', 'mismatch', '≠'],
    ['greyed out with a malformed flag and isReady true', 'TRUE', true, 'greyed-out', 'mismatch', '≠'],
    ['selectable with the flag on', 'true', false, 'selectable', 'match', 'ON'],
    ['greyed out without a webhook', null, null, 'greyed-out', 'match', ''],
    ['greyed out with a malformed flag', 'TRUE', false, 'greyed-out', 'match', '!'],
    ['observed unknown', 'true', false, 'unknown', 'inconclusive', 'ON'],
    ['isReady not fetched yet', null, undefined, 'selectable', 'inconclusive', ''],
    ['isReady fetch failed', '1', 'error', 'greyed-out', 'inconclusive', '!'],
  ])('%s: %s', async (_label, flag, isReady, state, kind, text) => {
    await useActiveProfile(isReady);
    const tab = record(flag, [observed(state)]);

    const assessment = await assessmentFor(tab);
    expect(assessment?.profileId).toBe(PROFILE.id);
    const verdict = assessment?.verdict ?? null;
    expect(verdict?.kind).toBe(kind);
    expect(verdict?.message).toContain('Acme Dialer');

    const badge = badgeWithVerdict(tab, verdict);
    expect(badge.text).toBe(text);
    const flagBadge = badgeForFlag(flag, APP_ORIGIN);
    if (kind === 'mismatch') {
      expect(badge.color).toBe('#cf222e');
      expect(badge.title).toBe(`${flagBadge.title}. Mismatch: ${verdict?.message}`);
      expect(badge.icon).toBe(flagBadge.icon);
    } else {
      expect(badge).toEqual(flagBadge);
    }
  });

  it.each([
    ['no active profile', { profiles: [PROFILE], activeProfileId: null }],
    ['an active profile id that no longer exists', { profiles: [PROFILE], activeProfileId: 'gone' }],
  ])('gives no assessment with %s, and the flag badge', async (_label, profiles) => {
    await profilesItem.setValue(profiles);
    const tab = record('true', [observed('selectable')]);
    expect(await assessmentFor(tab)).toBeNull();
    expect(badgeWithVerdict(tab, null)).toEqual(badgeForFlag('true', APP_ORIGIN));
  });

  it.each<[string, () => Promise<void>, ProviderObservation[] | null]>([
    ['the page not scanned yet', () => useActiveProfile(false), null],
    ["the profile's app not among the providers", () => useActiveProfile(false), [observed('selectable', { profileId: OTHER_PROFILE.id, name: 'Beta Calls' })]],
    ["the profile's app not found on the page", () => useActiveProfile(false), [observed('unknown', { matchedBy: 'none', matches: 0 })]],
    ['a stale state with matchedBy none', () => useActiveProfile(false), [observed('selectable', { matchedBy: 'none', matches: 0 })]],
  ])('gives the expectation but no verdict with %s, and the flag badge', async (_label, setUp, providers) => {
    await setUp();
    const tab = record('true', providers);
    expect(await assessmentFor(tab)).toMatchObject({ profileId: PROFILE.id, expected: { state: 'selectable' }, observed: null, verdict: null });
    expect(badgeWithVerdict(tab, null)).toEqual(badgeForFlag('true', APP_ORIGIN));
  });

  it("compares the active profile's app, not another profile's", async () => {
    await useActiveProfile(false);
    const tab = record(null, [observed('selectable', { profileId: OTHER_PROFILE.id, name: 'Beta Calls' }), observed('greyed-out')]);
    expect((await assessmentFor(tab))?.verdict?.kind).toBe('match');
  });
});

describe('badges from records', () => {
  it('shows ≠ on the tab when the page contradicts the rules, and the flag badge otherwise', async () => {
    await useActiveProfile(false);

    await recordLocalSettings(5, snapshot(null));
    expect(await badgeText(5)).toBe('');

    await recordProviders(5, APP_ORIGIN, [observed('selectable')]);
    expect(await badgeText(5)).toBe('≠');
    expect(await fakeBrowser.action.getTitle({ tabId: 5 })).toMatch(/Mismatch: Acme Dialer is selectable on the page/);

    // Changed but not reloaded: the page still shows what it read on load, so no mismatch is claimed.
    await recordLocalSettings(5, snapshot('true'));
    expect(await badgeText(5)).toBe('ON');
    await recordLocalSettings(5, snapshot('TRUE'));
    expect(await badgeText(5)).toBe('!');

    await recordPageLoad(5, snapshot('TRUE'));
    await recordProviders(5, APP_ORIGIN, [observed('selectable')]);
    expect(await badgeText(5)).toBe('≠');

    await recordProviders(5, APP_ORIGIN, [observed('greyed-out')]);
    expect(await badgeText(5)).toBe('!');
  });

  it('gives the tab the test-mode icon while its flag is on, mismatch or not', async () => {
    await useActiveProfile(false);

    await recordLocalSettings(5, snapshot('true'));
    expect(toolbar.iconOf(5)).toBe('test-mode-on');

    await recordProviders(5, APP_ORIGIN, [observed('greyed-out')]);
    expect(await badgeText(5)).toBe('≠');
    expect(toolbar.iconOf(5)).toBe('test-mode-on');

    await recordLocalSettings(5, snapshot(null));
    expect(toolbar.iconOf(5)).toBe('normal');
  });

  it('leaves other tabs alone', async () => {
    await useActiveProfile(false);
    await recordLocalSettings(5, snapshot('true'));
    await recordLocalSettings(6, snapshot(null));
    await recordProviders(6, APP_ORIGIN, [observed('selectable')]);
    expect(await badgeText(5)).toBe('ON');
    expect(await badgeText(6)).toBe('≠');
  });

  it('republishAllTabs follows a new isReady status on every tab, badge and open pages', async () => {
    await useActiveProfile(false);
    await recordLocalSettings(5, snapshot(null));
    await recordProviders(5, APP_ORIGIN, [observed('selectable')]);
    await recordLocalSettings(6, snapshot('true'));
    await recordProviders(6, APP_ORIGIN, [observed('selectable')]);
    expect([await badgeText(5), await badgeText(6)]).toEqual(['≠', 'ON']);

    await isReadyStatusItem.setValue({ [PROFILE.id]: status(true) });
    sendMessage.mockClear();
    await republishAllTabs();

    expect([await badgeText(5), await badgeText(6)]).toEqual(['', 'ON']);
    const reports = sendMessage.mock.calls.map(([message]) => (message as unknown as { payload: { tabId: number; report: TabReport } }).payload);
    expect(reports.map(({ tabId, report }) => [tabId, report.assessment?.verdict?.kind])).toEqual([
      [5, 'match'],
      [6, 'match'],
    ]);
  });

  it('still records when the badge cannot be set', async () => {
    vi.spyOn(fakeBrowser.action, 'setBadgeText').mockRejectedValue(new Error('No tab with id: 5.'));
    await expect(recordLocalSettings(5, snapshot('true'))).resolves.toBeUndefined();
    expect(await getTabObservation(5)).toMatchObject({ flag: 'true' });
  });
});
