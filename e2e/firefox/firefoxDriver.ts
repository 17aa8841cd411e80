/**
 * What the Firefox tests do with the browser: open pages, open the extension's own pages, and read what the
 * extension shows (the badge) and what HubSpot reads (a page's localStorage).
 *
 * WebDriver BiDi may not navigate a tab to a `moz-extension://` URL, but a page may: the Firefox e2e build lists the
 * popup and the options page as web-accessible from the test's neutral site (wxt.config.ts), and a page of that site
 * moves itself there. A toolbar popup cannot be opened from here, so the popup page is opened in a tab with the
 * `tabId` of the HubSpot tab it is about, as its toolbar button would pass it.
 */
import type { Browser, Page } from 'puppeteer-core';

/** The stand-in's site that is not HubSpot, from which extension pages are opened. */
const NEUTRAL_SITE = 'https://www.example.com/';

export class FirefoxDriver {
  private control: Page | null = null;

  constructor(
    readonly browser: Browser,
    readonly uuid: string,
  ) {}

  /** Opens `url` in a new tab and answers the page with the tab's id, as the extension knows it. */
  async open(url: string): Promise<{ page: Page; tabId: number }> {
    const page = await this.browser.newPage();
    await page.goto(url);
    return { page, tabId: await this.tabIdOf(url) };
  }

  /** Opens one of the extension's pages (`popup.html?tabId=…`, `options.html#…`) in a new tab. */
  async extensionPage(path: string): Promise<Page> {
    // A window of its own: a tab beside a HubSpot page would hide that page, and the content script rightly does no
    // work on a hidden page (a toolbar popup hides nothing).
    const page = await this.browser.newPage({ type: 'window' });
    await page.goto(NEUTRAL_SITE);
    const url = `moz-extension://${this.uuid}/${path}`;
    await page.evaluate((target) => {
      location.href = target;
    }, url);
    await page.waitForFunction((target) => location.href === target && document.readyState === 'complete', {}, url);
    return page;
  }

  /** The options page with a profile for `app` saved and active, its settings read. */
  async optionsWithProfile(app: { appId: number; name: string }, credential: string, clientSecret?: string): Promise<Page> {
    const options = await this.extensionPage('options.html');
    await FirefoxDriver.fill(options, 'Label', 'Firefox dev');
    await FirefoxDriver.fill(options, 'App ID', String(app.appId));
    await FirefoxDriver.fill(options, 'Developer API key', credential);
    await FirefoxDriver.fill(options, 'App name as HubSpot lists it', app.name);
    if (clientSecret !== undefined) await FirefoxDriver.fill(options, 'Client secret', clientSecret);
    await FirefoxDriver.button(options, 'Save profile').click();
    // Read once the panel says what HubSpot has: registered, not registered, or why it could not ask.
    await options.waitForFunction(() => {
      const card = document.querySelector('[data-testid="current-settings"]');
      return card !== null && (card.querySelector('dl, [role="alert"]') !== null || card.textContent?.includes('Not registered') === true);
    });
    return options;
  }

  /**
   * Types into the field a `<label>` with exactly `label` names, as a user finds it. (The ARIA query also matches the
   * label itself in Firefox, so the field is found through the label's `for`.) `within` narrows it to a section.
   */
  static async fill(page: Page, label: string, value: string, within = 'body'): Promise<void> {
    const id = await page.waitForFunction(
      (text, scope) =>
        [...(document.querySelector(scope)?.querySelectorAll('label') ?? [])].find((each) => each.textContent === text)?.htmlFor || false,
      {},
      label,
      within,
    );
    const field = page.locator(`[id="${(await id.jsonValue()) as string}"]`);
    await field.fill(value);
  }

  /** The button whose accessible name is exactly `name`. */
  static button(page: Page, name: string) {
    return page.locator(`::-p-aria([name="${name}"][role="button"])`);
  }

  /** The text of the first element matching `selector`, or null while there is none. */
  static text(page: Page, selector: string): Promise<string | null> {
    return page.evaluate((wanted) => document.querySelector(wanted)?.textContent ?? null, selector);
  }

  /** The popup page for the HubSpot tab `tabId`. */
  popup(tabId: number): Promise<Page> {
    return this.extensionPage(`popup.html?tabId=${tabId}`);
  }

  /** An extension page to ask the browser's extension APIs from; opened once. */
  private async controlPage(): Promise<Page> {
    this.control ??= await this.extensionPage('options.html');
    return this.control;
  }

  async tabIdOf(url: string): Promise<number> {
    const control = await this.controlPage();
    const id = await control.evaluate(async (wanted) => {
      const tabs = await browser.tabs.query({});
      return tabs.find((tab) => tab.url === wanted)?.id ?? null;
    }, url);
    if (id === null) throw new Error(`No tab shows ${url}`);
    return id;
  }

  /** Withdraws host access as a user does in Firefox's add-on settings. */
  async withdrawHostAccess(origin: string): Promise<void> {
    const control = await this.controlPage();
    const removed = await control.evaluate((pattern) => browser.permissions.remove({ origins: [pattern] }), origin);
    if (!removed) throw new Error(`Firefox did not withdraw ${origin}`);
  }

  async hasHostAccess(origin: string): Promise<boolean> {
    const control = await this.controlPage();
    return control.evaluate((pattern) => browser.permissions.contains({ origins: [pattern] }), origin);
  }

  async badgeText(tabId: number): Promise<string> {
    const control = await this.controlPage();
    return control.evaluate((id) => browser.action.getBadgeText({ tabId: id }), tabId);
  }

  /** A key of the page's localStorage; a read that meets a reload is no answer yet. */
  static async localSetting(page: Page, key: string): Promise<string | null | 'reloading'> {
    try {
      return await page.evaluate((name) => localStorage.getItem(name), key);
    } catch {
      return 'reloading';
    }
  }
}

declare const browser: typeof import('wxt/browser').browser;
