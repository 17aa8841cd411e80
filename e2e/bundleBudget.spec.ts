import { test, expect } from '@playwright/test';
import { checkSizeBudgets, SIZE_BUDGETS } from '../bench/budgets';
import { measureBuildDirectory } from '../bench/bundleSizes';
import { DEFAULT_BUILD_PATH } from './fixtures';

// Sizes are deterministic for a given build, so unlike the timings they are checked on every `npm test`.
for (const budget of SIZE_BUDGETS) {
  test(`the production build's ${budget.label} fits its gzip budget`, () => {
    const results = checkSizeBudgets(measureBuildDirectory(DEFAULT_BUILD_PATH), [budget]);
    for (const result of results) expect(result.pass, result.message).toBe(true);
  });
}
