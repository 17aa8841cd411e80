import type { Worker } from '@playwright/test';
import { test, expect } from './fixtures';
import { blockingViolations } from './axe';
import { HELP_DESK_URL } from './extensionDriver';
import { OptionsPage } from './pages/options';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';

declare const chrome: typeof import('wxt/browser').browser;

/** Writes the local storage area behind the extension's back, as an older version, a bug or a hand edit would. */
const damage = (serviceWorker: Worker, items: Record<string, unknown>) =>
  serviceWorker.evaluate((values) => chrome.storage.local.set(values), items);

const stored = (serviceWorker: Worker, key: string) =>
  serviceWorker.evaluate(async (name) => (await chrome.storage.local.get(name))[name], key);

test('damaged and old-shape stored data is repaired with a notice: the popup works and the options page says what changed', async ({
  extension,
  serviceWorker,
  context,
}) => {
  const [legacyApp] = STANDIN_APPS;
  await damage(serviceWorker, {
    appProfiles: {
      profiles: [
        // A profile saved before API generations, display names and test apps existed.
        { id: 'legacy', label: 'Legacy dialer', appId: legacyApp.appId, credential: STANDIN_DEVELOPER_API_KEY, clientSecret: 'legacy-secret' },
        { id: 'broken', label: 'Broken dialer', appId: 'not a number', credential: 'x' },
        'garbage',
      ],
      activeProfileId: 'legacy',
    },
    preferences: 'garbage',
    webhookDefaults: 42,
    webhookRuns: [1, 2, 3],
  });
  const { tabId } = await extension.open(HELP_DESK_URL, { flag: 'true' });

  const popup = await extension.openToolbarPopup(tabId);
  await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'true');
  // The repaired profile is the active one and its credential still works.
  await expect(popup.page.getByRole('main')).toContainText('Legacy dialer');
  await expect(popup.isReadySummary).not.toContainText('HTTP');
  const popupNotice = popup.page.getByTestId('storage-notices');
  await expect(popupNotice).toContainText('Some stored data could not be read and was repaired.');
  expect(await blockingViolations(popup.page)).toEqual([]);

  const optionsOpened = context.waitForEvent('page');
  await popupNotice.getByRole('button', { name: 'Details' }).click();
  const options = new OptionsPage(await optionsOpened);
  const notices = options.page.getByTestId('storage-notices');
  await expect(notices.getByRole('listitem')).toHaveText([
    'Profile “Legacy dialer”: the app’s display name was missing and is now “Legacy dialer”; check it matches HubSpot’s provider list.',
    'Profile “Broken dialer” was removed: its app ID could not be read (found string "not a number").',
    'Profile 3 could not be read (found string "garbage") and was removed.',
    'Your preferences could not be read (found string "garbage") and were reset.',
    'The webhook tester’s remembered portal ID, user ID and timeout could not be read (found number 42) and were reset.',
    'The webhook tester’s recent runs could not be read (found a list) and were reset.',
  ], { timeout: 15_000 });
  await expect(options.page.getByText('Legacy dialer').first()).toBeVisible();
  expect(await blockingViolations(options.page)).toEqual([]);

  expect(await stored(serviceWorker, 'appProfiles')).toEqual({
    profiles: [
      {
        id: 'legacy',
        label: 'Legacy dialer',
        appId: legacyApp.appId,
        generation: 'v3',
        credential: STANDIN_DEVELOPER_API_KEY,
        apiBaseUrl: 'https://api.hubapi.com',
        appDisplayName: 'Legacy dialer',
        clientSecret: 'legacy-secret',
        isTestApp: false,
      },
    ],
    activeProfileId: 'legacy',
  });
  expect(await stored(serviceWorker, 'preferences')).toEqual({ reloadAfterChange: true });

  await notices.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notices).toHaveCount(0);
  // The popup closed when the options page took the focus, as it does for a user; opened again, it has no notice.
  if (!popup.page.isClosed()) await popup.page.close();
  const reopened = await extension.openToolbarPopup(tabId);
  await expect(reopened.testModeSwitch).toHaveAttribute('aria-checked', 'true');
  await expect(reopened.page.getByTestId('storage-notices')).toHaveCount(0);
  await options.page.reload();
  await expect(options.page.getByRole('heading', { name: 'Channel Connection Tester' })).toBeVisible();
  await expect(notices).toHaveCount(0);
});

test('profiles replaced by garbage are reset, the options page offers a new profile and says why', async ({ extension, serviceWorker, context }) => {
  await damage(serviceWorker, { appProfiles: 'garbage' });
  const options = await OptionsPage.open(await context.newPage(), extension.id);
  await expect(options.page.getByTestId('storage-notices').getByRole('listitem')).toHaveText([
    'Your app profiles could not be read (found string "garbage") and were reset.',
  ]);
  await expect(options.field('Label')).toBeVisible();
  expect(await stored(serviceWorker, 'appProfiles')).toEqual({ profiles: [], activeProfileId: null });
});
