/** The QA matrix panel's state, and the real steps (API, tab, background) the matrix runs with. */
import { create } from 'zustand';
import { apiTargetOf, type AppProfile } from '../profiles/appProfiles';
import {
  describeApiError,
  getChannelConnectionSettings,
  updateChannelConnectionSettings,
  type ChannelConnectionSettings,
} from '../hubspotApi/channelConnectionApi';
import {
  fetchTabReport,
  listHubSpotTabs,
  readTabLocalSettings,
  reloadTab,
  restoreTabFlag,
  tabGoneFrom,
  type HubSpotTab,
  type TargetTab,
} from '../tabs/hubspotTabs';
import {
  runAvailabilityMatrix,
  type MatrixOutcome,
  type MatrixRow,
  type MatrixSteps,
} from '../matrix/availabilityMatrix';
import type { ProviderObservation } from '../providers/providerDetection';
import { hostAccess } from '../platform/hostPermission';
import { isReadyStatusOf } from '../hubspotApi/isReadyStatus';
import { saveIsReadyStatus } from '../platform/storage';

export interface MatrixState {
  tabs: HubSpotTab[];
  tabId: number | null;
  running: boolean;
  rows: MatrixRow[];
  outcome: MatrixOutcome | null;
  loadTabs(): Promise<void>;
  selectTab(tabId: number): void;
  run(profile: AppProfile): Promise<void>;
}

/** How long a reloaded page may take to show the provider list before the row records "not found". */
const OBSERVE_TIMEOUT_MS = 8_000;
const POLL_MS = 100;
/** Pages can still change right after showing the list (a late permission check): look once more after a pause. */
const SETTLE_MS = 300;

export const useMatrixStore = create<MatrixState>()((set, get) => ({
  tabs: [],
  tabId: null,
  running: false,
  rows: [],
  outcome: null,

  async loadTabs() {
    const tabs = await listHubSpotTabs();
    const current = get().tabId;
    set({ tabs, tabId: tabs.some((tab) => tab.id === current) ? current : (tabs[0]?.id ?? null) });
  },

  selectTab(tabId) {
    set({ tabId });
  },

  async run(profile) {
    const tab = get().tabs.find((candidate) => candidate.id === get().tabId);
    if (get().running) return;
    if (!tab) {
      set({ outcome: { ok: false, reason: 'Choose an open HubSpot tab to run the matrix on.' } });
      return;
    }
    const access = await hostAccess(profile.apiBaseUrl);
    if (!access.ok) {
      set({ outcome: { ok: false, reason: access.message } });
      return;
    }
    set({ running: true, rows: [], outcome: null });
    try {
      const outcome = await runAvailabilityMatrix(
        { appName: profile.appDisplayName, appId: profile.appId, isTestApp: profile.isTestApp, tabUrl: tab.url },
        matrixSteps(profile, tab),
        (row) => set({ rows: [...get().rows, row] }),
      );
      set({ outcome });
    } finally {
      set({ running: false });
    }
  },
}));

/**
 * The matrix's steps on `tab`. Each step first makes sure the tab still shows the origin the run started on: a tab
 * closed or taken elsewhere mid-run stops the matrix with that reason instead of a poll that can only time out, and
 * no other site is ever reloaded or written to.
 */
export function matrixSteps(profile: AppProfile, tab: TargetTab): MatrixSteps {
  const target = apiTargetOf(profile);
  const remember = (settings: ChannelConnectionSettings | null) => saveIsReadyStatus(isReadyStatusOf(profile.id, settings));
  const stillThere = async () => {
    const gone = await tabGoneFrom(tab);
    if (gone) throw new Error(gone.message);
  };
  return {
    async readIsReady() {
      const result = await getChannelConnectionSettings(target);
      if (!result.ok) throw new Error(describeApiError(result.error));
      await remember(result.value);
      return result.value?.isReady ?? null;
    },
    async setIsReady(isReady) {
      const result = await updateChannelConnectionSettings(target, { isReady });
      if (!result.ok) throw new Error(`Setting isReady=${isReady} failed: ${describeApiError(result.error)}`);
      await remember(result.value);
    },
    async readFlag() {
      await stillThere();
      const result = await readTabLocalSettings(tab.id);
      if (!result.ok) throw new Error(result.error.message);
      return result.value.flag;
    },
    async writeFlag(value) {
      const result = await restoreTabFlag(tab, value);
      if (!result.ok) throw new Error(result.error.message);
    },
    async reloadAndObserve() {
      await stillThere();
      const started = Date.now();
      const reloaded = await reloadTab(tab.id);
      if (!reloaded.ok) throw new Error(reloaded.error.message);
      return waitForObservation(tab.id, profile.id, started, stillThere);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function observed(tabId: number, profileId: string, since: number): Promise<ProviderObservation | null> {
  const observation = (await fetchTabReport(tabId))?.observation;
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
