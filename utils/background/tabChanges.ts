/**
 * Every change the extension makes to a HubSpot tab, made by the background: the popup and the keyboard command ask
 * for them here, so a change and the reload that follows it finish when the popup closes meanwhile, and what the
 * background records of the tab is the only copy every page follows.
 */
import { browser } from 'wxt/browser';
import { nextFlagEnabled } from '../flag/channelConnectionFlag';
import { sendToExtensionPages, type TabChangeDone, type TabChangeRequest } from '../platform/messages';
import type { TabReport } from '../providers/availability';
import {
  readTabLocalSettings,
  reloadTab,
  removeTabLocalSetting,
  setTabFlag,
  setTabTestSwitch,
  moveTabRetiredSetting,
  toHubSpotTab,
  type ChangeOptions,
  type TabChange,
} from '../tabs/hubspotTabs';
import type { Result, TabError } from '../tabs/tabState';
import { getTabReport, recordAndReport } from './tabObservations';

const notHubSpot = (which: string): TabError => ({ code: 'not-hubspot', message: `${which} is not a HubSpot app page.` });

/**
 * Reads the tab's settings afresh from its page and records them, so the answer and every later report agree.
 * A page that cannot answer is named (not ready, storage blocked, closed).
 */
export async function readTab(tabId: number): Promise<Result<TabReport>> {
  const settings = await readTabLocalSettings(tabId);
  if (!settings.ok) return settings;
  const report = await recordAndReport(tabId, settings.value);
  return report ? { ok: true, value: report } : { ok: false, error: notHubSpot('The tab') };
}

/**
 * Makes one change with `make`, recording what the page wrote as soon as it is written (the reload does not wait for
 * it), and answers how the reload went with the tab's record once that is stored.
 */
async function changeTab(
  tabId: number,
  make: (options: ChangeOptions) => Promise<Result<TabChange>>,
): Promise<Result<TabChangeDone>> {
  let recorded: Promise<unknown> = Promise.resolve();
  const result = await make({
    onWritten: (snapshot) => {
      recorded = recordAndReport(tabId, snapshot);
    },
    // Pages that asked for the change hear when its reload starts, to say so while they wait.
    onReloading: () => void sendToExtensionPages('tabReloading', { tabId }),
  });
  if (!result.ok) return result;
  await recorded;
  return { ok: true, value: { reload: result.value.reload, report: await getTabReport(tabId) } };
}

export function changeTestMode({ tabId, origin, enabled }: TabChangeRequest & { enabled: boolean }): Promise<Result<TabChangeDone>> {
  return changeTab(tabId, (options) => setTabFlag({ id: tabId, origin }, enabled, options));
}

export function changeTestSwitch({ tabId, origin, key, value }: TabChangeRequest & { key: string; value: string | null }): Promise<Result<TabChangeDone>> {
  return changeTab(tabId, (options) =>
    value === null ? removeTabLocalSetting({ id: tabId, origin }, key, options) : setTabTestSwitch({ id: tabId, origin }, key, value, options),
  );
}

export function moveRetiredSetting({ tabId, origin }: TabChangeRequest): Promise<Result<TabChangeDone>> {
  return changeTab(tabId, (options) => moveTabRetiredSetting({ id: tabId, origin }, options));
}

export function removeTabSetting({ tabId, origin, key }: TabChangeRequest & { key: string }): Promise<Result<TabChangeDone>> {
  return changeTab(tabId, (options) => removeTabLocalSetting({ id: tabId, origin }, key, options));
}

export function reloadHubSpotTab({ tabId }: { tabId: number }): Promise<Result<null>> {
  return reloadTab(tabId);
}

/** The keyboard command: flips the flag on the focused window's active tab, as the popup's switch does. */
export async function toggleTestModeOnActiveTab(): Promise<Result<TabChangeDone>> {
  const [active] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  const tab = active && toHubSpotTab(active);
  if (!tab) return { ok: false, error: notHubSpot('The active tab') };
  const current = await readTabLocalSettings(tab.id);
  if (!current.ok) return current;
  return changeTestMode({ tabId: tab.id, origin: tab.origin, enabled: nextFlagEnabled(current.value.flag) });
}

