/**
 * What addons.mozilla.org receives: the Firefox build passes its linter, the add-on zip is that build, and the
 * sources zip holds everything needed to rebuild it byte for byte and nothing else (`npm run zip:firefox` first).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readBuild } from '../bench/bundleSizes';
import { FIREFOX_BUILD_PATH } from './fixtures';

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string };
const ADDON_ZIP = resolve(`.output/${name}-${version}-firefox.zip`);
const SOURCES_ZIP = resolve(`.output/${name}-${version}-sources.zip`);

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** A zip's files as `readBuild` gives a folder's: by path, with their bytes. */
function unzip(path: string): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(readFileSync(path))).map(([file, bytes]) => [file, Buffer.from(bytes)]));
}

/**
 * React DOM assigns innerHTML only to apply `dangerouslySetInnerHTML`, which no component here uses; the linter
 * flags the code path in the bundled library all the same.
 */
function isReactDomInnerHtml(warning: LintMessage): boolean {
  if (warning.code !== 'UNSAFE_VAR_ASSIGNMENT' || !warning.file || !warning.line || !warning.column) return false;
  const line = readFileSync(join(FIREFOX_BUILD_PATH, warning.file), 'utf8').split('\n')[warning.line - 1] ?? '';
  return /\.__html[^;]*\.innerHTML=/.test(line.slice(Math.max(0, warning.column - 200), warning.column + 20));
}

test('the Firefox build passes web-ext lint: no errors, and no warning but React DOM’s innerHTML', () => {
  const lint = spawnSync(resolve('node_modules/.bin/web-ext'), ['lint', '--source-dir', FIREFOX_BUILD_PATH, '--output', 'json'], {
    encoding: 'utf8',
  });
  expect(lint.stdout, lint.stderr).toMatch(/^\{/);
  const report = JSON.parse(lint.stdout) as { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] };

  expect(report.errors).toEqual([]);
  expect(report.notices).toEqual([]);
  expect(report.warnings.filter((warning) => !isReactDomInnerHtml(warning))).toEqual([]);
  for (const folder of ['components', 'entrypoints', 'utils']) {
    for (const [file, bytes] of readBuild(folder)) {
      expect(Buffer.from(bytes).toString('utf8'), `${folder}/${file}`).not.toContain('dangerouslySetInnerHTML');
    }
  }
});

test('the add-on zip is the Firefox build', () => {
  expect(unzip(ADDON_ZIP)).toEqual(readBuild(FIREFOX_BUILD_PATH));
});

test('the sources zip holds what the build reads and the README, and no tests, builds or dependencies', () => {
  const files = [...unzip(SOURCES_ZIP).keys()];

  expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'package-lock.json', 'wxt.config.ts', 'entrypoints/background.ts']));
  expect(files.filter((file) => /node_modules|\.output|\.wxt|test-results|playwright-report|__tests__|\.(test|spec)\.|^(e2e|bench|standin|docs|scripts)\//.test(file))).toEqual([]);
});

test('the sources zip rebuilds the same add-on', () => {
  test.setTimeout(180_000);
  const root = mkdtempSync(join(tmpdir(), 'cct-sources-'));
  try {
    for (const [file, bytes] of unzip(SOURCES_ZIP)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), bytes);
    }
    // What `npm ci` would install from the zip's package-lock.json, without the network.
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');
    const build = spawnSync(resolve('node_modules/.bin/wxt'), ['build', '-b', 'firefox'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);

    expect(readBuild(join(root, '.output/firefox-mv3'))).toEqual(readBuild(FIREFOX_BUILD_PATH));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
