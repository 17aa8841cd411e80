// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { scanProviders, type ProviderObservation, type ProviderTarget } from '../providerDetection';
import { watchProviders, type ProviderWatcher } from '../providerWatcher';

vi.mock('../providerDetection', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../providerDetection')>();
  return { ...actual, scanProviders: vi.fn(actual.scanProviders) };
});

const scans = vi.mocked(scanProviders);
const realScanProviders = scans.getMockImplementation() as typeof scanProviders;
const NAME = 'Acme Dialer';
const TARGET: ProviderTarget = { profileId: 'profile-1', name: NAME };
const DEBOUNCE_MS = 40;
const MAX_WAIT_MS = 200;
const BUSY_RECORDS = 100;
const BUSY_PAUSE_MS = 2000;
const MAX_BUSY_PAUSE_MS = 8000;

let visibility: DocumentVisibilityState;
let watcher: ProviderWatcher;
let report: ReturnType<typeof vi.fn<(observations: ProviderObservation[]) => void>>;

function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

function showProviders(disabled: boolean) {
  document.body.innerHTML = `<ul role="listbox"><li><button ${disabled ? 'disabled' : ''}>${NAME}</button></li><li><button>Other Calls</button></li></ul>`;
}

function providerButton(): HTMLButtonElement {
  const button = Array.from(document.querySelectorAll('button')).find((element) => element.textContent === NAME);
  if (!button) throw new Error('no provider button');
  return button;
}

/** Runs due timers and the mutation observer callbacks (microtasks) they lead to. */
const elapse = (ms: number) => vi.advanceTimersByTimeAsync(ms);

const lastReport = () => report.mock.calls.at(-1)?.[0];

beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  document.body.replaceChildren();
  scans.mockClear();
  scans.mockImplementation(realScanProviders);
  report = vi.fn<(observations: ProviderObservation[]) => void>();
  watcher = watchProviders({
    document,
    report,
    debounceMs: DEBOUNCE_MS,
    maxWaitMs: MAX_WAIT_MS,
    busyRecords: BUSY_RECORDS,
    busyWindowMs: 100,
    busyPauseMs: BUSY_PAUSE_MS,
    maxBusyPauseMs: MAX_BUSY_PAUSE_MS,
  });
});

afterEach(() => {
  watcher.stop();
  vi.useRealTimers();
  delete (document as { visibilityState?: unknown }).visibilityState;
  document.body.replaceChildren();
});

describe('watchProviders without targets', () => {
  it('does nothing before it is given targets', async () => {
    showProviders(true);
    await elapse(1000);
    expect(scans).not.toHaveBeenCalled();
    expect(report).not.toHaveBeenCalled();
  });

  it('reports [] once and observes nothing', async () => {
    watcher.setTargets([]);
    expect(report).toHaveBeenCalledTimes(1);
    expect(report).toHaveBeenCalledWith([]);
    const scansBefore = scans.mock.calls.length;

    showProviders(true);
    await elapse(10);
    providerButton().disabled = false;
    document.body.append(document.createElement('div'));
    await elapse(1000);

    expect(scans).toHaveBeenCalledTimes(scansBefore);
    expect(report).toHaveBeenCalledTimes(1);
  });
});

