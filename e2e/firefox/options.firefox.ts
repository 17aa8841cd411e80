/**
 * The options page in Firefox: a webhook registered, released and withdrawn against the stand-in API, and the webhook
 * tester's signed request and negative checks against the stand-in's sample webhooks.
 */
import { test, expect } from './fixtures';
import { FirefoxDriver } from './firefoxDriver';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../../standin/hubspotApi';
import { STANDIN_CLIENT_SECRET, WEBHOOK_HOST } from '../../standin/webhooks';

const [STANDIN_APP] = STANDIN_APPS;
const WEBHOOK_URL = 'https://webhooks.example.test/hubspot/channel-connection';

test('a webhook is registered, released and withdrawn from the options page', async ({ firefox, standin }) => {
  const options = await firefox.optionsWithProfile(STANDIN_APP, STANDIN_DEVELOPER_API_KEY);
  const registered = () => standin.api.channelConnection.get(STANDIN_APP.appId);

  await FirefoxDriver.fill(options, 'Webhook URL', WEBHOOK_URL, '#channel-connection');
  await FirefoxDriver.button(options, 'Register webhook').click();
  await expect.poll(registered).toMatchObject({ url: WEBHOOK_URL, isReady: false });
  await expect.poll(() => FirefoxDriver.text(options, '[data-testid="panel-message"]')).toBe('Webhook registered.');

  await FirefoxDriver.button(options, 'Release to all users').click();
  await expect.poll(() => registered()?.isReady).toBe(true);
  await expect.poll(() => FirefoxDriver.text(options, '[data-testid="is-ready"]')).toBe('true');

  await FirefoxDriver.button(options, 'Withdraw').click();
  await expect.poll(() => registered()?.isReady).toBe(false);
  await expect.poll(() => FirefoxDriver.text(options, '[data-testid="is-ready"]')).toBe('false');
});

test('the webhook tester signs its request as HubSpot does, and the sample webhook refuses both forgeries', async ({ firefox, standin }) => {
  const options = await firefox.optionsWithProfile(STANDIN_APP, STANDIN_DEVELOPER_API_KEY, STANDIN_CLIENT_SECRET);
  await FirefoxDriver.fill(options, 'URL to test', `https://${WEBHOOK_HOST}/good`, '#webhook-tester');
  await FirefoxDriver.fill(options, 'Portal ID', '123456', '#webhook-tester');
  await FirefoxDriver.fill(options, 'User ID', '42', '#webhook-tester');

  await FirefoxDriver.button(options, 'Send test request').click();
  await expect.poll(() => FirefoxDriver.text(options, '[data-testid="webhook-status"]'), { timeout: 15_000 }).toBe('200');
  expect(await FirefoxDriver.text(options, '[data-testid="webhook-verdict"]')).toBe('warnings');
  const received = standin.webhooks.received.at(-1);
  expect(JSON.parse(received?.body ?? '{}')).toEqual({ appId: STANDIN_APP.appId, portalId: 123456, userId: 42 });
  expect(received?.headers['x-hubspot-signature-v3']).toBeTruthy();

  await FirefoxDriver.button(options, 'Run negative checks').click();
  await expect
    .poll(() => FirefoxDriver.text(options, '[data-testid="negative-bad-signature"]'), { timeout: 15_000 })
    .toContain('refused: Refused a request with a wrong signature with 401');
  await expect
    .poll(() => FirefoxDriver.text(options, '[data-testid="negative-stale-timestamp"]'))
    .toContain('refused: Refused a request with a timestamp older than 5 minutes with 401');
});

test('the webhook tester names what the other sample webhooks do: accepts forgeries, times out, answers HTML, redirects', async ({
  firefox,
}) => {
  const options = await firefox.optionsWithProfile(STANDIN_APP, STANDIN_DEVELOPER_API_KEY, STANDIN_CLIENT_SECRET);
  await FirefoxDriver.fill(options, 'Portal ID', '123456', '#webhook-tester');
  await FirefoxDriver.fill(options, 'User ID', '42', '#webhook-tester');
  const send = async (path: string) => {
    await FirefoxDriver.fill(options, 'URL to test', `https://${WEBHOOK_HOST}/${path}`, '#webhook-tester');
    await FirefoxDriver.button(options, 'Send test request').click();
  };
  const summary = () => FirefoxDriver.text(options, '[data-testid="webhook-summary"]');

  await send('lax');
  await expect.poll(() => FirefoxDriver.text(options, '[data-testid="webhook-problems"]'), { timeout: 15_000 }).toContain('JSON number');
  await FirefoxDriver.button(options, 'Run negative checks').click();
  await expect
    .poll(() => FirefoxDriver.text(options, '[data-testid="negative-bad-signature"]'), { timeout: 15_000 })
    .toContain('Finding: the webhook accepted a request with a wrong signature (200)');

  await FirefoxDriver.fill(options, 'Timeout (seconds)', '1', '#webhook-tester');
  await send('slow');
  await expect.poll(summary, { timeout: 15_000 }).toBe('Timed out: no answer within 1 s.');

  await send('html-error');
  await expect.poll(() => FirefoxDriver.text(options, '[data-testid="webhook-verdict"]'), { timeout: 15_000 }).toBe('unusable');
  expect(await FirefoxDriver.text(options, '[data-testid="webhook-status"]')).toBe('502');

  // HubSpot does not follow a redirect, and neither does the tester, in Firefox too.
  await send('redirect');
  await expect.poll(summary, { timeout: 15_000 }).toMatch(/redirect/i);
});
