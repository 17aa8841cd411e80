/**
 * Watches the page for the calling-provider choices and reports them when they change. Idle pages cost nothing:
 * no targets or a hidden page means no observer at all, and mutations only arm one timer until it fires.
 */
import { observeProviders, type ProviderObservation, type ProviderTarget } from './providerDetection';

export interface ProviderWatcher {
  setTargets(targets: ProviderTarget[]): void;
  stop(): void;
}

export interface WatcherOptions {
  document: Document;
  report: (observations: ProviderObservation[]) => void;
  /** Quiet time after the last mutation before a scan. */
  debounceMs?: number;
  /** A page that never stops changing is still scanned this often. */
  maxWaitMs?: number;
}

/** Attributes through which pages enable or disable a choice; other attribute changes cannot change a verdict. */
const WATCHED_ATTRIBUTES = ['disabled', 'aria-disabled', 'inert', 'hidden', 'class', 'style', 'aria-label', 'title', 'role'];

export function watchProviders({ document, report, debounceMs = 40, maxWaitMs = 200 }: WatcherOptions): ProviderWatcher {
  let targets: ProviderTarget[] = [];
  let lastReport = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstPendingAt = 0;

  const scan = () => {
    timer = undefined;
    firstPendingAt = 0;
    const observations = observeProviders(document, targets);
    const serialized = JSON.stringify(observations);
    if (serialized === lastReport) return;
    lastReport = serialized;
    report(observations);
  };

  const schedule = () => {
    const now = Date.now();
    if (!firstPendingAt) firstPendingAt = now;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(scan, now - firstPendingAt >= maxWaitMs ? 0 : debounceMs);
  };

  const observer = new MutationObserver(schedule);

  const connect = () => {
    observer.disconnect();
    if (document.visibilityState === 'hidden') return;
    if (targets.length === 0) {
      scan();
      return;
    }
    observer.observe(document.documentElement, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: WATCHED_ATTRIBUTES,
    });
    schedule();
  };

  const onVisibilityChange = () => {
    if (document.visibilityState === 'hidden') {
      observer.disconnect();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      firstPendingAt = 0;
    } else {
      connect();
    }
  };
  document.addEventListener('visibilitychange', onVisibilityChange);

  return {
    setTargets(next) {
      targets = next;
      lastReport = '';
      connect();
    },
    stop() {
      observer.disconnect();
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    },
  };
}