describe('watchProviders with targets', () => {
  it('scans once the debounce has passed, not before', async () => {
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS - 1);
    expect(scans).not.toHaveBeenCalled();
    expect(report).not.toHaveBeenCalled();

    await elapse(1);
    expect(scans).toHaveBeenCalledTimes(1);
    expect(scans).toHaveBeenCalledWith(document, [TARGET], undefined);
    expect(report).toHaveBeenCalledTimes(1);
    expect(lastReport()).toEqual([expect.objectContaining({ profileId: 'profile-1', matchedBy: 'none', state: 'unknown' })]);
  });

  it('reports the provider list exactly once when the page adds it', async () => {
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    report.mockClear();

    showProviders(true);
    await elapse(1000);

    expect(report).toHaveBeenCalledTimes(1);
    expect(lastReport()).toEqual([
      { profileId: 'profile-1', name: NAME, state: 'greyed-out', matchedBy: 'name', matches: 1, signals: ['disabled'] },
    ]);
  });

  it('reports again when the provider becomes selectable', async () => {
    showProviders(true);
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    expect(lastReport()?.[0]?.state).toBe('greyed-out');

    providerButton().disabled = false;
    await elapse(DEBOUNCE_MS);

    expect(report).toHaveBeenCalledTimes(2);
    expect(lastReport()?.[0]).toMatchObject({ state: 'selectable', signals: [] });
  });

  it('does not report again when mutations leave the result as it was', async () => {
    showProviders(true);
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    expect(report).toHaveBeenCalledTimes(1);

    document.body.append(Object.assign(document.createElement('p'), { textContent: 'Connect a channel' }));
    await elapse(DEBOUNCE_MS);
    document.querySelector('ul')?.setAttribute('class', 'list changed');
    await elapse(DEBOUNCE_MS);
    providerButton().title = NAME;
    await elapse(1000);

    expect(scans.mock.calls.length).toBeGreaterThan(1);
    expect(report).toHaveBeenCalledTimes(1);
  });

  it('ignores attribute changes that cannot change a verdict', async () => {
    showProviders(true);
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    const scansBefore = scans.mock.calls.length;

    providerButton().setAttribute('data-tracking', 'x');
    providerButton().setAttribute('aria-expanded', 'false');
    await elapse(1000);

    expect(scans).toHaveBeenCalledTimes(scansBefore);
  });

  it('scans once for a burst of mutations within the debounce', async () => {
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    const scansBefore = scans.mock.calls.length;

    for (let index = 0; index < 10; index++) {
      document.body.append(Object.assign(document.createElement('span'), { textContent: `${NAME} row ${index}` }));
      await elapse(DEBOUNCE_MS / 4);
    }
    expect(scans).toHaveBeenCalledTimes(scansBefore);
    await elapse(DEBOUNCE_MS);

    expect(scans).toHaveBeenCalledTimes(scansBefore + 1);
  });

  it('still scans at least every maxWaitMs while the provider list itself never stops changing', async () => {
    showProviders(true);
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    const scannedAt: number[] = [];
    scans.mockImplementation((root, targets) => {
      scannedAt.push(Date.now());
      return realScanProviders(root, targets);
    });
    const start = Date.now();

    for (let index = 0; index < 100; index++) {
      providerButton().classList.toggle('pulse');
      await elapse(10);
    }

    expect(scannedAt.length).toBeGreaterThanOrEqual(4);
    const gaps = scannedAt.map((time, index) => time - (index === 0 ? start : (scannedAt[index - 1] as number)));
    for (const gap of gaps) expect(gap).toBeLessThanOrEqual(MAX_WAIT_MS + 10);
    expect(lastReport()?.[0]?.state).toBe('greyed-out');
  });

  it('does not scan for what cannot touch a provider: a feed, a counter, a class elsewhere', async () => {
    showProviders(true);
    document.body.insertAdjacentHTML('beforeend', '<ol id="feed"></ol><span id="counter">0</span>');
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    const scansBefore = scans.mock.calls.length;
    const feed = document.getElementById('feed') as HTMLElement;
    const counter = document.getElementById('counter') as HTMLElement;

    for (let index = 0; index < 50; index++) {
      feed.append(Object.assign(document.createElement('li'), { textContent: `Ticket #${index} updated` }));
      if (feed.childElementCount > 5) feed.firstElementChild?.remove();
      (counter.firstChild as Text).data = String(index);
      feed.className = index % 2 ? 'odd' : 'even';
      await elapse(50);
    }

    expect(scans).toHaveBeenCalledTimes(scansBefore);
  });

    it('reports [] when its targets are taken away, and stops observing', async () => {
    showProviders(true);
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    expect(lastReport()).toHaveLength(1);

    watcher.setTargets([]);
    expect(lastReport()).toEqual([]);
    const scansBefore = scans.mock.calls.length;
    const reportsBefore = report.mock.calls.length;

    providerButton().disabled = false;
    await elapse(1000);
    expect(scans).toHaveBeenCalledTimes(scansBefore);
    expect(report).toHaveBeenCalledTimes(reportsBefore);
  });

  it('reports with new targets even when the result looks the same as before', async () => {
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    expect(report).toHaveBeenCalledTimes(2);
  });
});

