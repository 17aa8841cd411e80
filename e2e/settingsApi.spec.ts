import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { HELP_DESK_URL } from './extensionDriver';
import { scriptNextApiAnswer } from './standinApp';
import { OptionsPage, type ProfileInput } from './pages/options';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import type { WxtBrowser } from 'wxt/browser';

declare const chrome: WxtBrowser;

const app = STANDIN_APPS[0];
const CLIENT_SECRET = 'e2e-client-secret-5b1d7c93';
const WEBHOOK_URL = 'https://webhooks.example.test/hubspot/channel-connection';
const profile: ProfileInput = {
  label: 'Stand-in dev',
  appId: String(app.appId),
  credential: STANDIN_DEVELOPER_API_KEY,
  appDisplayName: app.name,
  clientSecret: CLIENT_SECRET,
  isTestApp: true,
};

test.beforeEach(({ standin }) => standin.reset());

/** Every console message of every page and of the service worker, to prove no secret is ever logged. */
function recordConsole(pages: Page[], serviceWorker: { on(event: 'console', listener: (message: { text(): string }) => void): unknown }) {
  const messages: string[] = [];
  for (const page of pages) page.on('console', (message) => messages.push(message.text()));
  serviceWorker.on('console', (message) => messages.push(message.text()));
  return messages;
}

async function expectNoSecretIn(page: Page) {
  const html = await page.content();
  const values = await page.locator('input, textarea').evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value));
  for (const secret of [STANDIN_DEVELOPER_API_KEY, CLIENT_SECRET]) {
    expect(html).not.toContain(secret);
    expect(values.join('\n')).not.toContain(secret);
  }
}

test('register, read back, release, withdraw and delete a webhook; the popup follows', async ({ extension, standin, context }) => {
  const hubspot = await extension.open(HELP_DESK_URL);
  const optionsPage = await context.newPage();
  const consoleMessages = recordConsole([optionsPage, hubspot.page], extension.serviceWorker);
  const options = await OptionsPage.open(optionsPage, extension.id);

  // Bad input is flagged at the field and sends nothing.
  await options.fillProfile({ ...profile, appId: '31415x' });
  await options.saveProfile();
  await expect(options.profileForm.getByText('The app ID is a positive whole number')).toBeVisible();
  await expect(options.field('App ID')).toHaveAttribute('aria-invalid', 'true');
  expect(standin.requests.filter((request) => request.host === 'api.hubapi.com')).toHaveLength(0);

  await options.field('App ID').fill(profile.appId);
  await options.saveProfile();
  await expect(options.currentSettings).toContainText('Not registered');
  await expectNoSecretIn(optionsPage);

  await options.webhookUrl.fill('http://webhooks.example.test/hook');
  await options.button('Register webhook').click();
  await expect(optionsPage.getByText('The URL must use https')).toBeVisible();
  expect(standin.api.channelConnection.size).toBe(0);

  await options.webhookUrl.fill(WEBHOOK_URL);
  await options.button('Register webhook').click();
  await expect(options.panelMessage).toHaveText('Webhook registered.');
  await expect(options.isReady).toHaveText('false');
  expect(standin.api.channelConnection.get(app.appId)).toMatchObject({ url: WEBHOOK_URL, isReady: false });

  await options.button('Refresh registered webhook').click();
  await expect(options.currentSettings).toContainText(WEBHOOK_URL);

  const popup = await extension.openToolbarPopup(hubspot.tabId);
  await expect(popup.isReadySummary).toContainText('Registered, isReady false');

  await options.button('Release to all users').click();
  await expect(options.isReady).toHaveText('true');
  expect(standin.api.channelConnection.get(app.appId)?.isReady).toBe(true);
  await popup.refreshIsReady.click();
  await expect(popup.isReadySummary).toContainText('Registered, isReady true');

  await options.button('Withdraw').click();
  await expect(options.isReady).toHaveText('false');
  expect(standin.api.channelConnection.get(app.appId)?.isReady).toBe(false);

  await options.button('Delete webhook…').click();
  const confirmation = optionsPage.getByRole('alertdialog');
  await expect(confirmation).toContainText(`Delete the channel-connection webhook of “${app.name}” (app ${app.appId})?`);
  await confirmation.getByRole('button', { name: `Delete the webhook of ${app.name}` }).click();
  await expect(options.currentSettings).toContainText('Not registered');
  expect(standin.api.channelConnection.size).toBe(0);
  await popup.refreshIsReady.click();
  await expect(popup.isReadySummary).toContainText('Not registered');

  // The log names every request, with the key redacted and the curl using a placeholder.
  await expect(options.logEntries.first()).toContainText('Delete');
  const firstLogUrl = await options.logEntries.first().locator('.log-url').textContent();
  expect(firstLogUrl).toContain('hapikey=[REDACTED]');
  // Headless Chromium grants no clipboard to extension origins: record what the page writes instead.
  await optionsPage.evaluate(() => {
    const copied: string[] = [];
    Object.assign(window, { copied });
    navigator.clipboard.writeText = async (text: string) => void copied.push(text);
  });
  await options.logEntries.first().getByRole('button', { name: 'Copy as curl' }).click();
  await expect(options.logEntries.first().getByRole('button', { name: 'Copied' })).toBeVisible();
  const curl = await optionsPage.evaluate(() => (window as unknown as { copied: string[] }).copied.join('\n'));
  expect(curl).toContain("curl -X 'DELETE'");
  expect(curl).toContain('hapikey=\'"${HUBSPOT_DEVELOPER_API_KEY}"');

  for (const page of [optionsPage, popup.page]) await expectNoSecretIn(page);
  expect(consoleMessages.join('\n')).not.toContain(STANDIN_DEVELOPER_API_KEY);
  expect(consoleMessages.join('\n')).not.toContain(CLIENT_SECRET);
});

