/**
 * Watches the page for the calling-provider choices and reports them when they change. HubSpot tabs stay open all
 * day, so the watcher's cost is kept to what a change can matter:
 * - no targets or a hidden page: no observer at all;
 * - a change that cannot touch a target's name or the elements a verdict came from: no scan;
 * - a page that changes faster than anyone could read (a busy feed): the observer itself costs more than it is worth,
 *   so it is disconnected, the page is scanned once, and observed again after a pause that doubles, up to a limit,
 *   for as long as the page stays busy.
 */
import { scanProviders, type ClosedShadowRootOf, type ProviderObservation, type ProviderTarget } from './providerDetection';
import { isStylesheet, mayChangeProviders, mutationContext, OBSERVED_MUTATIONS, type MutationContext } from './providerMutations';

export interface ProviderWatcher {
  setTargets(targets: ProviderTarget[]): void;
  stop(): void;
}

export interface WatcherOptions {
  document: Document;
  report: (observations: ProviderObservation[]) => void;
  /** Where the browser offers it, to say that a closed shadow root hides part of the page. */
  closedShadowRootOf?: ClosedShadowRootOf;
  /** Quiet time after the last relevant mutation before a scan. */
  debounceMs?: number;
  /** A provider list that never stops changing is still scanned this often. */
  maxWaitMs?: number;
  /** More mutation records than this within `busyWindowMs` make the page busy. */
  busyRecords?: number;
  busyWindowMs?: number;
  /** How long a page that just became busy goes unobserved before the watcher looks again. */
  busyPauseMs?: number;
  /** The longest pause, for a page that stays busy. */
  maxBusyPauseMs?: number;
}

export function watchProviders({
  document,
  report,
  closedShadowRootOf,
  debounceMs = 40,
  maxWaitMs = 200,
  busyRecords = 100,
  busyWindowMs = 100,
  busyPauseMs = 2000,
  maxBusyPauseMs = 8000,
}: WatcherOptions): ProviderWatcher {
  let targets: ProviderTarget[] = [];
  let context: MutationContext = mutationContext([], []);
  let lastReport = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pauseTimer: ReturnType<typeof setTimeout> | undefined;
  let firstPendingAt = 0;
  let connectedAt = 0;
  let windowStart = 0;
  let windowRecords = 0;
  /** The last pause of the current busy spell; 0 when the page is not in one. */
  let pauseMs = 0;
  let observing = false;
  /** Open shadow roots the last scan looked in: each needs observing of its own, the document's observer stops at them. */
  let shadowRoots: ShadowRoot[] = [];

  const observeShadowRoots = () => {
    for (const shadowRoot of shadowRoots) observer.observe(shadowRoot, OBSERVED_MUTATIONS);
  };

  const scan = () => {
    timer = undefined;
    firstPendingAt = 0;
    const { observations, elements, shadowRoots: found } = scanProviders(document, targets, closedShadowRootOf);
    shadowRoots = found;
    if (observing) observeShadowRoots();
    context = mutationContext(targets, elements, document);
    const serialized = JSON.stringify(observations);
    if (serialized === lastReport) return;
    lastReport = serialized;
    report(observations);
  };

  const cancelScan = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    firstPendingAt = 0;
  };

  const schedule = () => {
    const now = Date.now();
    if (!firstPendingAt) firstPendingAt = now;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(scan, now - firstPendingAt >= maxWaitMs ? 0 : debounceMs);
  };

  const disconnect = () => {
    observer.disconnect();
    observing = false;
    if (pauseTimer !== undefined) clearTimeout(pauseTimer);
    pauseTimer = undefined;
  };

  const connect = () => {
    disconnect();
    if (document.visibilityState === 'hidden') return;
    if (targets.length === 0) {
      scan();
      return;
    }
    observer.observe(document.documentElement, OBSERVED_MUTATIONS);
    observing = true;
    observeShadowRoots();
    connectedAt = Date.now();
    windowStart = connectedAt;
    windowRecords = 0;
    // Whatever changed while nothing was observed is read now.
    schedule();
  };

  const pause = () => {
    // A page observed calmly for longer than a first pause starts a new busy spell rather than going on with one.
    const spellGoesOn = pauseMs > 0 && Date.now() - connectedAt <= busyPauseMs;
    pauseMs = spellGoesOn ? Math.min(pauseMs * 2, maxBusyPauseMs) : busyPauseMs;
    disconnect();
    cancelScan();
    timer = setTimeout(scan, debounceMs);
    pauseTimer = setTimeout(connect, pauseMs);
  };

  const observer = new MutationObserver((records) => {
    const now = Date.now();
    if (now - windowStart >= busyWindowMs) {
      windowStart = now;
      windowRecords = 0;
    }
    windowRecords += records.length;
    if (windowRecords > busyRecords) pause();
    else if (mayChangeProviders(records, context)) schedule();
  });

  // A stylesheet's rules arrive after its element does, with no mutation to say so.
  const onLoad = (event: Event) => {
    if (timer === undefined && pauseTimer === undefined && targets.length > 0 && isStylesheet(event.target)) schedule();
  };
  document.addEventListener('load', onLoad, true);

  const onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') {
      disconnect();
      cancelScan();
    } else {
      connect();
    }
  };
  document.addEventListener('visibilitychange', onVisibilityChange);

  return {
    setTargets(next) {
      targets = next;
      context = mutationContext(targets, []);
      lastReport = '';
      connect();
    },
    stop() {
      disconnect();
      cancelScan();
      document.removeEventListener('visibilitychange', onVisibilityChange);
      document.removeEventListener('load', onLoad, true);
    },
  };
}