describe('watchProviders on a busy page', () => {
  /** Adds and removes nodes like a live feed: `count` records in one go. */
  function churn(count: number) {
    const feed = document.getElementById('feed') ?? document.body.appendChild(Object.assign(document.createElement('ol'), { id: 'feed' }));
    for (let index = 0; index < count; index++) {
      feed.append(document.createElement('li'));
      if (feed.childElementCount > 20) feed.firstElementChild?.remove();
    }
  }

  /** Churns every 10 ms for `ms`, noting when the page was scanned. */
  async function churnFor(ms: number, scannedAt: number[]) {
    scans.mockImplementation((root, targets) => {
      scannedAt.push(Date.now());
      return realScanProviders(root, targets);
    });
    for (let elapsed = 0; elapsed < ms; elapsed += 10) {
      churn(60);
      await elapse(10);
    }
  }

  it('stops observing while the page changes faster than anyone could read, and scans once per pause, the pause doubling up to its limit', async () => {
    showProviders(true);
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    const start = Date.now();
    const scannedAt: number[] = [];

    await churnFor(30_000, scannedAt);

    const offsets = scannedAt.map((time) => time - start);
    // A scan as the spell starts, then one each time the watcher looks again after 2, 4, 8, 8 s.
    expect(offsets).toHaveLength(5);
    const pauses = offsets.slice(1).map((offset, index) => offset - (offsets[index] as number));
    expect(pauses.map((pause) => Math.round(pause / 1000))).toEqual([2, 4, 8, 8]);
  });

  it('reports a provider list that appeared while it was not observing, at its next look', async () => {
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    churn(BUSY_RECORDS + 1);
    await elapse(DEBOUNCE_MS);
    report.mockClear();

    showProviders(false);
    await elapse(BUSY_PAUSE_MS - DEBOUNCE_MS - 1);
    expect(report).not.toHaveBeenCalled();

    await elapse(DEBOUNCE_MS + 1);
    expect(report).toHaveBeenCalledTimes(1);
    expect(lastReport()?.[0]).toMatchObject({ state: 'selectable', matchedBy: 'name' });
  });

  it('follows every change again once the page calms down, and a later busy spell starts with a short pause', async () => {
    showProviders(true);
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    await churnFor(7_000, []);
    await elapse(MAX_BUSY_PAUSE_MS);

    providerButton().disabled = false;
    await elapse(DEBOUNCE_MS);
    expect(lastReport()?.[0]?.state).toBe('selectable');

    await elapse(BUSY_PAUSE_MS);
    const start = Date.now();
    const scannedAt: number[] = [];
    await churnFor(2_500, scannedAt);
    expect(scannedAt.map((time) => Math.round((time - start) / 1000))).toEqual([0, 2]);
  });

  it('is not thrown off by one large change, such as a page rendering its whole view at once', async () => {
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    churn(BUSY_RECORDS + 1);
    showProviders(true);
    await elapse(DEBOUNCE_MS);
    expect(lastReport()?.[0]?.state).toBe('greyed-out');

    await elapse(BUSY_PAUSE_MS);
    providerButton().disabled = false;
    await elapse(DEBOUNCE_MS);
    expect(lastReport()?.[0]?.state).toBe('selectable');
  });
});

