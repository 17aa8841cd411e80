import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { DEFAULT_BUILD_PATH, EXTENSION_PATH, FIREFOX_BUILD_PATH } from './fixtures';
import { FIREFOX_ADDON_ID, FIREFOX_ANDROID_MIN_VERSION, FIREFOX_MIN_VERSION } from '../utils/platform/browserDifferences';
import { HUBSPOT_APP_ORIGINS } from '../utils/platform/hubspotOrigins';
import { ICON_SIZES, TOOLBAR_ICONS, toolbarIconPaths } from '../utils/background/toolbarIcons';

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's width and height, from its first chunk (IHDR); null for a file that is not a PNG. */
function pngSize(file: string): { width: number; height: number } | null {
  const bytes = readFileSync(file);
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the default build asks only for HubSpot app origins, the API host and storage; other https hosts and scripting are optional', () => {
  const manifest = read(DEFAULT_BUILD_PATH);
  const appMatches = HUBSPOT_APP_ORIGINS.map((origin) => `${origin}/*`);

  expect(manifest.manifest_version).toBe(3);
  expect(manifest.permissions).toEqual(['storage']);
  // Asked for at the first "Point at …" click, to put the pointer's script on the page then.
  expect(manifest.optional_permissions).toEqual(['scripting']);
  expect([...manifest.host_permissions].sort()).toEqual([...appMatches, 'https://api.hubapi.com/*'].sort());
  // A webhook on this computer over http may be tested too, asked for at the click like any other host.
  expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*', 'http://[::1]/*']);
  expect(manifest.externally_connectable).toBeUndefined();
  expect(manifest.browser_specific_settings).toBeUndefined();
  expect(manifest.content_scripts).toHaveLength(1);
  expect([...manifest.content_scripts[0].matches].sort()).toEqual([...appMatches].sort());
  const { optional_host_permissions: _optional, ...required } = manifest;
  expect(JSON.stringify(required)).not.toMatch(/localhost|127\.0\.0\.1|example\.com|<all_urls>|\*:\/\/\*|https:\/\/\*\//);
  expect(JSON.stringify(manifest)).not.toMatch(/example\.com|<all_urls>/);
});

test('the end-to-end build differs from it only by the test webhook hosts', () => {
  const production = read(DEFAULT_BUILD_PATH);
  const e2e = read(EXTENSION_PATH);
  expect(e2e.host_permissions).toEqual([...production.host_permissions, 'https://webhooks.example.test/*', 'http://127.0.0.1/*']);
  expect({ ...e2e, host_permissions: null }).toEqual({ ...production, host_permissions: null });
});

test("the Firefox build asks for exactly what Chrome's does, with the add-on id, a minimum version and no data collection", () => {
  const { browser_specific_settings: settings, background, ...firefox } = read(FIREFOX_BUILD_PATH);
  const { background: _serviceWorker, ...chrome } = read(DEFAULT_BUILD_PATH);

  expect(firefox).toEqual(chrome);
  expect(firefox.manifest_version).toBe(3);
  expect(background).toEqual({ scripts: ['background.js'] });
  expect(settings).toEqual({
    gecko: { id: FIREFOX_ADDON_ID, strict_min_version: FIREFOX_MIN_VERSION, data_collection_permissions: { required: ['none'] } },
    gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
  });
});

for (const [browser, dir] of [
  ['Chrome', DEFAULT_BUILD_PATH],
  ['Firefox', FIREFOX_BUILD_PATH],
] as const) {
  test(`the ${browser} build has its icon, and the test-mode icon, as PNGs at 16, 32, 48 and 128 px`, () => {
    const manifest = read(dir);
    expect(Object.keys(manifest.icons ?? {})).toEqual(['16', '32', '48', '128']);
    expect(manifest.action.default_icon).toEqual(manifest.icons);

    const iconSets = [manifest.icons, ...TOOLBAR_ICONS.map(toolbarIconPaths)] as Record<string, string>[];
    for (const paths of iconSets) {
      for (const size of ICON_SIZES) {
        const file = join(dir, paths[size] ?? '');
        expect(existsSync(file), `${paths[size]} in the build`).toBe(true);
        expect(pngSize(file), paths[size]).toEqual({ width: size, height: size });
      }
    }
    const [normal, testModeOn] = TOOLBAR_ICONS.map((icon) => readFileSync(join(dir, toolbarIconPaths(icon)[16])));
    expect(normal?.equals(testModeOn as Buffer)).toBe(false);
    // The drawings the PNGs are rendered from stay out of the extension.
    expect(readdirSync(join(dir, 'icons')).filter((file) => !file.endsWith('.png'))).toEqual([]);
  });
}
