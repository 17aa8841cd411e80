/**
 * What each entrypoint of a built extension makes the browser load, and its raw and gzip size. Everything is derived
 * from the build: the manifest names the background and the content scripts, each HTML page names its scripts and
 * styles, and each JS chunk names the chunks it imports. No file name is assumed, so a hash change or a new chunk is
 * measured as it is.
 *
 * Counting rules:
 * - a file counts once per entrypoint, however many files import it; a chunk shared by two pages counts in both;
 * - an HTML page counts itself, its `<script src>`, `<link rel="modulepreload">` and `<link rel="stylesheet">`;
 * - static `import … from '…'`, `import '…'` and `export … from '…'` are followed recursively;
 * - a dynamic `import('…')` loads later, if ever, so what it reaches (and that file's own imports) is reported apart,
 *   as `lazy`, and never counts toward the entrypoint's total or its budget;
 * - CSS files count as they are; assets they reference with `url()` are not followed;
 * - own code: the pages' build puts React, React DOM, scheduler and webextension-polyfill, and only them, in one chunk
 *   (`vendor-<hash>.js`, utils/platform/vendorChunk.ts; the bundler captures a package's dependencies with it, and none of
 *   theirs is ours). A page's own code is every file it loads at start but that chunk, so its HTML, its CSS, zustand,
 *   WXT's helpers and the bundler's runtime count as its own. The background and content scripts are single files
 *   with the polyfill inside: their own code cannot be told apart, and has no figure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import ts from 'typescript';
import { VENDOR_CHUNK_NAME } from '../utils/platform/vendorChunk';
import { checkSizeBudgets, formatKB } from './budgets';

export type EntrypointKind = 'background' | 'content-script' | 'injected' | 'popup' | 'options' | 'page';

/** Where an entrypoint starts: build-relative POSIX paths, in the order the browser loads them. */
export interface Entrypoint {
  name: string;
  kind: EntrypointKind;
  roots: string[];
}

export interface FileSize {
  path: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface EntrypointSize {
  name: string;
  kind: EntrypointKind;
  /** What loads when the entrypoint starts, in discovery order. */
  files: FileSize[];
  rawBytes: number;
  /** The sum of each file's own gzip size (level 9), the way each file is fetched. */
  gzipBytes: number;
  /** Reached only through dynamic `import()`: loaded on demand, outside the totals above. */
  lazy: FileTotal;
  /** What it loads at start but the vendor chunk (see "own code" above); `null` when it loads no vendor chunk. */
  own: FileTotal | null;
}

export interface FileTotal {
  files: FileSize[];
  rawBytes: number;
  gzipBytes: number;
}

export interface ModuleReferences {
  static: string[];
  dynamic: string[];
}

/** The build, as build-relative POSIX paths to contents. */
export type BuildFiles = ReadonlyMap<string, Uint8Array>;

const GZIP_LEVEL = 9;

/** Scripts and styles an HTML page loads, in document order. Inline scripts are part of the page's own bytes. */
export function htmlReferences(html: string): string[] {
  const references: string[] = [];
  const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of withoutComments.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const attributes = parseAttributes(tag[2] ?? '');
    if (tag[1]!.toLowerCase() === 'script') {
      if (attributes.src) references.push(attributes.src);
      continue;
    }
    const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
    if (attributes.href && (rel.includes('modulepreload') || rel.includes('stylesheet'))) references.push(attributes.href);
  }
  return references;
}

function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    attributes[match[1]!.toLowerCase()] = match[2] ?? match[3] ?? match[4] ?? '';
  }
  return attributes;
}

/**
 * The module specifiers a JS file imports, parsed with TypeScript's parser rather than a regex, because minified code
 * is full of `import` inside strings, templates and names (`importKey(`). Only literal dynamic specifiers can be
 * followed; `import(someVariable)` is not a file of the build anyone can name.
 */
