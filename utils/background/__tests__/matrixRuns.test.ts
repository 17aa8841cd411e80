import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../../flag/channelConnectionFlag';
import { matrixSteps, resumeInterruptedMatrixRuns, startMatrixRun, stopMatrixRun } from '../matrixRuns';
import { matrixSummary } from '../../matrix/availabilityMatrix';
import { matrixKey } from '../../matrix/matrixJournal';
import { matrixRunsItem, profilesItem } from '../../platform/storage';
import { fakeHostPermissions } from '../../__tests__/fakeHostPermissions';
import { fakeHubSpotPages, stubReload, stubTabsQuery } from '../../__tests__/fakeHubSpotPages';
import { testProfile } from '../../__tests__/testProfile';
import { testJournal } from '../../__tests__/testJournal';

const ORIGIN = 'https://app.hubspot.com';

let pages: ReturnType<typeof fakeHubSpotPages>;
let reload: ReturnType<typeof stubReload>;
type Tab = Awaited<ReturnType<typeof pages.open>>;

beforeEach(() => {
  fakeBrowser.reset();
  pages = fakeHubSpotPages();
  reload = stubReload();
});

async function openMatrixTab() {
  const tab = await pages.open(`${ORIGIN}/help-desk/1/channels/calling`, { settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'TRUE' } });
  return { tab, steps: matrixSteps(testProfile({ isTestApp: true }), { id: tab.id, origin: ORIGIN }) };
}

