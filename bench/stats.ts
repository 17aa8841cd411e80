/** Summaries of repeated measurements: the median says what a user typically gets, min and max how much it varies. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function summarize(samples: readonly number[]): Summary {
  const finite = samples.filter((sample) => Number.isFinite(sample));
  if (finite.length === 0) throw new Error('No measurements to summarize.');
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, runs: sorted.length };
}

/**
 * The cost of having the extension, as `with / without`. Runs are paired (each pair back to back, so the machine's
 * drift hits both alike): the median of the pair ratios is the headline, and their spread shows the noise.
 */
/** What the extension adds to a baseline measured alongside it, pair by pair (`ours - baseline`). */
export function pairedDifference(minuend: readonly number[], subtrahend: readonly number[]): Summary {
  if (minuend.length !== subtrahend.length) throw new Error('Paired runs must come in pairs.');
  return summarize(minuend.map((value, index) => value - (subtrahend[index] as number)));
}

export function pairedRatio(withExtension: readonly number[], without: readonly number[]): Summary {
  if (withExtension.length !== without.length) throw new Error('Paired runs must come in pairs.');
  return summarize(withExtension.map((value, index) => value / (without[index] as number)));
}
