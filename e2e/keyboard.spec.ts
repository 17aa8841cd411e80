import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { ExtensionDriver, HELP_DESK_URL, PORTAL_ID } from './extensionDriver';
import { describedBy, tabTo, walkFocus } from './keyboard';
import { OptionsPage } from './pages/options';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import { STANDIN_CLIENT_SECRET, WEBHOOK_HOST } from '../standin/webhooks';

const [app, secondApp] = STANDIN_APPS;

/** Every control reached by Tab and by Shift+Tab, in document order both ways, each showing that it has focus. */
async function expectSensibleFocusOrder(page: Page, where: string): Promise<string[]> {
  const forward = await walkFocus(page, 'Tab');
  expect(forward.stops.map((stop) => stop.name), `Tab order on ${where}`).toEqual(forward.tabbableInDocumentOrder);
  expect(forward.stops.filter((stop) => !stop.focusShown).map((stop) => stop.name), `focus not shown on ${where}`).toEqual([]);
  const backward = await walkFocus(page, 'Shift+Tab');
  expect(backward.stops.map((stop) => stop.name), `Shift+Tab order on ${where}`).toEqual(backward.tabbableInDocumentOrder);
  expect(backward.stops.map((stop) => stop.name).reverse()).toEqual(forward.stops.map((stop) => stop.name));
  return forward.stops.map((stop) => stop.name);
}

async function typeInto(field: Locator, text: string): Promise<void> {
  await tabTo(field);
  await field.page().keyboard.press('ControlOrMeta+A');
  await field.page().keyboard.type(text);
}

async function expectInvalidAndAnnounced(field: Locator, message: string | RegExp): Promise<void> {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  expect(await describedBy(field)).toMatch(message);
}

