/**
 * Loads the production build (`.output/chrome-mv3`) into Chromium, with the real HubSpot host names sent to the
 * local stand-in and every other host name unresolvable, so no test can reach the internet.
 */
import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStandin, type Standin } from '../standin/server';
import { chromiumPath, extensionArgs, standinArgs } from './chromium';
import { ExtensionDriver } from './extensionDriver';

/** The end-to-end build (`npm run build:e2e`): the production build plus the test webhook host's permission. */
export const EXTENSION_PATH = resolve(process.env.EXTENSION_PATH ?? '.output/e2e/chrome-mv3');
/** The build users load, whose manifest must stay minimal. */
export const DEFAULT_BUILD_PATH = resolve('.output/chrome-mv3');
/** The Firefox build; `npm run zip:firefox` makes it and zips it, with the sources, into `.output`. */
export const FIREFOX_BUILD_PATH = resolve('.output/firefox-mv3');

interface WorkerFixtures {
  standin: Standin;
}

interface TestFixtures {
  userDataDir: string;
  context: BrowserContext;
  serviceWorker: Worker;
  extension: ExtensionDriver;
  /** Console errors and uncaught exceptions of extension pages and the service worker, checked empty after each test. */
  extensionErrors: string[];
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  standin: [
    async ({}, use) => {
      const standin = await startStandin();
      await use(standin);
      await standin.close();
    },
    { scope: 'worker' },
  ],

  userDataDir: async ({}, use) => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'cct-e2e-'));
    await use(userDataDir);
    await rm(userDataDir, { recursive: true, force: true });
  },

  context: async ({ standin, userDataDir }, use) => {
    if (!existsSync(join(EXTENSION_PATH, 'manifest.json'))) {
      throw new Error(`No extension build at ${EXTENSION_PATH}: run \`npm run build:e2e\` first.`);
    }
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath(),
      headless: true,
      // Scrollbars as users have them: they take room, and Chrome sizes the toolbar popup to make room for one.
      ignoreDefaultArgs: ['--hide-scrollbars'],
      args: [
        ...extensionArgs(EXTENSION_PATH),
        ...standinArgs(standin.port),
        // The real toolbar popup is reachable only over a CDP connection made after it opens (docs/testing.md).
        '--remote-debugging-port=0',
        // A screen as large as a laptop's: headless Chromium's default 800 × 600 would cap the popup below Chrome's 600 px.
        '--screen-info={0,0 1600x1000}',
      ],
    });
    await use(context);
    await context.close();
  },

  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    await use(worker);
  },

  extensionErrors: async ({ context, serviceWorker }, use) => {
    const errors: string[] = [];
    serviceWorker.on('console', (message) => {
      if (message.type() === 'error') errors.push(`service worker: ${message.text()}`);
    });
    // Playwright hears a worker's console calls but not its uncaught errors: the worker reports them there itself.
    await serviceWorker.evaluate(() => {
      const describe = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
      self.addEventListener('error', (event) => console.error(`Uncaught ${describe(event.error ?? event.message)}`));
      self.addEventListener('unhandledrejection', (event) => console.error(`Uncaught (in promise) ${describe(event.reason)}`));
    });
    const watch = (page: Page) => watchExtensionPage(page, errors);
    context.pages().forEach(watch);
    context.on('page', watch);
    await use(errors);
  },

  extension: async ({ context, serviceWorker, extensionErrors, userDataDir }, use) => {
    // The real toolbar popup is reached over a connection of its own, which the context's events do not cover.
    const driver = new ExtensionDriver(context, serviceWorker, userDataDir, (page) => watchExtensionPage(page, extensionErrors));
    await use(driver);
    await driver.dispose();
    base.expect(extensionErrors, 'errors in extension pages').toEqual([]);
  },
});

export const expect = test.expect;

/** Records the uncaught errors and console errors of an extension page. */
function watchExtensionPage(page: Page, errors: string[]): void {
  const fromExtension = (url: string) => url.startsWith('chrome-extension://');
  page.on('pageerror', (error) => {
    if (fromExtension(page.url())) errors.push(`${page.url()}: ${error.message}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && fromExtension(message.location().url || page.url())) {
      errors.push(`${page.url()}: ${message.text()}`);
    }
  });
}
