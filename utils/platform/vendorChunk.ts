/**
 * The packages the extension's pages load but did not write: React, React DOM with scheduler (its one dependency),
 * and webextension-polyfill. The pages' build puts them, and nothing else, in one chunk named `vendor`, so that a
 * page's own code can be measured and budgeted apart from them (bench/bundleSizes.ts, bench/budgets.ts).
 */
export const VENDOR_CHUNK_NAME = 'vendor';

export const VENDOR_PACKAGES = ['react', 'react-dom', 'scheduler', 'webextension-polyfill'] as const;

const VENDOR_MODULE = new RegExp(`[\\\\/]node_modules[\\\\/](?:${VENDOR_PACKAGES.join('|')})[\\\\/]`);

/** Whether a module the bundler resolved (an absolute path) is a file of one of the vendor packages. */
export function isVendorModule(id: string): boolean {
  return VENDOR_MODULE.test(id);
}
