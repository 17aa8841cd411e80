/** The popup's UI state. Decisions stay in the utils it calls; this holds what is on screen and why. */
import { create } from 'zustand';
import { browser } from 'wxt/browser';
import { nextFlagEnabled, shortSettingName, type LocalSettingsSnapshot } from '../flag/channelConnectionFlag';
import {
  fetchTabReport,
  listHubSpotTabs,
  readTabLocalSettings,
  reloadTab,
  removeTabLocalSetting,
  setTabFlag,
  toHubSpotTab,
  type ChangeOptions,
  type HubSpotTab,
  type TabChange,
} from '../tabs/hubspotTabs';
import type { TabReport } from '../providers/availability';
import { onExtensionPageMessage, sendToBackground } from '../platform/messages';
import type { Result } from '../tabs/tabState';
import { latestWins } from './latestWins';
import { plural } from '../platform/plural';
import { isReadyStatusError, type IsReadyStatus } from '../hubspotApi/isReadyStatus';
import { activeProfile, type AppProfile, type ProfilesState } from '../profiles/appProfiles';
import { isReadyStatusItem, preferencesItem, profilesItem, setActiveProfile, type Preferences } from '../platform/storage';
import { tabErrorFrom } from '../tabs/tabError';
import { toggleTestModeShortcut } from '../tabs/toggleTestModeShortcut';

export type PopupTarget =
  | { kind: 'loading' }
  | { kind: 'hubspot'; tab: HubSpotTab }
  | { kind: 'not-hubspot'; hubspotTabs: HubSpotTab[] }
  | { kind: 'closed'; message: string };

