/**
 * How the modules may depend on each other, checked on the source itself: no import cycles (type imports count, since
 * a cycle of types ties the files together as firmly), components that render and leave storage and the browser to the
 * stores and utils, and pure modules that run without a browser.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const SOURCE_FOLDERS = ['entrypoints', 'components', 'utils'];

/**
 * Feature folders whose modules decide without a browser and are tested without one; so is `tabState.ts`, the types
 * every context shares. Browser glue lives in `tabs/`, `background/`, `stores/` and `platform/`.
 */
const PURE_FOLDERS = ['utils/flag/', 'utils/providers/', 'utils/profiles/', 'utils/hubspotApi/', 'utils/webhook/', 'utils/matrix/', 'utils/cli/'];
const PURE_FILES = ['utils/tabs/tabState.ts'];

/** What a pure module must not reach, even through another module, and a component must not import itself. */
const BROWSER_MODULES = ['wxt/browser', 'wxt/utils/storage', 'webextension-polyfill'];
const STORAGE_MODULE = 'utils/platform/storage.ts';

type Graph = Map<string, string[]>;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder)).flatMap((name) => {
    const path = join(folder, name);
    if (name === '__tests__') return [];
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function isProjectFile(path: string): boolean {
  try {
    return statSync(join(ROOT, path)).isFile();
  } catch {
    return false;
  }
}

/** A project file as a path from the root, or the bare specifier of a package. */
function resolveImport(from: string, specifier: string, exists: (path: string) => boolean): string {
  const local = specifier.startsWith('@/') ? specifier.slice(2) : specifier.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(from), specifier)) : null;
  if (local === null) return specifier;
  // A stylesheet or an asset: a file to load, not a module whose imports go on.
  if (/\.(css|svg|png|html)$/.test(local)) return local;
  const found = [`${local}.ts`, `${local}.tsx`, join(local, 'index.ts')].find(exists);
  if (!found) throw new Error(`${from} imports ${specifier}, which is not a file of the project`);
  return found;
}

/** Whether an import or re-export brings in types only, which vanish from the built code. */
function typesOnly(statement: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isExportDeclaration(statement)) {
    return statement.isTypeOnly || (statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause) && statement.exportClause.elements.every((element) => element.isTypeOnly));
  }
  const clause = statement.importClause;
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

/**
 * Every import and re-export of `files`, as TypeScript reads them: `types` includes those that bring in types only,
 * `code` only those that stay in the built code.
 */
function importGraph(files: string[], read: (file: string) => string, exists = isProjectFile): { types: Graph; code: Graph } {
  const types: Graph = new Map();
  const code: Graph = new Map();
  for (const file of files) {
    const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const statements = source.statements.filter(
      (statement): statement is ts.ImportDeclaration | ts.ExportDeclaration =>
        (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
        statement.moduleSpecifier !== undefined &&
        ts.isStringLiteral(statement.moduleSpecifier),
    );
    const target = (statement: ts.ImportDeclaration | ts.ExportDeclaration) => resolveImport(file, (statement.moduleSpecifier as ts.StringLiteral).text, exists);
    types.set(file, statements.map(target));
    code.set(file, statements.filter((statement) => !typesOnly(statement)).map(target));
  }
  return { types, code };
}

/** Each cycle once, as the files it runs through, starting from its first file in `graph`'s order. */
function importCycles(graph: Graph): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string) => {
    const at = path.indexOf(file);
    if (at !== -1) {
      cycles.push([...path.slice(at), file]);
      return;
    }
    if (done.has(file) || !graph.has(file)) return;
    path.push(file);
    for (const dependency of graph.get(file) ?? []) visit(dependency);
    path.pop();
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return cycles;
}

/** Everything `file` reaches through its imports, itself left out. */
function reachable(graph: Graph, file: string): Set<string> {
  const seen = new Set<string>();
  const pending = [...(graph.get(file) ?? [])];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...(graph.get(next) ?? []));
  }
  return seen;
}

const files = SOURCE_FOLDERS.flatMap(sourceFiles);
const { types: graph, code } = importGraph(files, (file) => readFileSync(join(ROOT, file), 'utf8'));

describe('the import graph', () => {
  it('reads the project', () => {
    expect(files).toContain('entrypoints/background.ts');
    expect(graph.get('utils/stores/popupStore.ts')).toContain(STORAGE_MODULE);
  });

  it('has no import cycle, type imports included', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('keeps storage and browser APIs out of components: the stores and utils reach them', () => {
    const offending = files
      .filter((file) => file.startsWith('components/'))
      .flatMap((file) => (graph.get(file) ?? []).filter((dependency) => dependency === STORAGE_MODULE || BROWSER_MODULES.includes(dependency)).map((dependency) => `${file} imports ${dependency}`));
    expect(offending).toEqual([]);
  });

  it('keeps browser APIs out of the stores: they reach the browser through the feature modules they call', () => {
    const offending = files
      .filter((file) => file.startsWith('utils/stores/'))
      .flatMap((file) => (code.get(file) ?? []).filter((dependency) => BROWSER_MODULES.includes(dependency)).map((dependency) => `${file} imports ${dependency}`));
    expect(offending).toEqual([]);
  });

  const pure = files.filter((file) => PURE_FILES.includes(file) || PURE_FOLDERS.some((folder) => file.startsWith(folder)));

  it('finds every pure folder', () => {
    for (const folder of PURE_FOLDERS) expect(pure.some((file) => file.startsWith(folder)), folder).toBe(true);
  });

  it.each(pure)('keeps %s pure: no code it runs uses the browser', (file) => {
    const reached = reachable(code, file);
    expect([...reached].filter((dependency) => dependency === STORAGE_MODULE || BROWSER_MODULES.includes(dependency))).toEqual([]);
  });
});

describe('importCycles', () => {
  const sources: Record<string, string> = {
    'utils/a.ts': "import type { B } from './b';\nexport type A = B[];",
    'utils/b.ts': "export { c } from './c';\nexport type B = string;",
    'utils/c.ts': "import { a } from '@/utils/a';\nexport const c = a;",
    'utils/d.ts': "import { browser } from 'wxt/browser';\nimport type { A } from './a';",
  };
  const planted = importGraph(Object.keys(sources), (file) => sources[file] ?? '', (path) => path in sources);

  it('finds a cycle through a type import, a re-export and the @ alias', () => {
    expect(importCycles(planted.types)).toEqual([['utils/a.ts', 'utils/b.ts', 'utils/c.ts', 'utils/a.ts']]);
  });

  it('follows imports to what a module reaches through others, and code through code only', () => {
    expect([...reachable(planted.types, 'utils/d.ts')].sort()).toEqual(['utils/a.ts', 'utils/b.ts', 'utils/c.ts', 'wxt/browser']);
    expect([...reachable(planted.code, 'utils/d.ts')]).toEqual(['wxt/browser']);
    expect([...reachable(planted.code, 'utils/c.ts')].sort()).toEqual(['utils/a.ts']);
  });
});
