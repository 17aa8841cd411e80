/**
 * The QA matrix panel's state. The background runs the matrix and keeps its journal; this store starts and stops a
 * run, and shows the journal of the active profile's app as it changes, from whichever options page is open.
 */
import { create } from 'zustand';
import type { AppProfile } from '../profiles/appProfiles';
import { matrixKey, type MatrixJournal } from '../matrix/matrixJournal';
import { backgroundDidNotAnswer, sendToBackground } from '../platform/messages';
import { matrixRunsItem } from '../platform/storage';
import { keptTabId, listHubSpotTabs, openHubSpotTab, watchTabList, type HubSpotTab } from '../tabs/hubspotTabs';

export interface MatrixState {
  tabs: HubSpotTab[];
  tabId: number | null;
  /** The latest run of the followed app, as the background's journal has it; null when it never ran. */
  journal: MatrixJournal | null;
  /** Why the last request to start was refused, until the next one. */
  refusal: string | null;
  /** A request to start is on its way to the background. */
  starting: boolean;
  loadTabs(): Promise<void>;
  /** Keeps the tab list as the browser's tabs change; returns a function that stops. */
  followTabs(): () => void;
  /** Opens HubSpot in a new tab, for a run when none is open: the list picks it up. */
  openHubSpot(apiBaseUrl: string): Promise<void>;
  selectTab(tabId: number): void;
  /** Shows the runs of `profile`'s app from now on; returns a function that stops. */
  follow(profile: Pick<AppProfile, 'apiBaseUrl' | 'appId'> | null): () => void;
  run(profile: AppProfile): Promise<void>;
  stop(): Promise<void>;
}


export const useMatrixStore = create<MatrixState>()((set, get) => {
  const showJournal = (journal: MatrixJournal | null) => set({ journal });

  return {
    tabs: [],
    tabId: null,
    journal: null,
    refusal: null,
    starting: false,

    async loadTabs() {
      const tabs = await listHubSpotTabs();
      set({ tabs, tabId: keptTabId(tabs, get().tabId) });
    },

    followTabs() {
      void get().loadTabs();
      return watchTabList(() => void get().loadTabs());
    },

    async openHubSpot(apiBaseUrl) {
      await openHubSpotTab(apiBaseUrl);
    },

    selectTab(tabId) {
      set({ tabId });
    },

    follow(profile) {
      if (!profile) {
        showJournal(null);
        return () => undefined;
      }
      const key = matrixKey(profile.apiBaseUrl, profile.appId);
      let stopped = false;
      const unwatch = matrixRunsItem.watch((journals) => showJournal(journals[key] ?? null));
      void matrixRunsItem.getValue().then((journals) => {
        if (!stopped) showJournal(journals[key] ?? null);
      });
      set({ refusal: null });
      return () => {
        stopped = true;
        unwatch();
      };
    },

    // A run going already, started here or elsewhere, is refused by the background in words: not a silent button.
    async run(profile) {
      const { tabId, starting } = get();
      if (starting) return;
      if (tabId === null || !get().tabs.some((tab) => tab.id === tabId)) {
        set({ refusal: 'Choose an open HubSpot tab to run the matrix on.' });
        return;
      }
      set({ refusal: null, starting: true });
      const start = await sendToBackground('startMatrix', { profileId: profile.id, tabId }).catch((error: unknown) => ({
        ok: false as const,
        reason: backgroundDidNotAnswer(error),
      }));
      set({ starting: false, ...(!start.ok && { refusal: start.reason }) });
    },

    async stop() {
      const { journal } = get();
      if (journal?.state !== 'running') return;
      await sendToBackground('stopMatrix', { runId: journal.runId }).catch((error: unknown) => set({ refusal: backgroundDidNotAnswer(error) }));
    },
  };
});
