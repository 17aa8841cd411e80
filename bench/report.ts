/** The benchmark's results as data, as a console table, and as the README's table. */
import { checkSizeBudgets, formatKB, type SizeBudget } from './budgets';
import type { EntrypointSize, FileTotal } from './bundleSizes';
import type { Summary } from './stats';

export type Unit = 'ms' | 'ratio' | 'MB' | 'KB';

export interface ResultRow extends Summary {
  id: string;
  label: string;
  unit: Unit;
  /** The most the figure may be; rows without one are context for the others. */
  budget?: number;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
}

export interface BenchResults {
  ranAt: string;
  machine: Machine;
  /** How many runs each timing is the median of. */
  runs: number;
  rows: ResultRow[];
  /** The production build's entrypoints: what each loads at start, raw and gzip. */
  bundles: EntrypointSize[];
}

export const withinBudget = (row: ResultRow) => row.budget === undefined || row.median <= row.budget;

const DIGITS: Record<Unit, number> = { ms: 1, ratio: 3, MB: 1, KB: 1 };

export function formatValue(value: number, unit: Unit): string {
  const number = value.toFixed(DIGITS[unit]);
  return unit === 'ratio' ? `×${number}` : `${number} ${unit}`;
}

function cells(row: ResultRow): string[] {
  const budget = row.budget === undefined ? '' : `≤ ${formatValue(row.budget, row.unit)}`;
  const verdict = row.budget === undefined ? '' : withinBudget(row) ? 'ok' : 'OVER';
  const spread = row.runs > 1 ? [formatValue(row.min, row.unit), formatValue(row.max, row.unit)] : ['', ''];
  return [row.label, formatValue(row.median, row.unit), ...spread, budget, verdict];
}

const HEADER = ['Measure', 'Median', 'Min', 'Max', 'Budget', ''];

export function consoleTable(rows: readonly ResultRow[]): string {
  return alignedTable(HEADER, rows.map(cells));
}

const BUNDLE_HEADER = ['Entrypoint', 'Files', 'Raw', 'Gzip', 'Budget (gzip)', ''];

/** A line per entrypoint, and one more for a page's own code (all but the vendor chunk). */
function bundleCells(bundles: readonly EntrypointSize[]): string[][] {
  const checks = checkSizeBudgets(bundles);
  return bundles.flatMap((bundle) => {
    const line = (label: string, measured: FileTotal, measure: SizeBudget['measure']) => {
      const check = checks.find((candidate) => candidate.entrypoint === bundle && candidate.budget.measure === measure);
      return [
        label,
        String(measured.files.length),
        formatKB(measured.rawBytes),
        formatKB(measured.gzipBytes),
        check ? `≤ ${formatKB(check.budget.maxGzipBytes)}` : '',
        check ? (check.pass ? 'ok' : 'OVER') : '',
      ];
    };
    return [line(bundle.name, bundle, 'all'), ...(bundle.own ? [line(`${bundle.name}: own code`, bundle.own, 'own')] : [])];
  });
}

function alignedTable(header: string[], body: string[][]): string {
  const table = [header, ...body];
  const widths = header.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length)));
  return table.map((line) => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

export function consoleBundleTable(bundles: readonly EntrypointSize[]): string {
  return alignedTable(BUNDLE_HEADER, bundleCells(bundles));
}

export function describeMachine(machine: Machine): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, Chromium ${machine.chromium}`;
}

const escape = (cell: string) => cell.replace(/\|/g, '\\|');

function markdownTable(header: string[], body: string[][]): string[] {
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${header.map((_, column) => (column === 0 ? '---' : '---:')).join('|')}|`,
    ...body.map((line) => `| ${line.map(escape).join(' | ')} |`),
  ];
}

export function markdownReport(results: BenchResults): string {
  return [
    `Measured ${results.ranAt.slice(0, 10)} on ${escape(describeMachine(results.machine))}; timings are medians of ${results.runs} runs.`,
    '',
    ...markdownTable(HEADER, results.rows.map(cells)),
    '',
    ...markdownTable(BUNDLE_HEADER, bundleCells(results.bundles)),
  ].join('\n');
}

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

/** The README with the text between the benchmark markers replaced; refuses a README without them. */
export function replaceReadmeSection(readme: string, section: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end < start) throw new Error(`The README has no ${README_START} … ${README_END} section to update.`);
  return `${readme.slice(0, start + README_START.length)}\n${section}\n${readme.slice(end)}`;
}
