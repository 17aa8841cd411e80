import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  entrypointFiles,
  findEntrypoints,
  htmlReferences,
  isVendorChunk,
  measureBuild,
  moduleReferences,
  readBuild,
  resolveReference,
  sizeTable,
  type Entrypoint,
} from '../bundleSizes';

const encoder = new TextEncoder();

function build(files: Record<string, string | object>): Map<string, Uint8Array> {
  return new Map(
    Object.entries(files).map(([path, contents]) => [
      path,
      encoder.encode(typeof contents === 'string' ? contents : JSON.stringify(contents)),
    ]),
  );
}

const gzipLength = (text: string) => gzipSync(encoder.encode(text), { level: 9 }).byteLength;

const popupHtml = `<!DOCTYPE html><html><head>
  <script type="module" crossorigin src="/chunks/popup-A1.js"></script>
  <link rel="modulepreload" crossorigin href="/chunks/shared-B2.js">
  <link rel="stylesheet" crossorigin href="/assets/theme-C3.css">
</head><body><div id="root"></div></body></html>`;

/** The shape of a WXT build: two pages sharing a chunk and a stylesheet, a background and a content script. */
const SAMPLE_BUILD = {
  'manifest.json': {
    manifest_version: 3,
    background: { service_worker: 'background.js' },
    action: { default_popup: 'popup.html' },
    options_ui: { page: 'options.html', open_in_tab: true },
    content_scripts: [{ matches: ['https://app.hubspot.com/*'], js: ['content-scripts/hubspot.js'] }],
  },
  'popup.html': popupHtml,
  'options.html': popupHtml.replace('popup-A1', 'options-D4'),
  'background.js': '(function(){chrome.runtime.id})();',
  'content-scripts/hubspot.js': '(function(){localStorage.getItem("x")})();',
  'chunks/popup-A1.js': 'import{a as e}from"./shared-B2.js";e();',
  'chunks/options-D4.js': 'import{a as e}from"./shared-B2.js";import"./options-only-E5.js";e();',
  'chunks/options-only-E5.js': 'export const importKey=1;',
  'chunks/shared-B2.js': 'export function a(){return "react and friends"}',
  'assets/theme-C3.css': '.popup{color:red}',
  'icon/128.png': 'not loaded by any script',
};

describe('htmlReferences', () => {
  it.each([
    ['a module script', '<script type="module" src="/chunks/a.js"></script>', ['/chunks/a.js']],
    ['a classic script with a relative path', '<script src=chunks/a.js></script>', ['chunks/a.js']],
    ['single quotes and upper case', "<SCRIPT SRC='/a.js'></SCRIPT>", ['/a.js']],
    ['an inline script (part of the page itself)', '<script>console.log(1)</script>', []],
    ['a module preload', '<link rel="modulepreload" href="/chunks/b.js">', ['/chunks/b.js']],
    ['a stylesheet', '<link rel="stylesheet" href="/assets/c.css">', ['/assets/c.css']],
    ['a stylesheet among other rel tokens', '<link rel="alternate stylesheet" href="/d.css">', ['/d.css']],
    ['an icon, not loaded as code', '<link rel="icon" href="/icon.png">', []],
    ['a preconnect', '<link rel="preconnect" href="https://example.com">', []],
    ['a commented-out script', '<!-- <script src="/old.js"></script> -->', []],
    ['document order across tags', popupHtml, ['/chunks/popup-A1.js', '/chunks/shared-B2.js', '/assets/theme-C3.css']],
  ])('%s', (_case, html, expected) => {
    expect(htmlReferences(html)).toEqual(expected);
  });
});

