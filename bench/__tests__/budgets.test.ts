import { describe, expect, it } from 'vitest';
import { checkSizeBudgets, formatKB, KB, SIZE_BUDGETS, TIMING_BUDGETS, type SizeBudget } from '../budgets';
import type { EntrypointKind, EntrypointSize } from '../bundleSizes';

function entrypoint(name: string, kind: EntrypointKind, gzipBytes: number): EntrypointSize {
  const files = [
    { path: `${name}.html`, rawBytes: 500, gzipBytes: 300 },
    { path: `chunks/${name}.js`, rawBytes: gzipBytes * 3, gzipBytes: gzipBytes - 300 },
  ];
  return { name, kind, files, rawBytes: 500 + gzipBytes * 3, gzipBytes, lazy: { files: [], rawBytes: 0, gzipBytes: 0 } };
}

describe('the size budgets of issue 12, and the timing budgets of issue 6', () => {
  it.each([
    ['content-script', 10 * 1024],
    ['background', 16 * 1024],
    ['popup', 90 * 1024],
  ])('%s: %i gzip bytes', (kind, bytes) => {
    expect(SIZE_BUDGETS.find((budget) => budget.kind === kind)?.maxGzipBytes).toBe(bytes);
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
  const POPUP_BUDGET = SIZE_BUDGETS.find((budget) => budget.kind === 'popup')!;

  it.each([
    ['well under', 70 * KB, true],
    ['exactly at', 90 * KB, true],
    ['one byte over', 90 * KB + 1, false],
  ])('a popup %s its budget', (_case, gzipBytes, pass) => {
    const [result] = checkSizeBudgets([entrypoint('popup', 'popup', gzipBytes)], [POPUP_BUDGET]);
    expect(result).toMatchObject({ budget: POPUP_BUDGET, pass });
    expect(result?.entrypoint?.gzipBytes).toBe(gzipBytes);
  });

  it('a failure names the entrypoint, its size, the budget with its unit, and its files', () => {
    const [result] = checkSizeBudgets([entrypoint('popup', 'popup', 93_000)], [POPUP_BUDGET]);
    expect(result?.message).toBe(
      'popup is 90.8 KB gzip (93,000 bytes), over its budget of 90.0 KB gzip (92,160 bytes; 1 KB = 1024 bytes). ' +
        'Files (gzip each): popup.html 0.3 KB, chunks/popup.js 90.5 KB.',
    );
  });

  it('checks every entrypoint of a kind, naming each', () => {
    const budget: SizeBudget = { kind: 'content-script', label: 'content script', maxGzipBytes: 8 * KB };
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
    const results = checkSizeBudgets([entrypoint('options', 'options', 200 * KB), entrypoint('popup', 'popup', 10 * KB)]);
    expect(results.map((result) => result.budget.kind)).toEqual(['content-script', 'background', 'popup']);
    expect(results.every((result) => result.entrypoint?.name !== 'options')).toBe(true);
  });
});
