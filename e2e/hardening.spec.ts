import { test, expect } from './fixtures';
import { ExtensionDriver, HELP_DESK_URL } from './extensionDriver';

const { flag, holdTabMessage } = ExtensionDriver;

for (const reloadAfterChange of [true, false]) {
  test(`twenty rapid clicks on the switch end as the last click left it, reload after a change ${reloadAfterChange ? 'on' : 'off'}`, async ({
    extension,
  }) => {
    const { page, tabId } = await extension.open(HELP_DESK_URL);
    const popup = await extension.openPopup(tabId);
    await popup.reloadPreference.setChecked(reloadAfterChange);
    await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');

    // The first change is held in flight while the other nineteen clicks land, on however fast a machine.
    const firstChange = await holdTabMessage(popup.page, 'setFlag', 'reply');
    await popup.clickTestModeSwitch(1);
    await firstChange.reached();
    await popup.clickTestModeSwitch(19);
    await firstChange.release();

    // An even number of clicks from off ends off, after the first click's change went through and was undone.
    await expect(popup.testModeSwitch).toHaveAttribute('aria-checked', 'false');
    await expect(popup.testModeSwitch).toHaveAttribute('aria-busy', 'false');
    await expect(popup.notice).toHaveText(
      `Test mode turned off. ${reloadAfterChange ? 'The tab reloaded to apply it.' : 'Reload the tab for HubSpot to read it.'}`,
    );
    expect(await flag(page)).toBeNull();
    expect(await extension.badgeText(tabId)).toBe('');
    await expect(popup.flagValue).toHaveText('not set');
  });
}
