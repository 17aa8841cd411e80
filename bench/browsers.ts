/** The two browsers the benchmark compares: one with the production build loaded, one without any extension. */
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WxtBrowser } from 'wxt/browser';
import { chromiumPath, extensionArgs, standinArgs } from '../e2e/chromium';
import { OptionsPage } from '../e2e/pages/options';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import { FLAG_SHOWN_ELEMENT_TIMING } from '../utils/platform/performanceMarks';

/** The extension APIs as seen by code evaluated inside the service worker. */
declare const chrome: WxtBrowser;

export interface BenchBrowser {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

export interface ExtensionBrowser extends BenchBrowser {
  serviceWorker: Worker;
  extensionId: string;
}

async function launch(standinPort: number, extraArgs: string[]): Promise<BenchBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'cct-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [...standinArgs(standinPort), ...extraArgs],
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export function launchWithoutExtension(standinPort: number): Promise<BenchBrowser> {
  return launch(standinPort, []);
}

async function launchExtension(standinPort: number, extensionPath: string): Promise<ExtensionBrowser> {
  // The real toolbar popup is reachable only over a CDP connection made after it opens (docs/testing.md).
  const browser = await launch(standinPort, [...extensionArgs(extensionPath), '--remote-debugging-port=0']);
  const serviceWorker = browser.context.serviceWorkers()[0] ?? (await browser.context.waitForEvent('serviceworker'));
  return { ...browser, serviceWorker, extensionId: new URL(serviceWorker.url()).host };
}

/**
 * The production build with one app profile set up through the options page, as a developer would: the content
 * script then has a provider name to look for, which is when it does its real work.
 */
export async function launchWithExtension(standinPort: number, extensionPath: string): Promise<ExtensionBrowser> {
  const browser = await launchExtension(standinPort, extensionPath);
  const [app] = STANDIN_APPS;
  const page = await browser.context.newPage();
  const options = await OptionsPage.open(page, browser.extensionId);
  await options.addProfile({
    label: 'Benchmark',
    appId: String(app.appId),
    credential: STANDIN_DEVELOPER_API_KEY,
    appDisplayName: app.name,
  });
  await page.close();
  return browser;
}

/** Loads a throwaway extension made of `files` (a manifest among them), removed again on close. */
async function launchWithTemporaryExtension(standinPort: number, files: Record<string, string>): Promise<ExtensionBrowser> {
  const extensionPath = await mkdtemp(join(tmpdir(), 'cct-bench-extension-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(extensionPath, name), text);
  const browser = await launchExtension(standinPort, extensionPath);
  return {
    ...browser,
    async close() {
      await browser.close();
      await rm(extensionPath, { recursive: true, force: true });
    },
  };
}

/**
 * An extension whose popup is one line of static text: how long the browser itself takes to show a popup, the
 * floor under any extension's popup on this machine.
 */
export function launchWithEmptyPopup(standinPort: number): Promise<ExtensionBrowser> {
  return launchWithTemporaryExtension(standinPort, {
    'manifest.json': JSON.stringify({
      manifest_version: 3,
      name: 'Empty popup',
      version: '1.0',
      action: { default_popup: 'popup.html' },
      background: { service_worker: 'background.js' },
    }),
    'background.js': '',
    'popup.html': `<!doctype html><meta charset="utf-8"><p elementtiming="${FLAG_SHOWN_ELEMENT_TIMING}">Test mode is off.</p>`,
  });
}

/**
 * An extension whose content script is empty but injected where ours is, when ours is: what any content script
 * costs a page in this browser, the floor under ours.
 */
export function launchWithEmptyContentScript(standinPort: number, extensionPath: string): Promise<ExtensionBrowser> {
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'manifest.json'), 'utf8')) as { content_scripts: unknown[] };
  return launchWithTemporaryExtension(standinPort, {
    'manifest.json': JSON.stringify({
      manifest_version: 3,
      name: 'Empty content script',
      version: '1.0',
      background: { service_worker: 'background.js' },
      content_scripts: manifest.content_scripts.map((script) => ({ ...(script as object), js: ['content.js'] })),
    }),
    'background.js': '',
    'content.js': '',
  });
}

/** Opens the real toolbar popup on the focused tab; returns when the SW asked for it, and the popup's page. */
export async function openToolbarPopup(browser: ExtensionBrowser): Promise<{ requestedAt: number; popup: Page; close(): Promise<void> }> {
  const requestedAt = await browser.serviceWorker.evaluate(async () => {
    const at = performance.timeOrigin + performance.now();
    await chrome.action.openPopup();
    return at;
  });
  const [port] = (await readFile(join(browser.userDataDir, 'DevToolsActivePort'), 'utf8')).split('\n');
  const connection = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const popupUrl = `chrome-extension://${browser.extensionId}/popup.html`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const popup = connection.contexts().flatMap((context) => context.pages()).find((page) => page.url() === popupUrl);
    if (popup) {
      return {
        requestedAt,
        popup,
        async close() {
          await popup.close();
          await connection.close();
        },
      };
    }
    if (Date.now() > deadline) {
      await connection.close();
      throw new Error('The toolbar popup did not open within 10 s.');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Chromium's own counters for one page: main-thread time by kind, and the JS heap. */
export async function pageMetrics(session: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await session.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map(({ name, value }) => [name, value]));
}
