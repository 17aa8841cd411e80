import { expect, type Locator, type Page } from '@playwright/test';

/** Chrome's cap on a toolbar popup's height (its width cap, 800 px, is far above the popup's). */
export const POPUP_MAX_HEIGHT = 600;

/** Where the popup's key facts end, in CSS px from its top; null when the state does not show one. */
export interface PopupGeometry {
  /** The popup window's viewport, scrollbar included, as Chrome sized it from the content. */
  width: number;
  height: number;
  /** The width left for the content beside a scrollbar. */
  clientWidth: number;
  scrollWidth: number;
  scrollHeight: number;
  switchBottom: number | null;
  isReadyBottom: number | null;
  /** The expected and observed states of the active profile's app, and the verdict on them. */
  availabilityBottom: number | null;
}

/** The popup as a user sees it: every selector the specs need, by role and accessible name. */
export class PopupPage {
  readonly testModeSwitch: Locator;
  readonly tabOrigin: Locator;
  readonly flagValue: Locator;
  readonly flagDescription: Locator;
  readonly notice: Locator;
  readonly otherTabs: Locator;
  readonly reloadPreference: Locator;
  readonly localSettings: Locator;
  readonly alert: Locator;
  readonly isReadySummary: Locator;
  readonly refreshIsReady: Locator;
  readonly availability: Locator;
  readonly notHubSpotHeading: Locator;
  readonly reloadOptions: Locator;
  readonly otherSettings: Locator;
  readonly activeProfile: Locator;

  constructor(readonly page: Page) {
    this.testModeSwitch = page.getByRole('switch', { name: /test mode/i });
    this.tabOrigin = page.getByTestId('tab-origin');
    this.flagValue = page.getByTestId('flag-value');
    this.flagDescription = page.getByTestId('flag-description');
    this.notice = page.getByRole('status');
    this.otherTabs = page.getByTestId('other-tabs');
    this.reloadPreference = page.getByRole('checkbox', { name: /reload the tab after a change/i });
    this.localSettings = page.getByTestId('local-setting');
    this.alert = page.getByRole('alert');
    this.isReadySummary = page.getByTestId('is-ready-summary');
    this.refreshIsReady = page.getByRole('button', { name: 'Refresh isReady status' });
    this.availability = page.getByTestId('availability');
    this.notHubSpotHeading = page.getByRole('heading', { name: 'This tab is not a HubSpot app page' });
    this.reloadOptions = page.getByTestId('reload-options');
    this.otherSettings = page.getByTestId('other-settings');
    this.activeProfile = page.getByTestId('active-profile');
  }

  /** Unfolds a disclosure (`<details>`) as a user does, by its summary; an open one stays open. */
  async unfold(details: Locator): Promise<void> {
    if ((await details.getAttribute('open')) === null) await details.locator('summary').first().click();
    await expect(details).toHaveAttribute('open', '');
  }

  async setReloadAfterChange(value: boolean): Promise<void> {
    await this.unfold(this.reloadOptions);
    await this.reloadPreference.setChecked(value);
  }

  /**
   * The popup's size and where its key facts end, once Chrome has stopped resizing it (it sizes the window from the
   * content, after the first layout).
   */
  async geometry(): Promise<PopupGeometry> {
    const measure = () =>
      this.page.evaluate(() => {
        const bottom = (selector: string) => {
          const element = document.querySelector(selector);
          return element ? Math.ceil(element.getBoundingClientRect().bottom + window.scrollY) : null;
        };
        const root = document.documentElement;
        return {
          width: window.innerWidth,
          height: window.innerHeight,
          clientWidth: root.clientWidth,
          scrollWidth: root.scrollWidth,
          scrollHeight: root.scrollHeight,
          switchBottom: bottom('[role="switch"]'),
          isReadyBottom: bottom('[data-testid="is-ready-summary"]'),
          // The lower of the expected and observed states and the verdict on them, whichever the state shows.
          availabilityBottom:
            ['[data-testid="availability"] dl', '[data-testid="mismatch"] > p', '[data-testid="inconclusive"]']
              .map(bottom)
              .reduce<number | null>((lowest, each) => (each === null ? lowest : Math.max(lowest ?? each, each)), null),
        };
      });
    let previous = await measure();
    await expect
      .poll(
        async () => {
          const current = await measure();
          const settled = JSON.stringify(current) === JSON.stringify(previous);
          previous = current;
          return settled;
        },
        { message: 'the popup keeps changing size', intervals: [100] },
      )
      .toBe(true);
    return previous;
  }

  /**
   * Clicks the switch as fast as Playwright can, without waiting for it to be enabled: a click a user makes while a
   * change is under way lands too.
   */
  async clickTestModeSwitch(times: number): Promise<void> {
    for (let click = 0; click < times; click++) await this.testModeSwitch.click({ force: true });
  }

  async removeSetting(key: string): Promise<void> {
    await this.unfold(this.otherSettings);
    await this.removeButton(key).click();
  }

  removeButton(key: string): Locator {
    return this.page.getByRole('button', { name: `Remove ${key}` });
  }

  reloadThisTabButton(): Locator {
    return this.page.getByRole('button', { name: 'Reload this tab' });
  }

  reloadOtherTabsButton(): Locator {
    return this.page.getByRole('button', { name: /reload the .*other tab/i });
  }

  hubspotTabButton(title: RegExp | string): Locator {
    return this.page.getByRole('button', { name: title });
  }
}
