import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import type { WxtBrowser } from 'wxt/browser';
import { ExtensionDriver, PORTAL_ID } from './extensionDriver';
import { failNextApiRequest } from './popupStates';
import { openOptionsWithProfile, PROVIDER_LIST_URL, registerWebhook, STANDIN_APP } from './standinApp';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';

declare const chrome: WxtBrowser;


test.beforeEach(({ standin }) => standin.reset());

for (const { isReady, flag, expected } of [
  { isReady: null, flag: false, expected: 'greyed-out' },
  { isReady: false, flag: false, expected: 'greyed-out' },
  { isReady: false, flag: true, expected: 'selectable' },
  { isReady: true, flag: false, expected: 'selectable' },
  { isReady: true, flag: true, expected: 'selectable' },
] as const) {
  test(`isReady ${isReady ?? 'not registered'}, test mode ${flag ? 'on' : 'off'}: the popup sees ${expected}, as predicted`, async ({
    extension,
    context,
    standin,
  }) => {
    if (isReady !== null) registerWebhook(standin, isReady);
    await openOptionsWithProfile(await context.newPage(), extension.id, false);
    const { tabId } = await extension.open(PROVIDER_LIST_URL, flag ? { flag: 'true' } : {});

    const popup = await extension.openToolbarPopup(tabId);
    await expect(popup.isReadySummary).toContainText(isReady === null ? 'Not registered' : `isReady ${isReady}`);
    await expect(popup.availability.getByTestId('observed-state')).toHaveText(expected);
    await expect(popup.availability.getByTestId('expected-state')).toHaveText(expected);
    await expect(popup.availability.getByTestId('match')).toBeVisible();
    await expect(popup.availability.getByTestId('mismatch')).toHaveCount(0);
    expect(await extension.badgeText(tabId)).toBe(flag ? 'ON' : '');
  });
}

test('a provider greyed out although the rules say selectable is a named mismatch with the outside causes', async ({
  extension,
  context,
  standin,
}) => {
  registerWebhook(standin, true);
  standin.helpDesk.forceGreyedOut = true;
  await openOptionsWithProfile(await context.newPage(), extension.id, false);
  const { tabId } = await extension.open(PROVIDER_LIST_URL);

  const popup = await extension.openToolbarPopup(tabId);
  const mismatch = popup.availability.getByTestId('mismatch');
  await expect(mismatch).toContainText(`${STANDIN_APP.name} is greyed out on the page, but the rules predict selectable`);
  await expect(mismatch).toContainText('paid Sales Hub or Service Hub seat');
  await expect(mismatch).toContainText('permissions');
  await expect.poll(() => extension.badgeText(tabId)).toBe('≠');
});