describe('moduleReferences', () => {
  it.each([
    ['a minified named import', 'import{a as e,b as t}from"./shared.js";e(t)', ['./shared.js'], []],
    ['a side-effect import', 'import"./polyfill.js";', ['./polyfill.js'], []],
    ['a namespace and a default import', "import * as n from './n.js';import d from '../d.js';", ['./n.js', '../d.js'], []],
    ['a re-export', 'export{x}from"./x.js";export*from"./y.js";', ['./x.js', './y.js'], []],
    ['a local export (no file)', 'const x=1;export{x};', [], []],
    ['a dynamic import, counted apart', 'button.onclick=()=>import("./lazy.js")', [], ['./lazy.js']],
    ['a dynamic import in a template literal', 'await import(`./t.js`)', [], ['./t.js']],
    ['a dynamic import of a computed name (cannot be followed)', 'import(name+".js")', [], []],
    ['both kinds', 'import"./a.js";const m=await import("./b.js")', ['./a.js'], ['./b.js']],
    ['"import" inside strings and names', 'crypto.subtle.importKey("raw");const s="import x from \'./no.js\'";const t=`import"./no.js"`;', [], []],
    ['an IIFE content script', '(function(){var e=1})();', [], []],
  ])('%s', (_case, source, staticReferences, dynamicReferences) => {
    expect(moduleReferences(source)).toEqual({ static: staticReferences, dynamic: dynamicReferences });
  });
});

describe('resolveReference', () => {
  it.each([
    ['popup.html', '/chunks/a.js', 'chunks/a.js'],
    ['popup.html', 'chunks/a.js', 'chunks/a.js'],
    ['popup.html', './chunks/a.js', 'chunks/a.js'],
    ['pages/deep.html', 'a.js', 'pages/a.js'],
    ['chunks/popup.js', './shared.js', 'chunks/shared.js'],
    ['chunks/popup.js', '../background.js', 'background.js'],
    ['chunks/popup.js', '/chunks/shared.js', 'chunks/shared.js'],
    ['chunks/popup.js', './shared.js?v=1#x', 'chunks/shared.js'],
    ['popup.html', 'https://cdn.example/x.js', null],
    ['popup.html', '//cdn.example/x.js', null],
    ['popup.html', 'data:text/css,a{}', null],
  ])('from %s, %s is %s', (from, reference, expected) => {
    expect(resolveReference(from, reference)).toBe(expected);
  });

  it.each([
    ['a bare specifier in a chunk', 'chunks/popup.js', 'react', /not a path to a file of the build/],
    ['a path out of the build', 'chunks/popup.js', '../../etc/passwd', /outside the build/],
    ['a root path out of the build', 'popup.html', '/../x.js', /outside the build/],
  ])('refuses %s', (_case, from, reference, message) => {
    expect(() => resolveReference(from, reference)).toThrow(message);
  });
});

describe('isVendorChunk', () => {
  it.each([
    ['chunks/vendor-D6Lk3I7q.js', true],
    ['chunks/vendor-AbC1_-9z.js', true],
    ['vendor-D6Lk3I7q.js', true],
    ['chunks/storageNoticesStore-Bl0CyJE_.js', false],
    ['chunks/rolldown-runtime-WkwZ5CU-.js', false],
    ['chunks/vendorUtils-D6Lk3I7q.js', false],
    ['chunks/vendor-utils-D6Lk3I7q.js', false],
    ['chunks/vendor2-D6Lk3I7q.js', false],
    ['chunks/myvendor-D6Lk3I7q.js', false],
    ['assets/vendor-D6Lk3I7q.css', false],
    ['chunks/vendor-D6Lk3I7q.js.map', false],
  ])('%s: %s', (path, vendor) => {
    expect(isVendorChunk(path)).toBe(vendor);
  });
});

