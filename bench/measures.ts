/**
 * What the benchmark times, each from the moment a user would start waiting to the moment they would stop. Times are
 * read inside the browser (`performance.timeOrigin + performance.now()`, comparable across a machine's processes),
 * never in Node, so Playwright's round trips are not counted.
 */
import type { CDPSession, Page } from '@playwright/test';
import type { WxtBrowser } from 'wxt/browser';
import { CHURN_FUNCTION, PROVIDER_LIST_SHOWN_MARK } from '../standin/helpDeskPage';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../utils/flag/channelConnectionFlag';
import { FLAG_SHOWN_ELEMENT_TIMING } from '../utils/platform/performanceMarks';
import { openToolbarPopup, pageMetrics, type BenchBrowser, type ExtensionBrowser } from './browsers';

declare const chrome: WxtBrowser;

const FLAG_WRITTEN_AT = 'bench:flag-written-at';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A page cannot see its own localStorage writes as events, but a same-origin frame inside it can: the frame notes
 * when the flag changed in sessionStorage, which outlives the reload that follows.
 */
function recordFlagWrites(page: Page): Promise<void> {
  return page.evaluate(
    ([key, note]) => {
      sessionStorage.removeItem(note);
      const frame = document.createElement('iframe');
      frame.hidden = true;
      document.body.append(frame);
      frame.contentWindow?.addEventListener('storage', (event) => {
        if (event.key === key) sessionStorage.setItem(note, String(performance.timeOrigin + performance.now()));
      });
    },
    [SUPPORTS_CHANNEL_CONNECTION_KEY, FLAG_WRITTEN_AT] as const,
  );
}

const loadEventAt = (page: Page) =>
  page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return navigation && navigation.loadEventStart > 0 ? performance.timeOrigin + navigation.loadEventStart : undefined;
  });

/** When the popup first painted its flag text, read from Chromium's Element Timing entry. */
function flagPaintedAt(popup: Page): Promise<number> {
  return popup.evaluate(
    (identifier) =>
      new Promise<number>((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`no element timing entry "${identifier}"`)), 10_000);
        // TypeScript's DOM types do not have PerformanceElementTiming yet.
        type ElementTiming = PerformanceEntry & { identifier: string; renderTime: number };
        new PerformanceObserver((list, observer) => {
          const entry = (list.getEntries() as ElementTiming[]).find((candidate) => candidate.identifier === identifier);
          if (!entry) return;
          observer.disconnect();
          clearTimeout(timeout);
          resolve(performance.timeOrigin + entry.renderTime);
        }).observe({ type: 'element', buffered: true });
      }),
    FLAG_SHOWN_ELEMENT_TIMING,
  );
}

/** From the toolbar click to the popup's flag text painted, for any extension whose popup marks it. */
export async function popupPaintOnce(browser: ExtensionBrowser, tab: Page): Promise<number> {
  await tab.bringToFront();
  const { requestedAt, popup, close } = await openToolbarPopup(browser);
  const paintedAt = await flagPaintedAt(popup);
  await close();
  return paintedAt - requestedAt;
}

export interface PopupAndToggleSample {
  popupReady: number;
  toggle: number;
  reload: number;
  toggleAndReload: number;
  manualSetItemAndReload: number;
}

/**
 * Opens the real toolbar popup on the HubSpot tab, times it until the switch is painted with the tab's real flag,
 * clicks the switch, and times the flag's write and the reload the popup asks for. Then it puts the flag back the
 * manual way (`localStorage.setItem` in the page, then a reload), the bare minimum the toggle is compared with.
 */
export async function popupAndToggleOnce(browser: ExtensionBrowser, page: Page): Promise<PopupAndToggleSample> {
  await page.bringToFront();
  const flagBefore = await page.evaluate((key) => localStorage.getItem(key), SUPPORTS_CHANNEL_CONNECTION_KEY);
  await recordFlagWrites(page);

  const { requestedAt, popup, close } = await openToolbarPopup(browser);
  const flagShownAt = await flagPaintedAt(popup);
  const shown = await popup.getByRole('switch').getAttribute('aria-checked');
  if ((shown === 'true') !== (flagBefore === 'true')) {
    throw new Error(`The popup showed test mode ${shown === 'true' ? 'on' : 'off'} while the tab's flag is ${JSON.stringify(flagBefore)}.`);
  }

  const reloaded = page.waitForEvent('load');
  const clickedAt = await popup.evaluate(() => {
    const at = performance.timeOrigin + performance.now();
    document.querySelector<HTMLElement>('[role="switch"]')?.click();
    return at;
  });
  await reloaded;
  const loadedAt = await until('the reloaded tab', () => loadEventAt(page));
  const { flag, writtenAt } = await page.evaluate(
    ([key, note]) => ({ flag: localStorage.getItem(key), writtenAt: Number(sessionStorage.getItem(note)) }),
    [SUPPORTS_CHANNEL_CONNECTION_KEY, FLAG_WRITTEN_AT] as const,
  );
  if ((flag === 'true') === (flagBefore === 'true') || !writtenAt) throw new Error('The click did not change the flag.');
  await close();

  const setAt = await page.evaluate(
    ([key, value]) => {
      const at = performance.timeOrigin + performance.now();
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
      return at;
    },
    [SUPPORTS_CHANNEL_CONNECTION_KEY, flagBefore] as const,
  );
  await page.reload();
  const manualLoadedAt = await until('the reloaded tab', () => loadEventAt(page));
  return {
    popupReady: flagShownAt - requestedAt,
    toggle: writtenAt - clickedAt,
    reload: loadedAt - writtenAt,
    toggleAndReload: loadedAt - clickedAt,
    manualSetItemAndReload: manualLoadedAt - setAt,
  };
}

