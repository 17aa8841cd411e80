import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { DEFAULT_BUILD_PATH, EXTENSION_PATH } from './fixtures';
import { HUBSPOT_APP_ORIGINS } from '../utils/hubspotOrigins';

test('the default build asks only for HubSpot app origins, the API host and storage; other https hosts are optional', () => {
  const manifest = JSON.parse(readFileSync(join(DEFAULT_BUILD_PATH, 'manifest.json'), 'utf8'));
  const appMatches = HUBSPOT_APP_ORIGINS.map((origin) => `${origin}/*`);

  expect(manifest.manifest_version).toBe(3);
  expect(manifest.permissions).toEqual(['storage']);
  expect([...manifest.host_permissions].sort()).toEqual([...appMatches, 'https://api.hubapi.com/*'].sort());
  expect(manifest.optional_host_permissions).toEqual(['https://*/*']);
  expect(manifest.externally_connectable).toBeUndefined();
  expect(manifest.content_scripts).toHaveLength(1);
  expect([...manifest.content_scripts[0].matches].sort()).toEqual([...appMatches].sort());
  const { optional_host_permissions: _optional, ...required } = manifest;
  expect(JSON.stringify(required)).not.toMatch(/localhost|127\.0\.0\.1|example\.com|<all_urls>|\*:\/\/\*|https:\/\/\*\//);
  expect(JSON.stringify(manifest)).not.toMatch(/localhost|127\.0\.0\.1|example\.com|<all_urls>/);
});

test('the end-to-end build differs from it only by the test webhook host', () => {
  const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const production = read(DEFAULT_BUILD_PATH);
  const e2e = read(EXTENSION_PATH);
  expect(e2e.host_permissions).toEqual([...production.host_permissions, 'https://webhooks.example.test/*']);
  expect({ ...e2e, host_permissions: null }).toEqual({ ...production, host_permissions: null });
});
