import { describe, expect, it } from 'vitest';
import { checkSizeBudgets, formatKB, KB, SIZE_BUDGETS, TIMING_BUDGETS, type SizeBudget } from '../budgets';
import type { EntrypointKind, EntrypointSize, FileSize } from '../bundleSizes';

const total = (files: FileSize[]) => ({
  files,
  rawBytes: files.reduce((sum, file) => sum + file.rawBytes, 0),
  gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
});

/** An entrypoint of `gzipBytes` in all; with `ownGzipBytes`, a page whose vendor chunk holds the rest. */
function entrypoint(name: string, kind: EntrypointKind, gzipBytes: number, ownGzipBytes?: number): EntrypointSize {
  const own = [
    { path: `${name}.html`, rawBytes: 500, gzipBytes: 300 },
    { path: `chunks/${name}.js`, rawBytes: 3000, gzipBytes: (ownGzipBytes ?? gzipBytes) - 300 },
  ];
  const vendor = ownGzipBytes === undefined ? [] : [{ path: 'chunks/vendor-AbC1_-9z.js', rawBytes: 9000, gzipBytes: gzipBytes - ownGzipBytes }];
  return {
    name,
    kind,
    ...total([...own, ...vendor]),
    lazy: total([]),
    own: ownGzipBytes === undefined ? null : total(own),
  };
}

describe('the size budgets of issues 12, 13 and 15, and the timing budgets of issue 6', () => {
  it.each([
    ['content-script', 'all', 12 * 1024],
    ['injected', 'all', 10 * 1024],
    ['background', 'all', 20 * 1024],
    ['popup', 'all', 90 * 1024],
    ['popup', 'own', 25 * 1024],
  ] as const)('%s, %s: %i gzip bytes', (kind, measure, bytes) => {
    expect(SIZE_BUDGETS.filter((budget) => budget.kind === kind && budget.measure === measure).map((budget) => budget.maxGzipBytes)).toEqual([bytes]);
  });

  it('budgets nothing else', () => {
    expect(SIZE_BUDGETS).toHaveLength(5);
  });

  it.each([
    ['popupReady', 100, 'ms'],
    ['toggle', 50, 'ms'],
    ['detection', 150, 'ms'],
    ['contentScriptCostRatio', 1.03, 'ratio'],
  ] as const)('%s: %d %s', (metric, max, unit) => {
    expect(TIMING_BUDGETS[metric]).toMatchObject({ metric, max, unit });
  });
});

describe('formatKB', () => {
  it.each([
    [0, '0.0 KB'],
    [1024, '1.0 KB'],
    [81_920, '80.0 KB'],
    [86_301, '84.3 KB'],
  ])('%i bytes is %s', (bytes, text) => {
    expect(formatKB(bytes)).toBe(text);
  });
});