test('the matrix runs the four combinations, exports them, and puts isReady and the flag back', async ({
  extension,
  context,
  standin,
}) => {
  registerWebhook(standin, false);
  const optionsPage = await context.newPage();
  const options = await openOptionsWithProfile(optionsPage, extension.id, true);
  const { page } = await extension.open(PROVIDER_LIST_URL, { flag: 'TRUE' });

  await options.runMatrix(PROVIDER_LIST_URL);

  const rows = options.matrixRows;
  await expect(options.matrixSummary).toContainText('Restored', { timeout: 60_000 });
  await expect(rows).toHaveCount(4);
  const expectedRows = [
    ['false', 'off', 'greyed-out', 'greyed-out', 'match'],
    ['false', 'on', 'selectable', 'selectable', 'match'],
    ['true', 'off', 'selectable', 'selectable', 'match'],
    ['true', 'on', 'selectable', 'selectable', 'match'],
  ];
  for (const [index, cells] of expectedRows.entries()) {
    // The reason of each verdict is on screen, in its own column.
    await expect(rows.nth(index).locator('td')).toHaveText([...cells, /\w/]);
  }
  await expect(optionsPage.getByTestId('matrix-tally')).toHaveText('4 of 4 as expected');
  await expect(optionsPage.getByTestId('matrix-outside-causes')).toHaveCount(0);
  await expect(options.matrixSummary).toHaveText(
    'Restored: isReady=false and the flag "TRUE", as they were.',
  );
  expect(standin.api.channelConnection.get(STANDIN_APP.appId)?.isReady).toBe(false);
  await expect.poll(() => ExtensionDriver.flag(page)).toBe('TRUE');

  const exported = async (name: string) => {
    const download = optionsPage.waitForEvent('download');
    await options.button(name).click();
    return readFile(await (await download).path(), 'utf8');
  };
  const markdown = await exported('Export Markdown');
  expect(markdown).toContain(`# Availability matrix: ${STANDIN_APP.name} (app ${STANDIN_APP.appId})`);
  expect(markdown).toContain('| false | off | greyed-out | greyed-out | match |');
  expect(markdown).toContain('| true | on | selectable | selectable | match |');
  // Where it was made: the extension's version, the browser, the HubSpot origin and portal, and when.
  const version = await extension.serviceWorker.evaluate(() => chrome.runtime.getManifest().version);
  const browserVersion = /Chrome\/(\d+)/.exec(await optionsPage.evaluate(() => navigator.userAgent))?.[1];
  expect(browserVersion).toMatch(/^\d+$/);
  expect(markdown).toContain(`HubSpot: https://app.hubspot.com, portal ${PORTAL_ID}  `);
  expect(markdown).toContain(`Channel Connection Tester ${version} in Chrome ${browserVersion}  `);
  expect(markdown).toMatch(/^Run: \d{4}-\d\d-\d\dT[\d:.]+Z, exported \d{4}-\d\d-\d\dT[\d:.]+Z {2}$/m);
  const json = JSON.parse(await exported('Export JSON'));
  expect(json).toMatchObject({
    extensionVersion: version,
    browser: `Chrome ${browserVersion}`,
    hubspotOrigin: 'https://app.hubspot.com',
    portalId: PORTAL_ID,
    appName: STANDIN_APP.name,
    appId: STANDIN_APP.appId,
  });
  expect(Date.parse(json.exportedAt)).toBeGreaterThanOrEqual(Date.parse(json.startedAt));
  expect(json.rows).toHaveLength(4);
  expect(json.original).toEqual({ isReady: false, flag: 'TRUE' });
  expect(json.restoreErrors).toEqual([]);
});

test('a matrix whose page greys out everything says so at a glance, with the reasons and the outside causes', async ({
  extension,
  context,
  standin,
}) => {
  registerWebhook(standin, false);
  standin.helpDesk.forceGreyedOut = true;
  const optionsPage = await context.newPage();
  const options = await openOptionsWithProfile(optionsPage, extension.id, true);
  await extension.open(PROVIDER_LIST_URL);

  await options.runMatrix(PROVIDER_LIST_URL);

  await expect(options.matrixSummary).toContainText('Restored', { timeout: 60_000 });
  await expect(optionsPage.getByTestId('matrix-tally')).toHaveText('1 of 4 as expected, 3 mismatches');
  await expect(options.matrixRows.nth(3).locator('td.matrix-why')).toContainText('greyed out');
  const causes = optionsPage.getByTestId('matrix-outside-causes');
  await causes.locator('summary').click();
  await expect(causes).toContainText('the user has no paid Sales Hub or Service Hub seat');
});

test('the matrix refuses a profile not marked as a test app and changes nothing', async ({ extension, context, standin }) => {
  registerWebhook(standin, false);
  const optionsPage = await context.newPage();
  const options = await openOptionsWithProfile(optionsPage, extension.id, false);
  const { page } = await extension.open(PROVIDER_LIST_URL);
  await optionsPage.bringToFront();

  const writesBefore = standin.requests.filter((request) => request.host === 'api.hubapi.com').length;
  // The tab list follows the browser's tabs: the one just opened is offered without a refresh.
  await expect(optionsPage.locator('#qa-matrix').getByLabel('HubSpot tab')).toContainText(PROVIDER_LIST_URL);
  await options.button('Run matrix').click();
  await expect(optionsPage.getByTestId('matrix-refusal')).toContainText('is not marked as a test app');
  expect(standin.requests.filter((request) => request.host === 'api.hubapi.com')).toHaveLength(writesBefore);
  expect(standin.api.channelConnection.get(STANDIN_APP.appId)?.isReady).toBe(false);
  expect(await ExtensionDriver.flag(page)).toBeNull();
});

