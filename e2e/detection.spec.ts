/**
 * Detection on markups the classifier was not built on: a locked tile that stays a button, a badge after the name,
 * and a page with no picker whose heading shows the app's name. Each is read through the popup users open.
 */
import { test, expect } from './fixtures';
import { openOptionsWithProfile, PROVIDER_LIST_URL, registerWebhook } from './standinApp';

test.beforeEach(({ standin }) => standin.reset());

test('a locked tile that stays a clickable button is greyed out, with the lock and the words as its reasons', async ({
  extension,
  context,
  standin,
}) => {
  registerWebhook(standin, false);
  await openOptionsWithProfile(await context.newPage(), extension.id, false);
  const { page, tabId } = await extension.open(`${PROVIDER_LIST_URL}?markup=locked-tiles`);
  await expect(page.getByRole('button', { name: /^Stand-in Dialer Connect.*Upgrade required$/ })).toBeEnabled();

  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('greyed-out');
  await expect(popup.availability).toContainText('says "upgrade required", lock icon "locked"');
  await expect(popup.availability.getByTestId('match')).toBeVisible();
});

test('with test mode on, the same tile has no lock and is selectable', async ({ extension, context, standin }) => {
  registerWebhook(standin, false);
  await openOptionsWithProfile(await context.newPage(), extension.id, false);
  const { tabId } = await extension.open(`${PROVIDER_LIST_URL}?markup=locked-tiles`, { flag: 'true' });

  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('selectable');
  await expect(popup.availability.getByTestId('match')).toBeVisible();
});

test('a BETA badge after the name still finds the app', async ({ extension, context, standin }) => {
  registerWebhook(standin, true);
  await openOptionsWithProfile(await context.newPage(), extension.id, false);
  const { tabId } = await extension.open(`${PROVIDER_LIST_URL}?markup=badges`);

  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('selectable');
  await expect(popup.availability.getByTestId('match')).toBeVisible();
  await expect(popup.availability).not.toContainText('found by');
});

test('a heading the page focuses is no choice: the app is not on the page as a choice, and no verdict is given', async ({
  extension,
  context,
  standin,
}) => {
  registerWebhook(standin, false);
  await openOptionsWithProfile(await context.newPage(), extension.id, false);
  const { page, tabId } = await extension.open(`${PROVIDER_LIST_URL}?markup=app-heading`);
  await expect(page.getByRole('heading', { name: 'Stand-in Dialer' })).toBeFocused();

  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.availability.getByTestId('observed-state')).toHaveText(/^not on this page as a choice: its name shows only outside/);
  await expect(popup.availability.getByTestId('match')).toHaveCount(0);
  await expect(popup.availability.getByTestId('mismatch')).toHaveCount(0);
});

test('a picker inside an open shadow root is found and followed, and the popup says where it was', async ({ extension, context, standin }) => {
  registerWebhook(standin, false);
  await openOptionsWithProfile(await context.newPage(), extension.id, false);
  const { page, tabId } = await extension.open(`${PROVIDER_LIST_URL}?markup=shadow`);

  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('greyed-out');
  await expect(popup.availability).toContainText('in the shadow root of <provider-picker>, disabled');
  await expect(popup.availability.getByTestId('match')).toBeVisible();

  // A change inside the shadow root reaches the report: the page enables the button as HubSpot would after a release.
  await page.evaluate((name) => {
    const picker = document.querySelector('provider-picker');
    const button = [...(picker?.shadowRoot?.querySelectorAll('button') ?? [])].find((each) => each.querySelector('.provider-name')?.textContent === name);
    button?.removeAttribute('disabled');
  }, 'Stand-in Dialer');
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('selectable');
  await expect(popup.availability.getByTestId('mismatch')).toBeVisible();
});
