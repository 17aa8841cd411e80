/**
 * Every performance budget of the extension (issue 6; sizes re-set by issue 12, the background's by issue 13), in one place. `npm test` checks the
 * size budgets, which are deterministic; the benchmark reports the timing budgets, which depend on the machine.
 */
import { VENDOR_PACKAGES } from '../utils/platform/vendorChunk';
import type { EntrypointKind, EntrypointSize, FileSize } from './bundleSizes';

/** Budgets and reports say KB for 1024 bytes. */
export const KB = 1024;

export interface SizeBudget {
  /** Every entrypoint of this kind must fit; a build without one fails rather than passing unchecked. */
  kind: EntrypointKind;
  label: string;
  /**
   * `all`: everything the entrypoint loads at start; `own`: all of it but the vendor chunk of React, React DOM,
   * scheduler and webextension-polyfill. See bench/bundleSizes.ts for both.
   */
  measure: 'all' | 'own';
  maxGzipBytes: number;
}

export const SIZE_BUDGETS: readonly SizeBudget[] = [
  // Injected into every HubSpot page (and its same-origin frames), a heavy app kept open all day. Raised from 10 KB in
  // issue 15: reading markup nobody here has seen (unavailability cues, shadow roots, frames) took it to 10.4 KB.
  { kind: 'content-script', label: 'content script', measure: 'all', maxGzipBytes: 12 * KB },
  // Put on a page only when the user points at an app there (issue 15): the picker, and the detection rules it uses.
  { kind: 'injected', label: 'point-at script', measure: 'all', maxGzipBytes: 10 * KB },
  // Owns every tab change and the QA matrix with its journal since issue 13 (13.2 → 16.2 KB); started on each event.
  { kind: 'background', label: 'background', measure: 'all', maxGzipBytes: 20 * KB },
  // Parsed on every click of the toolbar button, before the flag can show.
  { kind: 'popup', label: 'popup', measure: 'all', maxGzipBytes: 90 * KB },
  // The part of it this project writes, and so the part that can grow unnoticed.
  { kind: 'popup', label: "popup's own code", measure: 'own', maxGzipBytes: 25 * KB },
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
      const name = entrypoint.name === budget.kind ? budget.label : `${budget.label} "${entrypoint.name}"`;
      const measured = budget.measure === 'own' ? entrypoint.own : entrypoint;
      if (!measured) {
        return {
          budget,
          entrypoint,
          pass: false,
          message:
            `${name} cannot be told apart from ${VENDOR_PACKAGES.join(', ')}: the entrypoint loads no vendor chunk. ` +
            `Its budget is ${limit}.`,
        };
      }
      const pass = measured.gzipBytes <= budget.maxGzipBytes;
      const list = (files: readonly FileSize[]) => files.map((file) => `${file.path} ${formatKB(file.gzipBytes)}`).join(', ');
      const left = entrypoint.files.filter((file) => !measured.files.some((counted) => counted.path === file.path));
      return {
        budget,
        entrypoint,
        pass,
        message:
          `${name} is ${formatKB(measured.gzipBytes)} gzip (${formatBytes(measured.gzipBytes)}), ` +
          `${pass ? 'within' : 'over'} its budget of ${limit}. Files (gzip each): ${list(measured.files)}.` +
          (left.length > 0 ? ` Not counted: ${list(left)} (${VENDOR_PACKAGES.join(', ')}).` : ''),
      };
    });
  });
}
