/** What the specs do to the browser and the extension, so that specs read as steps and hold no plumbing. */
import { chromium, expect, type Browser, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../utils/channelConnectionFlag';
import { TOGGLE_TEST_MODE_COMMAND } from '../utils/commands';
import type { ContentScriptProtocol } from '../utils/messages';
import type { WxtBrowser } from 'wxt/browser';
import { PopupPage } from './pages/popup';

/** The extension APIs as seen by code evaluated inside the service worker. */
declare const chrome: WxtBrowser;

export const PORTAL_ID = '123456';
export const HELP_DESK_URL = `https://app.hubspot.com/help-desk/${PORTAL_ID}/inbox`;
export const NOT_HUBSPOT_URL = 'https://www.example.com/';

/** Where a held message waits: before it is sent, or once its reply is back but before its sender sees it. */
export type HoldPoint = 'send' | 'reply';

export interface HeldMessage {
  /** Resolves once the message has reached its hold point. */
  reached(): Promise<void>;
  release(): Promise<void>;
}

interface HeldInSender {
  cctHeldMessage: { reached: Promise<void>; release(): void };
}

/** An extension page or the service worker: whatever runs code with the extension's APIs. */
type ExtensionContext = Pick<Page, 'evaluate'> | Pick<Worker, 'evaluate'>;

export class ExtensionDriver {
  readonly id: string;
  private cdpConnections: Browser[] = [];

  constructor(
    readonly context: BrowserContext,
    readonly serviceWorker: Worker,
    private readonly userDataDir: string,
  ) {
    this.id = new URL(serviceWorker.url()).host;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.cdpConnections.map((connection) => connection.close()));
  }

  /**
   * Opens the real toolbar popup on the focused window's active tab, as a click on the toolbar button does. It is
   * not one of the context's pages: it is found over a CDP connection made after it opened.
   */
  async openToolbarPopup(): Promise<PopupPage> {
    await this.serviceWorker.evaluate(() => chrome.action.openPopup());
    const [port] = (await readFile(join(this.userDataDir, 'DevToolsActivePort'), 'utf8')).split('\n');
    const connection = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
    this.cdpConnections.push(connection);
    const popupUrl = `chrome-extension://${this.id}/popup.html`;
    let popup: Page | undefined;
    await expect
      .poll(() => {
        popup = connection.contexts().flatMap((context) => context.pages()).find((page) => page.url() === popupUrl);
        return popup !== undefined;
      })
      .toBe(true);
    return new PopupPage(popup as Page);
  }

  /** Opens a page and waits until the content script answers there, when it is a HubSpot page. */
  async open(url: string, { flag }: { flag?: string } = {}): Promise<{ page: Page; tabId: number }> {
    const page = await this.context.newPage();
    await page.goto(url);
    if (flag !== undefined) {
      await page.evaluate(([key, value]) => localStorage.setItem(key, value), [SUPPORTS_CHANNEL_CONNECTION_KEY, flag] as const);
      await page.reload();
    }
    const tabId = await this.tabIdOf(page);
    if (new URL(url).hostname.endsWith('.hubspot.com')) await this.waitForContentScript(tabId);
    return { page, tabId };
  }

  /** The browser's tab id for a page: the page is brought to the front and read as the active tab. */
  async tabIdOf(page: Page): Promise<number> {
    await page.bringToFront();
    return this.serviceWorker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      if (tab?.id === undefined) throw new Error('no active tab');
      return tab.id;
    });
  }

  async waitForContentScript(tabId: number): Promise<void> {
    await expect
      .poll(() =>
        this.serviceWorker.evaluate(
          (id) =>
            chrome.tabs
              .sendMessage(id, { channel: 'channel-connection-tester', type: 'readLocalSettings', payload: null })
              .then((reply: { ok?: boolean } | undefined) => reply?.ok === true)
              .catch(() => false),
          tabId,
        ),
      )
      .toBe(true);
  }

  async openPopup(tabId: number): Promise<PopupPage> {
    const page = await this.context.newPage();
    await page.goto(`chrome-extension://${this.id}/popup.html?tabId=${tabId}`);
    return new PopupPage(page);
  }

  /** Headless Chromium has no keyboard accelerators; dispatching the event is what the browser does on the shortcut. */
  async pressToggleShortcut(): Promise<void> {
    await this.serviceWorker.evaluate(async (name) => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      (chrome.commands.onCommand as unknown as { dispatch(command: string, tab?: unknown): void }).dispatch(name, tab);
    }, TOGGLE_TEST_MODE_COMMAND.name);
  }

  badgeText(tabId: number): Promise<string> {
    return this.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  }

  static flag(page: Page): Promise<string | null> {
    return evaluateAcrossReloads(page, (key) => localStorage.getItem(key as string), SUPPORTS_CHANNEL_CONNECTION_KEY);
  }

  /**
   * Holds the next `type` message that `sender` sends to a tab's content script at `point`, so that a test can close
   * or navigate the tab, or click again, at an exact moment of an operation rather than after a guessed delay.
   */
  static async holdTabMessage(
    sender: ExtensionContext,
    type: keyof ContentScriptProtocol,
    point: HoldPoint,
  ): Promise<HeldMessage> {
    await (sender as Pick<Page, 'evaluate'>).evaluate(
      ([heldType, heldPoint]) => {
        const tabs = chrome.tabs;
        const send = tabs.sendMessage;
        let reach = () => {};
        let release = () => {};
        const reached = new Promise<void>((resolve) => (reach = resolve));
        const released = new Promise<void>((resolve) => (release = resolve));
        Object.assign(globalThis, { cctHeldMessage: { reached, release } satisfies HeldInSender['cctHeldMessage'] });
        tabs.sendMessage = (async (tabId: number, message: { type?: unknown }, ...rest: unknown[]) => {
          const deliver = () => (send as (...args: unknown[]) => Promise<unknown>).call(tabs, tabId, message, ...rest);
          if (message?.type !== heldType) return deliver();
          tabs.sendMessage = send;
          if (heldPoint === 'send') {
            reach();
            await released;
            return deliver();
          }
          try {
            return await deliver();
          } finally {
            reach();
            await released;
          }
        }) as typeof send;
      },
      [type, point] as const,
    );
    // Each function runs in the sender, so each names the hold itself.
    const evaluate = (fn: () => unknown) => (sender as Pick<Page, 'evaluate'>).evaluate(fn).then(() => undefined);
    return {
      reached: () => evaluate(() => (globalThis as unknown as HeldInSender).cctHeldMessage.reached),
      release: () => evaluate(() => (globalThis as unknown as HeldInSender).cctHeldMessage.release()),
    };
  }

  /** Leaves a mark in the page's JS heap; a reload clears it. */
  static async markPage(page: Page): Promise<void> {
    await page.evaluate(() => Object.assign(window, { __cctMark: true }));
  }

  static isMarked(page: Page): Promise<boolean> {
    return evaluateAcrossReloads(page, () => '__cctMark' in window, null);
  }
}

/** Evaluates in the page, waiting out a reload that destroys the context mid-call (the extension reloads tabs). */
async function evaluateAcrossReloads<Result>(
  page: Page,
  fn: (arg: string | null) => Result,
  arg: string | null,
): Promise<Result> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await page.evaluate(fn, arg);
    } catch (error) {
      if (attempt > 5 || !/context was destroyed|navigation/i.test(String(error))) throw error;
      await page.waitForLoadState('domcontentloaded');
    }
  }
}
