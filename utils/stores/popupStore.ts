/** The popup's UI state. Decisions stay in the utils it calls; this holds what is on screen and why. */
import { create } from 'zustand';
import { nextFlagEnabled, RETIRED_CALLING_EXTENSIONS_KEY } from '../flag/channelConnectionFlag';
import {
  activeTabIdOfCurrentWindow,
  focusTab,
  listHubSpotTabs,
  lookUpTab,
  reloadTabs,
  watchTab,
  type HubSpotTab,
} from '../tabs/hubspotTabs';
import type { TabReport } from '../providers/availability';
import { backgroundDidNotAnswer, onExtensionPageMessage, sendToBackground, unansweredChange as unanswered, type TabChangeDone } from '../platform/messages';
import type { Result } from '../tabs/tabState';
import { latestWins } from './latestWins';
import { requestApiPermission, requestHostPermission } from '../platform/browserDifferences';
import { withdrawnHubSpotHosts } from '../platform/hostPermission';
import { POINTER_NOT_ALLOWED } from '../providers/pointingSession';
import { isReadyStatusError, type IsReadyStatus } from '../hubspotApi/isReadyStatus';
import { activeProfile, type AppProfile, type ProfilesState } from '../profiles/appProfiles';
import { isReadyStatusItem, preferencesItem, profilesItem, setActiveProfile, writeFailure, type Preferences } from '../platform/storage';
import {
  changeNotice,
  reloadedOthersNotice,
  reloadingNotice,
  removalWords,
  RETIRED_MOVE_WORDS,
  switchWords,
  testModeWords,
  type ChangeWords,
} from '../tabs/tabNotices';
import { toggleTestModeShortcut } from '../tabs/toggleTestModeShortcut';

export type PopupTarget =
  | { kind: 'loading' }
  | { kind: 'hubspot'; tab: HubSpotTab }
  | { kind: 'not-hubspot'; hubspotTabs: HubSpotTab[] }
  | { kind: 'closed'; message: string };

export interface PopupState {
  target: PopupTarget;
  /**
   * The background's record of the tab (its flag, other settings and providers, with the verdict on the shown
   * profile's app; `assessment` null when the background judged for another profile), or why the page cannot answer;
   * `null` while it is being read. The popup keeps no other copy.
   */
  tabState: Result<TabReport> | null;
  /** What is being changed right now: `'flag'`, a setting's key, or `'reload'`; the tab is left alone meanwhile. */
  pending: string | null;
  /**
   * The test mode the user's last click on the switch asked for, while the clicks are being applied (null when none
   * is): the switch shows it, and the next click flips it.
   */
  testModeRequested: boolean | null;
  notice: string | null;
  otherTabs: HubSpotTab[];
  preferences: Preferences;
  /** The keyboard shortcut of the toggle command, `null` when none is assigned. */
  shortcut: string | null;
  /** Every app profile (secrets left out), to switch between them. */
  profiles: PopupProfile[];
  /** The active app profile, `null` when none is set up or none is active. */
  profile: PopupProfile | null;
  /** Last known isReady status of the active profile: the cached one first, then each one the cache receives. */
  isReady: IsReadyStatus | null;
  isReadyRefreshing: boolean;
  /** The HubSpot hosts whose access was withdrawn in the browser (Firefox allows it), to grant again at a click. */
  withdrawnHosts: string[];
  refreshIsReady(): Promise<void>;
  /** Asks for the withdrawn hosts again, first thing in the click, as Firefox requires; then reads the tab again. */
  grantHostsAgain(): Promise<void>;
  /** Starts following the tab the popup acts on; returns a function that stops. */
  open(search: string): Promise<() => void>;
  refresh(): Promise<void>;
  toggleFlag(): Promise<void>;
  removeSetting(key: string): Promise<void>;
  /** Sets a test switch (utils/flag/testSwitches.ts) on the tab; null turns it off. */
  setTestSwitch(key: string, value: string | null): Promise<void>;
  /** Moves the retired CallingExtensions key to the name HubSpot reads now. */
  moveRetiredSetting(): Promise<void>;
  reloadTab(): Promise<void>;
  reloadOtherTabs(): Promise<void>;
  setReloadAfterChange(value: boolean): Promise<void>;
  goToTab(tab: HubSpotTab): Promise<void>;
  selectProfile(id: string): Promise<void>;
  /**
   * Asks the background to let the user point at the active profile's app on the tab's page; true once the page shows
   * its layer (the popup then closes, so that the user can point), else the notice says why not.
   */
  pointAt(): Promise<boolean>;
}

