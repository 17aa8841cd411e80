import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type ResolvedPublicFile, type Wxt } from 'wxt';
import { browserManifest } from './utils/platform/browserDifferences';
import { OPTIONAL_HOST_PERMISSIONS, REQUIRED_HOST_PERMISSIONS } from './utils/platform/hubspotOrigins';
import { TOGGLE_TEST_MODE_COMMAND } from './utils/tabs/commands';
import { ICON_SIZES, TOOLBAR_ICONS, toolbarIconPaths, toolbarIconSource } from './utils/background/toolbarIcons';
import { isVendorModule, VENDOR_CHUNK_NAME } from './utils/platform/vendorChunk';

/**
 * `CCT_TEST_HOST_PERMISSIONS` (comma-separated match patterns) makes the end-to-end build: it grants the test
 * webhook host up front, because headless Chromium never answers a permission prompt, and it builds into
 * `.output/e2e` so the default build in `.output/chrome-mv3` stays minimal.
 */
const testHostPermissions = (process.env.CCT_TEST_HOST_PERMISSIONS ?? '').split(',').filter(Boolean);

/**
 * The Firefox end-to-end build also lets the test's neutral site open the popup and options pages in a tab: WebDriver
 * BiDi may not navigate to a `moz-extension://` URL, but a page may (e2e/firefox/firefoxDriver.ts). Never in a build
 * users load.
 */
const testPagesInTabs = (target: { browser: string }) =>
  testHostPermissions.length > 0 && target.browser === 'firefox'
    ? { web_accessible_resources: [{ resources: ['popup.html', 'options.html'], matches: ['https://www.example.com/*'] }] }
    : {};

export default defineConfig({
  outDir: testHostPermissions.length > 0 ? '.output/e2e' : '.output',
  // Firefox too, where WXT would default to V2: why, and what still differs, in utils/platform/browserDifferences.ts.
  manifestVersion: 3,
  // webextension-polyfill makes `wxt/browser` one promise-based `browser` in every context of both browsers, whose
  // message listeners answer with a promise (utils/platform/messages.ts). Firefox and Chrome 148+ have that `browser` natively,
  // and the polyfill passes it through.
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  zip: {
    // addons.mozilla.org rebuilds the add-on from this: what the build reads, and the README that says how.
    // The tests, the stand-in (and its test certificate), the bench and the screenshots stay out.
    includeSources: [
      'README.md',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'wxt.config.ts',
      'entrypoints/**',
      'components/**',
      'utils/**',
      'public/**',
      // \`npm ci\` runs \`prepare\`, which builds the command line: its entry and build script come along so the
      // install works; the add-on's build reads neither.
      'cli/*.ts',
    ],
  },
  // Explicit imports keep every module's dependencies visible to readers and to tsc.
  imports: false,
  // Vite's modulepreload polyfill serves browsers without `<link rel="modulepreload">`; every browser that runs
  // this extension has it (Chrome 66, Firefox 115), and the popup would carry the polyfill on every open.
  vite: () => ({ build: { modulePreload: { polyfill: false } } }),
  hooks: {
    'build:publicAssets': renderToolbarIcons,
    // The pages load React, React DOM and the polyfill from a chunk of their own, so that their own code can be
    // measured apart (utils/platform/vendorChunk.ts). Only the pages' build: the background and the content script are single
    // files, which cannot be split.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.inputPath.endsWith('.html'))) return;
      const output = config.build?.rollupOptions?.output;
      if (!output || Array.isArray(output)) throw new Error("WXT's build of the pages has no single output to split.");
      output.codeSplitting = { groups: [{ name: VENDOR_CHUNK_NAME, test: isVendorModule }] };
    },
  },
  manifest: (target) => ({
    name: 'Channel Connection Tester',
    description:
      "Turn on HubSpot help desk channel-connection test mode in one click, and check your calling app's isReady status.",
    permissions: ['storage'],
    // Asked for at the first "Point at …" click: it puts the pointer's script on the page then, so the content script
    // every HubSpot page loads does not carry it (utils/background/pointing.ts).
    optional_permissions: ['scripting'],
    host_permissions: [...REQUIRED_HOST_PERMISSIONS, ...testHostPermissions],
    optional_host_permissions: OPTIONAL_HOST_PERMISSIONS,
    icons: toolbarIconPaths('normal'),
    action: { default_title: 'Channel Connection Tester', default_icon: toolbarIconPaths('normal') },
    commands: {
      [TOGGLE_TEST_MODE_COMMAND.name]: {
        suggested_key: { default: TOGGLE_TEST_MODE_COMMAND.suggestedKey },
        description: TOGGLE_TEST_MODE_COMMAND.description,
      },
    },
    ...browserManifest(target),
    ...testPagesInTabs(target),
  }),
});

/**
 * Renders each icon drawing in `public/` to a PNG at every size, in place of the drawing. resvg's WebAssembly build
 * is one binary for every platform, and WebAssembly computes alike everywhere, so the PNGs come out byte for byte the
 * same wherever the add-on is built, as the sources zip requires (resvg-js would load a native binary per platform).
 * WXT writes a generated public file as text, so the PNGs reach the build as files rendered into `.wxt/`.
 */
async function renderToolbarIcons(wxt: Wxt, files: ResolvedPublicFile[]): Promise<void> {
  const Resvg = await loadResvg();
  for (const icon of TOOLBAR_ICONS) {
    const index = files.findIndex((file) => file.relativeDest === toolbarIconSource(icon));
    const drawing = files[index];
    if (!drawing || !('absoluteSrc' in drawing)) throw new Error(`No icon drawing public/${toolbarIconSource(icon)}`);
    files.splice(index, 1);
    const svg = await readFile(drawing.absoluteSrc);
    for (const size of ICON_SIZES) {
      const path = toolbarIconPaths(icon)[size];
      const rendered = join(wxt.config.wxtDir, path);
      await mkdir(dirname(rendered), { recursive: true });
      await writeFile(rendered, new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
      files.push({ absoluteSrc: rendered, relativeDest: path });
    }
  }
}

/** resvg's WebAssembly module can be set up once per process, and `wxt dev` builds many times in one. */
async function loadResvg() {
  const { initWasm, Resvg } = await import('@resvg/resvg-wasm');
  const wasm = createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm');
  await initWasm(readFile(wasm)).catch((error: unknown) => {
    if (!String(error).includes('Already initialized')) throw error;
  });
  return Resvg;
}
