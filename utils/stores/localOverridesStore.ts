/**
 * The options page's Local overrides panel: the calling test switches of a HubSpot tab the user chooses, changed
 * through the background as the popup changes them, and the CallingExtensions override edited as a form.
 */
import { create } from 'zustand';
import { CALLING_EXTENSIONS_KEY, RETIRED_CALLING_EXTENSIONS_KEY, type LocalSetting } from '../flag/channelConnectionFlag';
import { OVERRIDE_REQUIRED, overrideValueOf, readOverride } from '../flag/callingOverride';
import { checkCallingAppForm, formOf, type CallingAppForm, type CallingAppValues, type FieldErrors } from '../hubspotApi/callingAppFields';
import { onExtensionPageMessage, sendToBackground, unansweredChange, type TabChangeDone } from '../platform/messages';
import type { TabReport } from '../providers/availability';
import { keptTabId, listHubSpotTabs, openHubSpotTab, watchTabList, type HubSpotTab } from '../tabs/hubspotTabs';
import { changeNotice, RETIRED_MOVE_WORDS, removalWords, switchWords, testModeWords, type ChangeWords } from '../tabs/tabNotices';
import type { Result } from '../tabs/tabState';

/** Where the override form's values came from, said above it. */
export type OverrideSource = 'tab' | 'calling-app' | 'blank';

export interface OverrideEditor {
  form: CallingAppForm;
  errors: FieldErrors;
  source: OverrideSource;
  /** What of the stored value the form cannot show. */
  problem: string | null;
  /** The user typed since the form was filled: a report from the tab no longer refills it. */
  edited: boolean;
}

export interface LocalOverridesState {
  tabs: HubSpotTab[];
  tabId: number | null;
  report: TabReport | null;
  readProblem: string | null;
  /** The key a change is under way for. */
  pending: string | null;
  notice: string | null;
  override: OverrideEditor;
  /**
   * Follows the tab list and the chosen tab's reports; returns a function that stops. `preferredTabId`: the tab to
   * choose first when it is a HubSpot tab (the popup's link names the tab it was opened on).
   */
  open(preferredTabId?: number | null): () => void;
  chooseTab(tabId: number): Promise<void>;
  openHubSpot(apiBaseUrl: string): Promise<void>;
  setTestMode(enabled: boolean): Promise<void>;
  setSwitch(key: string, value: string | null): Promise<void>;
  moveRetired(): Promise<void>;
  removeSetting(key: string): Promise<void>;
  updateOverride(patch: Partial<CallingAppForm>): void;
  /**
   * Fills an untouched form that the tab has no override for with the app's registered settings, when they are
   * known: the override usually starts as "what HubSpot has, with my local widget URL".
   */
  offerRegistered(values: Partial<CallingAppValues> | null): void;
  saveOverride(): Promise<void>;
  removeOverride(): Promise<void>;
}

const BLANK_OVERRIDE: OverrideEditor = { form: formOf({}), errors: {}, source: 'blank', problem: null, edited: false };

export const settingsOf = (report: TabReport | null): LocalSetting[] => report?.observation.otherSettings ?? [];
const overrideOf = (report: TabReport | null) => settingsOf(report).find((setting) => setting.key === CALLING_EXTENSIONS_KEY)?.value ?? null;

