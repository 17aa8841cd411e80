/** What the extension does to HubSpot tabs: find them, and read or change their calling settings. */
import { browser, type Browser } from 'wxt/browser';
import type { LocalSettingsSnapshot } from '../flag/channelConnectionFlag';
import { appOriginFor, HUBSPOT_APP_MATCHES, hubspotAppOrigin, portalIdFromUrl, type HubSpotAppOrigin } from '../platform/hubspotOrigins';
import { sendToContentScript } from '../platform/messages';
import type { ReloadOutcome, Result, TabError } from './tabState';
import { preferencesItem } from '../platform/storage';
import { leftOriginError, settle, tabErrorFrom } from './tabError';

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

/** The tab a list of HubSpot tabs keeps chosen: `wanted` while it is open, else the first, else none. */
export function keptTabId(tabs: readonly HubSpotTab[], wanted: number | null): number | null {
  return tabs.some((tab) => tab.id === wanted) ? wanted : (tabs[0]?.id ?? null);
}

/** Opens HubSpot in a new tab: the app origin that goes with the API an app is reached at. */
export async function openHubSpotTab(apiBaseUrl: string): Promise<void> {
  await browser.tabs.create({ url: `${appOriginFor(apiBaseUrl)}/` });
}

/**
 * Calls `changed` whenever a tab opens, closes, or changes its address or title: what a list of HubSpot tabs shows.
 * Returns a function that stops.
 */
export function watchTabList(changed: () => void): () => void {
  const onUpdated = (_id: number, change: Browser.tabs.OnUpdatedInfo) => {
    if (change.url !== undefined || change.title !== undefined || change.status === 'complete') changed();
  };
  browser.tabs.onCreated.addListener(changed);
  browser.tabs.onRemoved.addListener(changed);
  browser.tabs.onUpdated.addListener(onUpdated);
  return () => {
    browser.tabs.onCreated.removeListener(changed);
    browser.tabs.onRemoved.removeListener(changed);
    browser.tabs.onUpdated.removeListener(onUpdated);
  };
}

/** The portal of the HubSpot tab the user was on last, or null when no open HubSpot tab shows one. */
export async function lastPortalId(): Promise<string | null> {
  const tabs = await browser.tabs.query({ url: HUBSPOT_APP_MATCHES });
  const withPortal = tabs.filter((tab) => portalIdFromUrl(tab.url) !== null);
  const last = withPortal.reduce<Browser.tabs.Tab | null>((latest, tab) => ((tab.lastAccessed ?? 0) > (latest?.lastAccessed ?? -1) ? tab : latest), null);
  return last ? portalIdFromUrl(last.url) : null;
}

/** The tab as a HubSpot tab, `null` when it shows another site; a named error when it is gone. */
export async function lookUpTab(tabId: number): Promise<Result<HubSpotTab | null>> {
  try {
    return { ok: true, value: toHubSpotTab(await browser.tabs.get(tabId)) };
  } catch (error) {
    return { ok: false, error: tabErrorFrom(error) };
  }
}

export async function getHubSpotTab(tabId: number): Promise<HubSpotTab | null> {
  const found = await lookUpTab(tabId);
  return found.ok ? found.value : null;
}

