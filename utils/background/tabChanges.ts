import { browser } from 'wxt/browser';
/**
 * Every change the extension makes to a HubSpot tab, made by the background: the popup and the keyboard command ask
 * for them here, so a change and the reload that follows it finish when the popup closes meanwhile, and what the
 * background records of the tab is the only copy every page follows.
 */
import { nextFlagEnabled, type LocalSettingsSnapshot } from '../flag/channelConnectionFlag';
import { sendToExtensionPages, type TabChangeDone, type TabChangeRequest } from '../platform/messages';
import type { TabReport } from '../providers/availability';
import {
  readTabLocalSettings,
  reloadTab,
  removeTabLocalSetting,
  setTabFlag,
  toHubSpotTab,
  type TabChange,
  type TargetTab,
} from '../tabs/hubspotTabs';
import type { Result, TabError } from '../tabs/tabState';
import { getTabReport, recordLocalSettings } from './tabObservations';

const notHubSpot: TabError = { code: 'not-hubspot', message: 'The active tab is not a HubSpot app page.' };

/**
 * Reads the tab's settings afresh from its page and records them, so the answer and every later report agree.
 * A page that cannot answer is named (not ready, storage blocked, closed).
 */
export async function readTab(tabId: number): Promise<Result<TabReport>> {
  const settings = await readTabLocalSettings(tabId);
  if (!settings.ok) return settings;
  await recordLocalSettings(tabId, settings.value);
  const report = await getTabReport(tabId);
  return report ? { ok: true, value: report } : { ok: false, error: notHubSpot };
}

async function finish(tab: TargetTab, change: Promise<Result<TabChange>>): Promise<Result<TabChangeDone>> {
  const result = await change;
  if (!result.ok) return result;
  return { ok: true, value: { reload: result.value.reload, report: await getTabReport(tab.id) } };
}

/**
 * The background records what the page wrote at once, whatever becomes of the page's own report; pages that asked
 * for the change hear when its reload starts, to say so while they wait.
 */
const following = (tabId: number) => ({
  onWritten: (snapshot: LocalSettingsSnapshot) => recordLocalSettings(tabId, snapshot),
  onReloading: () => void sendToExtensionPages('tabReloading', { tabId }),
});

export function changeTestMode({ tabId, origin, enabled }: TabChangeRequest & { enabled: boolean }): Promise<Result<TabChangeDone>> {
  const tab = { id: tabId, origin };
  return finish(tab, setTabFlag(tab, enabled, following(tabId)));
}

export function removeTabSetting({ tabId, origin, key }: TabChangeRequest & { key: string }): Promise<Result<TabChangeDone>> {
  const tab = { id: tabId, origin };
  return finish(tab, removeTabLocalSetting(tab, key, following(tabId)));
}

export function reloadHubSpotTab({ tabId }: { tabId: number }): Promise<Result<null>> {
  return reloadTab(tabId);
}

/** The keyboard command: flips the flag on the focused window's active tab, as the popup's switch does. */
export async function toggleTestModeOnActiveTab(): Promise<Result<TabChangeDone>> {
  const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  const tab = active && toHubSpotTab(active);
  if (!tab) return { ok: false, error: notHubSpot };
  const current = await readTabLocalSettings(tab.id);
  if (!current.ok) return current;
  return changeTestMode({ tabId: tab.id, origin: tab.origin, enabled: nextFlagEnabled(current.value.flag) });
}

