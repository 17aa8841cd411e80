import type { Page } from '@playwright/test';
import type { WxtBrowser } from 'wxt/browser';
import { test, expect } from './fixtures';
import { blockingViolations } from './axe';
import { NOT_HUBSPOT_URL, PORTAL_ID } from './extensionDriver';
import { OptionsPage } from './pages/options';
import type { PopupPage } from './pages/popup';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import { STANDIN_CLIENT_SECRET, WEBHOOK_HOST } from '../standin/webhooks';

declare const chrome: WxtBrowser;

const app = STANDIN_APPS[0];
const PROVIDER_LIST_URL = `https://app.hubspot.com/help-desk/${PORTAL_ID}/channels/calling`;
const SANDBOXED_URL = `https://app.hubspot.com/contacts/${PORTAL_ID}/sandboxed`;
// Long names, URLs and messages, some with no place to break, are what push a 360 px popup sideways.
const LONG_LABEL = 'Customer success EMEA staging profile for the dialer (QA only, never release it to everyone)';
const LONG_APP_NAME = `${app.name} Enterprise for CustomerSuccessTeamsAcrossEuropeTheMiddleEastAndAfrica`;
const LONG_WEBHOOK_URL = `https://${WEBHOOK_HOST}/hubspot/channel-connection/tenants/0f6b3c1e-9a4d-4c8e-b1f2-7d5e3a9c0b24/phone-numbers?include=extensions&format=e164`;
const LONG_ERROR = `The calling extension settings service is unavailable while HubSpot migrates portal data; retry later or see https://status.hubspot.com/incidents/calling-extensions-settings-migration-2026-03-channel-connection-${'x'.repeat(40)}`;
const LONG_SETTING_VALUE = JSON.stringify({
  name: 'Local dev build of the dialer',
  url: `https://localhost:9025/widget/index.html?portalId=${PORTAL_ID}&debug=true&features=channelConnection,inboundCalling,transcripts`,
});
/** The stand-in's list is Northline Phone, the look-alike, then the stand-in apps: this finds the long-named one. */
const PROVIDER_SELECTOR = '#provider-list > :nth-child(3)';
const POPUP_WIDTH = 380;