/** Resolves true once the tab has finished loading, false when it closes or takes longer than `timeoutMs`. */
export async function waitForTabLoaded(tabId: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await browser.tabs.get(tabId)).status === 'complete') return true;
    } catch {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

export function readTabLocalSettings(tabId: number): Promise<Result<LocalSettingsSnapshot>> {
  return settle(sendToContentScript(tabId, 'readLocalSettings', null));
}

/** A tab as an operation on it was meant: the tab, and the HubSpot origin whose settings it changes. */
export type TargetTab = Pick<HubSpotTab, 'id' | 'origin'>;

export interface TabChange {
  snapshot: LocalSettingsSnapshot;
  reload: ReloadOutcome;
}

export interface ChangeOptions {
  /** Called once the page has written the change, before any reload: the background records it from there. */
  onWritten?: (snapshot: LocalSettingsSnapshot) => void;
  /** Called once the change is written and the reload begins. */
  onReloading?: () => void;
}

export function setTabFlag(tab: TargetTab, enabled: boolean, options?: ChangeOptions): Promise<Result<TabChange>> {
  return changeAndReload(tab, sendToContentScript(tab.id, 'setFlag', { origin: tab.origin, enabled }), options);
}

export function removeTabLocalSetting(tab: TargetTab, key: string, options?: ChangeOptions): Promise<Result<TabChange>> {
  return changeAndReload(tab, sendToContentScript(tab.id, 'removeLocalSetting', { origin: tab.origin, key }), options);
}

export function setTabTestSwitch(tab: TargetTab, key: string, value: string, options?: ChangeOptions): Promise<Result<TabChange>> {
  return changeAndReload(tab, sendToContentScript(tab.id, 'setTestSwitch', { origin: tab.origin, key, value }), options);
}

export function moveTabRetiredSetting(tab: TargetTab, options?: ChangeOptions): Promise<Result<TabChange>> {
  return changeAndReload(tab, sendToContentScript(tab.id, 'moveRetiredKey', { origin: tab.origin }), options);
}

/** Writes the flag's raw value back exactly as it was read. */
export async function restoreTabFlag(tab: TargetTab, value: string | null): Promise<Result<LocalSettingsSnapshot>> {
  return explainFailure(tab, await settle(sendToContentScript(tab.id, 'restoreFlag', { origin: tab.origin, value })));
}

/** Why an operation meant for `tab` cannot go on there: the tab closed, or shows another site; null while it can. */
export async function tabGoneFrom(tab: TargetTab): Promise<TabError | null> {
  let current: Browser.tabs.Tab;
  try {
    current = await browser.tabs.get(tab.id);
  } catch (error) {
    return tabErrorFrom(error);
  }
  const origin = hubspotAppOrigin(current.url);
  return origin === tab.origin ? null : leftOriginError(tab.origin, origin);
}

/**
 * A tab that closes or navigates while a message is on its way fails it with the browser's words for a page not
 * ready yet: what became of the tab is the better explanation.
 */
async function explainFailure<T>(tab: TargetTab, result: Result<T>): Promise<Result<T>> {
  if (result.ok || (result.error.code !== 'not-ready' && result.error.code !== 'unknown')) return result;
  return { ok: false, error: (await tabGoneFrom(tab)) ?? result.error };
}

async function changeAndReload(
  tab: TargetTab,
  request: Promise<Result<LocalSettingsSnapshot>>,
  { onWritten, onReloading }: ChangeOptions = {},
): Promise<Result<TabChange>> {
  const result = await explainFailure(tab, await settle(request));
  if (!result.ok) return result;
  onWritten?.(result.value);
  const changed = (reload: ReloadOutcome): Result<TabChange> => ({ ok: true, value: { snapshot: result.value, reload } });
  const { reloadAfterChange } = await preferencesItem.getValue();
  if (!reloadAfterChange) return changed('not-asked');
  // A tab that has gone to another site meanwhile is not reloaded: that page may hold the user's unsaved work.
  const gone = await tabGoneFrom(tab);
  if (gone) return changed(gone);
  onReloading?.();
  const reloaded = await reloadTab(tab.id);
  return changed(reloaded.ok ? 'reloaded' : reloaded.error);
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

/** The active tab of the window this page belongs to: for the popup, the tab the toolbar button was clicked on. */
export async function activeTabIdOfCurrentWindow(): Promise<number | null> {
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id ?? null;
}

/**
 * Follows one tab: `onChanged` when it loads anew or goes to another URL, `onClosed` when it closes. Returns a
 * function that stops.
 */
export function watchTab(tabId: number, { onChanged, onClosed }: { onChanged: () => void; onClosed: () => void }): () => void {
  const onUpdated = (updatedId: number, change: Browser.tabs.OnUpdatedInfo) => {
    if (updatedId === tabId && (change.status === 'complete' || change.url !== undefined)) onChanged();
  };
  const onRemoved = (removedId: number) => {
    if (removedId === tabId) onClosed();
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  browser.tabs.onRemoved.addListener(onRemoved);
  return () => {
    browser.tabs.onUpdated.removeListener(onUpdated);
    browser.tabs.onRemoved.removeListener(onRemoved);
  };
}

/** Starts reloading each tab; resolves with how many could be. */
export async function reloadTabs(tabIds: number[]): Promise<number> {
  const results = await Promise.allSettled(tabIds.map((id) => browser.tabs.reload(id)));
  return results.filter((result) => result.status === 'fulfilled').length;
}

/** Brings a tab and its window to the front, or says why it could not (the tab closed meanwhile). */
export async function focusTab(tab: Pick<HubSpotTab, 'id' | 'windowId'>): Promise<Result<null>> {
  try {
    await browser.tabs.update(tab.id, { active: true });
    await browser.windows.update(tab.windowId, { focused: true });
    return { ok: true, value: null };
  } catch (error) {
    return { ok: false, error: tabErrorFrom(error) };
  }
}