describe('findEntrypoints', () => {
  it.each<[string, object, string[], Entrypoint[]]>([
    [
      'MV3: service worker, content script with CSS, popup and options named by the manifest',
      {
        background: { service_worker: '/background.js' },
        content_scripts: [{ js: ['content-scripts/hubspot.js'], css: ['content-scripts/hubspot.css'] }],
        action: { default_popup: 'popup.html' },
        options_ui: { page: 'options.html' },
      },
      ['options.html', 'popup.html'],
      [
        { name: 'background', kind: 'background', roots: ['background.js'] },
        { name: 'hubspot', kind: 'content-script', roots: ['content-scripts/hubspot.js', 'content-scripts/hubspot.css'] },
        { name: 'popup', kind: 'popup', roots: ['popup.html'] },
        { name: 'options', kind: 'options', roots: ['options.html'] },
      ],
    ],
    [
      'MV2 (Firefox): background scripts, browser_action popup, options_page',
      {
        background: { scripts: ['background.js'] },
        browser_action: { default_popup: 'popup.html' },
        options_page: 'options.html',
      },
      ['popup.html', 'options.html'],
      [
        { name: 'background', kind: 'background', roots: ['background.js'] },
        { name: 'popup', kind: 'popup', roots: ['popup.html'] },
        { name: 'options', kind: 'options', roots: ['options.html'] },
      ],
    ],
    [
      'a cross-browser manifest naming a service worker and scripts: the service worker, which Chrome runs',
      { background: { service_worker: 'background.js', scripts: ['background-firefox.js'] } },
      [],
      [{ name: 'background', kind: 'background', roots: ['background.js'] }],
    ],
    [
      'an MV2 background page',
      { background: { page: 'background.html' } },
      ['background.html'],
      [{ name: 'background', kind: 'background', roots: ['background.html'] }],
    ],
    [
      'an HTML page at the root that the manifest does not name, but not one in a folder',
      { action: { default_popup: 'popup.html' } },
      ['popup.html', 'sidepanel.html', 'docs/readme.html', 'chunks/a.js'],
      [
        { name: 'popup', kind: 'popup', roots: ['popup.html'] },
        { name: 'sidepanel', kind: 'page', roots: ['sidepanel.html'] },
      ],
    ],
    [
      'a script at the root that the manifest does not name (put on pages on demand), but not a chunk in a folder',
      { background: { service_worker: 'background.js' } },
      ['background.js', 'point-picker.js', 'chunks/a.js', 'content-scripts/b.js'],
      [
        { name: 'background', kind: 'background', roots: ['background.js'] },
        { name: 'point-picker', kind: 'injected', roots: ['point-picker.js'] },
      ],
    ],
    [
      'two content scripts, each its own entrypoint',
      { content_scripts: [{ js: ['content-scripts/a.js'] }, { js: ['content-scripts/b.js'] }, { matches: ['x'] }] },
      [],
      [
        { name: 'a', kind: 'content-script', roots: ['content-scripts/a.js'] },
        { name: 'b', kind: 'content-script', roots: ['content-scripts/b.js'] },
      ],
    ],
  ])('%s', (_case, manifest, paths, expected) => {
    // As measureBuild passes them: an iterator, which can be read only once.
    expect(findEntrypoints(manifest, paths.values())).toEqual(expected);
  });
});

