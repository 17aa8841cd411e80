import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { blockingViolations } from './axe';
import { NOT_HUBSPOT_URL, PORTAL_ID } from './extensionDriver';
import { OptionsPage } from './pages/options';
import type { PopupPage } from './pages/popup';
import { addOtherCallingKeys, failNextApiRequest, LONG_PROFILE, LONG_WEBHOOK_URL, PROVIDER_SELECTOR } from './popupStates';
import { PROVIDER_LIST_URL } from './standinApp';
import { WEBHOOK_HOST } from '../standin/webhooks';

const SANDBOXED_URL = `https://app.hubspot.com/contacts/${PORTAL_ID}/sandboxed`;

test('the toolbar popup and the options page pass axe (no serious or critical violation) in light and dark', async ({
  extension,
  context,
  standin,
}) => {
  test.setTimeout(180_000);
  standin.reset();
  const audit = async (page: Page, state: string) => {
    expect.soft(await blockingViolations(page), `axe on ${state}`).toEqual([]);
  };
  /** axe on the real toolbar popup, folded as it opens, then with every fold open. */
  const auditPopup = async (popup: PopupPage, state: string) => {
    await audit(popup.page, `popup: ${state}`);
    const folds = await popup.page.locator('details').all();
    if (folds.length === 0) return;
    for (const fold of folds) await popup.unfold(fold);
    await audit(popup.page, `popup: ${state}, every fold open`);
  };

  await test.step('popup without a profile or a HubSpot tab', async () => {
    const { tabId } = await extension.open(NOT_HUBSPOT_URL);
    const popup = await extension.openToolbarPopup(tabId);
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
    await options.fillProfile(LONG_PROFILE);
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
      await optionsPage.locator('#qa-matrix').getByLabel('HubSpot tab').selectOption(String(hubspot.tabId));
    await options.button('Run matrix').click();
    // While it runs: the Stop button and the note that the background runs it.
    await options.button('Stop and restore').waitFor();
    await audit(optionsPage, 'options: QA matrix running');
    await expect(optionsPage.getByTestId('matrix-summary')).toContainText('Restored', { timeout: 60_000 });
    await audit(optionsPage, 'options: QA matrix with results');
  });

  await test.step('popup: test mode on, then off', async () => {
    await addOtherCallingKeys(extension, hubspot.page);
    const popup = await extension.openToolbarPopup(hubspot.tabId);
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
    const popup = await extension.openToolbarPopup(hubspot.tabId);
    await popup.availability.getByTestId('mismatch').waitFor();
    await auditPopup(popup, 'mismatch');
    await popup.page.close();
    standin.helpDesk.forceGreyedOut = false;
  });

  await test.step('popup: errors from HubSpot and from the tab', async () => {
    await failNextApiRequest(extension);
    const errorPopup = await extension.openToolbarPopup(hubspot.tabId);
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
    const sandboxedTabId = await extension.tabIdOf(sandboxed);
    const popup = await extension.openToolbarPopup(sandboxedTabId);
    await expect(popup.alert).toBeVisible();
    await auditPopup(popup, 'the tab cannot answer');
    await popup.page.close();
    // Closing its tab closes the real popup: what a popup left open on a closed tab says is seen in a tab of its own.
    const inTab = await extension.openPopupInTab(sandboxedTabId);
    await expect(inTab.alert).toBeVisible();
    await sandboxed.close();
    await expect(inTab.alert).toHaveText('The tab was closed.');
    await audit(inTab.page, 'popup: the tab was closed');
  });

  await test.step('popup: not a HubSpot tab, HubSpot tabs to jump to', async () => {
    const { tabId } = await extension.open(NOT_HUBSPOT_URL);
    const popup = await extension.openToolbarPopup(tabId);
    await popup.hubspotTabButton(/Connect a calling provider/).first().waitFor();
    await auditPopup(popup, 'not a HubSpot tab');
  });
});
