import { describe, expect, it } from 'vitest';
import type { EntrypointSize } from '../bundleSizes';
import {
  consoleBundleTable,
  consoleTable,
  formatValue,
  markdownReport,
  README_END,
  README_START,
  replaceReadmeSection,
  withinBudget,
  type BenchResults,
  type ResultRow,
} from '../report';

const row = (overrides: Partial<ResultRow>): ResultRow => ({
  id: 'toggle',
  label: 'Toggle',
  unit: 'ms',
  median: 3.2,
  min: 2.4,
  max: 9.1,
  runs: 20,
  ...overrides,
});

const bundle = (name: string, kind: EntrypointSize['kind'], gzipBytes: number): EntrypointSize => ({
  name,
  kind,
  files: [{ path: `${name}.js`, rawBytes: gzipBytes * 3, gzipBytes }],
  rawBytes: gzipBytes * 3,
  gzipBytes,
  lazy: { files: [], rawBytes: 0, gzipBytes: 0 },
  own: null,
});

/** A page whose vendor chunk holds all but `ownGzipBytes`. */
const page = (name: string, kind: EntrypointSize['kind'], gzipBytes: number, ownGzipBytes: number): EntrypointSize => {
  const own = { path: `chunks/${name}.js`, rawBytes: ownGzipBytes * 3, gzipBytes: ownGzipBytes };
  const vendor = { path: 'chunks/vendor-AbC1_-9z.js', rawBytes: (gzipBytes - ownGzipBytes) * 3, gzipBytes: gzipBytes - ownGzipBytes };
  return {
    ...bundle(name, kind, gzipBytes),
    files: [own, vendor],
    own: { files: [own], rawBytes: own.rawBytes, gzipBytes: ownGzipBytes },
  };
};

const results: BenchResults = {
  ranAt: '2026-11-24T14:00:00.000Z',
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 24, os: 'linux 6.1', node: '20.19.0', chromium: '156.0.1' },
  runs: 20,
  rows: [
    row({ budget: 50 }),
    row({ id: 'cost', label: 'Busy page | script', unit: 'ratio', median: 1.0412, min: 0.98, max: 1.2, budget: 1.03 }),
    row({ id: 'heap', label: 'Heap', unit: 'MB', median: 1.36, min: 1.36, max: 1.36, runs: 1 }),
  ],
  bundles: [page('popup', 'popup', 92 * 1024, 20 * 1024), bundle('hubspot', 'content-script', 7 * 1024), page('options', 'options', 100 * 1024, 30 * 1024)],
};

describe('formatValue', () => {
  it.each([
    { value: 3.24, unit: 'ms', text: '3.2 ms' },
    { value: 1.0412, unit: 'ratio', text: '×1.041' },
    { value: 1.36, unit: 'MB', text: '1.4 MB' },
    { value: 79.55, unit: 'KB', text: '79.5 KB' },
  ] as const)('$value $unit → $text', ({ value, unit, text }) => {
    expect(formatValue(value, unit)).toBe(text);
  });
});

describe('withinBudget', () => {
  it.each([
    { median: 50, budget: 50, within: true },
    { median: 50.01, budget: 50, within: false },
    { median: 9999, budget: undefined, within: true },
  ])('median $median against budget $budget → $within', ({ median, budget, within }) => {
    expect(withinBudget(row({ median, budget }))).toBe(within);
  });
});

describe('consoleTable', () => {
  it('lines up the columns and says which figure is over its budget', () => {
    const lines = consoleTable(results.rows).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^Measure\s+Median\s+Min\s+Max\s+Budget$/);
    expect(lines[1]).toMatch(/^Toggle\s+3\.2 ms\s+2\.4 ms\s+9\.1 ms\s+≤ 50\.0 ms\s+ok$/);
    expect(lines[2]).toMatch(/×1\.041\s+×0\.980\s+×1\.200\s+≤ ×1\.030\s+OVER$/);
    expect(lines[1]?.indexOf('3.2 ms')).toBe(lines[2]?.indexOf('×1.041'));
  });

  it('leaves min and max out for a single run', () => {
    expect(consoleTable([results.rows[2] as ResultRow])).toMatch(/Heap\s+1\.4 MB$/m);
  });
});

describe('consoleBundleTable', () => {
  it('shows each entrypoint raw and gzip, against its budget when it has one', () => {
    const lines = consoleBundleTable(results.bundles).split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^Entrypoint\s+Files\s+Raw\s+Gzip\s+Budget \(gzip\)$/);
    expect(lines[1]).toMatch(/^popup\s+2\s+276\.0 KB\s+92\.0 KB\s+≤ 90\.0 KB\s+OVER$/);
    expect(lines[2]).toMatch(/^popup: own code\s+1\s+60\.0 KB\s+20\.0 KB\s+≤ 25\.0 KB\s+ok$/);
    expect(lines[3]).toMatch(/^hubspot\s+1\s+21\.0 KB\s+7\.0 KB\s+≤ 12\.0 KB\s+ok$/);
    expect(lines[4]).toMatch(/^options\s+2\s+300\.0 KB\s+100\.0 KB$/);
    expect(lines[5]).toMatch(/^options: own code\s+1\s+90\.0 KB\s+30\.0 KB$/);
  });
});

describe('markdownReport', () => {
  it('names the machine and the run count, and escapes pipes inside cells', () => {
    const markdown = markdownReport(results);
    expect(markdown).toContain('Measured 2026-11-24 on Test CPU, 2 cores, 24 GiB, linux 6.1, Node 20.19.0, Chromium 156.0.1; timings are medians of 20 runs.');
    expect(markdown).toContain('| Busy page \\| script | ×1.041 | ×0.980 | ×1.200 | ≤ ×1.030 | OVER |');
    expect(markdown).toContain('| popup | 2 | 276.0 KB | 92.0 KB | ≤ 90.0 KB | OVER |\n| popup: own code | 1 | 60.0 KB | 20.0 KB | ≤ 25.0 KB | ok |');
    const tableLines = markdown.split('\n').filter((line) => line.startsWith('|'));
    const ownLines = results.bundles.filter((bundle) => bundle.own).length;
    expect(tableLines).toHaveLength(2 + results.rows.length + 2 + results.bundles.length + ownLines);
    for (const line of tableLines) expect(line.split(/(?<!\\)\|/)).toHaveLength(8);
  });
});

describe('replaceReadmeSection', () => {
  const readme = `# Title\n\n${README_START}\nold table\n${README_END}\n\nAfter.\n`;

  it('replaces only what lies between the markers, keeping them for the next run', () => {
    const updated = replaceReadmeSection(readme, 'new table');
    expect(updated).toBe(`# Title\n\n${README_START}\nnew table\n${README_END}\n\nAfter.\n`);
    expect(replaceReadmeSection(updated, 'newer')).toContain(`${README_START}\nnewer\n${README_END}`);
  });

  it('refuses a README without the markers instead of writing the table somewhere else', () => {
    expect(() => replaceReadmeSection('# Title\n', 'table')).toThrow(/bench:start/);
    expect(() => replaceReadmeSection(`${README_END}\n${README_START}`, 'table')).toThrow(/bench:start/);
  });
});