describe('entrypointFiles', () => {
  it.each<[string, Record<string, string>, string[], string[]]>([
    [
      'follows imports recursively, each file once, a diamond included',
      {
        'page.html': '<script type="module" src="/chunks/main.js"></script>',
        'chunks/main.js': 'import"./left.js";import"./right.js";',
        'chunks/left.js': 'import"./base.js";',
        'chunks/right.js': 'import"./base.js";',
        'chunks/base.js': 'export const x=1;',
      },
      ['page.html', 'chunks/main.js', 'chunks/left.js', 'chunks/base.js', 'chunks/right.js'],
      [],
    ],
    [
      'a module preloaded by the page and imported by its script counts once',
      {
        'page.html': '<script type="module" src="/chunks/main.js"></script><link rel="modulepreload" href="/chunks/base.js">',
        'chunks/main.js': 'import"./base.js";',
        'chunks/base.js': 'export const x=1;',
      },
      ['page.html', 'chunks/main.js', 'chunks/base.js'],
      [],
    ],
    [
      'an import cycle ends',
      {
        'page.html': '<script type="module" src="/a.js"></script>',
        'a.js': 'import"./b.js";',
        'b.js': 'import"./a.js";',
      },
      ['page.html', 'a.js', 'b.js'],
      [],
    ],
    [
      'a dynamic import is lazy, with its own static imports, unless the page loads them already',
      {
        'page.html': '<script type="module" src="/chunks/main.js"></script>',
        'chunks/main.js': 'import"./base.js";onclick=()=>import("./dialog.js")',
        'chunks/dialog.js': 'import"./base.js";import"./dialog-helpers.js";import("./nested.js")',
        'chunks/dialog-helpers.js': 'export const y=1;',
        'chunks/nested.js': 'export const z=1;',
        'chunks/base.js': 'export const x=1;',
      },
      ['page.html', 'chunks/main.js', 'chunks/base.js'],
      ['chunks/dialog.js', 'chunks/dialog-helpers.js', 'chunks/nested.js'],
    ],
    [
      'a module both imported and dynamically imported is eager only',
      {
        'page.html': '<script type="module" src="/a.js"></script>',
        'a.js': 'import"./b.js";import("./b.js")',
        'b.js': 'export const x=1;',
      },
      ['page.html', 'a.js', 'b.js'],
      [],
    ],
    [
      'a stylesheet is a leaf',
      {
        'page.html': '<link rel="stylesheet" href="/theme.css">',
        'theme.css': '@font-face{src:url(/font.woff2)}',
      },
      ['page.html', 'theme.css'],
      [],
    ],
  ])('%s', (_case, files, eager, lazy) => {
    const entrypoint: Entrypoint = { name: 'page', kind: 'page', roots: ['page.html'] };
    expect(entrypointFiles(entrypoint, build(files))).toEqual({ files: eager, lazy });
  });

  it('names the file that refers to a missing one', () => {
    const files = build({ 'page.html': '<script src="/gone.js"></script>' });
    expect(() => entrypointFiles({ name: 'page', kind: 'page', roots: ['page.html'] }, files)).toThrow(
      'page.html loads gone.js, which is not in the build.',
    );
  });
});

