/**
 * Detection on markups the classifier was not built on: a locked tile that stays a button, a badge after the name,
 * and a page with no picker whose heading shows the app's name. Each is read through the popup users open.
 */
import type { BrowserContext } from '@playwright/test';
import { test, expect } from './fixtures';
import type { ExtensionDriver } from './extensionDriver';
import { openOptionsWithProfile, PROVIDER_LIST_URL, registerWebhook } from './standinApp';
import type { HelpDeskMarkup } from '../standin/helpDeskPage';
import type { Standin } from '../standin/server';

test.beforeEach(({ standin }) => standin.reset());

/** A profile for the stand-in app, its webhook at `isReady`, and the provider list in `markup`, read by the popup. */
async function openMarkup(
  { extension, context, standin }: { extension: ExtensionDriver; context: BrowserContext; standin: Standin },
  markup: HelpDeskMarkup,
  { isReady, flag }: { isReady: boolean; flag?: string },
) {
  registerWebhook(standin, isReady);
  await openOptionsWithProfile(await context.newPage(), extension.id, false);
  const { page, tabId } = await extension.open(`${PROVIDER_LIST_URL}?markup=${markup}`, flag === undefined ? {} : { flag });
  return { page, openPopup: () => extension.openToolbarPopup(tabId) };
}

test('a locked tile that stays a clickable button is greyed out, with the lock and the words as its reasons', async ({ extension, context, standin }) => {
  const { page, openPopup } = await openMarkup({ extension, context, standin }, 'locked-tiles', { isReady: false });
  await expect(page.getByRole('button', { name: /^Stand-in Dialer Connect.*Upgrade required$/ })).toBeEnabled();

  const popup = await openPopup();
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('greyed-out');
  // The reasons are folded under the verdict: one line each once unfolded.
  const reasons = popup.availability.getByTestId('reasons');
  await expect(reasons).toHaveJSProperty('open', false);
  await expect(reasons.getByRole('listitem').first()).toBeHidden();
  await popup.unfold(reasons);
  await expect(reasons.getByRole('listitem')).toContainText(['says "upgrade required"', 'lock icon "locked"']);
  await expect(popup.availability.getByTestId('match')).toBeVisible();
});

test('with test mode on, the same tile has no lock and is selectable', async ({ extension, context, standin }) => {
  const popup = await (await openMarkup({ extension, context, standin }, 'locked-tiles', { isReady: false, flag: 'true' })).openPopup();
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('selectable');
  await expect(popup.availability.getByTestId('match')).toBeVisible();
});

test('a BETA badge after the name still finds the app', async ({ extension, context, standin }) => {
  const popup = await (await openMarkup({ extension, context, standin }, 'badges', { isReady: true })).openPopup();
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('selectable');
  await expect(popup.availability.getByTestId('match')).toBeVisible();
  await expect(popup.availability).not.toContainText('found by');
});

test('a heading the page focuses is no choice: the app is not on the page as a choice, and no verdict is given', async ({ extension, context, standin }) => {
  const { page, openPopup } = await openMarkup({ extension, context, standin }, 'app-heading', { isReady: false });
  await expect(page.getByRole('heading', { name: 'Stand-in Dialer' })).toBeFocused();

  const popup = await openPopup();
  await expect(popup.availability.getByTestId('observed-state')).toHaveText(/^not on this page as a choice: its name shows only outside/);
  await expect(popup.availability.getByTestId('match')).toHaveCount(0);
  await expect(popup.availability.getByTestId('mismatch')).toHaveCount(0);
});

test('a picker inside an open shadow root is found and followed, and the popup says where it was', async ({ extension, context, standin }) => {
  const { page, openPopup } = await openMarkup({ extension, context, standin }, 'shadow', { isReady: false });

  const popup = await openPopup();
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('greyed-out');
  const reasons = popup.availability.getByTestId('reasons');
  await popup.unfold(reasons);
  await expect(reasons.getByRole('listitem')).toContainText(['in the shadow root of <provider-picker>', 'disabled']);
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

test('a picker in a frame of the same origin is found there, and the popup says which frame', async ({ extension, context, standin }) => {
  const { page, openPopup } = await openMarkup({ extension, context, standin }, 'frame', { isReady: false });
  await expect(page.frameLocator('iframe[title="Calling providers"]').getByRole('button', { name: /^Stand-in Dialer Connect/ })).toBeDisabled();

  const popup = await openPopup();
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('greyed-out');
  await expect(popup.availability).toContainText('in the frame /help-desk/');
  await expect(popup.availability.getByTestId('match')).toBeVisible();
  // The page's flag is the top frame's: the frame's content script never answers for it.
  await expect(popup.testModeSwitch).not.toBeChecked();
});

for (const { markup, part } of [
  { markup: 'closed-shadow', part: 'cannot read the closed shadow root of <provider-picker>' },
  { markup: 'vendor-frame', part: 'cannot read a frame from https://webhooks.example.test' },
] as const) {
  test(`a picker the extension cannot read (${markup}) is unknown, with the reason, never "not on this page"`, async ({ extension, context, standin }) => {
    const { openPopup } = await openMarkup({ extension, context, standin }, markup, { isReady: false });

    const popup = await openPopup();
    await expect(popup.availability.getByTestId('observed-state')).toHaveText(`unknown: not found in what the extension can read, and it ${part}`);
    await expect(popup.availability.getByTestId('match')).toHaveCount(0);
    await expect(popup.availability.getByTestId('mismatch')).toHaveCount(0);
  });
}
