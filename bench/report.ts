/** The benchmark's results as data, as a console table, and as the README's table. */
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
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length)));
  return table.map((line) => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

export function describeMachine(machine: Machine): string {
  return `${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, Chromium ${machine.chromium}`;
}

export function markdownReport(results: BenchResults): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const lines = [
    `Measured ${results.ranAt.slice(0, 10)} on ${escape(describeMachine(results.machine))}; timings are medians of ${results.runs} runs.`,
    '',
    `| ${HEADER.map(escape).join(' | ')} |`,
    `|${HEADER.map((_, column) => (column === 0 ? '---' : '---:')).join('|')}|`,
    ...results.rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`),
  ];
  return lines.join('\n');
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