test('the request log survives a reload with its time and profile, keeps a huge answer cut, and clears in every page', async ({ extension, context }) => {
  const page = await context.newPage();
  const options = await OptionsPage.open(page, extension.id);
  const before = Date.now();
  // The page reads three settings of the new profile: channel connection, calling app and recording.
  await options.addProfile(profile);
  await expect(options.logEntries).toHaveCount(3);

  // 3 MB that the refresh accepts: channel-connection settings with one more field.
  const padding = 'x'.repeat(3_000_000);
  await scriptNextApiAnswer(extension, { status: 200, body: JSON.stringify({ url: WEBHOOK_URL, isReady: false, createdAt: app.createdAt, updatedAt: app.updatedAt, padding }) });
  await options.button('Refresh registered webhook').click();
  await expect(options.logEntries).toHaveCount(4);
  // An entry is shown at once and stored a moment later: the reload waits for the store.
  await expect
    .poll(() =>
      extension.serviceWorker.evaluate(async () => ((await chrome.storage.local.get('requestLog')).requestLog as unknown[] | undefined)?.length),
    )
    .toBe(4);

  // The page reads the active profile's settings again as it opens: three entries more, above the four kept.
  await page.reload();
  await expect(options.logEntries).toHaveCount(7);
  const after = Date.now();
  await expect(options.logEntries.getByTestId('log-profile')).toHaveText(Array(7).fill(profile.label));
  for (const time of await options.logEntries.locator('time').all()) {
    const startedAt = Date.parse((await time.getAttribute('datetime')) ?? '');
    expect(startedAt).toBeGreaterThanOrEqual(before);
    expect(startedAt).toBeLessThanOrEqual(after);
    await expect(time).toHaveText(await page.evaluate((at) => new Date(at).toLocaleString(), startedAt));
  }
  const cutEntry = options.logEntries.filter({ hasText: /… cut: [\d,]+ more characters not kept/ });
  await expect(cutEntry).toHaveCount(1);
  await cutEntry.getByText('Request and response').click();
  await expect(cutEntry.getByText(/^… cut: [\d,]+ more characters not kept$/)).toBeVisible();
  expect((await cutEntry.textContent())?.length).toBeLessThan(20_000);
  await expectNoSecretIn(page);
  const stored = await extension.serviceWorker.evaluate(() => chrome.storage.local.get('requestLog'));
  expect(JSON.stringify(stored)).not.toContain(STANDIN_DEVELOPER_API_KEY);
  expect(JSON.stringify(stored)).toContain('hapikey=[REDACTED]');

  // Another options page shows the same log (with its own three reads), and a clear in one empties both.
  const other = await OptionsPage.open(await context.newPage(), extension.id);
  await expect(other.logEntries).toHaveCount(10);
  await expect(options.logEntries).toHaveCount(10);
  await options.button('Clear log').click();
  await expect(options.logEntries).toHaveCount(0);
  await expect(other.logEntries).toHaveCount(0);
  await expect(other.page.getByText('No request yet.')).toBeVisible();
  await page.reload();
  await expect(options.logEntries).toHaveCount(3);
  await expect(options.logEntries.filter({ hasText: 'cut:' })).toHaveCount(0);
});

test('a wrong developer API key gets HubSpot’s 401 in words, and the typed URL is kept', async ({ extension, context, standin }) => {
  const options = await OptionsPage.open(await context.newPage(), extension.id);
  await options.fillProfile({ ...profile, credential: 'not-the-right-key' });
  await options.saveProfile();
  await expect(options.currentSettings.getByRole('alert')).toContainText('HTTP 401 INVALID_AUTHENTICATION');
  await expect(options.currentSettings.getByRole('alert')).toContainText('correlationId');

  await options.webhookUrl.fill(WEBHOOK_URL);
  await options.isReadyCheckbox.check();
  await options.button('Register webhook').click();
  await expect(options.panelMessage).toContainText('Register failed. HTTP 401 INVALID_AUTHENTICATION');
  await expect(options.webhookUrl).toHaveValue(WEBHOOK_URL);
  await expect(options.isReadyCheckbox).toBeChecked();
  expect(standin.api.channelConnection.size).toBe(0);
});

test('profiles export without secrets unless asked, and a bad import changes nothing', async ({ extension, context }) => {
  const page = await context.newPage();
  const options = await OptionsPage.open(page, extension.id);
  await options.fillProfile(profile);
  await options.saveProfile();
  await expect(page.getByTestId('profile')).toHaveCount(1);

  const exportFile = async () => {
    const download = page.waitForEvent('download');
    await options.button('Export profiles').click();
    return readFile(await (await download).path(), 'utf8');
  };
  const plain = await exportFile();
  expect(plain).toContain(app.name);
  expect(plain).not.toContain(STANDIN_DEVELOPER_API_KEY);
  expect(plain).not.toContain(CLIENT_SECRET);

  await page.getByRole('checkbox', { name: 'Include credentials and client secrets' }).check();
  const withSecrets = await exportFile();
  expect(withSecrets).toContain(STANDIN_DEVELOPER_API_KEY);
  expect(withSecrets).toContain(CLIENT_SECRET);

  await page.getByLabel('Import profiles').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'channel-connection-tester/profiles', version: 1, profiles: [{ id: 'x', label: 'Broken', appId: 'abc' }] })),
  });
  await expect(page.getByRole('alert')).toContainText('Import refused, nothing changed');
  await expect(page.getByTestId('profile')).toHaveCount(1);
  await expect(page.getByTestId('profile')).toContainText(profile.label);
});
