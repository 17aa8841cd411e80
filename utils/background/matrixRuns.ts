/**
 * The QA matrix, run by the background: a run goes on when the options page that started it closes, a run cut short
 * by the background stopping is restored when it starts again, and only one run per app goes at a time. Every step
 * is written to the journal (`matrixRunsItem`) before it is taken; the options pages show the journal.
 */
import { apiTargetOf, type AppProfile } from '../profiles/appProfiles';
import { describeApiError, getChannelConnectionSettings, updateChannelConnectionSettings, type ChannelConnectionSettings } from '../hubspotApi/channelConnectionApi';
import { isReadyStatusOf } from '../hubspotApi/isReadyStatus';
import { matrixRefusal, restoreOriginal, runAvailabilityMatrix, type MatrixSteps } from '../matrix/availabilityMatrix';
import { alreadyRunningReason, interruptedOutcome, matrixKey, sameOriginReason, type MatrixJournal, type MatrixJournals, type MatrixStart } from '../matrix/matrixJournal';
import { hostAccess } from '../platform/hostPermission';
import { matrixRunsItem, profilesItem, saveIsReadyStatus } from '../platform/storage';
import type { ProviderObservation } from '../providers/providerDetection';
import { getHubSpotTab, listHubSpotTabs, readTabLocalSettings, reloadTab, restoreTabFlag, tabGoneFrom, waitForTabLoaded, type TargetTab } from '../tabs/hubspotTabs';
import { getTabObservation } from './tabObservations';

/** How long a reloaded page may take to show the provider list before the row records "not found". */
const OBSERVE_TIMEOUT_MS = 8_000;
const POLL_MS = 100;
/** Pages can still change right after showing the list (a late permission check): look once more after a pause. */
const SETTLE_MS = 300;

let queue: Promise<unknown> = Promise.resolve();

/** Journal changes are serialized: a run's step and another page's stop request must not overwrite each other. */
function changeJournals<T>(change: (journals: MatrixJournals) => { journals?: MatrixJournals; result: T }): Promise<T> {
  const next = queue.then(async () => {
    const { journals, result } = change(await matrixRunsItem.getValue());
    if (journals) await matrixRunsItem.setValue(journals);
    return result;
  });
  queue = next.catch(() => undefined);
  return next;
}

/** Updates one run's journal; a run replaced meanwhile (same app, later run) is left alone. */
const patchRun = (key: string, runId: string, patch: Partial<MatrixJournal>) =>
  changeJournals((journals) => {
    const current = journals[key];
    if (current?.runId !== runId) return { result: undefined };
    return { journals: { ...journals, [key]: { ...current, ...patch } }, result: undefined };
  });

let resumed: Promise<void> = Promise.resolve();

/**
 * Restores the runs a previous start of the background left unfinished (it was stopped, or the browser closed, mid-
 * run). Called when the background starts; a new run waits for it, so it never reads a half-restored state.
 */
export function resumeInterruptedMatrixRuns(): Promise<void> {
  resumed = (async () => {
    const journals = await matrixRunsItem.getValue();
    for (const [key, journal] of Object.entries(journals)) {
      if (journal.state !== 'running') continue;
      // Whatever fails here, the run ends: a journal left running would lock its app's settings panel for good.
      const restoreErrors = await (async () => {
        if (!journal.progress) return [];
        return restoreOriginal(journal.progress, await resumeSteps(key, journal));
      })().catch((error: unknown) => [`The restore failed: ${error instanceof Error ? error.message : String(error)}`]);
      await patchRun(key, journal.runId, { state: 'done', resumed: true, outcome: interruptedOutcome(journal, restoreErrors) });
    }
  })().catch(() => undefined);
  return resumed;
}

export async function startMatrixRun({ profileId, tabId }: { profileId: string; tabId: number }): Promise<MatrixStart> {
  await resumed;
  const profile = (await profilesItem.getValue()).profiles.find((candidate) => candidate.id === profileId);
  if (!profile) return { ok: false, reason: 'This profile was deleted meanwhile.' };
  const refusal = matrixRefusal({ appName: profile.appDisplayName, isTestApp: profile.isTestApp });
  if (refusal) return { ok: false, reason: refusal };
  const tab = await getHubSpotTab(tabId);
  if (!tab) return { ok: false, reason: 'Choose an open HubSpot tab to run the matrix on.' };
  const access = await hostAccess(profile.apiBaseUrl);
  if (!access.ok) return { ok: false, reason: access.message };

  const key = matrixKey(profile.apiBaseUrl, profile.appId);
  const journal: MatrixJournal = {
    runId: crypto.randomUUID(),
    profileId,
    subject: { appName: profile.appDisplayName, appId: profile.appId, tabUrl: tab.url },
    tab: { id: tab.id, origin: tab.origin },
    startedAt: new Date().toISOString(),
    state: 'running',
    stopRequested: false,
    progress: null,
    outcome: null,
    resumed: false,
  };
  const start = await changeJournals<MatrixStart>((journals) => {
    const current = journals[key];
    if (current?.state === 'running') return { result: { ok: false, reason: alreadyRunningReason(current) } };
    const sameOrigin = Object.values(journals).find((other) => other.state === 'running' && other.tab.origin === tab.origin);
    if (sameOrigin) return { result: { ok: false, reason: sameOriginReason(sameOrigin) } };
    return { journals: { ...journals, [key]: journal }, result: { ok: true } };
  });
  // Not awaited: the options page hears of the run through the journal, and may close meanwhile.
  if (start.ok) void run(key, journal, profile, tab);
  return start;
}

