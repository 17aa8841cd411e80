/** The popup's UI state. Decisions stay in the utils it calls; this holds what is on screen and why. */
import { create } from 'zustand';
import { browser } from 'wxt/browser';
import { flagState, nextFlagEnabled, shortSettingName, type LocalSettingsSnapshot } from './channelConnectionFlag';
import {
  listHubSpotTabs,
  readTabLocalSettings,
  removeTabLocalSetting,
  setTabFlag,
  toHubSpotTab,
  type HubSpotTab,
  type TabChange,
} from './hubspotTabs';
import type { Result } from './messages';
import { preferencesItem, type Preferences } from './storage';
import { tabErrorFrom } from './tabError';

export type PopupTarget =
  | { kind: 'loading' }
  | { kind: 'hubspot'; tab: HubSpotTab }
  | { kind: 'not-hubspot'; hubspotTabs: HubSpotTab[] }
  | { kind: 'closed'; message: string };

export interface PopupState {
  target: PopupTarget;
  /** `null` while the tab is being read. */
  settings: Result<LocalSettingsSnapshot> | null;
  /** What is being changed right now: `'flag'`, a setting's key, or `'reload'` while the tab reloads. */
  pending: string | null;
  notice: string | null;
  otherTabs: HubSpotTab[];
  preferences: Preferences;
  /** Starts following the tab the popup acts on; returns a function that stops. */
  open(search: string): Promise<() => void>;
  refresh(): Promise<void>;
  toggleFlag(): Promise<void>;
  removeSetting(key: string): Promise<void>;
  reloadTab(): Promise<void>;
  reloadOtherTabs(): Promise<void>;
  setReloadAfterChange(value: boolean): Promise<void>;
  goToTab(tab: HubSpotTab): Promise<void>;
}

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
  notice: null,
  otherTabs: [],
  preferences: preferencesItem.fallback,
};

export const usePopupStore = create<PopupState>()((set, get) => {
  let tabId: number | null = null;

  const targetTab = (): HubSpotTab | null => {
    const { target } = get();
    return target.kind === 'hubspot' ? target.tab : null;
  };

  const afterChange = (result: Result<TabChange>, done: string) => {
    if (!result.ok) {
      set({ pending: null, settings: result, notice: null });
      return;
    }
    set({
      settings: { ok: true, value: result.value.snapshot },
      pending: result.value.reloaded ? 'reload' : null,
      notice: result.value.reloaded ? `${done} Reloading the tab so HubSpot reads it…` : `${done} Reload the tab for HubSpot to read it.`,
    });
  };

  return {
    ...initialState,

    async open(search) {
      set({ ...initialState, preferences: await preferencesItem.getValue() });
      tabId = await resolveTargetTabId(search);
      const onUpdated = (updatedId: number, change: { status?: string; url?: string }) => {
        if (updatedId !== tabId) return;
        if (change.status === 'complete' || change.url !== undefined) void get().refresh();
      };
      const onRemoved = (removedId: number) => {
        if (removedId === tabId) set({ target: { kind: 'closed', message: 'The tab was closed.' }, pending: null });
      };
      const unwatchPreferences = preferencesItem.watch((preferences) => set({ preferences }));
      browser.tabs.onUpdated.addListener(onUpdated);
      browser.tabs.onRemoved.addListener(onRemoved);
      await get().refresh();
      return () => {
        browser.tabs.onUpdated.removeListener(onUpdated);
        browser.tabs.onRemoved.removeListener(onRemoved);
        unwatchPreferences();
      };
    },

    async refresh() {
      if (tabId === null) {
        set({ target: { kind: 'not-hubspot', hubspotTabs: await listHubSpotTabs() }, settings: null });
        return;
      }
      let tab: HubSpotTab | null;
      try {
        tab = toHubSpotTab(await browser.tabs.get(tabId));
      } catch (error) {
        set({ target: { kind: 'closed', message: tabErrorFrom(error).message }, pending: null });
        return;
      }
      if (!tab) {
        set({ target: { kind: 'not-hubspot', hubspotTabs: await listHubSpotTabs() }, settings: null, pending: null });
        return;
      }
      const [settings, sameOrigin] = await Promise.all([readTabLocalSettings(tab.id), listHubSpotTabs(tab.origin)]);
      const wasReloading = get().pending === 'reload';
      set({
        target: { kind: 'hubspot', tab },
        settings,
        otherTabs: sameOrigin.filter((other) => other.id !== tab.id),
        pending: null,
        notice: wasReloading && settings.ok ? `Tab reloaded: HubSpot now reads test mode as ${flagState(settings.value.flag) === 'on' ? 'on' : 'off'}.` : get().notice,
      });
    },

    async toggleFlag() {
      const tab = targetTab();
      const { settings, pending } = get();
      if (!tab || pending || !settings?.ok) return;
      const enabled = nextFlagEnabled(settings.value.flag);
      set({ pending: 'flag', notice: null });
      afterChange(await setTabFlag(tab.id, enabled), enabled ? 'Test mode turned on.' : 'Test mode turned off.');
    },

    async removeSetting(key) {
      const tab = targetTab();
      if (!tab || get().pending) return;
      set({ pending: key, notice: null });
      afterChange(await removeTabLocalSetting(tab.id, key), `${shortSettingName(key)} removed.`);
    },

    async reloadTab() {
      const tab = targetTab();
      if (!tab) return;
      set({ pending: 'reload', notice: 'Reloading the tab…' });
      try {
        await browser.tabs.reload(tab.id);
      } catch (error) {
        set({ pending: null, notice: tabErrorFrom(error).message });
      }
    },

    async reloadOtherTabs() {
      const { otherTabs } = get();
      const results = await Promise.allSettled(otherTabs.map((other) => browser.tabs.reload(other.id)));
      const reloaded = results.filter((result) => result.status === 'fulfilled').length;
      set({ notice: `Reloaded ${reloaded} other tab${reloaded === 1 ? '' : 's'} on ${targetTab()?.origin ?? 'this origin'}.` });
    },

    async setReloadAfterChange(value) {
      const preferences = { ...get().preferences, reloadAfterChange: value };
      set({ preferences });
      await preferencesItem.setValue(preferences);
    },

    async goToTab(tab) {
      await browser.tabs.update(tab.id, { active: true });
      await browser.windows.update(tab.windowId, { focused: true });
      tabId = tab.id;
      set({ notice: null });
      await get().refresh();
    },
  };
});
