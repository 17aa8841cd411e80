import { defineConfig } from 'wxt';
import { OPTIONAL_HOST_PERMISSIONS, REQUIRED_HOST_PERMISSIONS } from './utils/hubspotOrigins';
import { TOGGLE_TEST_MODE_COMMAND } from './utils/commands';

/**
 * `CCT_TEST_HOST_PERMISSIONS` (comma-separated match patterns) makes the end-to-end build: it grants the test
 * webhook host up front, because headless Chromium never answers a permission prompt, and it builds into
 * `.output/e2e` so the default build in `.output/chrome-mv3` stays minimal.
 */
const testHostPermissions = (process.env.CCT_TEST_HOST_PERMISSIONS ?? '').split(',').filter(Boolean);

export default defineConfig({
  outDir: testHostPermissions.length > 0 ? '.output/e2e' : '.output',
  // No webextension-polyfill: Chrome's MV3 APIs return promises as Firefox's do, and messages are answered the way
  // both accept (utils/messages.ts). The polyfill cost 3 KB gzip in every page and the content script.
  modules: ['@wxt-dev/module-react'],
  // Explicit imports keep every module's dependencies visible to readers and to tsc.
  imports: false,
  // Vite's modulepreload polyfill serves browsers without `<link rel="modulepreload">`; every browser that runs
  // this extension has it (Chrome 66, Firefox 115), and the popup would carry the polyfill on every open.
  vite: () => ({ build: { modulePreload: { polyfill: false } } }),
  manifest: {
    name: 'Channel Connection Tester',
    description:
      "Turn on HubSpot help desk channel-connection test mode in one click, and check your calling app's isReady status.",
    permissions: ['storage'],
    host_permissions: [...REQUIRED_HOST_PERMISSIONS, ...testHostPermissions],
    optional_host_permissions: OPTIONAL_HOST_PERMISSIONS,
    action: { default_title: 'Channel Connection Tester' },
    commands: {
      [TOGGLE_TEST_MODE_COMMAND.name]: {
        suggested_key: { default: TOGGLE_TEST_MODE_COMMAND.suggestedKey },
        description: TOGGLE_TEST_MODE_COMMAND.description,
      },
    },
  },
});
