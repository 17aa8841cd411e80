import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { DEFAULT_BUILD_PATH, EXTENSION_PATH, FIREFOX_BUILD_PATH } from './fixtures';
import { FIREFOX_ADDON_ID, FIREFOX_ANDROID_MIN_VERSION, FIREFOX_MIN_VERSION } from '../utils/browserDifferences';
import { HUBSPOT_APP_ORIGINS } from '../utils/hubspotOrigins';

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

test('the default build asks only for HubSpot app origins, the API host and storage; other https hosts are optional', () => {
  const manifest = read(DEFAULT_BUILD_PATH);
  const appMatches = HUBSPOT_APP_ORIGINS.map((origin) => `${origin}/*`);

  expect(manifest.manifest_version).toBe(3);
  expect(manifest.permissions).toEqual(['storage']);
  expect([...manifest.host_permissions].sort()).toEqual([...appMatches, 'https://api.hubapi.com/*'].sort());
  expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
  expect(manifest.externally_connectable).toBeUndefined();
  expect(manifest.browser_specific_settings).toBeUndefined();
  expect(manifest.content_scripts).toHaveLength(1);
  expect([...manifest.content_scripts[0].matches].sort()).toEqual([...appMatches].sort());
  const { optional_host_permissions: _optional, ...required } = manifest;
  expect(JSON.stringify(required)).not.toMatch(/localhost|127\.0\.0\.1|example\.com|<all_urls>|\*:\/\/\*|https:\/\/\*\//);
  expect(JSON.stringify(manifest)).not.toMatch(/localhost|127\.0\.0\.1|example\.com|<all_urls>/);
});

test('the end-to-end build differs from it only by the test webhook host', () => {
  const production = read(DEFAULT_BUILD_PATH);
  const e2e = read(EXTENSION_PATH);
  expect(e2e.host_permissions).toEqual([...production.host_permissions, 'https://webhooks.example.test/*']);
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
