/**
 * Every performance budget of the extension (issue 6; sizes re-set by issue 12), in one place. `npm test` checks the
 * size budgets, which are deterministic; the benchmark reports the timing budgets, which depend on the machine.
 */
import type { EntrypointKind, EntrypointSize } from './bundleSizes';

/** Budgets and reports say KB for 1024 bytes. */
export const KB = 1024;

export interface SizeBudget {
  /** Every entrypoint of this kind must fit; a build without one fails rather than passing unchecked. */
  kind: EntrypointKind;
  label: string;
  /** Gzip bytes of everything the entrypoint loads at start (see bench/bundleSizes.ts for what that is). */
  maxGzipBytes: number;
}

export const SIZE_BUDGETS: readonly SizeBudget[] = [
  // Injected into every HubSpot page, a heavy app kept open all day.
  { kind: 'content-script', label: 'content script', maxGzipBytes: 10 * KB },
  { kind: 'background', label: 'background', maxGzipBytes: 16 * KB },
  // Parsed on every click of the toolbar button, before the flag can show.
  { kind: 'popup', label: 'popup', maxGzipBytes: 90 * KB },
];

export type TimingMetric = 'popupReady' | 'toggle' | 'detection' | 'contentScriptCostRatio';

export interface TimingBudget {
  metric: TimingMetric;
  label: string;
  /** The median over the benchmark's runs must not exceed it. */
  max: number;
  unit: 'ms' | 'ratio';
}

export const TIMING_BUDGETS: Readonly<Record<TimingMetric, TimingBudget>> = {
  popupReady: { metric: 'popupReady', label: 'popup ready (open to the real flag state)', max: 100, unit: 'ms' },
  toggle: { metric: 'toggle', label: "toggle (click to the flag in the page's localStorage)", max: 50, unit: 'ms' },
  detection: { metric: 'detection', label: 'detection (provider list shown to report in the background)', max: 150, unit: 'ms' },
  contentScriptCostRatio: {
    metric: 'contentScriptCostRatio',
    label: "content-script cost (page script time with / without the extension)",
    max: 1.03,
    unit: 'ratio',
  },
};

export interface SizeBudgetResult {
  budget: SizeBudget;
  /** `null` when the build has no entrypoint of the budget's kind. */
  entrypoint: EntrypointSize | null;
  pass: boolean;
  message: string;
}

/** `84.3 KB` (1 KB = 1024 bytes). */
export function formatKB(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes`;
}

/** One result per budget and entrypoint it applies to; a message that names the entrypoint, its size and its files. */
export function checkSizeBudgets(entrypoints: readonly EntrypointSize[], budgets: readonly SizeBudget[] = SIZE_BUDGETS): SizeBudgetResult[] {
  return budgets.flatMap((budget): SizeBudgetResult[] => {
    const limit = `${formatKB(budget.maxGzipBytes)} gzip (${formatBytes(budget.maxGzipBytes)}; 1 KB = 1024 bytes)`;
    const matching = entrypoints.filter((entrypoint) => entrypoint.kind === budget.kind);
    if (matching.length === 0) {
      return [{ budget, entrypoint: null, pass: false, message: `No ${budget.label} entrypoint in the build to check against its budget of ${limit}.` }];
    }
    return matching.map((entrypoint) => {
      const pass = entrypoint.gzipBytes <= budget.maxGzipBytes;
      const files = entrypoint.files.map((file) => `${file.path} ${formatKB(file.gzipBytes)}`).join(', ');
      const name = entrypoint.name === budget.kind ? budget.label : `${budget.label} "${entrypoint.name}"`;
      return {
        budget,
        entrypoint,
        pass,
        message:
          `${name} is ${formatKB(entrypoint.gzipBytes)} gzip (${formatBytes(entrypoint.gzipBytes)}), ` +
          `${pass ? 'within' : 'over'} its budget of ${limit}. Files (gzip each): ${files}.`,
      };
    });
  });
}
