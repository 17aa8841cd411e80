import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { OptionsPage } from './pages/options';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import { createSampleWebhooks, HUGE_ANSWER_BYTES, LONG_LIST_LENGTH, STANDIN_CLIENT_SECRET, WEBHOOK_HOST } from '../standin/webhooks';
import type { WxtBrowser } from 'wxt/browser';

declare const chrome: WxtBrowser;

const app = STANDIN_APPS[0];

test.beforeEach(({ standin }) => standin.reset());

/** A new options page with a profile for the stand-in app, its webhook tester's form filled but for the URL. */
async function openTester(context: BrowserContext, extensionId: string) {
  const page = await context.newPage();
  const options = await OptionsPage.open(page, extensionId);
  await options.addProfile({
    label: 'Webhook dev',
    appId: String(app.appId),
    credential: STANDIN_DEVELOPER_API_KEY,
    appDisplayName: app.name,
    clientSecret: STANDIN_CLIENT_SECRET,
  });
  const form = page.getByRole('form', { name: 'Webhook test request' });
  await form.getByLabel('Portal ID').fill('123456');
  await form.getByLabel('User ID').fill('42');
  return { page, ui: tester(page) };
}

const tester = (page: Page) => ({
  form: page.getByRole('form', { name: 'Webhook test request' }),
  url: page.getByLabel('URL to test'),
  report: page.getByTestId('webhook-report'),
  send: () => page.getByRole('button', { name: 'Send test request' }).click(),
  negative: () => page.getByRole('button', { name: 'Run negative checks' }).click(),
});

test('a webhook that validates signatures gets a signed request, a preview, and refuses both forgeries', async ({
  extension,
  context,
  standin,
}) => {
  const { page, ui } = await openTester(context, extension.id);

  await ui.url.fill(`https://${WEBHOOK_HOST}/good`);
  await ui.send();
  await expect(ui.report.getByTestId('webhook-status')).toHaveText('200');
  // The sample's London name is longer than HubSpot shows: valid, with a warning about the cut.
  await expect(ui.report.getByTestId('webhook-verdict')).toHaveText('warnings');
  await expect(ui.report).toContainText('24');
  await expect(ui.report.getByTestId('webhook-problems')).toHaveCount(0);
  const preview = ui.report.getByTestId('webhook-preview').locator('tbody tr');
  await expect(preview).toHaveCount(3);
  await expect(preview.nth(0)).toContainText('Support line');
  await expect(preview.nth(0)).toContainText('yes');
  await expect(preview.nth(1)).toContainText('London office, front des…');
  await expect(preview.nth(1)).toContainText('no');

  const received = standin.webhooks.received.at(-1);
  expect(received?.headers['content-type']).toBe('application/json');
  expect(JSON.parse(received?.body ?? '{}')).toEqual({ appId: app.appId, portalId: 123456, userId: 42 });
  expect(received?.headers['x-hubspot-signature-v3']).toBeTruthy();
  expect(received?.headers['x-hubspot-signature-version']).toBe('v2');

  await ui.negative();
  await expect(page.getByTestId('negative-bad-signature')).toContainText('refused: Refused a request with a wrong signature with 401');
  await expect(page.getByTestId('negative-stale-timestamp')).toContainText('refused: Refused a request with a timestamp older than 5 minutes with 401');

  // The Markdown report, and the runs kept for the profile without any secret.
  await page.evaluate(() => {
    const copied: string[] = [];
    Object.assign(window, { copied });
    navigator.clipboard.writeText = async (text: string) => void copied.push(text);
  });
  await page.getByRole('button', { name: 'Copy report as Markdown' }).click();
  const markdown = await page.evaluate(() => (window as unknown as { copied: string[] }).copied.join('\n'));
  expect(markdown).toContain(`# Webhook test: ${app.name} (app ${app.appId})`);
  expect(markdown).toContain('- Status: 200');
  expect(markdown).toContain('refused: Refused a request with a wrong signature');
  await expect(page.getByText('Last 2 runs for this profile')).toBeVisible();
  const stored = await extension.serviceWorker.evaluate(() => chrome.storage.local.get(null));
  expect(JSON.stringify(stored.webhookRuns)).not.toContain(STANDIN_CLIENT_SECRET);
  expect(stored.webhookDefaults).toMatchObject({ portalId: '123456', userId: '42' });
});

