/**
 * The Firefox build (`npm run build:e2e:firefox`) in a real Firefox, driven over WebDriver BiDi by puppeteer-core:
 * Playwright's own Firefox cannot load an add-on. The real host names reach the local stand-in through Firefox's
 * `network.dns.localDomains`, which maps names and not ports, so the stand-in listens on 443 (CI runs as root) and
 * one Firefox runs at a time. Every other host name goes nowhere: the test profile resolves nothing else (no proxy,
 * no DNS prefetch, no remote settings), and only 127.0.0.1 is a target.
 */
import { test as base } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { startStandin, STANDIN_HOSTS, type Standin } from '../../standin/server';
import { FirefoxDriver } from './firefoxDriver';
import { FIREFOX_ADDON_ID } from '../../utils/platform/browserDifferences';

/** The Firefox end-to-end build: the production Firefox build plus the test-only manifest keys (wxt.config.ts). */
export const FIREFOX_E2E_BUILD = resolve('.output/e2e/firefox-mv3');
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Fixed before start (`extensions.webextensions.uuids`), so the pages' `moz-extension://` URLs are known. */
export const EXTENSION_UUID = '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e';
const HTTPS_PORT = 443;

interface WorkerFixtures {
  standin: Standin;
}

interface TestFixtures {
  firefoxBrowser: Browser;
  firefox: FirefoxDriver;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  standin: [
    async ({}, use) => {
      const standin = await startStandin(HTTPS_PORT);
      await use(standin);
      await standin.close();
    },
    { scope: 'worker' },
  ],

  // A fresh profile per test: nothing stored by one test reaches the next.
  firefoxBrowser: async ({ standin }, use) => {
    standin.reset();
    if (!existsSync(resolve(FIREFOX_E2E_BUILD, 'manifest.json'))) {
      throw new Error(`No Firefox build at ${FIREFOX_E2E_BUILD}: run \`npm run build:e2e:firefox\` first.`);
    }
    if (!existsSync(FIREFOX_PATH)) throw new Error(`No Firefox at ${FIREFOX_PATH}: install Debian's firefox-esr.`);
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      acceptInsecureCerts: true,
      extraPrefsFirefox: {
        'network.dns.localDomains': STANDIN_HOSTS.join(','),
        'network.proxy.type': 0,
        'network.dns.disablePrefetch': true,
        'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: EXTENSION_UUID }),
        // A headless Firefox shows no permission prompt to answer: a request made in a click is granted, as a user's yes.
        'extensions.webextOptionalPermissionPrompts': false,
      },
    });
    await use(browser);
    await browser.close();
  },

  firefox: async ({ firefoxBrowser }, use) => {
    const id = await firefoxBrowser.installExtension(FIREFOX_E2E_BUILD);
    if (id !== FIREFOX_ADDON_ID) throw new Error(`Firefox installed the add-on as ${id}, not ${FIREFOX_ADDON_ID}`);
    await use(new FirefoxDriver(firefoxBrowser, EXTENSION_UUID));
  },
});

export { expect } from '@playwright/test';