describe('watchProviders and page visibility', () => {
  it('disconnects while the page is hidden and rescans when it is visible again', async () => {
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    const scansBefore = scans.mock.calls.length;

    setVisibility('hidden');
    showProviders(true);
    await elapse(1000);
    providerButton().disabled = false;
    await elapse(1000);
    expect(scans).toHaveBeenCalledTimes(scansBefore);
    expect(report).toHaveBeenCalledTimes(1);

    setVisibility('visible');
    await elapse(DEBOUNCE_MS);
    expect(scans).toHaveBeenCalledTimes(scansBefore + 1);
    expect(report).toHaveBeenCalledTimes(2);
    expect(lastReport()?.[0]).toMatchObject({ state: 'selectable', matchedBy: 'name' });

    providerButton().disabled = true;
    await elapse(DEBOUNCE_MS);
    expect(lastReport()?.[0]?.state).toBe('greyed-out');
  });

  it('drops a scan that was pending when the page was hidden', async () => {
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    const scansBefore = scans.mock.calls.length;

    showProviders(true);
    await elapse(DEBOUNCE_MS / 2);
    setVisibility('hidden');
    await elapse(1000);

    expect(scans).toHaveBeenCalledTimes(scansBefore);
  });

  it('does not scan targets set while hidden until the page is visible', async () => {
    setVisibility('hidden');
    showProviders(true);
    watcher.setTargets([TARGET]);
    await elapse(1000);
    expect(scans).not.toHaveBeenCalled();
    expect(report).not.toHaveBeenCalled();

    setVisibility('visible');
    await elapse(DEBOUNCE_MS);
    expect(report).toHaveBeenCalledTimes(1);
    expect(lastReport()?.[0]?.state).toBe('greyed-out');
  });

  it('does not report again on becoming visible when nothing changed', async () => {
    showProviders(true);
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    setVisibility('hidden');
    setVisibility('visible');
    await elapse(1000);
    expect(report).toHaveBeenCalledTimes(1);
  });
});

describe('watchProviders stop', () => {
  it('does nothing more after stop(): no pending scan, no mutations, no visibility changes', async () => {
    watcher.setTargets([TARGET]);
    showProviders(true);
    watcher.stop();
    await elapse(1000);

    providerButton().disabled = false;
    setVisibility('hidden');
    setVisibility('visible');
    await elapse(1000);

    expect(scans).not.toHaveBeenCalled();
    expect(report).not.toHaveBeenCalled();
  });
});

describe('watchProviders with a picker in an open shadow root', () => {
  it('reports a choice rendered into a web component, and follows changes inside its shadow root', async () => {
    const host = document.createElement('provider-picker');
    const shadow = host.attachShadow({ mode: 'open' });
    document.body.append(host);
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    expect(lastReport()).toMatchObject([{ matchedBy: 'none' }]);

    shadow.innerHTML = `<ul role="listbox"><li><button id="acme">${NAME}</button></li></ul>`;
    await elapse(DEBOUNCE_MS);
    // The document's observer sees nothing of this; the scan before found the root, and observes it.
    expect(lastReport()).toMatchObject([{ matchedBy: 'name', state: 'selectable', signals: ['in the shadow root of <provider-picker>'] }]);

    shadow.getElementById('acme')?.setAttribute('disabled', '');
    await elapse(DEBOUNCE_MS);
    expect(lastReport()).toMatchObject([{ state: 'greyed-out', signals: ['in the shadow root of <provider-picker>', 'disabled'] }]);

    host.setAttribute('aria-disabled', 'false');
    host.setAttribute('inert', '');
    await elapse(DEBOUNCE_MS);
    expect(lastReport()).toMatchObject([{ state: 'greyed-out', signals: ['in the shadow root of <provider-picker>', 'disabled', 'inert ancestor'] }]);
  });

  it('scans when a web component that already holds the picker is added', async () => {
    watcher.setTargets([TARGET]);
    await elapse(DEBOUNCE_MS);
    const host = document.createElement('provider-picker');
    host.attachShadow({ mode: 'open' }).innerHTML = `<button>${NAME}</button>`;
    const wrapper = document.createElement('section');
    wrapper.append(host);

    document.body.append(wrapper);
    await elapse(DEBOUNCE_MS);

    expect(lastReport()).toMatchObject([{ matchedBy: 'name', state: 'selectable' }]);
  });
});

