/** What the specs do to the browser and the extension, so that specs read as steps and hold no plumbing. */
import { chromium, expect, type Browser, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../utils/flag/channelConnectionFlag';
import { TOGGLE_TEST_MODE_COMMAND } from '../utils/tabs/commands';
import type { ContentScriptProtocol } from '../utils/platform/messages';
import type { WxtBrowser } from 'wxt/browser';
import { PopupPage } from './pages/popup';

/** The extension APIs as seen by code evaluated inside the service worker. */
declare const chrome: WxtBrowser;

export const PORTAL_ID = '123456';
export const HELP_DESK_URL = `https://app.hubspot.com/help-desk/${PORTAL_ID}/inbox`;
export const NOT_HUBSPOT_URL = 'https://www.example.com/';

export interface ContentScriptMessages {
  /** Each message and reply as JSON, in the order they arrived. */
  received: string[];
  /** Why the recorder could not be installed in a document, if it could not. */
  failures: string[];
}

/** Where a held message waits: before it is sent, or once its reply is back but before its sender sees it. */
export type HoldPoint = 'send' | 'reply';

export interface HeldMessage {
  /** Resolves once the message has reached its hold point. */
  reached(): Promise<void>;
  release(): Promise<void>;
}

export interface ToolbarIconCall {
  tabId: number | null;
  path: unknown;
  /** The browser's refusal (an image it could not load, a closed tab), or null. */
  error: string | null;
}

type IconDetails = Parameters<WxtBrowser['action']['setIcon']>[0];

interface RecordedIcons {
  cctToolbarIcons: ToolbarIconCall[];
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
    /** Called with each toolbar popup opened, to watch it as the context's own pages are watched. */
    private readonly watchPage: (page: Page) => void = () => undefined,
  ) {
    this.id = new URL(serviceWorker.url()).host;
  }

  /**
   * Stops the service worker as Chrome does to an idle or misbehaving one (CDP `ServiceWorker.stopAllWorkers`): its
   * timers and requests in flight die with it. `wake` then does what starts it again (any event for the extension).
   * Playwright keeps the same `Worker` across the restart; resolves once the new one answers.
   */
  async stopServiceWorker(wake: () => Promise<void>): Promise<void> {
    const before = await this.serviceWorker.evaluate(() => performance.timeOrigin);
    const page = await this.context.newPage();
    const cdp = await this.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.close();
    await wake();
    const after = await this.serviceWorker.evaluate(() => performance.timeOrigin);
    if (after === before) throw new Error('The service worker did not restart.');
  }

  async dispose(): Promise<void> {
    await Promise.all(this.cdpConnections.map((connection) => connection.close()));
  }

  /**
   * Opens the real toolbar popup, as a click on the toolbar button does, on the focused window's active tab, or on
   * `tabId` made active first. It is not one of the context's pages: it is found over a CDP connection made after it
   * opened. Only one can be open at a time: close it before opening the next.
   */
  async openToolbarPopup(tabId?: number): Promise<PopupPage> {
    await this.serviceWorker.evaluate(async (id) => {
      if (id !== undefined) {
        const tab = await chrome.tabs.update(id, { active: true });
        if (tab?.windowId !== undefined) await chrome.windows.update(tab.windowId, { focused: true });
      }
      await chrome.action.openPopup();
    }, tabId);
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
    this.watchPage(popup as Page);
    return new PopupPage(popup as Page);
  }

  /**
   * Opens a page and waits until the content script answers there, when it is a HubSpot page. `prepare` runs on the
   * blank page before it navigates: init scripts and CDP sessions that must see the page from its first script.
   */
  async open(
    url: string,
    { flag, prepare }: { flag?: string; prepare?: (page: Page) => Promise<unknown> } = {},
  ): Promise<{ page: Page; tabId: number }> {
    const page = await this.context.newPage();
    await prepare?.(page);
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

  /** The URL of the focused window's active tab. */
  activeTabUrl(): Promise<string | undefined> {
    return this.serviceWorker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.url);
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

  /**
   * `popup.html?tabId=` in a tab of its own: only for a popup that stays open while its tab closes, which the real
   * popup cannot show (it closes with its tab).
   */
  async openPopupInTab(tabId: number): Promise<PopupPage> {
    const page = await this.context.newPage();
    await page.goto(`chrome-extension://${this.id}/popup.html?tabId=${tabId}`);
    return new PopupPage(page);
  }

  /**
   * Records, from inside the content script, every message it receives (`runtime.onMessage`) and every reply to a
   * message it sends, on every document the page loads from now on: a breakpoint on the content script's first line
   * installs the recorder before any of the script's own code runs. Call before the page navigates. From Chromium 148
   * on, webextension-polyfill hands the script the browser's own `browser`, whose `runtime` is the one patched here.
   */
  async recordContentScriptMessages(page: Page): Promise<ContentScriptMessages> {
    const recording: ContentScriptMessages = { received: [], failures: [] };
    const binding = '__cctRecordReceived';
    const cdp = await this.context.newCDPSession(page);
    cdp.on('Runtime.bindingCalled', (event) => {
      if (event.name === binding) recording.received.push(event.payload);
    });
    const recorder = `(() => {
      const record = globalThis[${JSON.stringify(binding)}];
      if (typeof record !== 'function') throw new Error('no recording binding in this world');
      delete globalThis[${JSON.stringify(binding)}];
      const runtimes = new Set([globalThis.chrome?.runtime, globalThis.browser?.runtime].filter(Boolean));
      for (const runtime of runtimes) {
        runtime.onMessage.addListener((message) => void record(JSON.stringify(message)));
        const send = runtime.sendMessage;
        runtime.sendMessage = function (...args) {
          const reply = send.apply(this, args);
          Promise.resolve(reply).then((value) => record(JSON.stringify(value ?? null)), () => undefined);
          return reply;
        };
      }
    })()`;
    cdp.on('Debugger.paused', ({ callFrames, hitBreakpoints }) => {
      const [frame] = callFrames;
      const install =
        frame && hitBreakpoints?.includes(breakpointId)
          ? cdp.send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression: recorder }).then(
              ({ exceptionDetails }) => {
                if (exceptionDetails) recording.failures.push(exceptionDetails.exception?.description ?? exceptionDetails.text);
              },
              (error: unknown) => void recording.failures.push(String(error)),
            )
          : Promise.resolve();
      void install.then(() => cdp.send('Debugger.resume').catch(() => undefined));
    });
    await cdp.send('Runtime.enable');
    // Chromium names an extension's isolated worlds after the extension.
    const worldName = await this.serviceWorker.evaluate(() => chrome.runtime.getManifest().name);
    await cdp.send('Runtime.addBinding', { name: binding, executionContextName: worldName });
    await cdp.send('Debugger.enable');
    const { breakpointId } = await cdp.send('Debugger.setBreakpointByUrl', {
      urlRegex: `^chrome-extension://${this.id}/content-scripts/`,
      lineNumber: 0,
    });
    return recording;
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

  /**
   * Records, in the service worker, every `action.setIcon` call from now on and how the browser answered it: the
   * browser has no way to read a tab's icon back. Read with `toolbarIcon`.
   */
  async recordToolbarIcons(): Promise<void> {
    await this.serviceWorker.evaluate(() => {
      const calls: ToolbarIconCall[] = [];
      (self as unknown as RecordedIcons).cctToolbarIcons = calls;
      // The extension calls `browser.action` where it exists; Chromium 156 makes it the same object as `chrome.action`.
      const { browser } = globalThis as { browser?: WxtBrowser };
      for (const action of new Set([chrome.action, browser?.action ?? chrome.action])) {
        const setIcon = action.setIcon as (details: IconDetails) => Promise<void>;
        action.setIcon = ((details: IconDetails) => {
          const answer = setIcon.call(action, details);
          const record = (error: string | null) => void calls.push({ tabId: details.tabId ?? null, path: details.path, error });
          answer.then(() => record(null), (error: unknown) => record(String(error)));
          return answer;
        }) as typeof action.setIcon;
      }
    });
  }

  /** The last `action.setIcon` call for the tab that the browser has answered, since `recordToolbarIcons`. */
  toolbarIcon(tabId: number): Promise<ToolbarIconCall | null> {
    return this.serviceWorker.evaluate(
      (id) => (self as unknown as RecordedIcons).cctToolbarIcons.findLast((call) => call.tabId === id) ?? null,
      tabId,
    );
  }

  static flag(page: Page): Promise<string | null> {
    return ExtensionDriver.localSetting(page, SUPPORTS_CHANNEL_CONNECTION_KEY);
  }

  /** A key of the page's localStorage, read again if the page reloads meanwhile. */
  static localSetting(page: Page, key: string): Promise<string | null> {
    return evaluateAcrossReloads(page, (name) => localStorage.getItem(name as string), key);
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