async function run(key: string, journal: MatrixJournal, profile: AppProfile, tab: TargetTab): Promise<void> {
  const outcome = await runAvailabilityMatrix({ ...journal.subject, isTestApp: profile.isTestApp }, matrixSteps(profile, tab), {
    journal: (progress) => patchRun(key, journal.runId, { progress }),
    stopRequested: async () => (await matrixRunsItem.getValue())[key]?.stopRequested === true,
    now: () => new Date(journal.startedAt),
  }).catch((error: unknown) => ({ ok: false as const, reason: `The run failed: ${error instanceof Error ? error.message : String(error)}` }));
  await patchRun(key, journal.runId, { state: 'done', outcome });
}

/** Asks a run to stop before its next row; it then restores as always. */
export async function stopMatrixRun({ runId }: { runId: string }): Promise<null> {
  await changeJournals((journals) => {
    const entry = Object.entries(journals).find(([, journal]) => journal.runId === runId && journal.state === 'running');
    if (!entry) return { result: null };
    const [key, journal] = entry;
    return { journals: { ...journals, [key]: { ...journal, stopRequested: true } }, result: null };
  });
  return null;
}

/**
 * The matrix's steps on `tab`. Each step first makes sure the tab still shows the origin the run started on: a tab
 * closed or taken elsewhere mid-run stops the matrix with that reason instead of a poll that can only time out, and
 * no other site is ever reloaded or written to.
 */
export function matrixSteps(profile: AppProfile, tab: TargetTab): MatrixSteps {
  return { ...isReadySteps(profile), ...tabSteps(tab, profile.id) };
}

function isReadySteps(profile: AppProfile): Pick<MatrixSteps, 'readIsReady' | 'setIsReady'> {
  const target = apiTargetOf(profile);
  const remember = (settings: ChannelConnectionSettings | null, sentAt: number) => saveIsReadyStatus(isReadyStatusOf(profile.id, settings, sentAt));
  return {
    async readIsReady() {
      const result = await getChannelConnectionSettings(target);
      if (!result.ok) throw new Error(describeApiError(result.error));
      await remember(result.value, result.exchange.startedAt);
      return result.value?.isReady ?? null;
    },
    async setIsReady(isReady) {
      const result = await updateChannelConnectionSettings(target, { isReady });
      if (!result.ok) throw new Error(`Setting isReady=${isReady} failed: ${describeApiError(result.error)}`);
      await remember(result.value, result.exchange.startedAt);
    },
  };
}

function tabSteps(tab: TargetTab, profileId: string): Pick<MatrixSteps, 'readFlag' | 'writeFlag' | 'reloadAndObserve'> {
  const stillThere = async () => {
    const gone = await tabGoneFrom(tab);
    if (gone) throw new Error(gone.message);
  };
  return {
    async readFlag() {
      await stillThere();
      const result = await readTabLocalSettings(tab.id);
      if (!result.ok) throw new Error(result.error.message);
      return result.value.flag;
    },
    async writeFlag(value) {
      let result = await restoreTabFlag(tab, value);
      // A run resumed after the background stopped can find its tab in the middle of the row's reload.
      if (!result.ok && result.error.code === 'not-ready' && (await waitForTabLoaded(tab.id))) result = await restoreTabFlag(tab, value);
      if (!result.ok) throw new Error(result.error.message);
    },
    async reloadAndObserve() {
      await stillThere();
      const started = Date.now();
      const reloaded = await reloadTab(tab.id);
      if (!reloaded.ok) throw new Error(reloaded.error.message);
      return waitForObservation(tab.id, profileId, started, stillThere);
    },
  };
}

/**
 * The steps that finish a run the background could not: on the run's tab if it still shows the run's origin, else on
 * another tab of that origin (the flag lives in the origin's storage, not the tab's). The last reload only shows the
 * page as restored: nobody waits on what it shows.
 */
async function resumeSteps(key: string, journal: MatrixJournal): Promise<MatrixSteps> {
  const stored = (await profilesItem.getValue()).profiles.find((candidate) => candidate.id === journal.profileId);
  // A profile edited since to another app or API host would send the original isReady to the wrong app.
  const profile = stored && matrixKey(stored.apiBaseUrl, stored.appId) === key ? stored : undefined;
  const candidates: TargetTab[] = [journal.tab, ...(await listHubSpotTabs(journal.tab.origin))];
  const there = await Promise.all(candidates.map(async (candidate) => (await tabGoneFrom(candidate)) === null));
  const tab = candidates.find((_candidate, index) => there[index]) ?? journal.tab;
  const deleted = async (): Promise<never> => {
    throw new Error(`the profile of ${journal.subject.appName} was deleted or now names another app`);
  };
  return {
    ...(profile ? isReadySteps(profile) : { readIsReady: deleted, setIsReady: deleted }),
    ...tabSteps(tab, journal.profileId),
    async reloadAndObserve() {
      await reloadTab(tab.id);
      return null;
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function observed(tabId: number, profileId: string, since: number): Promise<ProviderObservation | null> {
  const observation = await getTabObservation(tabId);
  if (!observation?.providers || observation.loadedAt < since) return null;
  return observation.providers.find((provider) => provider.profileId === profileId) ?? null;
}

async function waitForObservation(
  tabId: number,
  profileId: string,
  since: number,
  stillThere: () => Promise<void>,
): Promise<ProviderObservation | null> {
  const deadline = Date.now() + OBSERVE_TIMEOUT_MS;
  let latest: ProviderObservation | null = null;
  while (Date.now() < deadline) {
    await stillThere();
    latest = (await observed(tabId, profileId, since)) ?? latest;
    if (latest && latest.matchedBy !== 'none') {
      await sleep(SETTLE_MS);
      return (await observed(tabId, profileId, since)) ?? latest;
    }
    await sleep(POLL_MS);
  }
  return latest;
}