/**
 * Each run reloads the help-desk page; the page marks when its provider list appears, and a listener added to the
 * service worker notes when the content script's report of the provider arrives there.
 */
export async function measureDetection(browser: ExtensionBrowser, page: Page, runs: number): Promise<number[]> {
  await browser.serviceWorker.evaluate(() => {
    const global = globalThis as { benchReports?: { at: number; found: boolean }[] };
    if (global.benchReports) return;
    global.benchReports = [];
    chrome.runtime.onMessage.addListener((message: { type?: string; payload?: { matchedBy?: string }[] }) => {
      if (message?.type !== 'providersObserved') return;
      const found = Array.isArray(message.payload) && message.payload.some((observation) => observation.matchedBy !== 'none');
      global.benchReports?.push({ at: performance.timeOrigin + performance.now(), found });
    });
  });
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    await browser.serviceWorker.evaluate(() => {
      (globalThis as { benchReports?: unknown[] }).benchReports = [];
    });
    await page.reload();
    const shownAt = await providerListShownAt(page);
    const reportedAt = await until('the provider report in the service worker', () =>
      browser.serviceWorker.evaluate(
        (after) => (globalThis as { benchReports?: { at: number; found: boolean }[] }).benchReports?.find((report) => report.found && report.at >= after)?.at,
        shownAt,
      ),
    );
    samples.push(reportedAt - shownAt);
  }
  return samples;
}

const providerListShownAt = (page: Page) =>
  until('the provider list', () =>
    page.evaluate((mark) => {
      const [entry] = performance.getEntriesByName(mark);
      return entry ? performance.timeOrigin + entry.startTime : undefined;
    }, PROVIDER_LIST_SHOWN_MARK),
  );

export interface ChurnSample {
  /** Main-thread CPU time spent running script while the page churned, in ms. */
  scriptMs: number;
  /** All main-thread CPU time (script, style, layout, ...) while the page churned, in ms. */
  taskMs: number;
  /** The JS heap after the churn and a garbage collection, in bytes. */
  heapBytes: number;
}

/** Reloads the help-desk page and lets it settle, so each churn starts from the same state. */
async function settledHelpDesk(page: Page): Promise<void> {
  await page.bringToFront();
  await page.reload();
  await providerListShownAt(page);
  await page.waitForTimeout(500);
}

/** Has the page add and remove `nodesPerSecond` nodes a second for `seconds`, through the stand-in's own function. */
async function churn(page: Page, nodesPerSecond: number, seconds: number): Promise<void> {
  const churned = await page.evaluate(
    ([name, rate, ms]) => (window as unknown as Record<string, (rate: number, ms: number) => Promise<{ added: number; removed: number }>>)[name]?.(rate, ms),
    [CHURN_FUNCTION, nodesPerSecond, seconds * 1000] as const,
  );
  if (!churned || churned.added < nodesPerSecond * seconds * 0.99) {
    throw new Error(`The page churned ${churned?.added ?? 0} nodes instead of ${nodesPerSecond * seconds}.`);
  }
}

/**
 * Has every page churn at the same time, reading Chromium's per-page counters before and after. Thread ticks count
 * CPU time, so a busy machine does not inflate them the way wall time would; and pages measured side by side meet the
 * same machine, so whatever else it is doing weighs on each of them alike, which pages measured one after the other
 * do not (per-run ratios spread from ×0.76 to ×1.35 that way, from ×1.03 to ×1.10 side by side).
 */
export async function measureChurnSideBySide(
  pages: readonly { browser: BenchBrowser; page: Page }[],
  nodesPerSecond: number,
  seconds: number,
): Promise<ChurnSample[]> {
  await Promise.all(pages.map(({ page }) => settledHelpDesk(page)));
  const sessions = await Promise.all(pages.map(({ browser, page }) => browser.context.newCDPSession(page)));
  try {
    return await Promise.all(
      pages.map(async ({ page }, index) => {
        const session = sessions[index] as CDPSession;
        await session.send('Performance.enable', { timeDomain: 'threadTicks' });
        const before = await pageMetrics(session);
        await churn(page, nodesPerSecond, seconds);
        const after = await pageMetrics(session);
        await session.send('HeapProfiler.collectGarbage');
        const collected = await pageMetrics(session);
        const delta = (name: string) => ((after[name] ?? Number.NaN) - (before[name] ?? Number.NaN)) * 1000;
        return { scriptMs: delta('ScriptDuration'), taskMs: delta('TaskDuration'), heapBytes: collected.JSHeapUsedSize ?? Number.NaN };
      }),
    );
  } finally {
    await Promise.all(sessions.map((session) => session.detach()));
  }
}

/**
 * The time V8's sampling profiler finds in the extension's own code while the page churns: the content script's
 * share of the page's script time, apart from whatever the browser spends on any extension being there.
 */
export async function measureContentScriptSelfTime(browser: ExtensionBrowser, page: Page, nodesPerSecond: number, seconds: number): Promise<number> {
  await settledHelpDesk(page);
  const session = await browser.context.newCDPSession(page);
  try {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 100 });
    await session.send('Profiler.start');
    await churn(page, nodesPerSecond, seconds);
    const { profile } = await session.send('Profiler.stop');
    const ours = new Set(profile.nodes.filter((node) => node.callFrame.url.startsWith(`chrome-extension://${browser.extensionId}/`)).map((node) => node.id));
    const deltas = profile.timeDeltas ?? [];
    // Each sample's time is the delta that follows it.
    const microseconds = (profile.samples ?? []).reduce((sum, id, index) => (ours.has(id) ? sum + (deltas[index + 1] ?? 0) : sum), 0);
    return microseconds / 1000;
  } finally {
    await session.detach();
  }
}
