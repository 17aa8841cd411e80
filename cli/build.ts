/**
 * Builds the command line (`cli/channel-connection-tester.ts`) into one file that Node runs as it is, with its
 * dependencies inside, so the package's bin needs nothing installed beside it. Run by `npm run build:cli` and by
 * `prepare` (after `npm ci`, and before `npm pack`).
 */
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';

/** The package's bin; a test builds elsewhere (`--outfile <path>`), so that a `npm pack` beside it rewrites nothing it runs. */
const outfile = process.argv.includes('--outfile') ? (process.argv[process.argv.indexOf('--outfile') + 1] ?? '') : 'dist/channel-connection-tester.mjs';
if (!outfile) throw new Error('--outfile needs a path');

await build({
  entryPoints: ['cli/channel-connection-tester.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // commander is CommonJS and requires Node's modules: in an ES module, `require` has to be made.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);" },
});
await chmod(outfile, 0o755);