test('a webhook that checks nothing is flagged: it accepts forged requests', async ({ extension, context }) => {
  const { page, ui } = await openTester(context, extension.id);
  await ui.url.fill(`https://${WEBHOOK_HOST}/lax`);
  await ui.send();
  await expect(ui.report.getByTestId('field-note')).toContainText('e164Number');
  await expect(ui.report.getByTestId('webhook-problems')).toContainText('JSON number');

  await ui.negative();
  await expect(page.getByTestId('negative-bad-signature')).toContainText('Finding: the webhook accepted a request with a wrong signature (200)');
  await expect(page.getByTestId('negative-stale-timestamp')).toContainText('Finding: the webhook accepted a request with a timestamp older than 5 minutes');
});

test('a slow webhook times out and an HTML error page is reported in words', async ({ extension, context }) => {
  const { page, ui } = await openTester(context, extension.id);

  await ui.url.fill(`https://${WEBHOOK_HOST}/slow`);
  await page.getByLabel('Timeout (seconds)').fill('1');
  await ui.send();
  await expect(ui.report.getByTestId('webhook-summary')).toHaveText('Timed out: no answer within 1 s.');

  await ui.url.fill(`https://${WEBHOOK_HOST}/html-error`);
  await ui.send();
  await expect(ui.report.getByTestId('webhook-status')).toHaveText('502');
  await expect(ui.report.getByTestId('webhook-summary')).toContainText('502');
  await expect(ui.report.getByTestId('webhook-verdict')).toHaveText('unusable');
});

test('an answer over 1 MB is stopped with words, and a long list shows its first 200 numbers and a count', async ({
  extension,
  context,
  standin,
}) => {
  const { ui } = await openTester(context, extension.id);

  await ui.url.fill(`https://${WEBHOOK_HOST}/huge`);
  await ui.send();
  await expect(ui.report.getByTestId('webhook-status')).toHaveText('200');
  await expect(ui.report.getByTestId('webhook-verdict')).toHaveText('failed');
  await expect(ui.report.getByTestId('webhook-summary')).toHaveText(
    "The answer is larger than 1 MB: the tester stopped reading after 1 MB and cancelled the request. 1 MB is this tester's own limit, far above any list of numbers a user picks from.",
  );
  await expect(ui.report.getByTestId('webhook-preview')).toHaveCount(0);
  // The browser closed the connection: the stand-in stopped sending long before its 100 MB. What the kernel's and the
  // browser's network buffers took before that counts as sent: up to about 15 MB on these machines.
  await expect.poll(() => standin.webhooks.hugeAnswers[0]?.state).toBe('client-left');
  expect(standin.webhooks.hugeAnswers[0]?.bytesSent).toBeLessThan(HUGE_ANSWER_BYTES / 4);

  await ui.url.fill(`https://${WEBHOOK_HOST}/long-list`);
  await ui.send();
  await expect(ui.report.getByTestId('webhook-verdict')).toHaveText('valid');
  await expect(ui.report.getByTestId('webhook-summary')).toHaveText(`${LONG_LIST_LENGTH} numbers, ${LONG_LIST_LENGTH} selectable`);
  await expect(ui.report.getByTestId('webhook-preview').locator('tbody tr')).toHaveCount(200);
  await expect(ui.report.getByTestId('webhook-preview-more')).toHaveText('… and 14,800 more numbers');
});

test('bad input is flagged beside the field and nothing is sent', async ({ extension, context, standin }) => {
  const { page, ui } = await openTester(context, extension.id);
  await ui.url.fill(`http://${WEBHOOK_HOST}/good`);
  await page.getByLabel('Portal ID').fill('12x');
  await ui.send();
  await expect(ui.form.getByText(/The URL must use https/)).toBeVisible();
  await expect(ui.form.getByText('The portal (account) ID is a positive whole number.')).toBeVisible();
  await expect(ui.url).toHaveValue(`http://${WEBHOOK_HOST}/good`);
  expect(standin.webhooks.received).toHaveLength(0);
});

test('a webhook on this computer over plain http is tested end to end, with the note that HubSpot would not call it', async ({ extension, context }) => {
  // The developer's own server: the sample webhooks, on 127.0.0.1 over http, at a port the system picks.
  const local = createSampleWebhooks();
  const server = createServer((request, response) => void local.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const { ui } = await openTester(context, extension.id);

    await ui.url.fill(`http://127.0.0.1:${port}/good`);
    await expect(ui.form).toContainText('HubSpot itself only calls https URLs it can reach');
    await ui.send();
    await expect(ui.report.getByTestId('webhook-status')).toHaveText('200');
    await expect(ui.report.getByTestId('webhook-problems')).toHaveCount(0);
    await expect(ui.report.getByTestId('webhook-preview').locator('tbody tr')).toHaveCount(3);
    // It reached the local server, signed as HubSpot signs.
    expect(local.received).toHaveLength(1);
    expect(local.received[0]?.headers['x-hubspot-signature-v3']).toBeTruthy();
  } finally {
    server.close();
  }
});