describe('checkSizeBudgets', () => {
  const POPUP_BUDGET = SIZE_BUDGETS.find((budget) => budget.kind === 'popup' && budget.measure === 'all')!;
  const POPUP_OWN_BUDGET = SIZE_BUDGETS.find((budget) => budget.kind === 'popup' && budget.measure === 'own')!;

  it.each([
    ['well under', 70 * KB, true],
    ['exactly at', 90 * KB, true],
    ['one byte over', 90 * KB + 1, false],
  ])('a popup %s its budget', (_case, gzipBytes, pass) => {
    const [result] = checkSizeBudgets([entrypoint('popup', 'popup', gzipBytes, 10 * KB)], [POPUP_BUDGET]);
    expect(result).toMatchObject({ budget: POPUP_BUDGET, pass });
    expect(result?.entrypoint?.gzipBytes).toBe(gzipBytes);
  });

  it.each([
    ['well under', 12 * KB, true],
    ['exactly at', 25 * KB, true],
    ['one byte over', 25 * KB + 1, false],
  ])("a popup's own code %s its budget, whatever the vendor chunk weighs", (_case, ownGzipBytes, pass) => {
    const [result] = checkSizeBudgets([entrypoint('popup', 'popup', 500 * KB, ownGzipBytes)], [POPUP_OWN_BUDGET]);
    expect(result).toMatchObject({ budget: POPUP_OWN_BUDGET, pass });
  });

  it('a failure names the entrypoint, its size, the budget with its unit, and its files', () => {
    const [result] = checkSizeBudgets([entrypoint('popup', 'popup', 93_000)], [POPUP_BUDGET]);
    expect(result?.message).toBe(
      'popup is 90.8 KB gzip (93,000 bytes), over its budget of 90.0 KB gzip (92,160 bytes; 1 KB = 1024 bytes). ' +
        'Files (gzip each): popup.html 0.3 KB, chunks/popup.js 90.5 KB.',
    );
  });

  it('the own-code figure lists the files it counts, and the vendor chunk it leaves out', () => {
    const [all, own] = checkSizeBudgets([entrypoint('popup', 'popup', 80 * KB, 26_000)], [POPUP_BUDGET, POPUP_OWN_BUDGET]);
    expect(all?.message).toBe(
      'popup is 80.0 KB gzip (81,920 bytes), within its budget of 90.0 KB gzip (92,160 bytes; 1 KB = 1024 bytes). ' +
        'Files (gzip each): popup.html 0.3 KB, chunks/popup.js 25.1 KB, chunks/vendor-AbC1_-9z.js 54.6 KB.',
    );
    expect(own?.message).toBe(
      "popup's own code is 25.4 KB gzip (26,000 bytes), over its budget of 25.0 KB gzip (25,600 bytes; 1 KB = 1024 bytes). " +
        'Files (gzip each): popup.html 0.3 KB, chunks/popup.js 25.1 KB. ' +
        'Not counted: chunks/vendor-AbC1_-9z.js 54.6 KB (react, react-dom, scheduler, webextension-polyfill).',
    );
  });

  it('a popup without a vendor chunk fails its own-code budget, rather than counting React as its own or nothing', () => {
    const [result] = checkSizeBudgets([entrypoint('popup', 'popup', 10 * KB)], [POPUP_OWN_BUDGET]);
    expect(result).toMatchObject({ pass: false, message: expect.stringMatching(/^popup's own code cannot be told apart from react, react-dom, scheduler, webextension-polyfill: the entrypoint loads no vendor chunk\./) });
  });

  it('checks every entrypoint of a kind, naming each', () => {
    const budget: SizeBudget = { kind: 'content-script', label: 'content script', measure: 'all', maxGzipBytes: 8 * KB };
    const results = checkSizeBudgets([entrypoint('hubspot', 'content-script', 7 * KB), entrypoint('other', 'content-script', 9 * KB)], [budget]);
    expect(results.map((result) => [result.entrypoint?.name, result.pass])).toEqual([
      ['hubspot', true],
      ['other', false],
    ]);
    expect(results[1]?.message).toMatch(/^content script "other" is 9\.0 KB gzip/);
  });

  it('a budget with nothing to check fails, so a build that lost its popup cannot pass unnoticed', () => {
    const [result] = checkSizeBudgets([entrypoint('background', 'background', 1 * KB)], [POPUP_BUDGET]);
    expect(result).toMatchObject({ entrypoint: null, pass: false, message: expect.stringMatching(/^No popup entrypoint in the build/) });
  });

  it('leaves entrypoints without a budget (the options page) unchecked', () => {
    const results = checkSizeBudgets([entrypoint('options', 'options', 200 * KB, 30 * KB), entrypoint('popup', 'popup', 10 * KB, 5 * KB)]);
    expect(results.map((result) => [result.budget.kind, result.budget.measure])).toEqual([
      ['content-script', 'all'],
      ['injected', 'all'],
      ['background', 'all'],
      ['popup', 'all'],
      ['popup', 'own'],
    ]);
    expect(results.every((result) => result.entrypoint?.name !== 'options')).toBe(true);
  });
});
