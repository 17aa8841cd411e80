import type { Locator, Page } from '@playwright/test';

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
  }

  /**
   * Clicks the switch as fast as Playwright can, without waiting for it to be enabled: a click a user makes while a
   * change is under way lands too.
   */
  async clickTestModeSwitch(times: number): Promise<void> {
    for (let click = 0; click < times; click++) await this.testModeSwitch.click({ force: true });
  }

  removeButton(key: string): Locator {
    return this.page.getByRole('button', { name: `Remove ${key}` });
  }

  reloadOtherTabsButton(): Locator {
    return this.page.getByRole('button', { name: /reload the .*other tab/i });
  }

  hubspotTabButton(title: RegExp | string): Locator {
    return this.page.getByRole('button', { name: title });
  }
}
