import { describe, expect, it } from 'vitest';
import { pairedDifference, pairedRatio, summarize } from '../stats';

describe('summarize', () => {
  it.each([
    { samples: [5], median: 5, min: 5, max: 5 },
    { samples: [3, 1, 2], median: 2, min: 1, max: 3 },
    { samples: [4, 1, 3, 2], median: 2.5, min: 1, max: 4 },
    { samples: [10, 10, 90, 10], median: 10, min: 10, max: 90 },
  ])('$samples → median $median', ({ samples, median, min, max }) => {
    expect(summarize(samples)).toEqual({ median, min, max, runs: samples.length });
  });

  it('leaves out runs that produced no number, and counts only the rest', () => {
    expect(summarize([2, Number.NaN, 4, Number.POSITIVE_INFINITY])).toEqual({ median: 3, min: 2, max: 4, runs: 2 });
  });

  it('refuses to summarize nothing rather than report a made-up number', () => {
    expect(() => summarize([])).toThrow(/No measurements/);
    expect(() => summarize([Number.NaN])).toThrow(/No measurements/);
  });
});

describe('pairedRatio', () => {
  it('takes the median of per-pair ratios, so one slow pair does not move it', () => {
    expect(pairedRatio([101, 102, 300], [100, 100, 100])).toEqual({ median: 1.02, min: 1.01, max: 3, runs: 3 });
  });

  it('refuses runs that are not paired', () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(/pairs/);
  });
});

describe('pairedDifference', () => {
  it('takes the median of per-pair differences, so a slow browser in one pair does not move it', () => {
    expect(pairedDifference([310, 300, 900], [280, 290, 300])).toEqual({ median: 30, min: 10, max: 600, runs: 3 });
  });

  it('refuses runs that are not paired', () => {
    expect(() => pairedDifference([1], [1, 2])).toThrow(/pairs/);
  });
});
