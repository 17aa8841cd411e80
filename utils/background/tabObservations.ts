/** The background's record of each HubSpot tab: its flag and the providers its page shows. */
import { browser } from 'wxt/browser';
import { assessTab, isReadyOf, type TabReport, type Verdict } from '../providers/availability';
import { badgeForFlag, showBadge, type Badge } from './badge';
import type { LocalSettingsSnapshot } from '../flag/channelConnectionFlag';
import { hubspotAppOrigin } from '../platform/hubspotOrigins';
import { listHubSpotTabs } from '../tabs/hubspotTabs';
import { sendToContentScript, sendToExtensionPages } from '../platform/messages';
import type { TabObservation } from '../tabs/tabState';
import type { ProviderObservation, ProviderTarget } from '../providers/providerDetection';
import { mergeFrameReports } from '../providers/frameObservations';
import { activeProfile } from '../profiles/appProfiles';
import { isReadyStatusItem, profilesItem, tabObservationsItem } from '../platform/storage';

let queue: Promise<unknown> = Promise.resolve();

/** Updates are serialized: two messages arriving together must not overwrite each other's read-modify-write. */
function update(tabId: number, change: (current: TabObservation | undefined) => TabObservation | undefined) {
  const next = queue.then(async () => {
    const all = { ...(await tabObservationsItem.getValue()) };
    const changed = change(all[tabId]);
    if (changed) all[tabId] = changed;
    else delete all[tabId];
    await tabObservationsItem.setValue(all);
    return changed;
  });
  queue = next.catch(() => undefined);
  return next;
}

/** Only a HubSpot app origin is recorded: a sandboxed HubSpot page reports the opaque origin "null", with no flag. */
const isRecorded = (origin: string) => hubspotAppOrigin(origin) !== null;

/** A new document: what the previous one showed no longer counts, and its flag is what HubSpot reads now. */
export async function recordPageLoad(tabId: number, snapshot: LocalSettingsSnapshot): Promise<void> {
  if (!isRecorded(snapshot.origin)) return;
  const now = Date.now();
  const record = await update(tabId, () => ({
    origin: snapshot.origin,
    flag: snapshot.flag,
    flagOnLoad: snapshot.flag,
    otherSettings: snapshot.otherSettings,
    loadedAt: now,
    providers: null,
    observedAt: now,
  }));
  if (record) await publish(tabId, record);
}

function updateLocalSettings(tabId: number, snapshot: LocalSettingsSnapshot): Promise<TabObservation | undefined> {
  if (!isRecorded(snapshot.origin)) return Promise.resolve(undefined);
  return update(tabId, (current) => {
    const now = Date.now();
    const samePage = current?.origin === snapshot.origin;
    return {
      origin: snapshot.origin,
      flag: snapshot.flag,
      flagOnLoad: samePage ? current.flagOnLoad : snapshot.flag,
      otherSettings: snapshot.otherSettings,
      loadedAt: samePage ? current.loadedAt : now,
      providers: samePage ? current.providers : null,
      ...(samePage && current.frames && { frames: current.frames }),
      observedAt: now,
    };
  });
}

export async function recordLocalSettings(tabId: number, snapshot: LocalSettingsSnapshot): Promise<void> {
  const record = await updateLocalSettings(tabId, snapshot);
  if (record) await publish(tabId, record);
}

/**
 * Records what a page answered and resolves with the tab's report as soon as it is stored: the badge and open pages
 * follow without being waited for, so the page that asked sees the flag sooner. Their report is judged again when
 * sent, so an isReady status stored meanwhile reaches them after this answer.
 */
export async function recordAndReport(tabId: number, snapshot: LocalSettingsSnapshot): Promise<TabReport | null> {
  const record = await updateLocalSettings(tabId, snapshot);
  if (!record) return null;
  const report = await reportOf(record);
  void publish(tabId, record);
  return report;
}

/** A frame's path, for the reasons the popup shows; never its query, which may carry more than a place. */
function pathOf(url: string | undefined): string {
  try {
    return url ? new URL(url).pathname : 'of unknown address';
  } catch {
    return 'of unknown address';
  }
}

