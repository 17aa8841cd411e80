/**
 * The options page's sections: a navigation link each, a URL fragment each that opens the page there, and the
 * popup's links opening the section they name.
 */
import { test, expect } from './fixtures';
import { HELP_DESK_URL } from './extensionDriver';
import { openOptionsWithProfile } from './standinApp';
import { OPTIONS_SECTIONS } from '../utils/platform/optionsSections';

test.beforeEach(({ standin }) => standin.reset());

test('each section has a fragment that opens the page there, and a link in the navigation', async ({ extension, context }) => {
  await openOptionsWithProfile(await context.newPage(), extension.id, true);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1000, height: 700 });

  for (const { id, label } of OPTIONS_SECTIONS) {
    await page.goto(`chrome-extension://${extension.id}/options.html#${id}`);
    const section = page.locator(`#${id}`);
    await expect(section).toBeFocused();
    await expect(section.getByRole('heading', { level: 2 })).toBeInViewport();
    await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: label })).toHaveAttribute('aria-current', 'location');
  }

  // Following a link moves there too, and the fragment says where the page is.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Webhook tester' }).click();
  await expect(page).toHaveURL(/#webhook-tester$/);
  await expect(page.locator('#webhook-tester')).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Webhook tester' })).toBeInViewport();
});

test("the popup's link to set up a profile opens the options page at its profiles section", async ({ extension, context }) => {
  const { tabId } = await extension.open(HELP_DESK_URL);
  const popup = await extension.openToolbarPopup(tabId);
  const opened = context.waitForEvent('page');
  await popup.page.getByRole('button', { name: 'Set one up' }).click();
  const options = await opened;

  await expect(options).toHaveURL(`chrome-extension://${extension.id}/options.html#profiles`);
  await expect(options.locator('#profiles')).toBeFocused();
});

test("the popup's link to the CallingExtensions override opens the options page at Local overrides", async ({ extension, context }) => {
  await openOptionsWithProfile(await context.newPage(), extension.id, true);
  const { page: hubspot, tabId } = await extension.open(HELP_DESK_URL);
  await hubspot.evaluate(() => localStorage.setItem('LocalSettings:Calling:CallingExtensions', '{"name":"Local dev","url":"https://localhost:9025/"}'));
  await hubspot.reload();
  const popup = await extension.openToolbarPopup(tabId);
  const switches = popup.page.getByTestId('test-switches');
  await popup.unfold(switches);
  await expect(switches).toContainText('CallingExtensions override: set');
  const opened = context.waitForEvent('page');
  await switches.getByRole('button', { name: 'Edit in options' }).click();
  const options = await opened;

  await expect(options).toHaveURL(`chrome-extension://${extension.id}/options.html?tabId=${tabId}#local-overrides`);
  const section = options.locator('#local-overrides');
  await expect(section).toBeFocused();
  await expect(section.getByRole('form', { name: 'CallingExtensions override' }).getByLabel('Name')).toHaveValue('Local dev');
});
