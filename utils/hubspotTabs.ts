/** What the extension does to HubSpot tabs: find them, and read or change their calling settings. */
import { browser, type Browser } from 'wxt/browser';
import { nextFlagEnabled, type LocalSettingsSnapshot } from './channelConnectionFlag';
import { HUBSPOT_APP_MATCHES, hubspotAppOrigin, portalIdFromUrl, type HubSpotAppOrigin } from './hubspotOrigins';
import { sendToBackground, sendToContentScript, type Result, type TabReport } from './messages';
import { preferencesItem } from './storage';
import { settle, tabErrorFrom } from './tabError';

export interface HubSpotTab {
  id: number;
  windowId: number;
  origin: HubSpotAppOrigin;
  portalId: string | null;
  title: string;
  url: string;
}

export function toHubSpotTab(tab: Browser.tabs.Tab): HubSpotTab | null {
  const origin = hubspotAppOrigin(tab.url);
  if (!origin || tab.id === undefined) return null;
  return {
    id: tab.id,
    windowId: tab.windowId,
    origin,
    portalId: portalIdFromUrl(tab.url),
    title: tab.title || (tab.url as string),
    url: tab.url as string,
  };
}

/** Tab URLs are visible to the extension only on hosts it may access, which is exactly the HubSpot app origins. */
export async function listHubSpotTabs(origin?: HubSpotAppOrigin): Promise<HubSpotTab[]> {
  const tabs = await browser.tabs.query({ url: origin ? `${origin}/*` : HUBSPOT_APP_MATCHES });
  return tabs.map(toHubSpotTab).filter((tab): tab is HubSpotTab => tab !== null);
}

export function readTabLocalSettings(tabId: number): Promise<Result<LocalSettingsSnapshot>> {
  return settle(sendToContentScript(tabId, 'readLocalSettings', null));
}

export interface TabChange {
  snapshot: LocalSettingsSnapshot;
  /** Whether the tab was reloaded, so that HubSpot, which reads its local settings on load, sees the change. */
  reloaded: boolean;
}

export interface ChangeOptions {
  /** Called once the change is written and the reload begins. */
  onReloading?: () => void;
}

export function setTabFlag(tabId: number, enabled: boolean, options?: ChangeOptions): Promise<Result<TabChange>> {
  return changeAndReload(tabId, sendToContentScript(tabId, 'setFlag', { enabled }), options);
}

export function removeTabLocalSetting(tabId: number, key: string, options?: ChangeOptions): Promise<Result<TabChange>> {
  return changeAndReload(tabId, sendToContentScript(tabId, 'removeLocalSetting', { key }), options);
}

async function changeAndReload(
  tabId: number,
  request: Promise<Result<LocalSettingsSnapshot>>,
  { onReloading }: ChangeOptions = {},
): Promise<Result<TabChange>> {
  const result = await settle(request);
  if (!result.ok) return result;
  const { reloadAfterChange } = await preferencesItem.getValue();
  if (!reloadAfterChange) return { ok: true, value: { snapshot: result.value, reloaded: false } };
  onReloading?.();
  const reloaded = await reloadTab(tabId);
  return reloaded.ok ? { ok: true, value: { snapshot: result.value, reloaded: true } } : reloaded;
}

const RELOAD_TIMEOUT_MS = 30_000;

/** Reloads a tab and resolves once it has loaded again, or with a named error when it closes or hangs. */
export function reloadTab(tabId: number, timeoutMs = RELOAD_TIMEOUT_MS): Promise<Result<null>> {
  return new Promise((resolve) => {
    let started = false;
    const finish = (result: Result<null>) => {
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.tabs.onRemoved.removeListener(onRemoved);
      resolve(result);
    };
    const onUpdated = (updatedId: number, change: Browser.tabs.OnUpdatedInfo) => {
      if (updatedId !== tabId) return;
      if (change.status === 'loading') started = true;
      else if (change.status === 'complete' && started) finish({ ok: true, value: null });
    };
    const onRemoved = (removedId: number) => {
      if (removedId === tabId) finish({ ok: false, error: { code: 'tab-closed', message: 'The tab was closed while it reloaded.' } });
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: { code: 'not-ready', message: `The tab did not finish reloading within ${timeoutMs / 1000} s.` } }),
      timeoutMs,
    );
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.tabs.onRemoved.addListener(onRemoved);
    browser.tabs.reload(tabId).catch((error: unknown) => finish({ ok: false, error: tabErrorFrom(error) }));
  });
}

/** The keyboard command: flips the flag on the focused window's active tab, as the popup's switch would. */
export async function toggleTestModeOnActiveTab(): Promise<Result<TabChange>> {
  const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  const tab = active && toHubSpotTab(active);
  if (!tab) {
    return { ok: false, error: { code: 'not-hubspot', message: 'The active tab is not a HubSpot app page.' } };
  }
  const current = await readTabLocalSettings(tab.id);
  if (!current.ok) return current;
  return setTabFlag(tab.id, nextFlagEnabled(current.value.flag));
}

/** What the background last heard from a tab's content script, and its verdict; null when it has heard nothing. */
export async function fetchTabReport(tabId: number): Promise<TabReport | null> {
  try {
    return await sendToBackground('getTabReport', { tabId });
  } catch {
    return null;
  }
}

/** Writes the flag's raw value back exactly as it was read. */
export function restoreTabFlag(tabId: number, value: string | null): Promise<Result<LocalSettingsSnapshot>> {
  return settle(sendToContentScript(tabId, 'restoreFlag', { value }));
}