/**
 * Records what a frame of the tab shows: `frameId` 0 is the page itself; another frame's report is merged with the
 * page's, and is kept only while the tab shows the page it belongs to (it needs the page's record).
 */
export async function recordProviders(
  tabId: number,
  origin: string,
  providers: ProviderObservation[],
  frame: { id: number; url?: string } = { id: 0 },
): Promise<void> {
  if (!isRecorded(origin)) return;
  const record = await update(tabId, (current) => {
    const now = Date.now();
    if (frame.id !== 0) {
      if (!current) return current;
      const frames = { 0: { where: null, providers: current.providers ?? [] }, ...current.frames, [frame.id]: { where: pathOf(frame.url), providers } };
      return { ...current, frames, providers: mergeFrameReports(Object.values(frames)), observedAt: now };
    }
    const samePage = current?.origin === origin;
    const frames = samePage && current.frames ? { ...current.frames, 0: { where: null, providers } } : undefined;
    return {
      origin,
      flag: samePage ? current.flag : null,
      flagOnLoad: samePage ? current.flagOnLoad : null,
      otherSettings: samePage ? current.otherSettings : [],
      loadedAt: samePage ? current.loadedAt : now,
      providers: frames ? mergeFrameReports(Object.values(frames)) : providers,
      ...(frames && { frames }),
      observedAt: now,
    };
  });
  if (record) await publish(tabId, record);
}

export async function forgetTab(tabId: number): Promise<void> {
  await update(tabId, () => undefined);
}

export async function getTabObservation(tabId: number): Promise<TabObservation | null> {
  return (await tabObservationsItem.getValue())[tabId] ?? null;
}

/** Names and selectors of every profile's app: what content scripts look for. Never a credential. */
export async function providerTargets(): Promise<ProviderTarget[]> {
  const { profiles } = await profilesItem.getValue();
  return profiles.map((profile) => ({
    profileId: profile.id,
    name: profile.appDisplayName,
    ...(profile.providerSelector ? { selector: profile.providerSelector } : {}),
  }));
}

export async function broadcastProviderTargets(): Promise<void> {
  const targets = await providerTargets();
  const tabs = await listHubSpotTabs();
  await Promise.all(tabs.map((tab) => sendToContentScript(tab.id, 'setProviderTargets', targets).catch(() => null)));
}

/** How the active profile's app on this tab compares with the rules; null when no profile is active. */
export async function assessmentFor(record: TabObservation): Promise<TabReport['assessment']> {
  const [profiles, statuses] = await Promise.all([profilesItem.getValue(), isReadyStatusItem.getValue()]);
  const profile = activeProfile(profiles);
  if (!profile) return null;
  const assessment = assessTab(record, profile, isReadyOf(statuses[profile.id]));
  return assessment && { profileId: profile.id, ...assessment };
}

/** A record with the verdict on it, judged now. */
async function reportOf(observation: TabObservation): Promise<TabReport> {
  return { observation, assessment: await assessmentFor(observation) };
}

export async function getTabReport(tabId: number): Promise<TabReport | null> {
  const observation = await getTabObservation(tabId);
  return observation && reportOf(observation);
}

export function badgeWithVerdict(record: TabObservation, verdict: Verdict | null): Badge {
  const badge = badgeForFlag(record.flag, record.origin);
  if (verdict?.kind !== 'mismatch') return badge;
  return { ...badge, text: '≠', color: '#cf222e', title: `${badge.title}. Mismatch: ${verdict.message}` };
}

async function publish(tabId: number, observation: TabObservation): Promise<void> {
  const report = await reportOf(observation);
  await Promise.all([
    showBadge(tabId, badgeWithVerdict(observation, report.assessment?.verdict ?? null)).catch(() => undefined),
    sendToExtensionPages('tabReportChanged', { tabId, report }),
  ]);
}

/** When isReady or the active profile changes, every tab's verdict may change with it: its badge and open pages follow. */
export async function republishAllTabs(): Promise<void> {
  const all = await tabObservationsItem.getValue();
  await Promise.all(Object.entries(all).map(([tabId, record]) => publish(Number(tabId), record)));
}

export function watchTabs(): void {
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
}
