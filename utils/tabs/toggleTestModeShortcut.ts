import { browser } from 'wxt/browser';
import { TOGGLE_TEST_MODE_COMMAND } from './commands';

/** The shortcut the user (or the browser) assigned to the toggle, or null when none is set. */
export async function toggleTestModeShortcut(): Promise<string | null> {
  try {
    const commands = await browser.commands.getAll();
    return commands.find((command) => command.name === TOGGLE_TEST_MODE_COMMAND.name)?.shortcut || null;
  } catch {
    return null;
  }
}
