/**
 * The calling app's registration and the local overrides, on the options page against the stand-in: what the
 * stand-in stores and what the HubSpot page's localStorage holds are the proof, not only what the page says.
 */
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { HELP_DESK_URL } from './extensionDriver';
import { OptionsPage } from './pages/options';
import { scriptNextApiAnswer } from './standinApp';
import { STANDIN_ACCESS_TOKEN, STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';

const [app, secondApp] = STANDIN_APPS;
const CALLING_EXTENSIONS_KEY = 'LocalSettings:Calling:CallingExtensions';

test.beforeEach(({ standin }) => standin.reset());

const callingAppSection = (page: Page) => page.locator('#calling-app');
const overridesSection = (page: Page) => page.locator('#local-overrides');

async function confirmation(section: Locator, name: RegExp): Promise<Locator> {
  const dialog = section.getByRole('alertdialog');
  await expect(dialog).toContainText(name);
  return dialog;
}

test('calling app settings: read, update only what changed, release, delete and register again (v3)', async ({ extension, standin, context }) => {
  const page = await context.newPage();
  const options = await OptionsPage.open(page, extension.id);
  await options.addProfile({ label: 'Stand-in dev', appId: String(app.appId), credential: STANDIN_DEVELOPER_API_KEY, appDisplayName: app.name, isTestApp: true });
  const section = callingAppSection(page);
  await expect(section.getByTestId('calling-app-name')).toHaveText(app.name);
  await expect(section.getByTestId('calling-app-isReady')).toHaveText('true');

  // Bad input is said at each field and sends nothing.
  await section.getByLabel('Width (px)').fill('wide');
  await section.getByLabel('Widget URL').fill('http://dialer.example.com/widget');
  await section.getByRole('button', { name: 'Save calling app changes' }).click();
  await expect(section.getByText('The width must be a whole number of pixels above 0.')).toBeVisible();
  await expect(section.getByText('The URL must use https (http is accepted only for localhost).')).toBeVisible();
  // Focus goes to the first field marked, in the form's order.
  await expect(section.getByLabel('Widget URL')).toBeFocused();
  expect(standin.api.callingApps.get(app.appId)).toMatchObject({ width: app.width, url: app.url });

  // Withdraw and a new width: one PATCH with just those two fields; no confirmation, nothing is released.
  await section.getByLabel('Width (px)').fill('480');
  await section.getByLabel('Widget URL').fill(app.url);
  await section.getByRole('checkbox', { name: 'isReady' }).uncheck();
  const patched = page.waitForRequest((request) => request.method() === 'PATCH' && request.url().includes('/settings?'));
  await section.getByRole('button', { name: 'Save calling app changes' }).click();
  expect((await patched).postDataJSON()).toEqual({ width: 480, isReady: false });
  await expect(section.getByTestId('calling-app-message')).toHaveText('Saved: width, isReady.');
  expect(standin.api.callingApps.get(app.appId)).toMatchObject({ width: 480, isReady: false, name: app.name });

  // Releasing asks first, naming the app; cancel sends nothing.
  await section.getByRole('checkbox', { name: 'isReady' }).check();
  await section.getByRole('button', { name: 'Save calling app changes' }).click();
  let dialog = await confirmation(section, new RegExp(`Release “${app.name}” \\(app ${app.appId}\\)`));
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(section.getByRole('button', { name: 'Save calling app changes' })).toBeFocused();
  expect(standin.api.callingApps.get(app.appId)?.isReady).toBe(false);
  await section.getByRole('button', { name: 'Save calling app changes' }).click();
  dialog = await confirmation(section, /Release/);
  await dialog.getByRole('button', { name: `Release ${app.name}` }).click();
  await expect(section.getByTestId('calling-app-isReady')).toHaveText('true');
  expect(standin.api.callingApps.get(app.appId)?.isReady).toBe(true);

  // Delete asks first, then the stand-in has nothing; the form keeps the values to register again.
  await section.getByRole('button', { name: 'Delete calling app settings…' }).click();
  dialog = await confirmation(section, new RegExp(`Delete the calling app settings of “${app.name}”`));
  await dialog.getByRole('button', { name: `Delete the calling app settings of ${app.name}` }).click();
  await expect(section.getByTestId('calling-app-settings')).toContainText('Not registered');
  expect(standin.api.callingApps.has(app.appId)).toBe(false);
  await expect(section.getByLabel('Width (px)')).toHaveValue('480');

  // Registering again (isReady still checked) asks first too, then POSTs all nine fields.
  const posted = page.waitForRequest((request) => request.method() === 'POST' && request.url().includes('/settings?'));
  await section.getByRole('button', { name: 'Register calling app' }).click();
  dialog = await confirmation(section, /Release/);
  await dialog.getByRole('button', { name: `Release ${app.name}` }).click();
  expect(Object.keys((await posted).postDataJSON() as object).sort()).toEqual(
    ['height', 'isReady', 'name', 'supportsCustomObjects', 'supportsInboundCalling', 'url', 'usesCallingWindow', 'usesRemote', 'width'],
  );
  await expect(section.getByTestId('calling-app-message')).toHaveText('Calling app settings registered.');
  expect(standin.api.callingApps.get(app.appId)).toMatchObject({ width: 480, isReady: true, url: app.url });

  // Every request is in the request log, with the names the panel gives them.
  await expect(options.logEntries.filter({ hasText: 'Register calling app' })).toHaveCount(1);
  await expect(options.logEntries.filter({ hasText: 'Delete calling app' })).toHaveCount(1);
});

test('recording settings: register, change, and an HTTP error said with its correlationId (2026-03)', async ({ extension, standin, context }) => {
  const page = await context.newPage();
  const options = await OptionsPage.open(page, extension.id);
  await options.addProfile({
    label: 'Second, 2026-03',
    appId: String(secondApp.appId),
    generation: '2026-03',
    credential: STANDIN_ACCESS_TOKEN,
    appDisplayName: secondApp.name,
    isTestApp: true,
  });
  const section = callingAppSection(page);
  const recording = section.getByRole('form', { name: 'Recording settings' });
  await expect(recording.getByTestId('recording-settings')).toContainText('Not registered');

  await recording.getByLabel('urlToRetrieveAuthedRecording').fill('ftp://recordings.example.com/');
  await recording.getByRole('button', { name: 'Register recording URL' }).click();
  await expect(recording.getByText('The URL must use https')).toBeVisible();
  expect(standin.api.recordings.size).toBe(0);

  const first = 'https://recordings.example.com/hubspot/%s';
  await recording.getByLabel('urlToRetrieveAuthedRecording').fill(first);
  await recording.getByRole('button', { name: 'Register recording URL' }).click();
  await expect(recording.getByTestId('recording-settings')).toContainText(first);
  expect(standin.api.recordings.get(secondApp.appId)).toEqual({ urlToRetrieveAuthedRecording: first });

  const second = 'https://recordings.example.com/v2/%s';
  await recording.getByLabel('urlToRetrieveAuthedRecording').fill(second);
  await recording.getByRole('button', { name: 'Save recording URL' }).click();
  await expect(section.getByTestId('calling-app-message')).toHaveText('Recording URL saved.');
  expect(standin.api.recordings.get(secondApp.appId)).toEqual({ urlToRetrieveAuthedRecording: second });

  // A width HubSpot refuses comes back as HubSpot's own words; the form keeps what was typed.
  await scriptNextApiAnswer(extension, { status: 400, body: { status: 'error', message: 'Invalid input (1 error(s)): width', correlationId: 'c0ffee00-1111-2222-3333-444455556666', category: 'VALIDATION_ERROR' } });
  await section.getByLabel('Height (px)').fill('700');
  await section.getByRole('button', { name: 'Save calling app changes' }).click();
  await expect(section.getByTestId('calling-app-message')).toHaveText(
    'Save calling app changes failed. HTTP 400 VALIDATION_ERROR: Invalid input (1 error(s)): width (correlationId c0ffee00-1111-2222-3333-444455556666)',
  );
  await expect(section.getByLabel('Height (px)')).toHaveValue('700');
  expect(standin.api.callingApps.get(secondApp.appId)?.height).toBe(secondApp.height);
});

test('local overrides: switches and the CallingExtensions override on a chosen tab, as HubSpot reads them', async ({ extension, standin, context }) => {
  const hubspot = await extension.open(HELP_DESK_URL);
  const page = await context.newPage();
  const options = await OptionsPage.open(page, extension.id);
  await options.addProfile({ label: 'Stand-in dev', appId: String(app.appId), credential: STANDIN_DEVELOPER_API_KEY, appDisplayName: app.name, isTestApp: true });
  const section = overridesSection(page);
  // Read while the tab may be reloading to apply a change: a read that meets the reload is simply not an answer yet.
  const localStorageOf = (key: string) => hubspot.page.evaluate((name) => localStorage.getItem(name), key).catch(() => 'reloading');
  await expect(section.getByLabel('HubSpot tab')).toContainText(HELP_DESK_URL);

  await section.getByRole('button', { name: 'Turn test mode on' }).click();
  await expect(section.getByTestId('override-flag-value')).toHaveText('"true"');
  await expect.poll(() => localStorageOf('LocalSettings:Calling:supportsChannelConnection')).toBe('true');

  await section.getByLabel('Inbound calling').selectOption('On');
  await expect(section.getByTestId('overrides-notice')).toContainText('Inbound calling set to true.');
  await expect.poll(() => localStorageOf('LocalSettings:Calling:supportsInboundCalling')).toBe('true');
  await section.getByLabel('Demo widget').selectOption('app:js');
  await expect.poll(() => localStorageOf('LocalSettings:Calling:installDemoWidget')).toBe('app:js');
  await section.getByLabel('Demo widget').selectOption('Off');
  await expect.poll(() => localStorageOf('LocalSettings:Calling:installDemoWidget')).toBeNull();

  // The override starts from what HubSpot has registered for the app.
  const override = section.getByRole('form', { name: 'CallingExtensions override' });
  await expect(override.getByTestId('override-source')).toContainText('starts from the calling app settings');
  await expect(override.getByLabel('Name')).toHaveValue(app.name);
  await expect(override.getByLabel('Widget URL')).toHaveValue(app.url);

  await override.getByLabel('Widget URL').fill('http://localhost:9025/');
  await expect(override.getByText("An http URL works only on this computer")).toBeVisible();
  await override.getByLabel('Height (px)').fill('0');
  await override.getByRole('button', { name: 'Save override' }).click();
  await expect(override.getByText('The height must be a whole number of pixels above 0.')).toBeVisible();
  await expect.poll(() => localStorageOf(CALLING_EXTENSIONS_KEY)).toBeNull();

  await override.getByLabel('Height (px)').fill('');
  await override.getByLabel('usesRemote').selectOption('not set');
  await override.getByRole('button', { name: 'Save override' }).click();
  await expect(section.getByTestId('overrides-notice')).toContainText('CallingExtensions override saved.');
  await expect.poll(async () => JSON.parse((await localStorageOf(CALLING_EXTENSIONS_KEY)) ?? 'null') as unknown).toEqual({
    name: app.name,
    url: 'http://localhost:9025/',
    width: app.width,
    isReady: app.isReady,
    supportsCustomObjects: app.supportsCustomObjects,
    supportsInboundCalling: app.supportsInboundCalling,
    usesCallingWindow: app.usesCallingWindow,
  });
  await expect(override.getByTestId('override-source')).toContainText("the override this tab's origin holds now");

  await override.getByRole('button', { name: 'Remove override' }).click();
  await expect.poll(() => localStorageOf(CALLING_EXTENSIONS_KEY)).toBeNull();

  // The retired key is said as retired, and moved at a click.
  const retiredValue = JSON.stringify({ name: 'Old', url: 'https://old.example.com/' });
  await hubspot.page.evaluate((value) => localStorage.setItem('LocalSettings:Sales:CallingExtensions', value), retiredValue);
  // A page's own localStorage writes raise no event in that page: HubSpot reads the key on load, and so do we.
  await hubspot.page.reload();
  await section.getByRole('button', { name: 'Move it to the new key' }).click();
  await expect.poll(() => localStorageOf(CALLING_EXTENSIONS_KEY)).toBe(retiredValue);
  await expect.poll(() => localStorageOf('LocalSettings:Sales:CallingExtensions')).toBeNull();
  expect(standin.requests.every((request) => ['app.hubspot.com', 'api.hubapi.com'].includes(request.host))).toBe(true);
});
