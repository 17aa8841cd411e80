import { test, expect } from '@playwright/test';
import { checkSizeBudgets, SIZE_BUDGETS } from '../bench/budgets';
import { isVendorChunk, measureBuildDirectory, readBuild } from '../bench/bundleSizes';
import { VENDOR_PACKAGES } from '../utils/platform/vendorChunk';
import { DEFAULT_BUILD_PATH } from './fixtures';

// Sizes are deterministic for a given build, so unlike the timings they are checked on every `npm test`.
for (const budget of SIZE_BUDGETS) {
  test(`the production build's ${budget.label} fits its gzip budget`, () => {
    const results = checkSizeBudgets(measureBuildDirectory(DEFAULT_BUILD_PATH), [budget]);
    for (const result of results) {
      console.log(result.message);
      expect(result.pass, result.message).toBe(true);
    }
  });
}

/** A string from each vendor package's code, never in ours; the compiler asks for one when a package is added. */
const MARKERS: Record<(typeof VENDOR_PACKAGES)[number], string> = {
  react: 'react.transitional.element',
  'react-dom': '__reactContainer$',
  scheduler: 'unstable_scheduleCallback',
  'webextension-polyfill': '__mozWebExtensionPolyfillReject__',
};

test('every entrypoint runs on webextension-polyfill; the pages load it, React and React DOM from the vendor chunk alone', () => {
  const build = readBuild(DEFAULT_BUILD_PATH);
  const text = (path: string) => Buffer.from(build.get(path) ?? []).toString('utf8');
  const holding = (path: string) => Object.entries(MARKERS).filter(([, marker]) => text(path).includes(marker)).map(([name]) => name);

  for (const entrypoint of measureBuildDirectory(DEFAULT_BUILD_PATH)) {
    const scripts = entrypoint.files.map((file) => file.path).filter((path) => path.endsWith('.js'));
    // Single files, which cannot load a chunk.
    if (entrypoint.kind === 'background' || entrypoint.kind === 'content-script' || entrypoint.kind === 'injected') {
      expect(scripts.flatMap(holding), entrypoint.name).toEqual(['webextension-polyfill']);
      continue;
    }
    const vendor = scripts.filter(isVendorChunk);
    expect(vendor, `${entrypoint.name}'s vendor chunk`).toHaveLength(1);
    expect(holding(vendor[0]!), `${entrypoint.name}: ${vendor[0]}`).toEqual(Object.keys(MARKERS));
    for (const path of scripts.filter((script) => !isVendorChunk(script))) expect(holding(path), `${entrypoint.name}: ${path}`).toEqual([]);
  }
});