export const useLocalOverridesStore = create<LocalOverridesState>()((set, get) => {
  let registered: Partial<CallingAppValues> | null = null;

  /** The form shows the tab's override; without one, the registered settings; kept as typed once the user typed. */
  const fillOverride = (report: TabReport | null, force: boolean) => {
    if (get().override.edited && !force) return;
    const stored = overrideOf(report);
    if (stored !== null) {
      const { form, problem } = readOverride(stored);
      set({ override: { form, errors: {}, source: 'tab', problem, edited: false } });
    } else if (registered) {
      set({ override: { form: formOf(registered), errors: {}, source: 'calling-app', problem: null, edited: false } });
    } else {
      set({ override: BLANK_OVERRIDE });
    }
  };

  /**
   * The background's reports of a tab can arrive out of order (a change's answer after the record of the reload it
   * caused): the newer record is the truth, so an older one is not shown over it. A refill the older one asks for
   * (a saved override) is made from the newer.
   */
  const showReport = (report: TabReport, force = false) => {
    const shown = get().report;
    const newest = shown && report.observation.observedAt < shown.observation.observedAt ? shown : report;
    set({ report: newest, readProblem: null });
    fillOverride(newest, force);
  };

  const read = async (tabId: number, force: boolean) => {
    const result = await sendToBackground('readTab', { tabId }).catch(unansweredChange);
    if (get().tabId !== tabId) return;
    if (result.ok) showReport(result.value, force);
    else set({ report: null, readProblem: result.error.message });
  };

  let preferred: number | null = null;

  const loadTabs = async () => {
    const tabs = await listHubSpotTabs();
    const current = get().tabId;
    const tabId = keptTabId(tabs, current ?? preferred);
    set({ tabs });
    if (tabId !== current) await get().chooseTab(tabId ?? NaN);
  };

  /** A change on the chosen tab, said in words when it ends; the tab's record afterwards is what the panel shows. */
  const change = async (key: string, words: ChangeWords, request: (tab: HubSpotTab) => Promise<Result<TabChangeDone>>) => {
    const tab = get().tabs.find((candidate) => candidate.id === get().tabId);
    if (!tab || get().pending) return false;
    set({ pending: key, notice: null });
    try {
      const result = await request(tab).catch(unansweredChange);
      // Another tab was chosen meanwhile: what the panel shows is that tab's, and this change is not news about it.
      if (get().tabId !== tab.id) return result.ok;
      set({ notice: changeNotice(words, result.ok ? { ok: true, reload: result.value.reload } : { ok: false, message: result.error.message }) });
      // A saved or removed override is what the form shows next; a failed one leaves the form as the user typed it.
      const refill = result.ok && key === CALLING_EXTENSIONS_KEY;
      const report = result.ok ? result.value.report : null;
      if (report) showReport(report, refill);
      else await read(tab.id, refill);
      return result.ok;
    } finally {
      set({ pending: null });
    }
  };

  return {
    tabs: [],
    tabId: null,
    report: null,
    readProblem: null,
    pending: null,
    notice: null,
    override: BLANK_OVERRIDE,

    open(preferredTabId = null) {
      preferred = preferredTabId;
      void loadTabs();
      const unwatchTabs = watchTabList(() => void loadTabs());
      const stopListening = onExtensionPageMessage({
        tabReportChanged: ({ tabId, report }) => {
          if (tabId === get().tabId) showReport(report);
          return null;
        },
        tabReloading: () => null,
      });
      return () => {
        unwatchTabs();
        stopListening();
      };
    },

    async chooseTab(tabId) {
      if (!Number.isInteger(tabId)) {
        set({ tabId: null, report: null, readProblem: null });
        fillOverride(null, true);
        return;
      }
      set({ tabId, report: null, readProblem: null, notice: null });
      await read(tabId, true);
    },

    async openHubSpot(apiBaseUrl) {
      await openHubSpotTab(apiBaseUrl);
    },

    async setTestMode(enabled) {
      await change('flag', testModeWords(enabled), (tab) => sendToBackground('changeTestMode', { tabId: tab.id, origin: tab.origin, enabled }));
    },

    async setSwitch(key, value) {
      await change(key, switchWords(key, value), (tab) => sendToBackground('changeTestSwitch', { tabId: tab.id, origin: tab.origin, key, value }));
    },

    async moveRetired() {
      await change(RETIRED_CALLING_EXTENSIONS_KEY, RETIRED_MOVE_WORDS, (tab) => sendToBackground('moveRetiredSetting', { tabId: tab.id, origin: tab.origin }));
    },

    async removeSetting(key) {
      await change(key, removalWords(key), (tab) => sendToBackground('removeTabSetting', { tabId: tab.id, origin: tab.origin, key }));
    },

    updateOverride(patch) {
      const { override } = get();
      const errors = { ...override.errors };
      for (const field of Object.keys(patch)) delete errors[field as keyof FieldErrors];
      set({ override: { ...override, form: { ...override.form, ...patch }, errors, edited: true } });
    },

    offerRegistered(values) {
      registered = values;
      if (overrideOf(get().report) === null) fillOverride(get().report, false);
    },

    async saveOverride() {
      const check = checkCallingAppForm(get().override.form, OVERRIDE_REQUIRED);
      if (!check.ok) {
        set({ override: { ...get().override, errors: check.errors }, notice: null });
        return;
      }
      await get().setSwitch(CALLING_EXTENSIONS_KEY, overrideValueOf(check.values));
    },

    async removeOverride() {
      await get().setSwitch(CALLING_EXTENSIONS_KEY, null);
    },
  };
});