test('the popup switches profiles, and names the profile of each other app it sees', async ({ extension, context, standin }) => {
  registerWebhook(standin, true);
  const options = await openOptionsWithProfile(await context.newPage(), extension.id, false);
  const [, secondApp] = STANDIN_APPS;
  await options.button('New profile').click();
  await options.addProfile({ label: 'Second app', appId: String(secondApp.appId), credential: STANDIN_DEVELOPER_API_KEY, appDisplayName: secondApp.name });
  const { tabId } = await extension.open(PROVIDER_LIST_URL);

  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.activeProfile.locator('option:checked')).toHaveText(`Production app · app ${STANDIN_APP.appId}`);
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('selectable');
  const others = popup.availability.getByTestId('other-profiles');
  await expect(others.locator('summary')).toHaveText("Other profiles' apps on this page · 1");
  await popup.unfold(others);
  await expect(others.getByRole('listitem')).toHaveText(`Second app: ${secondApp.name}, greyed-out`);

  await popup.activeProfile.selectOption({ label: `Second app · app ${secondApp.appId}` });
  await expect(popup.isReadySummary).toHaveText('Not registered: only test mode makes the app selectable.');
  await expect(popup.availability.getByRole('heading')).toHaveText(`Availability of ${secondApp.name}`);
  await expect(popup.availability.getByTestId('expected-state')).toHaveText('greyed-out');
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('greyed-out');
  await expect(popup.availability.getByTestId('match')).toBeVisible();
  await popup.unfold(others);
  await expect(others.getByRole('listitem')).toHaveText(`Production app: ${STANDIN_APP.name}, selectable`);
  // The choice is stored: the badge's verdict and the next popup follow it.
  await popup.page.close();
  const reopened = await extension.openToolbarPopup(tabId);
  await expect(reopened.activeProfile.locator('option:checked')).toHaveText(`Second app · app ${secondApp.appId}`);
  await expect(reopened.availability.getByTestId('expected-state')).toHaveText('greyed-out');
});

test('after a failed isReady request, the expected state says the request failed', async ({ extension, context, standin }) => {
  registerWebhook(standin, true);
  await openOptionsWithProfile(await context.newPage(), extension.id, false);
  const { tabId } = await extension.open(PROVIDER_LIST_URL);
  await failNextApiRequest(extension);

  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.isReadySummary).toContainText('HTTP 503 SERVICE_UNAVAILABLE');
  await expect(popup.availability.getByTestId('expected-state')).toHaveText('unknown');
  await expect(popup.availability).toContainText('the isReady request failed and test mode is off');
  await expect(popup.availability).not.toContainText('not known yet');
});

test('with no HubSpot tab open, the matrix offers to open one, and its list follows tabs opening and closing', async ({ extension, context }) => {
  const optionsPage = await context.newPage();
  await openOptionsWithProfile(optionsPage, extension.id, true);
  const tabList = optionsPage.locator('#qa-matrix').getByLabel('HubSpot tab');
  await expect(tabList).toHaveText('No HubSpot tab is open');

  const matrix = optionsPage.locator('#qa-matrix');
  const opened = context.waitForEvent('page');
  await matrix.getByRole('button', { name: 'Open HubSpot in a new tab' }).click();
  const hubspot = await opened;
  await expect(hubspot).toHaveURL('https://app.hubspot.com/');
  await expect(tabList.locator('option')).toHaveCount(1);
  await expect(tabList).toContainText('https://app.hubspot.com/');
  // Local overrides offers the same, and follows the same tabs.
  await expect(optionsPage.getByRole('button', { name: 'Open HubSpot in a new tab' })).toHaveCount(0);
  await expect(optionsPage.locator('#local-overrides').getByLabel('HubSpot tab')).toContainText('https://app.hubspot.com/');

  await hubspot.close();
  await expect(tabList).toHaveText('No HubSpot tab is open');
});