export interface PopupState {
  target: PopupTarget;
  /** `null` while the tab is being read. */
  settings: Result<LocalSettingsSnapshot> | null;
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
  /**
   * What the content script last reported of the page's calling providers, with the background's verdict on the
   * shown profile's app (`assessment` null when the background judged for another profile).
   */
  report: TabReport | null;
  /** Last known isReady status of the active profile: the cached one first, then each one the cache receives. */
  isReady: IsReadyStatus | null;
  isReadyRefreshing: boolean;
  refreshIsReady(): Promise<void>;
  /** Starts following the tab the popup acts on; returns a function that stops. */
  open(search: string): Promise<() => void>;
  refresh(): Promise<void>;
  toggleFlag(): Promise<void>;
  removeSetting(key: string): Promise<void>;
  reloadTab(): Promise<void>;
  reloadOtherTabs(): Promise<void>;
  setReloadAfterChange(value: boolean): Promise<void>;
  goToTab(tab: HubSpotTab): Promise<void>;
  selectProfile(id: string): Promise<void>;
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
export async function resolveTargetTabId(search: string): Promise<number | null> {
  const param = new URLSearchParams(search).get('tabId');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id ?? null;
}

const initialState = {
  target: { kind: 'loading' } as PopupTarget,
  settings: null,
  pending: null,
  testModeRequested: null,
  notice: null,
  otherTabs: [],
  preferences: preferencesItem.fallback,
  shortcut: null,
  profiles: [],
  profile: null,
  report: null,
  isReady: null,
  isReadyRefreshing: false,
};

export const usePopupStore = create<PopupState>()((set, get) => {
  let tabId: number | null = null;
  /** Settles once the stored profile and preferences are on screen; a tab report can only be judged after that. */
  let storedLoaded: Promise<void> = Promise.resolve();
  let refreshingIsReadyOf: string | null = null;
  let latestRefresh = 0;

  // The active profile may change while the popup is open: a verdict on another profile's app is not this one's.
  const withAssessmentOf = (profile: PopupProfile | null, report: TabReport | null): TabReport | null =>
    report?.assessment && report.assessment.profileId !== profile?.id ? { ...report, assessment: null } : report;
  const forShownProfile = (report: TabReport | null) => withAssessmentOf(get().profile, report);

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
      ...(changed && {
        isReady: (current && cached[current.id]) ?? null,
        report: withAssessmentOf(profile, base.report === undefined ? get().report : base.report),
      }),
    });
    // Not awaited: the network must never delay the popup.
    if (changed) void get().refreshIsReady();
  };

  const afterChange = (reload: TabChange['reload']) =>
    reload === 'reloaded'
      ? 'The tab reloaded to apply it.'
      : reload === 'not-asked'
        ? 'Reload the tab for HubSpot to read it.'
        : reload.message;

  /**
   * Runs one change on the tab and says what happened, `done` or `notDone` and why; the tab is re-read afterwards,
   * whatever the outcome, before the change counts as done. Resolves whether the change was made.
   */
  const change = async (
    pending: string,
    { done, notDone }: { done: string; notDone: string },
    run: (tab: HubSpotTab, options: ChangeOptions) => Promise<Result<TabChange>>,
  ): Promise<boolean> => {
    const tab = targetTab();
    if (!tab || get().pending) return false;
    set({ pending, notice: null });
    const result = await run(tab, { onReloading: () => set({ notice: `${done} Reloading the tab…` }) });
    set({ notice: result.ok ? `${done} ${afterChange(result.value.reload)}` : `${notDone} ${result.error.message}` });
    await get().refresh();
    set({ pending: null });
    return result.ok;
  };

  // Clicks on the switch while a change is under way are not lost: the last one wins.
  const requestTestMode = latestWins(
    (enabled: boolean) =>
      change(
        'flag',
        enabled
          ? { done: 'Test mode turned on.', notDone: 'Test mode was not turned on.' }
          : { done: 'Test mode turned off.', notDone: 'Test mode was not turned off.' },
        (tab, options) => setTabFlag(tab, enabled, options),
      ),
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
      const onUpdated = (updatedId: number, change: { status?: string; url?: string }) => {
        // While a change is under way, the change itself re-reads the tab when it is done.
        if (updatedId !== tabId || get().pending) return;
        if (change.status === 'complete' || change.url !== undefined) void get().refresh();
      };
      const onRemoved = (removedId: number) => {
        if (removedId === tabId) set({ target: { kind: 'closed', message: 'The tab was closed.' } });
      };
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
          if (changedId === tabId) set({ report: forShownProfile(report) });
          return null;
        },
      });
      browser.tabs.onUpdated.addListener(onUpdated);
      browser.tabs.onRemoved.addListener(onRemoved);
      await Promise.all([storedLoaded, get().refresh()]);
      return () => {
        browser.tabs.onUpdated.removeListener(onUpdated);
        browser.tabs.onRemoved.removeListener(onRemoved);
        unwatchPreferences();
        unwatchProfiles();
        unwatchIsReady();
        stopListening();
      };
    },

    async refresh() {
      // What the tab shows goes on screen after the stored profile, which opening the popup starts from.
      const show = async (state: Partial<PopupState>) => {
        await storedLoaded;
        set(state);
      };
      if (tabId === null) {
        await show({ target: { kind: 'not-hubspot', hubspotTabs: await listHubSpotTabs() }, settings: null });
        return;
      }
      let tab: HubSpotTab | null;
      try {
        tab = toHubSpotTab(await browser.tabs.get(tabId));
      } catch (error) {
        await show({ target: { kind: 'closed', message: tabErrorFrom(error).message } });
        return;
      }
      if (!tab) {
        await show({ target: { kind: 'not-hubspot', hubspotTabs: await listHubSpotTabs() }, settings: null });
        return;
      }
      const sameOrigin = listHubSpotTabs(tab.origin);
      const report = fetchTabReport(tab.id);
      // The flag is what the popup is opened for: it shows as soon as the tab answers.
      await show({ target: { kind: 'hubspot', tab }, settings: await readTabLocalSettings(tab.id) });
      const [otherTabs, tabReport] = await Promise.all([sameOrigin, report]);
      set({ otherTabs: otherTabs.filter((other) => other.id !== tab.id), report: forShownProfile(tabReport) });
    },

    async toggleFlag() {
      const { settings, pending, testModeRequested } = get();
      if (!settings?.ok || (pending !== null && pending !== 'flag')) return;
      const enabled = testModeRequested === null ? nextFlagEnabled(settings.value.flag) : !testModeRequested;
      set({ testModeRequested: enabled });
      await requestTestMode(enabled);
    },

    async removeSetting(key) {
      const name = shortSettingName(key);
      await change(key, { done: `${name} removed.`, notDone: `${name} was not removed.` }, (tab, options) =>
        removeTabLocalSetting(tab, key, options),
      );
    },

    async reloadTab() {
      const tab = targetTab();
      if (!tab || get().pending) return;
      set({ pending: 'reload', notice: 'Reloading the tab…' });
      const result = await reloadTab(tab.id);
      set({ pending: null, notice: result.ok ? 'The tab reloaded.' : result.error.message });
      await get().refresh();
    },

    async reloadOtherTabs() {
      const { otherTabs } = get();
      const results = await Promise.allSettled(otherTabs.map((other) => browser.tabs.reload(other.id)));
      const reloaded = results.filter((result) => result.status === 'fulfilled').length;
      const origin = targetTab()?.origin;
      set({ notice: `Reloaded ${plural(reloaded, 'other tab')}${origin ? ` on ${new URL(origin).host}` : ''}.` });
    },

    async setReloadAfterChange(value) {
      const preferences = { ...get().preferences, reloadAfterChange: value };
      set({ preferences });
      await preferencesItem.setValue(preferences);
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
        isReadyStatusError(profile.id, `The extension's background did not answer: ${error instanceof Error ? error.message : String(error)}`),
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
      set({ profile: next, isReady: cached[id] ?? null, report: withAssessmentOf(next, get().report) });
      if (await setActiveProfile(id)) {
        void get().refreshIsReady();
        return;
      }
      set({ notice: `The profile “${next.label}” was deleted meanwhile.` });
      showProfiles(await profilesItem.getValue(), cached);
    },

    async goToTab(tab) {
      try {
        await browser.tabs.update(tab.id, { active: true });
        await browser.windows.update(tab.windowId, { focused: true });
      } catch (error) {
        // The tab closed since the list was read: say so, and list the HubSpot tabs as they are now.
        set({ notice: tabErrorFrom(error).message });
        await get().refresh();
        return;
      }
      tabId = tab.id;
      set({ notice: null });
      await get().refresh();
    },
  };
});
