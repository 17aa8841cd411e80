/**
 * "Point at it", end to end: from the toolbar popup, on a picker whose tiles show no name (`logo-tiles`), the user
 * points at the app's tile with the pointer or the keyboard, confirms the selector on the page, and the next load
 * finds the app by it. Escape leaves the page and the profile as they were.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { WxtBrowser } from 'wxt/browser';
import { test, expect } from './fixtures';
import type { ExtensionDriver } from './extensionDriver';
import type { Standin } from '../standin/server';
import { openOptionsWithProfile, PROVIDER_LIST_URL, registerWebhook, STANDIN_APP } from './standinApp';

declare const chrome: WxtBrowser;

test.beforeEach(({ standin }) => standin.reset());

const TILE_SELECTOR = '[data-testid="calling-provider-stand-in-dialer"]';

/** The selector stored in the only profile, read where the extension keeps it. */
const storedSelector = (extension: ExtensionDriver) =>
  extension.serviceWorker.evaluate(async () => {
    const { appProfiles } = await chrome.storage.local.get('appProfiles');
    return ((appProfiles as { profiles: Array<{ providerSelector?: string }> }).profiles[0]?.providerSelector ?? null) as string | null;
  });

/** The layer's parts, in its open shadow root. */
const layer = (page: Page) => ({
  host: page.locator('cct-point-picker'),
  outline: page.locator('cct-point-picker [data-part="outline"]'),
  panel: page.locator('cct-point-picker [data-part="panel"]'),
  selector: page.locator('cct-point-picker [data-part="selector"]'),
  button: (action: string) => page.locator(`cct-point-picker button[data-action="${action}"]`),
});

/** The app's tile as laid out; the pointer goes to its centre. */
async function tileBox(page: Page) {
  const box = await page.locator(TILE_SELECTOR).boundingBox();
  if (!box) throw new Error('The tile is not laid out.');
  return { ...box, centreX: box.x + box.width / 2, centreY: box.y + box.height / 2 };
}

/** What the page records when one of its choices is really clicked. */
const pageChoice = (page: Page) => page.locator('#chosen-provider');

/** The logo tiles with test mode on (every tile clickable), and the popup offering to point, which it closes to do. */
async function startPointing({ extension, page, tabId }: { extension: ExtensionDriver; page: Page; tabId: number }, how: 'click' | 'keyboard') {
  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.availability.getByTestId('observed-state')).toHaveText(/^not on this page/);
  const pointAt = popup.page.getByRole('button', { name: `Point at ${STANDIN_APP.name} on the page` });
  const closed = popup.page.waitForEvent('close');
  if (how === 'click') await pointAt.click();
  else {
    await pointAt.focus();
    // The popup closes on the key's way down, so the key's way up may find it gone.
    await popup.page.keyboard.press('Enter').catch((error: unknown) => {
      if (!popup.page.isClosed()) throw error;
    });
  }
  await closed;
  await expect(layer(page).panel).toContainText(`Point at ${STANDIN_APP.name} on the page`);
}

async function openLogoTiles({ extension, context, standin }: { extension: ExtensionDriver; context: BrowserContext; standin: Standin }) {
  registerWebhook(standin, false);
  await openOptionsWithProfile(await context.newPage(), extension.id, false);
  return extension.open(`${PROVIDER_LIST_URL}?markup=logo-tiles`, { flag: 'true' });
}

test('pointing with the pointer outlines the tile, swallows the click, and the confirmed selector finds the app after a reload', async ({ extension, context, standin }) => {
  const { page, tabId } = await openLogoTiles({ extension, context, standin });
  await startPointing({ extension, page, tabId }, 'click');

  const tile = page.locator(TILE_SELECTOR);
  const box = await tileBox(page);
  await page.mouse.move(box.centreX, box.centreY);
  await expect(layer(page).outline).toBeVisible();
  // The outline rings the tile 3 px out on every side.
  const outlined = await layer(page).outline.boundingBox();
  for (const [edge, expected] of [
    [outlined?.x, box.x - 3],
    [outlined?.y, box.y - 3],
    [outlined?.width, box.width + 6],
    [outlined?.height, box.height + 6],
  ] as const) expect(edge).toBeCloseTo(expected, 0);

  await page.mouse.click(box.centreX, box.centreY);
  await expect(layer(page).selector).toHaveText(TILE_SELECTOR);
  await expect(layer(page).panel).toContainText('by its data-testid');
  await expect(layer(page).panel).toContainText('The page shows it as selectable');
  // The click was the extension's: the page chose nothing.
  await expect(pageChoice(page)).toHaveText('');
  await expect(tile).toHaveAttribute('aria-pressed', 'false');
  expect(await storedSelector(extension)).toBeNull();

  await layer(page).button('save').click();
  await expect(layer(page).panel).toContainText(`Saved: the profile “Production app” now finds ${STANDIN_APP.name} by this selector.`);
  expect(await storedSelector(extension)).toBe(TILE_SELECTOR);
  await page.keyboard.press('Enter');
  await expect(layer(page).host).toHaveCount(0);

  await page.reload();
  await extension.waitForContentScript(tabId);
  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.availability.getByTestId('observed-state')).toHaveText('selectable');
  await expect(popup.availability).toContainText('found by CSS selector');
  await expect(popup.availability.getByTestId('match')).toBeVisible();
  await expect(popup.page.getByTestId('point-at')).toHaveCount(0);
});

test('pointing with the keyboard: Tab steps through the choices without moving the page\'s focus, Enter picks, Enter saves', async ({ extension, context, standin }) => {
  const { page, tabId } = await openLogoTiles({ extension, context, standin });
  await startPointing({ extension, page, tabId }, 'keyboard');

  const box = await tileBox(page);
  // The stand-in lists Northline Phone, the look-alike, then the app: the third choice.
  for (let step = 0; step < 3; step++) await page.keyboard.press('Tab');
  await expect.poll(async () => Math.round((await layer(page).outline.boundingBox())?.x ?? -1)).toBe(Math.round(box.x - 3));
  expect(await page.evaluate(() => document.activeElement?.localName)).toBe('body');

  await page.keyboard.press('Enter');
  await expect(layer(page).selector).toHaveText(TILE_SELECTOR);
  await page.keyboard.press('Enter');
  await expect(layer(page).panel).toContainText('Saved:');
  expect(await storedSelector(extension)).toBe(TILE_SELECTOR);
  await page.keyboard.press('Escape');
  await expect(layer(page).host).toHaveCount(0);
  await expect(pageChoice(page)).toHaveText('');
});

test('Escape leaves the page and the profile untouched, and the page works as before afterwards', async ({ extension, context, standin }) => {
  const { page, tabId } = await openLogoTiles({ extension, context, standin });
  await startPointing({ extension, page, tabId }, 'click');
  const box = await tileBox(page);
  await page.mouse.click(box.centreX, box.centreY);
  await expect(layer(page).selector).toHaveText(TILE_SELECTOR);

  await page.keyboard.press('Escape');
  await expect(layer(page).host).toHaveCount(0);
  await expect(pageChoice(page)).toHaveText('');
  expect(await storedSelector(extension)).toBeNull();
  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.availability.getByTestId('observed-state')).toHaveText(/^not on this page/);
  await popup.page.close();

  // Nothing of the layer is left listening: the page's own click goes through.
  await page.locator(TILE_SELECTOR).click();
  await expect(pageChoice(page)).toHaveText(`Selected: ${STANDIN_APP.name}`);
});