describe("the matrix's steps on a tab that went away mid-run", () => {
  it.each([
    ['was closed', 'The tab was closed.', (tab: Tab) => pages.close(tab)],
    [
      'went to a site that is not HubSpot',
      'The tab left app.hubspot.com.',
      (tab: Tab) => fakeBrowser.tabs.update(tab.id, { url: 'https://example.test/' }),
    ],
  ])('stop at once when the tab %s, naming why, and reload nothing', async (_label, reason, meanwhile) => {
    const { tab, steps } = await openMatrixTab();
    await meanwhile(tab);

    await expect(steps.readFlag()).rejects.toThrow(reason);
    await expect(steps.writeFlag(null)).rejects.toThrow(reason);
    await expect(steps.reloadAndObserve()).rejects.toThrow(reason);
    expect(reload).not.toHaveBeenCalled();
  });

  it('write nothing to another HubSpot origin the tab went to', async () => {
    const { tab, steps } = await openMatrixTab();
    await fakeBrowser.tabs.update(tab.id, { url: 'https://app-eu1.hubspot.com/help-desk/1' });

    await expect(steps.writeFlag('true')).rejects.toThrow('The tab left app.hubspot.com for app-eu1.hubspot.com.');
    expect(pages.storageOf('https://app-eu1.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBeNull();
    expect(pages.storageOf(ORIGIN).getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe('TRUE');
  });

  it('stop waiting for the page to show the app when the tab closes meanwhile', async () => {
    const { tab, steps } = await openMatrixTab();
    const observing = steps.reloadAndObserve();
    await vi.waitFor(() => expect(reload).toHaveBeenCalledOnce());
    await pages.close(tab);

    await expect(observing).rejects.toThrow('The tab was closed.');
  });
});

const PROFILE = testProfile({ isTestApp: true });
const KEY = matrixKey(PROFILE.apiBaseUrl, PROFILE.appId);

describe('starting a run in the background', () => {
  beforeEach(async () => {
    await profilesItem.setValue({ profiles: [PROFILE], activeProfileId: PROFILE.id });
    fakeHostPermissions(['https://api.hubapi.com/*']);
  });

  it('refuses a second run of the same app, with words, and leaves the first one alone', async () => {
    const { tab } = await openMatrixTab();
    const first = testJournal();
    await matrixRunsItem.setValue({ [KEY]: first });

    const start = await startMatrixRun({ profileId: PROFILE.id, tabId: tab.id });

    expect(start).toEqual({
      ok: false,
      reason: `A QA matrix is already running for Acme Dialer (app 123456), started at 10:11:12 UTC on ${first.subject.tabUrl}. Only one runs per app at a time: wait for it to finish, or stop it.`,
    });
    expect(await matrixRunsItem.getValue()).toEqual({ [KEY]: first });
  });

  it.each([
    ['a profile not marked as a test app', () => profilesItem.setValue({ profiles: [{ ...PROFILE, isTestApp: false }], activeProfileId: PROFILE.id }), /is not marked as a test app/],
    ['a deleted profile', () => profilesItem.setValue({ profiles: [], activeProfileId: null }), /deleted meanwhile/],
  ])('refuses %s before writing a journal', async (_label, meanwhile, reason) => {
    const { tab } = await openMatrixTab();
    await meanwhile();

    const start = await startMatrixRun({ profileId: PROFILE.id, tabId: tab.id });

    expect(start.ok).toBe(false);
    expect(start.ok ? '' : start.reason).toMatch(reason);
    expect(await matrixRunsItem.getValue()).toEqual({});
  });

  it('refuses a tab that closed since the options page listed it', async () => {
    const { tab } = await openMatrixTab();
    await pages.close(tab);

    expect(await startMatrixRun({ profileId: PROFILE.id, tabId: tab.id })).toEqual({ ok: false, reason: 'Choose an open HubSpot tab to run the matrix on.' });
  });

  it('refuses a run of another app on an origin where a run is going: both would change its flag', async () => {
    const { tab } = await openMatrixTab();
    await matrixRunsItem.setValue({ 'api.hubapi.com/777': testJournal({ subject: { appName: 'Other Dialer', appId: 777, tabUrl: tab.url ?? '' } }) });

    const start = await startMatrixRun({ profileId: PROFILE.id, tabId: tab.id });

    expect(start).toEqual({
      ok: false,
      reason: 'A QA matrix for Other Dialer (app 777) is running on app.hubspot.com, whose test-mode flag both runs would change. Wait for it to finish, or stop it.',
    });
  });

  it('marks a running run to stop, and nothing else', async () => {
    await matrixRunsItem.setValue({ [KEY]: testJournal(), other: testJournal({ runId: 'run-2' }) });

    await stopMatrixRun({ runId: 'run-1' });

    const journals = await matrixRunsItem.getValue();
    expect(journals[KEY]?.stopRequested).toBe(true);
    expect(journals.other?.stopRequested).toBe(false);
  });
});

describe('a run the background left unfinished', () => {
  it('is closed with the reason when it had not changed anything yet', async () => {
    await matrixRunsItem.setValue({ [KEY]: testJournal() });

    await resumeInterruptedMatrixRuns();

    expect((await matrixRunsItem.getValue())[KEY]).toMatchObject({
      state: 'done',
      resumed: true,
      outcome: { ok: false, reason: expect.stringMatching(/^The run was interrupted before it changed anything/) },
    });
  });

  it('puts the flag back on another tab of its origin when its own tab is gone, and says what it could not restore', async () => {
    // The run's tab is gone; another tab shows the same origin, whose storage holds the run's flag.
    stubTabsQuery();
    const { tab: runTab } = await openMatrixTab();
    await pages.close(runTab);
    const { tab } = await openMatrixTab();
    pages.storageOf(ORIGIN).setItem(SUPPORTS_CHANNEL_CONNECTION_KEY, 'true');
    await profilesItem.setValue({ profiles: [], activeProfileId: null });
    await matrixRunsItem.setValue({
      [KEY]: testJournal({
        tab: { id: runTab.id, origin: ORIGIN },
        progress: {
          original: { isReady: false, flag: 'TRUE' },
          isReadyNow: null,
          flagNow: { known: true, value: 'true' },
          rows: [{ isReady: false, flag: false, expected: 'greyed-out', observed: 'greyed-out', signals: [], verdict: 'match', message: 'ok' }],
        },
      }),
    });

    await resumeInterruptedMatrixRuns();

    expect(pages.storageOf(ORIGIN).getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe('TRUE');
    expect(reload).toHaveBeenCalledWith(tab.id);
    const journal = (await matrixRunsItem.getValue())[KEY];
    expect(journal).toMatchObject({ state: 'done', resumed: true });
    if (!journal?.outcome?.ok) throw new Error('expected a run');
    expect(matrixSummary(journal.outcome.run)).toBe(
      'Stopped: the run was interrupted during row 2: the extension’s background stopped, and went back over what the run had changed when it started again. Not restored: isReady could not be set back to false: the profile of Acme Dialer was deleted or now names another app.',
    );
  });

  it('sends no isReady to a profile edited since to name another app, and says so', async () => {
    const { tab } = await openMatrixTab();
    await profilesItem.setValue({ profiles: [{ ...PROFILE, appId: 424242 }], activeProfileId: PROFILE.id });
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    await matrixRunsItem.setValue({
      [KEY]: testJournal({ tab: { id: tab.id, origin: ORIGIN }, progress: { original: { isReady: false, flag: null }, isReadyNow: true, flagNow: { known: true, value: null }, rows: [] } }),
    });

    await resumeInterruptedMatrixRuns();

    expect(fetch).not.toHaveBeenCalled();
    const journal = (await matrixRunsItem.getValue())[KEY];
    expect(journal?.outcome?.ok && journal.outcome.run.restoreErrors).toEqual([
      'isReady could not be set back to false: the profile of Acme Dialer was deleted or now names another app',
    ]);
    vi.unstubAllGlobals();
  });

  it('leaves finished runs alone', async () => {
    const done = testJournal({ state: 'done', outcome: { ok: false, reason: 'earlier' } });
    await matrixRunsItem.setValue({ [KEY]: done });

    await resumeInterruptedMatrixRuns();

    expect((await matrixRunsItem.getValue())[KEY]).toEqual(done);
  });
});
