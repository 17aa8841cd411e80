/**
 * The QA matrix runs in the background: it outlives the options page that started it, it is restored when the
 * service worker is stopped mid-run, and only one run per app goes at a time.
 */
import type { BrowserContext } from '@playwright/test';
import { test, expect } from './fixtures';
import { ExtensionDriver } from './extensionDriver';
import { OptionsPage } from './pages/options';
import { openOptionsWithProfile, PROVIDER_LIST_URL, registerWebhook, STANDIN_APP } from './standinApp';
import type { Standin } from '../standin/server';

test.beforeEach(({ standin }) => standin.reset());

const isReadyOnTheApi = (standin: Standin) => standin.api.channelConnection.get(STANDIN_APP.appId)?.isReady;

/**
 * Registers the stand-in app's webhook with isReady=false, opens the help-desk page (with `flag` stored), starts the
 * matrix from a new options page, and resolves once the run is in its third row: the first with isReady=true.
 */
async function matrixInRowThree({ extension, context, standin }: { extension: ExtensionDriver; context: BrowserContext; standin: Standin }, flag?: string) {
  registerWebhook(standin, false);
  const options = await openOptionsWithProfile(await context.newPage(), extension.id, true);
  const { page } = await extension.open(PROVIDER_LIST_URL, flag === undefined ? {} : { flag });
  await options.runMatrix(PROVIDER_LIST_URL);
  await expect.poll(() => isReadyOnTheApi(standin), { timeout: 30_000 }).toBe(true);
  return { options, page };
}

test('closing the options page during the third row: the run goes on, and isReady and the flag are back within 5 s', async ({
  extension,
  context,
  standin,
}) => {
  const { options, page } = await matrixInRowThree({ extension, context, standin });
  await options.page.close({ runBeforeUnload: true });

  await expect.poll(() => isReadyOnTheApi(standin), { timeout: 5_000 }).toBe(false);
  await expect.poll(() => ExtensionDriver.flag(page), { timeout: 5_000 }).toBeNull();

  // The next options page tells how the run ended, although no page watched it.
  const later = await OptionsPage.open(await context.newPage(), extension.id);
  await expect(later.matrixSummary).toHaveText('Restored: isReady=false and the flag not set, as they were.');
  await expect(later.matrixRows.nth(3).locator('td')).toHaveText(['true', 'on', 'selectable', 'selectable', 'match', /\w/]);
});

test('the service worker stopped mid-run: its next start puts isReady and the flag back, and the options page says so', async ({
  extension,
  context,
  standin,
}) => {
  const { options, page } = await matrixInRowThree({ extension, context, standin }, 'TRUE');
  // Any event for the extension starts it again: here a content script reporting a HubSpot page it starts on.
  await extension.stopServiceWorker(async () => {
    await (await context.newPage()).goto(PROVIDER_LIST_URL);
  });

  await expect.poll(() => isReadyOnTheApi(standin), { timeout: 15_000 }).toBe(false);
  await expect.poll(() => ExtensionDriver.flag(page), { timeout: 15_000 }).toBe('TRUE');
  await expect(options.page.getByTestId('matrix-resumed')).toContainText('The extension’s background stopped during this run');
  await expect(options.matrixSummary).toContainText('Stopped: the run was interrupted during row');
  await expect(options.matrixSummary).toContainText('Restored: isReady=false and the flag "TRUE", as they were.');
});

test('a second options page starting the same app’s matrix is refused with words, and the run restores as it began', async ({
  extension,
  context,
  standin,
}) => {
  const { options: first, page } = await matrixInRowThree({ extension, context, standin });
  const second = await OptionsPage.open(await context.newPage(), extension.id);
  await second.runMatrix(PROVIDER_LIST_URL);

  await expect(second.page.getByTestId('matrix-refusal')).toContainText(
    `A QA matrix is already running for ${STANDIN_APP.name} (app ${STANDIN_APP.appId})`,
  );
  // Both pages show the one run, which read the original once, before it changed anything.
  for (const options of [first, second]) {
    await expect(options.matrixSummary).toHaveText('Restored: isReady=false and the flag not set, as they were.', { timeout: 30_000 });
  }
  expect(isReadyOnTheApi(standin)).toBe(false);
  await expect.poll(() => ExtensionDriver.flag(page)).toBeNull();
});

test('Stop and restore ends the run before its next row and puts everything back', async ({ extension, context, standin }) => {
  registerWebhook(standin, false);
  const options = await openOptionsWithProfile(await context.newPage(), extension.id, true);
  const { page } = await extension.open(PROVIDER_LIST_URL);

  await options.runMatrix(PROVIDER_LIST_URL);
  await expect(options.matrixRows.first().locator('td.verdict-match')).toHaveText('match', { timeout: 30_000 });
  await options.button('Stop and restore').click();

  await expect(options.matrixSummary).toContainText('Stopped: you stopped it before', { timeout: 30_000 });
  await expect(options.matrixSummary).toContainText('Restored: isReady=false and the flag not set, as they were.');
  expect(isReadyOnTheApi(standin)).toBe(false);
  await expect.poll(() => ExtensionDriver.flag(page)).toBeNull();
});
