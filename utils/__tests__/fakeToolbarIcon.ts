import { isDeepStrictEqual } from 'node:util';
import { vi, type MockInstance } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { TOOLBAR_ICONS, toolbarIconPaths, type ToolbarIcon } from '../background/toolbarIcons';

/** The promise form of `action.setIcon` (spyOn would pick the callback overload). */
type SetIconCall = MockInstance<(details: Browser.action.TabIconDetails) => Promise<void>>;

/**
 * `action.setIcon`, which the fake leaves unimplemented, as browsers do it: each tab keeps the icon it was given last.
 * `loadTime` (ms, per call, none by default) plays the image loading that happens before a call reaches the browser.
 */
export function fakeToolbarIcon(loadTime: () => number = () => 0) {
  const icons = new Map<number | 'all tabs', ToolbarIcon | 'unknown paths'>();
  const setIcon = (vi.spyOn(fakeBrowser.action, 'setIcon') as unknown as SetIconCall).mockImplementation(async ({ tabId, path }) => {
    const delay = loadTime();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const icon = TOOLBAR_ICONS.find((candidate) => isDeepStrictEqual(path, toolbarIconPaths(candidate)));
    icons.set(tabId ?? 'all tabs', icon ?? 'unknown paths');
  });
  /** The variant set for the tab (for every tab without `tabId`), or undefined when none was. */
  const iconOf = (tabId?: number) => icons.get(tabId ?? 'all tabs');
  return { setIcon, iconOf };
}