export interface PopupProfile {
  id: string;
  label: string;
  appId: number;
  appDisplayName: string;
}

const toPopupProfile = ({ id, label, appId, appDisplayName }: AppProfile): PopupProfile => ({ id, label, appId, appDisplayName });

/**
 * The popup acts on `?tabId=` when given (tests, and a popup opened as a page), else on the active tab of its
 * window, which is the tab the toolbar button was clicked on.
 */
async function resolveTargetTabId(search: string): Promise<number | null> {
  const param = new URLSearchParams(search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  return activeTabIdOfCurrentWindow();
}


const initialState = {
  target: { kind: 'loading' } as PopupTarget,
  tabState: null,
  pending: null,
  testModeRequested: null,
  notice: null,
  otherTabs: [],
  preferences: preferencesItem.fallback,
  shortcut: null,
  profiles: [],
  profile: null,
  isReady: null,
  isReadyRefreshing: false,
  withdrawnHosts: [],
};

export const usePopupStore = create<PopupState>()((set, get) => {
  let tabId: number | null = null;
  /** Settles once the stored profile and preferences are on screen; a tab report can only be judged after that. */
  let storedLoaded: Promise<void> = Promise.resolve();
  let refreshingIsReadyOf: string | null = null;
  let latestRefresh = 0;

  // The active profile may change while the popup is open: a verdict on another profile's app is not this one's.
  const withAssessmentOf = (profile: PopupProfile | null, state: Result<TabReport> | null): Result<TabReport> | null =>
    state?.ok && state.value.assessment && state.value.assessment.profileId !== profile?.id
      ? { ok: true, value: { ...state.value, assessment: null } }
      : state;
  const forShownProfile = (state: Result<TabReport> | null) => withAssessmentOf(get().profile, state);

  /**
   * A report of the tab, unless an older one: the background's reports can arrive out of order (one sent as a record
   * was stored can land after the answer about a later one), and the newer record is the truth.
   */
  const olderThanShown = (report: TabReport) => {
    const shown = get().tabState;
    return shown?.ok === true && report.observation.observedAt < shown.value.observation.observedAt;
  };
  const showReport = (report: TabReport) => {
    if (!olderThanShown(report)) set({ tabState: forShownProfile({ ok: true, value: report }) });
  };

  const targetTab = (): HubSpotTab | null => {
    const { target } = get();
    return target.kind === 'hubspot' ? target.tab : null;
  };

  /**
   * Shows the stored profiles. When the active one is another than shown, its cached isReady status replaces the
   * shown one at once and a fresh one is asked for; the background re-judges the tab and sends its report.
   */
  const showProfiles = (state: ProfilesState, cached: Record<string, IsReadyStatus>, base: Partial<PopupState> = {}) => {
    const current = activeProfile(state);
    const changed = current?.id !== ('profile' in base ? base.profile : get().profile)?.id;
    const profile = current && toPopupProfile(current);
    set({
      ...base,
      profiles: state.profiles.map(toPopupProfile),
      profile,
      ...(changed && { isReady: (current && cached[current.id]) ?? null, tabState: withAssessmentOf(profile, base.tabState === undefined ? get().tabState : base.tabState) }),
    });
    // Not awaited: the network must never delay the popup.
    if (changed) void get().refreshIsReady();
  };

  let unwatchTab = () => {};
  /** Follows the tab the popup acts on, and only it: the one it opened on, or the one it went to. */
  const followTab = (id: number | null) => {
    unwatchTab();
    unwatchTab =
      id === null
        ? () => {}
        : watchTab(id, {
            // While a change is under way, the change itself shows the tab when it is done.
            onChanged: () => {
              if (!get().pending) void get().refresh();
            },
            onClosed: () => set({ target: { kind: 'closed', message: 'The tab was closed.' } }),
          });
  };

  /** The words of the change under way, to say when the background starts its reload. */
  let changeUnderWay: ChangeWords | null = null;

  /**
   * Asks the background for one change on the tab and shows what comes back: the notice, and the tab as the
   * background recorded it. Resolves whether the change was made.
   */
  const change = async (
    pending: string,
    words: ChangeWords,
    request: (tab: HubSpotTab) => Promise<Result<TabChangeDone>>,
  ): Promise<boolean> => {
    const tab = targetTab();
    if (!tab || get().pending) return false;
    set({ pending, notice: null });
    changeUnderWay = words;
    try {
      const result = await request(tab).catch(unanswered);
      changeUnderWay = null;
      set({ notice: changeNotice(words, result.ok ? { ok: true, reload: result.value.reload } : { ok: false, message: result.error.message }) });
      // A change that failed, or whose tab could not reload (closed, gone elsewhere), leaves the tab's state the news.
      const settled = result.ok && typeof result.value.reload === 'string' ? result.value.report : null;
      if (settled) showReport(settled);
      else await get().refresh();
      return result.ok;
    } finally {
      changeUnderWay = null;
      set({ pending: null });
    }
  };

  // Clicks on the switch while a change is under way are not lost: the last one wins.
  const requestTestMode = latestWins(
    (enabled: boolean) =>
      change('flag', testModeWords(enabled), (tab) => sendToBackground('changeTestMode', { tabId: tab.id, origin: tab.origin, enabled })),
    () => set({ testModeRequested: null }),
  );

  return {
    ...initialState,

    async open(search) {
      // The tab and the stored items are read at the same time rather than one after the other.
      const targetTabId = resolveTargetTabId(search);
      storedLoaded = Promise.all([
        preferencesItem.getValue(),
        toggleTestModeShortcut(),
        profilesItem.getValue(),
        isReadyStatusItem.getValue(),
      ]).then(([preferences, shortcut, profiles, cached]) => {
        refreshingIsReadyOf = null;
        showProfiles(profiles, cached, { ...initialState, preferences, shortcut });
      });
      tabId = await targetTabId;
      followTab(tabId);
      const unwatchPreferences = preferencesItem.watch((preferences) => set({ preferences }));
      // The active profile can change on the options page, or here, while the popup is open.
      const unwatchProfiles = profilesItem.watch((profiles) => {
        void isReadyStatusItem.getValue().then((cached) => showProfiles(profiles, cached));
      });
      // The background fetches and caches the status; the options page and the QA matrix cache it too.
      const unwatchIsReady = isReadyStatusItem.watch((cache) => {
        const id = get().profile?.id;
        const status = id === undefined ? undefined : cache[id];
        if (status) set({ isReady: status });
      });
      const stopListening = onExtensionPageMessage({
        tabReportChanged: ({ tabId: changedId, report }) => {
          if (changedId === tabId) showReport(report);
          return null;
        },
        tabReloading: ({ tabId: reloadingId }) => {
          if (reloadingId === tabId && changeUnderWay) set({ notice: reloadingNotice(changeUnderWay) });
          return null;
        },
      });
      // Shown after the stored profile, which opening the popup starts from, as the tab is.
      const withdrawn = withdrawnHubSpotHosts().then(async (withdrawnHosts) => {
        await storedLoaded;
        set({ withdrawnHosts });
      });
      await Promise.all([storedLoaded, get().refresh(), withdrawn]);
      return () => {
        followTab(null);
        unwatchPreferences();
        unwatchProfiles();
        unwatchIsReady();
        stopListening();
      };
    },

    async grantHostsAgain() {
      const asked = requestHostPermission(get().withdrawnHosts).catch(() => false);
      const granted = await asked;
      set({ withdrawnHosts: await withdrawnHubSpotHosts() });
      if (!granted) {
        set({ notice: 'Access was not granted: the browser asked, and the answer was no.' });
        return;
      }
      await get().refresh();
    },

    async refresh() {
      // What the tab shows goes on screen after the stored profile, which opening the popup starts from.
      const show = async (state: Partial<PopupState>) => {
        await storedLoaded;
        set(state);
      };
      const notHubSpot = async () => show({ target: { kind: 'not-hubspot', hubspotTabs: await listHubSpotTabs() }, tabState: null });
      if (tabId === null) return notHubSpot();
      const found = await lookUpTab(tabId);
      if (!found.ok) return show({ target: { kind: 'closed', message: found.error.message } });
      const tab = found.value;
      if (!tab) return notHubSpot();
      const sameOrigin = listHubSpotTabs(tab.origin);
      const tabState = await sendToBackground('readTab', { tabId: tab.id }).catch(unanswered);
      // The flag is what the popup is opened for: it shows as soon as the background has read it.
      await storedLoaded;
      const older = targetTab()?.id === tab.id && tabState.ok && olderThanShown(tabState.value);
      set({ target: { kind: 'hubspot', tab }, ...(!older && { tabState: forShownProfile(tabState) }) });
      const otherTabs = await sameOrigin;
      set({ otherTabs: otherTabs.filter((other) => other.id !== tab.id) });
    },

    async toggleFlag() {
      const { tabState, pending, testModeRequested } = get();
      if (!tabState?.ok || (pending !== null && pending !== 'flag')) return;
      const enabled = testModeRequested === null ? nextFlagEnabled(tabState.value.observation.flag) : !testModeRequested;
      set({ testModeRequested: enabled });
      await requestTestMode(enabled);
    },

    async removeSetting(key) {
      await change(key, removalWords(key), (tab) => sendToBackground('removeTabSetting', { tabId: tab.id, origin: tab.origin, key }));
    },

    async setTestSwitch(key, value) {
      await change(key, switchWords(key, value), (tab) => sendToBackground('changeTestSwitch', { tabId: tab.id, origin: tab.origin, key, value }));
    },

    async moveRetiredSetting() {
      await change(RETIRED_CALLING_EXTENSIONS_KEY, RETIRED_MOVE_WORDS, (tab) => sendToBackground('moveRetiredSetting', { tabId: tab.id, origin: tab.origin }));
    },

    async reloadTab() {
      const tab = targetTab();
      if (!tab || get().pending) return;
      set({ pending: 'reload', notice: 'Reloading the tab…' });
      const result = await sendToBackground('reloadTab', { tabId: tab.id }).catch(unanswered);
      set({ pending: null, notice: result.ok ? 'The tab reloaded.' : result.error.message });
      await get().refresh();
    },

    async pointAt() {
      const tab = targetTab();
      if (!tab || get().pending) return false;
      // First in the click, as Firefox requires. Chrome grants it without a prompt: it reaches no host the extension
      // could not reach already.
      const granted = requestApiPermission('scripting').catch(() => false);
      set({ pending: 'point', notice: null });
      const result = (await granted)
        ? await sendToBackground('startPointing', { tabId: tab.id }).catch(unanswered)
        : { ok: false as const, error: { code: 'rejected' as const, message: POINTER_NOT_ALLOWED } };
      set({ pending: null, ...(!result.ok && { notice: `Pointing could not start: ${result.error.message}` }) });
      return result.ok;
    },

    async reloadOtherTabs() {
      const reloaded = await reloadTabs(get().otherTabs.map((other) => other.id));
      const origin = targetTab()?.origin;
      set({ notice: reloadedOthersNotice(reloaded, origin ? new URL(origin).host : null) });
    },

    async setReloadAfterChange(value) {
      // Shown at once, as a checkbox must answer its click, and taken back if the browser refuses to store it.
      const before = get().preferences;
      set({ preferences: { ...before, reloadAfterChange: value } });
      try {
        await preferencesItem.setValue(get().preferences);
      } catch (error) {
        set({ preferences: before, notice: `The choice was not saved: ${writeFailure(error)}.` });
      }
    },

    async refreshIsReady() {
      const { profile } = get();
      if (!profile || refreshingIsReadyOf === profile.id) return;
      // Only the latest request speaks: one still running for a profile shown before neither holds this one back nor
      // overwrites what it shows.
      const request = ++latestRefresh;
      refreshingIsReadyOf = profile.id;
      set({ isReadyRefreshing: true });
      const status = await sendToBackground('refreshIsReadyStatus', null).catch((error: unknown) =>
        isReadyStatusError(profile.id, backgroundDidNotAnswer(error)),
      );
      if (request !== latestRefresh) return;
      refreshingIsReadyOf = null;
      set({ isReadyRefreshing: false, ...(status?.profileId === get().profile?.id && { isReady: status }) });
    },

    async selectProfile(id) {
      const next = get().profiles.find((each) => each.id === id);
      if (!next || id === get().profile?.id) return;
      // Shown at once, with its cached status; the stored choice follows, and the background judges the tab for it.
      const cached = await isReadyStatusItem.getValue();
      set({ profile: next, isReady: cached[id] ?? null, tabState: withAssessmentOf(next, get().tabState) });
      const chosen = await setActiveProfile(id).catch((error: unknown) => writeFailure(error));
      if (typeof chosen === 'string') {
        set({ notice: `The profile was not switched: ${chosen}.` });
        showProfiles(await profilesItem.getValue(), cached);
        return;
      }
      if (chosen) {
        void get().refreshIsReady();
        return;
      }
      set({ notice: `The profile “${next.label}” was deleted meanwhile.` });
      showProfiles(await profilesItem.getValue(), cached);
    },

    async goToTab(tab) {
      const focused = await focusTab(tab);
      if (!focused.ok) {
        // The tab closed since the list was read: say so, and list the HubSpot tabs as they are now.
        set({ notice: focused.error.message });
        await get().refresh();
        return;
      }
      tabId = tab.id;
      followTab(tab.id);
      set({ notice: null });
      await get().refresh();
    },
  };
});