test('popup and options are usable with the keyboard alone', async ({ extension, context, standin }) => {
  test.setTimeout(120_000);
  standin.reset();
  const optionsPage = await context.newPage();
  const options = await OptionsPage.open(optionsPage, extension.id);
  const keyboard = optionsPage.keyboard;

  await test.step('options: the new-profile form in order; a failed save focuses the first invalid field', async () => {
    await options.field('Label').waitFor();
    const order = await expectSensibleFocusOrder(optionsPage, 'the first options page');
    // The sections' navigation first, then the form.
    expect(order.slice(0, 9)).toEqual([
      'link "Profiles"',
      'link "Channel connection"',
      'link "Calling app"',
      'link "Local overrides"',
      'link "Webhook tester"',
      'link "QA matrix"',
      'link "Request log"',
      'textbox "Label"',
      'textbox "App ID"',
    ]);

    await typeInto(options.field('Label'), 'Keyboard dev');
    await typeInto(options.field('App ID'), '31415x');
    await tabTo(options.button('Save profile'));
    await keyboard.press('Enter');
    await expect(options.field('App ID')).toBeFocused();
    await expectInvalidAndAnnounced(options.field('App ID'), /positive whole number/);
    await expectInvalidAndAnnounced(options.field('Developer API key'), /Enter the Developer API key/);
    await expectInvalidAndAnnounced(options.field('App name as HubSpot lists it'), /Enter the app's name/);
    await expect(options.field('Label')).toHaveAttribute('aria-invalid', 'false');

    await keyboard.press('ControlOrMeta+A');
    await keyboard.type(String(app.appId));
    await typeInto(options.field('Developer API key'), STANDIN_DEVELOPER_API_KEY);
    await typeInto(options.field('App name as HubSpot lists it'), app.name);
    await typeInto(options.field('Client secret'), STANDIN_CLIENT_SECRET);
    await tabTo(options.profileForm.getByRole('checkbox', { name: /test app/ }));
    await keyboard.press('Space');
    await expect(options.profileForm.getByRole('checkbox', { name: /test app/ })).toBeChecked();
    await keyboard.press('Enter');
    await expect(options.currentSettings).toContainText('Not registered');
  });

  await test.step('options: register with Enter, the field error announced and focused first', async () => {
    await typeInto(options.webhookUrl, `http://${WEBHOOK_HOST}/hook`);
    await keyboard.press('Enter');
    await expect(options.webhookUrl).toBeFocused();
    await expectInvalidAndAnnounced(options.webhookUrl, /https/);
    await typeInto(options.webhookUrl, `https://${WEBHOOK_HOST}/good`);
    await keyboard.press('Enter');
    await expect(options.isReady).toHaveText('false');
  });

  await test.step('options: release and withdraw with Enter; each button keeps focus while it is unavailable', async () => {
    const release = options.button('Release to all users');
    await tabTo(release);
    await keyboard.press('Enter');
    await expect(options.isReady).toHaveText('true');
    await expect(release).toBeFocused();
    await expect(release).toHaveAttribute('aria-disabled', 'true');
    const requests = await options.logEntries.count();
    await keyboard.press('Enter');
    await keyboard.press('Tab');
    await keyboard.press('Enter');
    await expect(options.isReady).toHaveText('false');
    await expect(options.button('Withdraw')).toBeFocused();
    // The press on the unavailable Release sent nothing: Withdraw is the one request since.
    await expect(options.logEntries).toHaveCount(requests + 1);
  });

  await test.step('options: a second profile, and the active-profile radio group with arrow keys', async () => {
    await tabTo(options.button('New profile'));
    await keyboard.press('Enter');
    await typeInto(options.field('Label'), 'Second app');
    await typeInto(options.field('App ID'), String(secondApp.appId));
    await typeInto(options.field('Developer API key'), STANDIN_DEVELOPER_API_KEY);
    await typeInto(options.field('App name as HubSpot lists it'), secondApp.name);
    await keyboard.press('Enter');
    await expect(options.profileForm).toHaveCount(0);

    const radios = optionsPage.getByRole('radio');
    await tabTo(radios.nth(0));
    await keyboard.press('ArrowDown');
    await expect(radios.nth(1)).toBeChecked();
    await expect(radios.nth(1)).toBeFocused();
    await expect(optionsPage.getByRole('region', { name: 'Channel-connection settings' })).toContainText('Profile Second app');
    await keyboard.press('ArrowUp');
    await expect(radios.nth(0)).toBeChecked();
    await expect(options.isReady).toHaveText('false');
  });

  await test.step('options: the delete confirmation takes focus, Escape cancels and gives it back', async () => {
    const deleteButton = options.button('Delete webhook…');
    await tabTo(deleteButton);
    await keyboard.press('Enter');
    const dialog = optionsPage.getByRole('alertdialog');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(deleteButton).toBeFocused();
    expect(standin.api.channelConnection.get(app.appId)?.isReady).toBe(false);
  });

  await test.step('options: the webhook tester with Enter and Space, details with Enter', async () => {
    await typeInto(optionsPage.getByLabel('URL to test'), `https://${WEBHOOK_HOST}/good`);
    await typeInto(optionsPage.getByLabel('Portal ID'), PORTAL_ID);
    await typeInto(optionsPage.getByLabel('User ID'), '42');
    await keyboard.press('Enter');
    const report = optionsPage.getByTestId('webhook-report');
    await expect(report.getByTestId('webhook-status')).toHaveText('200');
    const negativeChecks = options.button('Run negative checks');
    await tabTo(negativeChecks);
    await keyboard.press('Space');
    await expect(optionsPage.getByTestId('negative-checks')).toContainText('refused');
    await expect(negativeChecks).toBeFocused();
    const details = report.locator('details');
    await tabTo(details.locator('summary'));
    await keyboard.press('Enter');
    await expect(details).toHaveAttribute('open', '');
  });

  await test.step('options: every control of the full page in order, focus shown, no trap', async () => {
    await expectSensibleFocusOrder(optionsPage, 'the options page with profiles, a webhook and a report');
  });

  await test.step('popup: the order, the switch with Space and Enter, the folds and the reload preference', async () => {
    const { page, tabId } = await extension.open(HELP_DESK_URL);
    await page.evaluate(() => localStorage.setItem('LocalSettings:Calling:installDemoWidget', 'app:js'));
    await extension.open(`https://app.hubspot.com/contacts/${PORTAL_ID}`);
    const popup = await extension.openToolbarPopup(tabId);
    await expect(popup.isReadySummary).toContainText('Registered');

    expect(await expectSensibleFocusOrder(popup.page, 'the popup')).toEqual([
      'button "Options"',
      'switch "Test mode (supportsChannelConnection)"',
      'text "Reload options · 1 other tab"',
      'combobox "Profile"',
      'button "Refresh isReady status"',
      // The HubSpot tab shows no provider list, so the app is not on it: the popup offers to point at it.
      'button "Point at Stand-in Dialer on the page"',
      'text "The rules"',
      'text "More test switches · 1 set"',
      'text "Other LocalSettings:Calling keys · 1"',
    ]);

    await tabTo(popup.testModeSwitch);
    await popup.page.keyboard.press('Space');
    await expect.poll(() => ExtensionDriver.flag(page)).toBe('true');
    await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'true');
    await expect(popup.testModeSwitch).toBeFocused();
    await popup.page.keyboard.press('Enter');
    await expect.poll(() => ExtensionDriver.flag(page)).toBeNull();
    await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');
    await expect(popup.testModeSwitch).toBeFocused();

    for (const fold of [popup.reloadOptions, popup.page.getByTestId('test-switches'), popup.otherSettings]) {
      await tabTo(fold.locator('summary'));
      await popup.page.keyboard.press('Enter');
      await expect(fold).toHaveAttribute('open', '');
    }
    expect(await expectSensibleFocusOrder(popup.page, 'the popup, folds open')).toEqual([
      'button "Options"',
      'switch "Test mode (supportsChannelConnection)"',
      'text "Reload options · 1 other tab"',
      'checkbox "Reload the tab after a change (HubSpot reads these settings on load)"',
      'button "Reload the other tab"',
      'combobox "Profile"',
      'button "Refresh isReady status"',
      'button "Point at Stand-in Dialer on the page"',
      'text "The rules"',
      'text "More test switches · 1 set"',
      'combobox "Inbound calling"',
      'combobox "Demo widget"',
      'button "Edit in options"',
      'text "Other LocalSettings:Calling keys · 1"',
      'button "Remove LocalSettings:Calling:installDemoWidget"',
    ]);
    await tabTo(popup.reloadPreference);
    await popup.page.keyboard.press('Space');
    await expect(popup.reloadPreference).not.toBeChecked();
    await expect(popup.reloadThisTabButton()).toBeVisible();

    const shownProfile = await popup.activeProfile.inputValue();
    const shownStatus = await popup.isReadySummary.textContent();
    await tabTo(popup.activeProfile);
    await popup.page.keyboard.press(shownProfile === (await popup.activeProfile.locator('option').first().getAttribute('value')) ? 'ArrowDown' : 'ArrowUp');
    await expect(popup.activeProfile).not.toHaveValue(shownProfile);
    await expect(popup.activeProfile).toBeFocused();
    await expect(popup.isReadySummary).not.toHaveText(shownStatus ?? '');
  });
});
