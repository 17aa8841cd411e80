import type { Locator, Page } from '@playwright/test';

export interface ProfileInput {
  label: string;
  appId: string;
  generation?: 'v3' | '2026-03';
  credential: string;
  apiBaseUrl?: string;
  appDisplayName: string;
  clientSecret?: string;
  isTestApp?: boolean;
}

/** The options page, found by labels and roles as a user or a screen reader finds it. */
export class OptionsPage {
  readonly profileForm: Locator;
  readonly currentSettings: Locator;
  readonly isReady: Locator;
  readonly panelMessage: Locator;
  readonly logEntries: Locator;
  readonly webhookUrl: Locator;
  readonly isReadyCheckbox: Locator;
  readonly matrixRows: Locator;
  readonly matrixSummary: Locator;

  constructor(readonly page: Page) {
    this.profileForm = page.getByRole('form', { name: /profile/i });
    this.currentSettings = page.getByTestId('current-settings');
    this.isReady = page.getByTestId('is-ready');
    this.panelMessage = page.getByTestId('panel-message');
    this.logEntries = page.getByTestId('log-entry');
    this.webhookUrl = page.getByLabel('Webhook URL');
    this.isReadyCheckbox = page.locator('#channel-connection').getByRole('checkbox', { name: /^isReady/ });
    this.matrixRows = page.getByTestId('matrix-row');
    this.matrixSummary = page.getByTestId('matrix-summary');
  }

  static async open(page: Page, extensionId: string): Promise<OptionsPage> {
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    return new OptionsPage(page);
  }

  field(label: string | RegExp): Locator {
    return this.profileForm.getByLabel(label, { exact: typeof label === 'string' });
  }

  async fillProfile(input: ProfileInput): Promise<void> {
    await this.field('Label').fill(input.label);
    await this.field('App ID').fill(input.appId);
    await this.field('API generation').selectOption(input.generation ?? 'v3');
    await this.field(input.generation === '2026-03' ? 'Access token' : 'Developer API key').fill(input.credential);
    if (input.apiBaseUrl !== undefined) await this.field('API base URL').fill(input.apiBaseUrl);
    await this.field('App name as HubSpot lists it').fill(input.appDisplayName);
    if (input.clientSecret !== undefined) await this.field('Client secret').fill(input.clientSecret);
    await this.profileForm.getByRole('checkbox', { name: /test app/ }).setChecked(input.isTestApp ?? false);
  }

  async saveProfile(): Promise<void> {
    await this.profileForm.getByRole('button', { name: 'Save profile' }).click();
  }

  /** Adds a profile and waits until its settings have been read. */
  async addProfile(input: ProfileInput): Promise<void> {
    await this.fillProfile(input);
    await this.saveProfile();
    await this.currentSettings.waitFor();
    await this.currentSettings.getByText('Reading from HubSpot…').waitFor({ state: 'detached' });
  }

  /** Brings the page to the front and chooses the open tab showing `tabUrl` for the QA matrix. */
  async chooseMatrixTab(tabUrl: string): Promise<void> {
    await this.page.bringToFront();
    const tabSelect = this.page.locator('#qa-matrix').getByLabel('HubSpot tab');
    const tabOption = await tabSelect.locator('option', { hasText: tabUrl }).getAttribute('value');
    await tabSelect.selectOption(tabOption ?? '');
  }

  /** Starts the QA matrix on the open tab showing `tabUrl`. */
  async runMatrix(tabUrl: string): Promise<void> {
    await this.chooseMatrixTab(tabUrl);
    await this.button('Run matrix').click();
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name });
  }
}
