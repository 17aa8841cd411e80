import type { Page, Worker } from '@playwright/test';
import { test, expect } from './fixtures';
import { OptionsPage } from './pages/options';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import { type AppProfile } from '../utils/profiles/appProfiles';
import { exportProfiles } from '../utils/profiles/profileEditing';

declare const chrome: typeof import('wxt/browser').browser;

const [firstApp, secondApp] = STANDIN_APPS;

const fileProfile = (id: string, label: string, appId: number): AppProfile => ({
  id,
  label,
  appId,
  generation: 'v3',
  credential: STANDIN_DEVELOPER_API_KEY,
  apiBaseUrl: 'https://api.hubapi.com',
  appDisplayName: `${label} app`,
  clientSecret: `${id}-client-secret`,
  isTestApp: false,
});

async function importFile(page: Page, profiles: AppProfile[]) {
  await page.getByLabel('Import profiles').setInputFiles({
    name: 'profiles.json',
    mimeType: 'application/json',
    buffer: Buffer.from(exportProfiles(profiles, true)),
  });
}

const storedLabels = (serviceWorker: Worker) =>
  serviceWorker.evaluate(async () => {
    const { appProfiles } = await chrome.storage.local.get('appProfiles');
    return (appProfiles as { profiles: Array<{ label: string }> }).profiles.map((profile) => profile.label);
  });

const listed = (page: Page) => page.getByTestId('profile').locator('strong');

test('two options pages editing, importing and deleting profiles never lose or bring back one', async ({ extension, serviceWorker, context }) => {
  const one = await OptionsPage.open(await context.newPage(), extension.id);
  const two = await OptionsPage.open(await context.newPage(), extension.id);

  await one.addProfile({ label: 'Alpha', appId: String(firstApp.appId), credential: STANDIN_DEVELOPER_API_KEY, appDisplayName: firstApp.name });
  // The other page follows the stored profiles live.
  await expect(listed(two.page)).toHaveText(['Alpha']);

  await importFile(two.page, [fileProfile('beta', 'Beta', secondApp.appId)]);
  await expect(two.page.getByTestId('transfer-message')).toHaveText('Imported: 1 added.');
  await expect(listed(one.page)).toHaveText(['Alpha', 'Beta']);

  // Both edit Alpha: the later save is told about the earlier one instead of overwriting it.
  await one.page.getByRole('button', { name: 'Edit Alpha' }).click();
  await one.field('Label').fill('Alpha (page one)');
  await two.page.getByRole('button', { name: 'Edit Alpha' }).click();
  await two.field('Label').fill('Alpha (page two)');
  await two.saveProfile();
  await expect(listed(one.page)).toHaveText(['Alpha (page two)', 'Beta']);
  await expect(one.profileForm.getByRole('status')).toHaveText(
    "Another window changed this profile's label since you opened it. Saving asks before replacing that version.",
  );
  await one.saveProfile();
  await expect(one.profileForm.getByRole('alert')).toContainText("Another window changed this profile's label since you opened it, so nothing was saved.");
  await expect(one.field('Label')).toHaveValue('Alpha (page one)');
  expect(await storedLabels(serviceWorker)).toEqual(['Alpha (page two)', 'Beta']);
  await one.saveProfile();
  await expect(listed(two.page)).toHaveText(['Alpha (page one)', 'Beta']);

  // Deleting asks first, and offers undo.
  await two.page.getByRole('button', { name: 'Delete… profile Beta' }).click();
  const confirmation = two.page.getByRole('alertdialog');
  await expect(confirmation).toContainText('Delete the profile “Beta”, with its credential and client secret, from this browser?');
  await expect(confirmation.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await two.page.keyboard.press('Escape');
  await expect(confirmation).toBeHidden();
  await expect(two.page.getByRole('button', { name: 'Delete… profile Beta' })).toBeFocused();
  expect(await storedLabels(serviceWorker)).toEqual(['Alpha (page one)', 'Beta']);
  await two.page.getByRole('button', { name: 'Delete… profile Beta' }).click();
  await confirmation.getByRole('button', { name: 'Delete profile Beta' }).click();
  await expect(two.page.getByTestId('profiles-message')).toHaveText('Deleted “Beta”.');
  await expect(listed(one.page)).toHaveText(['Alpha (page one)']);

  // Page one's next change is made over what is stored now: Beta stays deleted.
  await importFile(one.page, [fileProfile('gamma', 'Gamma', secondApp.appId)]);
  await expect(one.page.getByTestId('transfer-message')).toHaveText('Imported: 1 added.');
  expect(await storedLabels(serviceWorker)).toEqual(['Alpha (page one)', 'Gamma']);
  await expect(listed(two.page)).toHaveText(['Alpha (page one)', 'Gamma']);

  // Undo brings Beta back, secrets included, in both pages.
  await two.page.getByRole('button', { name: 'Undo deleting Beta' }).click();
  await expect(two.page.getByTestId('profiles-message')).toHaveText('Restored “Beta”.');
  await expect(listed(one.page)).toHaveText(['Alpha (page one)', 'Beta', 'Gamma']);
  const beta = await serviceWorker.evaluate(async () => {
    const { appProfiles } = await chrome.storage.local.get('appProfiles');
    return (appProfiles as { profiles: AppProfile[] }).profiles.find((profile) => profile.id === 'beta');
  });
  expect(beta).toEqual(fileProfile('beta', 'Beta', secondApp.appId));

  // What both pages show is what is stored.
  for (const page of [one.page, two.page]) {
    await page.reload();
    await expect(listed(page)).toHaveText(['Alpha (page one)', 'Beta', 'Gamma']);
  }
});

test('a write over the storage quota is refused with words, and nothing is shown that was not stored', async ({ extension, serviceWorker, context }) => {
  const options = await OptionsPage.open(await context.newPage(), extension.id);
  await options.addProfile({ label: 'Alpha', appId: String(firstApp.appId), credential: STANDIN_DEVELOPER_API_KEY, appDisplayName: firstApp.name });
  // Fills the local area to within a few bytes of its quota, as years of webhook runs and logs could. The page may
  // still be logging its first requests meanwhile: measured again until the filler fits.
  await serviceWorker.evaluate(async () => {
    for (let attempt = 0; ; attempt++) {
      const free = chrome.storage.local.QUOTA_BYTES - (await chrome.storage.local.getBytesInUse(null));
      try {
        await chrome.storage.local.set({ filler: 'x'.repeat(free - 'filler'.length - 2 - 64) });
        return;
      } catch (error) {
        if (attempt === 5) throw error;
      }
    }
  });

  await importFile(options.page, [fileProfile('beta', 'Beta', secondApp.appId)]);
  await expect(options.page.getByTestId('transfer-message')).toHaveText(
    /^Import refused, nothing changed: The browser's storage for this extension is full \(.*quota.*\); delete profiles or webhook runs you no longer need\.$/i,
  );
  await expect(listed(options.page)).toHaveText(['Alpha']);

  await options.page.getByRole('button', { name: 'New profile' }).click();
  await options.fillProfile({ label: 'Gamma', appId: String(secondApp.appId), credential: STANDIN_DEVELOPER_API_KEY, appDisplayName: secondApp.name });
  await options.saveProfile();
  await expect(options.profileForm.getByRole('alert')).toHaveText(/^Nothing was saved: the browser's storage for this extension is full/);
  await expect(options.field('Label')).toHaveValue('Gamma');
  await expect(listed(options.page)).toHaveText(['Alpha']);

  await options.page.reload();
  await expect(listed(options.page)).toHaveText(['Alpha']);
  expect(await storedLabels(serviceWorker)).toEqual(['Alpha']);
});