describe('measureBuild', () => {
  const entrypoints = measureBuild(build(SAMPLE_BUILD));
  const byName = (name: string) => entrypoints.find((entrypoint) => entrypoint.name === name)!;

  it('finds every entrypoint of the build', () => {
    expect(entrypoints.map(({ name, kind }) => [name, kind])).toEqual([
      ['background', 'background'],
      ['hubspot', 'content-script'],
      ['popup', 'popup'],
      ['options', 'options'],
    ]);
  });

  it.each([
    ['background', ['background.js']],
    ['hubspot', ['content-scripts/hubspot.js']],
    ['popup', ['popup.html', 'chunks/popup-A1.js', 'chunks/shared-B2.js', 'assets/theme-C3.css']],
    ['options', ['options.html', 'chunks/options-D4.js', 'chunks/shared-B2.js', 'chunks/options-only-E5.js', 'assets/theme-C3.css']],
  ])('%s loads %j; the shared chunk and stylesheet count in each page that loads them', (name, files) => {
    expect(byName(name).files.map((file) => file.path)).toEqual(files);
  });

  it('sizes each file raw and gzip (level 9), and totals are the sums', () => {
    const popup = byName('popup');
    const sources = popup.files.map((file) => {
      const source = SAMPLE_BUILD[file.path as keyof typeof SAMPLE_BUILD] as string;
      return { path: file.path, rawBytes: encoder.encode(source).byteLength, gzipBytes: gzipLength(source) };
    });
    expect(popup.files).toEqual(sources);
    expect(popup.rawBytes).toBe(sources.reduce((sum, file) => sum + file.rawBytes, 0));
    expect(popup.gzipBytes).toBe(sources.reduce((sum, file) => sum + file.gzipBytes, 0));
    expect(popup.lazy).toEqual({ files: [], rawBytes: 0, gzipBytes: 0 });
  });

  it('reports lazy chunks apart from the total', () => {
    const lazyBuild = build({
      ...SAMPLE_BUILD,
      'chunks/popup-A1.js': 'import{a as e}from"./shared-B2.js";onclick=()=>import("./options-only-E5.js");',
    });
    const popup = measureBuild(lazyBuild).find((entrypoint) => entrypoint.name === 'popup')!;
    expect(popup.files.map((file) => file.path)).not.toContain('chunks/options-only-E5.js');
    expect(popup.lazy.files.map((file) => file.path)).toEqual(['chunks/options-only-E5.js']);
    expect(popup.lazy.gzipBytes).toBe(gzipLength(SAMPLE_BUILD['chunks/options-only-E5.js']));
    expect(popup.gzipBytes).toBe(popup.files.reduce((sum, file) => sum + file.gzipBytes, 0));
  });

  it('gives no own-code figure to an entrypoint that loads no vendor chunk', () => {
    expect(entrypoints.map((entrypoint) => entrypoint.own)).toEqual([null, null, null, null]);
  });

  describe('with a vendor chunk, as the pages are built', () => {
    const vendor = 'chunks/vendor-V3x_-9Zq.js';
    const withVendor = build({
      ...SAMPLE_BUILD,
      'chunks/popup-A1.js': 'import{a as e}from"./shared-B2.js";import{r}from"./vendor-V3x_-9Zq.js";e(r);',
      'chunks/shared-B2.js': 'import"./vendor-V3x_-9Zq.js";export function a(){return 1}',
      [vendor]: 'export const r="react, react-dom, scheduler, webextension-polyfill";',
    });
    const sized = measureBuild(withVendor);
    const popup = sized.find((entrypoint) => entrypoint.name === 'popup')!;

    it("counts a page's own code as all it loads but the vendor chunk: its HTML, scripts and styles", () => {
      expect(popup.files.map((file) => file.path)).toContain(vendor);
      expect(popup.own?.files.map((file) => file.path)).toEqual(['popup.html', 'chunks/popup-A1.js', 'chunks/shared-B2.js', 'assets/theme-C3.css']);
      const vendorSize = popup.files.find((file) => file.path === vendor)!;
      expect(popup.own?.rawBytes).toBe(popup.rawBytes - vendorSize.rawBytes);
      expect(popup.own?.gzipBytes).toBe(popup.gzipBytes - vendorSize.gzipBytes);
      expect(vendorSize.gzipBytes).toBe(gzipLength('export const r="react, react-dom, scheduler, webextension-polyfill";'));
    });

    it('finds the vendor chunk however the page reaches it (here through a shared chunk), and gives the background no figure', () => {
      expect(sized.find((entrypoint) => entrypoint.name === 'options')?.own?.files.map((file) => file.path)).toEqual([
        'options.html',
        'chunks/options-D4.js',
        'chunks/shared-B2.js',
        'chunks/options-only-E5.js',
        'assets/theme-C3.css',
      ]);
      expect(sized.find((entrypoint) => entrypoint.name === 'background')?.own).toBeNull();
    });

    it('sizeTable adds a line for the own code of a page that has a figure', () => {
      expect(sizeTable(sized)).toMatch(/\| \*\*popup\*\* \(popup\) \|[^\n]*\n\| \*\*popup\*\*: own code \(all but the vendor chunk\) \|/);
      expect(sizeTable(sized)).not.toContain('**background**: own code');
    });
  });

  it('refuses a build without a manifest', () => {
    expect(() => measureBuild(build({ 'popup.html': popupHtml }))).toThrow('The build has no manifest.json.');
  });

  it('sizeTable lists each entrypoint then its files, in KB of 1024 bytes', () => {
    const table = sizeTable(entrypoints);
    expect(table).toContain('| **popup** (popup) |');
    expect(table).toContain('| &nbsp;&nbsp;chunks/shared-B2.js |');
    expect(table).toContain('1 KB = 1024 bytes');
  });
});

describe('readBuild', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('keys every file by its POSIX path relative to the build', () => {
    directory = mkdtempSync(join(tmpdir(), 'cct-build-'));
    mkdirSync(join(directory, 'chunks'));
    writeFileSync(join(directory, 'manifest.json'), '{}');
    writeFileSync(join(directory, 'chunks', 'a.js'), 'export{}');
    const files = readBuild(directory);
    expect([...files.keys()].sort()).toEqual(['chunks/a.js', 'manifest.json']);
    expect(new TextDecoder().decode(files.get('chunks/a.js'))).toBe('export{}');
  });
});