test('popup and options pass axe (no serious or critical violation) in light and dark; the popup fits 380 px', async ({
  extension,
  context,
  standin,
}) => {
  test.setTimeout(180_000);
  standin.reset();
  const audit = async (page: Page, state: string) => {
    expect.soft(await blockingViolations(page), `axe on ${state}`).toEqual([]);
  };
  const auditPopup = async (popup: PopupPage, state: string) => {
    await audit(popup.page, `popup: ${state}`);
    const { scrollWidth, clientWidth } = await popup.page.evaluate(() => {
      const { scrollWidth, clientWidth } = document.documentElement;
      return { scrollWidth, clientWidth };
    });
    expect.soft(scrollWidth, `popup ${state}: scroll width at ${POPUP_WIDTH} px`).toBeLessThanOrEqual(clientWidth);
  };
  const openPopup = async (tabId: number) => {
    const popup = await extension.openPopup(tabId);
    await popup.page.setViewportSize({ width: POPUP_WIDTH, height: 800 });
    return popup;
  };

  await test.step('popup without a profile or a HubSpot tab', async () => {
    const { tabId } = await extension.open(NOT_HUBSPOT_URL);
    const popup = await openPopup(tabId);
    await popup.page.getByText('No app profile yet.').waitFor();
    await auditPopup(popup, 'no profile, no HubSpot tab');
    await popup.page.close();
  });

  const optionsPage = await context.newPage();
  const options = await OptionsPage.open(optionsPage, extension.id);
  await test.step('options: a new profile with field errors', async () => {
    await options.saveProfile();
    await expect(options.field('Label')).toHaveAttribute('aria-invalid', 'true');
    await audit(optionsPage, 'options: new profile with field errors');
  });

  await test.step('options: the settings panel after requests, and the delete confirmation', async () => {
    await options.fillProfile({
      label: LONG_LABEL,
      appId: String(app.appId),
      credential: STANDIN_DEVELOPER_API_KEY,
      appDisplayName: LONG_APP_NAME,
      clientSecret: STANDIN_CLIENT_SECRET,
      isTestApp: true,
    });
    await options.field('Provider CSS selector (optional)').fill(PROVIDER_SELECTOR);
    await options.saveProfile();
    await expect(options.currentSettings).toContainText('Not registered');
    await options.webhookUrl.fill(LONG_WEBHOOK_URL);
    await options.button('Register webhook').click();
    await options.button('Release to all users').click();
    await expect(options.isReady).toHaveText('true');
    await options.logEntries.first().getByText('Request and response').click();
    await audit(optionsPage, 'options: settings panel after requests');
    await options.button('Delete webhook…').click();
    await expect(optionsPage.getByRole('alertdialog')).toBeVisible();
    await audit(optionsPage, 'options: delete confirmation');
    await options.button('Cancel').click();
  });

  await test.step('options: the webhook tester with a report', async () => {
    await optionsPage.getByLabel('URL to test').fill(`https://${WEBHOOK_HOST}/good`);
    await optionsPage.getByLabel('Portal ID').fill(PORTAL_ID);
    await optionsPage.getByLabel('User ID').fill('42');
    await options.button('Send test request').click();
    await optionsPage.getByTestId('webhook-preview').waitFor();
    await options.button('Run negative checks').click();
    await optionsPage.getByTestId('negative-checks').waitFor();
    await optionsPage.getByTestId('webhook-report').getByText('Request and response').click();
    await audit(optionsPage, 'options: webhook tester with a report');
  });

  const hubspot = await extension.open(PROVIDER_LIST_URL, { flag: 'true' });
  await test.step('options: the QA matrix with results', async () => {
    await optionsPage.bringToFront();
    await options.button('Refresh tabs').click();
    await optionsPage.getByLabel('HubSpot tab').selectOption(String(hubspot.tabId));
    await options.button('Run matrix').click();
    await expect(optionsPage.getByTestId('matrix-summary')).toContainText('Restored', { timeout: 60_000 });
    await audit(optionsPage, 'options: QA matrix with results');
  });

  await test.step('popup: test mode on, then off', async () => {
    await hubspot.page.evaluate((value) => {
      localStorage.setItem('LocalSettings:Calling:installDemoWidget', 'app:js');
      localStorage.setItem('LocalSettings:Calling:CallingExtensions', value);
    }, LONG_SETTING_VALUE);
    await extension.open(`https://app.hubspot.com/contacts/${PORTAL_ID}`);
    const popup = await openPopup(hubspot.tabId);
    await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'true');
    await expect(popup.isReadySummary).toContainText('Registered');
    await popup.availability.getByTestId('match').waitFor();
    await auditPopup(popup, 'test mode on, long names and values');
    await popup.testModeSwitch.click();
    await expect(popup.notice).toContainText('Test mode turned off');
    await auditPopup(popup, 'test mode off');
    await popup.page.close();
  });

  await test.step('popup: a greyed-out app the rules say is selectable', async () => {
    standin.helpDesk.forceGreyedOut = true;
    await hubspot.page.reload();
    const popup = await openPopup(hubspot.tabId);
    await popup.availability.getByTestId('mismatch').waitFor();
    await auditPopup(popup, 'mismatch');
    await popup.page.close();
    standin.helpDesk.forceGreyedOut = false;
  });

  await test.step('popup: errors from HubSpot and from the tab', async () => {
    await extension.serviceWorker.evaluate(
      (body) =>
        fetch('https://api.hubapi.com/__standin/next-response', { method: 'POST', body }).then((response) => {
          if (!response.ok) throw new Error(`next-response: HTTP ${response.status}`);
        }),
      JSON.stringify({
        status: 503,
        body: { status: 'error', message: LONG_ERROR, correlationId: 'b7f0c2d4-5e61-4a8b-9c3d-2f1e0a9b8c7d', category: 'SERVICE_UNAVAILABLE' },
      }),
    );
    const errorPopup = await openPopup(hubspot.tabId);
    await expect(errorPopup.isReadySummary).toContainText('migrates portal data');
    await auditPopup(errorPopup, 'isReady error with a long message');
    await errorPopup.page.close();

    await context.route(SANDBOXED_URL, (route) =>
      route.fulfill({
        contentType: 'text/html',
        headers: { 'content-security-policy': 'sandbox allow-scripts' },
        body: '<!doctype html><title>Sandboxed contacts | HubSpot stand-in</title><p>A page whose storage is blocked.</p>',
      }),
    );
    const sandboxed = await context.newPage();
    await sandboxed.goto(SANDBOXED_URL);
    const popup = await openPopup(await extension.tabIdOf(sandboxed));
    await expect(popup.alert).toBeVisible();
    await auditPopup(popup, 'the tab cannot answer');
    await sandboxed.close();
    await expect(popup.alert).toHaveText('The tab was closed.');
    await auditPopup(popup, 'the tab was closed');
  });

  await test.step('popup: not a HubSpot tab, HubSpot tabs to jump to', async () => {
    const { tabId } = await extension.open(NOT_HUBSPOT_URL);
    const popup = await openPopup(tabId);
    await popup.hubspotTabButton(/Connect a calling provider/).waitFor();
    await auditPopup(popup, 'not a HubSpot tab');
  });
});