export function moduleReferences(source: string): ModuleReferences {
  const file = ts.createSourceFile('chunk.js', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const references: ModuleReferences = { static: [], dynamic: [] };
  for (const statement of file.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      references.static.push(statement.moduleSpecifier.text);
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [specifier] = node.arguments;
      if (specifier && ts.isStringLiteralLike(specifier)) references.dynamic.push(specifier.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return references;
}

/**
 * The build-relative path a reference from `from` points to; `null` for URLs of another scheme (they are not part of
 * the build). A bare specifier or a path out of the build cannot load in an extension, so it is an error.
 */
export function resolveReference(from: string, reference: string): string | null {
  const path = reference.replace(/[?#].*$/, '');
  if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(path)) return null;
  let resolved: string;
  if (path.startsWith('/')) resolved = posix.normalize(path.slice(1));
  else if (path.startsWith('./') || path.startsWith('../')) resolved = posix.join(posix.dirname(from), path);
  else if (from.endsWith('.html')) resolved = posix.join(posix.dirname(from), path);
  else throw new Error(`${from} imports "${reference}", which is not a path to a file of the build.`);
  if (resolved === '..' || resolved.startsWith('../')) throw new Error(`${from} refers to "${reference}", outside the build.`);
  return resolved;
}

interface ManifestShape {
  background?: { service_worker?: string; scripts?: string[]; page?: string };
  content_scripts?: Array<{ js?: string[]; css?: string[] }>;
  action?: { default_popup?: string };
  browser_action?: { default_popup?: string };
  page_action?: { default_popup?: string };
  options_ui?: { page?: string };
  options_page?: string;
}

/**
 * Every entrypoint of the build: the background and content scripts from the manifest (MV3 or MV2), the popup and
 * options pages where the manifest names them, any other HTML page at the build's root (a page the extension opens
 * itself), and any other script there (one the extension puts on a page on demand, `scripting.executeScript`).
 */
export function findEntrypoints(manifest: ManifestShape, paths: Iterable<string>): Entrypoint[] {
  const clean = (path: string) => posix.normalize(path.replace(/^\/+/, ''));
  // Read once: `paths` may be an iterator (a Map's keys).
  const atRoot = [...paths].filter((path) => !path.includes('/')).sort();
  const entrypoints: Entrypoint[] = [];
  const { background } = manifest;
  // A cross-browser manifest may name both: Chrome runs the service worker, Firefox the scripts; count what Chrome runs.
  const backgroundRoots = background?.service_worker
    ? [background.service_worker]
    : (background?.scripts ?? (background?.page ? [background.page] : []));
  if (backgroundRoots.length > 0) entrypoints.push({ name: 'background', kind: 'background', roots: backgroundRoots.map(clean) });

  for (const script of manifest.content_scripts ?? []) {
    const roots = [...(script.js ?? []), ...(script.css ?? [])].map(clean);
    if (roots.length > 0) entrypoints.push({ name: baseName(roots[0]!), kind: 'content-script', roots });
  }

  const popup = manifest.action?.default_popup ?? manifest.browser_action?.default_popup ?? manifest.page_action?.default_popup;
  const options = manifest.options_ui?.page ?? manifest.options_page;
  const pages = new Map<string, EntrypointKind>();
  if (popup) pages.set(clean(popup), 'popup');
  if (options) pages.set(clean(options), 'options');
  const claimed = new Set(entrypoints.flatMap((entrypoint) => entrypoint.roots));
  for (const path of atRoot.filter((path) => path.endsWith('.html'))) {
    if (!pages.has(path) && !claimed.has(path)) pages.set(path, 'page');
  }
  for (const [path, kind] of pages) entrypoints.push({ name: baseName(path), kind, roots: [path] });
  for (const path of atRoot.filter((path) => path.endsWith('.js') && !claimed.has(path))) {
    entrypoints.push({ name: baseName(path), kind: 'injected', roots: [path] });
  }
  return entrypoints;
}

function baseName(path: string): string {
  return posix.basename(path).replace(/\.[^.]+$/, '');
}

/** What a file loads: HTML pages their scripts and styles, JS its imports, anything else nothing. */
function referencesOf(path: string, contents: Uint8Array): ModuleReferences {
  const text = () => Buffer.from(contents).toString('utf8');
  if (path.endsWith('.html')) return { static: htmlReferences(text()), dynamic: [] };
  if (path.endsWith('.js') || path.endsWith('.mjs')) return moduleReferences(text());
  return { static: [], dynamic: [] };
}

/** The files an entrypoint loads at start (`files`) and those it can only load on demand (`lazy`). */
export function entrypointFiles(entrypoint: Entrypoint, build: BuildFiles): { files: string[]; lazy: string[] } {
  const read = (path: string, from: string) => {
    const contents = build.get(path);
    if (!contents) throw new Error(`${from} loads ${path}, which is not in the build.`);
    return contents;
  };
  const eager = new Set<string>();
  const dynamicImports: Array<{ target: string; from: string }> = [];
  const walk = (path: string, from: string, into: Set<string>, skip: ReadonlySet<string>) => {
    if (into.has(path) || skip.has(path)) return;
    into.add(path);
    const references = referencesOf(path, read(path, from));
    for (const reference of references.static) {
      const target = resolveReference(path, reference);
      if (target !== null) walk(target, path, into, skip);
    }
    for (const reference of references.dynamic) {
      const target = resolveReference(path, reference);
      if (target !== null) dynamicImports.push({ target, from: path });
    }
  };
  for (const root of entrypoint.roots) walk(root, 'the manifest', eager, new Set());
  const lazy = new Set<string>();
  // Grows while lazy files are walked, so a lazy chunk's own dynamic imports are followed too.
  for (const { target, from } of dynamicImports) walk(target, from, lazy, eager);
  return { files: [...eager], lazy: [...lazy] };
}

const VENDOR_CHUNK = new RegExp(`(?:^|/)${VENDOR_CHUNK_NAME}-[\\w-]{8}\\.js$`);

/** Whether a file of the build is the chunk of React, React DOM, scheduler and webextension-polyfill. */
export function isVendorChunk(path: string): boolean {
  return VENDOR_CHUNK.test(path);
}

/** Sizes of every entrypoint of a build; each file is compressed once however many entrypoints load it. */
export function measureBuild(build: BuildFiles): EntrypointSize[] {
  const manifestBytes = build.get('manifest.json');
  if (!manifestBytes) throw new Error('The build has no manifest.json.');
  const manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as ManifestShape;
  const sizes = new Map<string, FileSize>();
  const sizeOf = (path: string): FileSize => {
    let size = sizes.get(path);
    if (!size) {
      const contents = build.get(path)!;
      size = { path, rawBytes: contents.byteLength, gzipBytes: gzipSync(contents, { level: GZIP_LEVEL }).byteLength };
      sizes.set(path, size);
    }
    return size;
  };
  const total = (files: FileSize[]): FileTotal => ({
    files,
    rawBytes: files.reduce((sum, file) => sum + file.rawBytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
  });
  return findEntrypoints(manifest, build.keys()).map((entrypoint) => {
    const { files, lazy } = entrypointFiles(entrypoint, build);
    const own = files.some(isVendorChunk) ? total(files.filter((path) => !isVendorChunk(path)).map(sizeOf)) : null;
    return { name: entrypoint.name, kind: entrypoint.kind, ...total(files.map(sizeOf)), lazy: total(lazy.map(sizeOf)), own };
  });
}

/** A Markdown table: one row per entrypoint, then one per file it loads. */
export function sizeTable(entrypoints: readonly EntrypointSize[]): string {
  const rows = ['| entrypoint / file | raw | gzip |', '|---|---:|---:|'];
  const row = (label: string, raw: number, gzip: number) => rows.push(`| ${label} | ${formatKB(raw)} | ${formatKB(gzip)} |`);
  for (const entrypoint of entrypoints) {
    row(`**${entrypoint.name}** (${entrypoint.kind})`, entrypoint.rawBytes, entrypoint.gzipBytes);
    if (entrypoint.own) row(`**${entrypoint.name}**: own code (all but the vendor chunk)`, entrypoint.own.rawBytes, entrypoint.own.gzipBytes);
    for (const file of entrypoint.files) row(`&nbsp;&nbsp;${file.path}`, file.rawBytes, file.gzipBytes);
    for (const file of entrypoint.lazy.files) row(`&nbsp;&nbsp;${file.path} (lazy)`, file.rawBytes, file.gzipBytes);
  }
  return `${rows.join('\n')}\n\n1 KB = 1024 bytes; gzip level ${GZIP_LEVEL}, per file.\n`;
}

/** Every file under a build directory, keyed by its POSIX path relative to it. */
export function readBuild(directory: string): Map<string, Uint8Array> {
  const root = resolve(directory);
  const files = new Map<string, Uint8Array>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path).split(sep).join('/'), readFileSync(path));
  }
  return files;
}

export function measureBuildDirectory(directory: string): EntrypointSize[] {
  return measureBuild(readBuild(directory));
}

// `npx tsx bench/bundleSizes.ts [build directory]` prints the table and the budgets, for a quick look after a build.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const entrypoints = measureBuildDirectory(process.argv[2] ?? '.output/chrome-mv3');
  console.log(sizeTable(entrypoints));
  for (const result of checkSizeBudgets(entrypoints)) console.log(result.message);
}
