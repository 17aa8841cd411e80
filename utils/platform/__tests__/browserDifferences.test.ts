import { describe, expect, it, vi } from 'vitest';
import { browserManifest, closedShadowRootReader, restrictLocalStorageToExtension } from '../browserDifferences';

describe('browserManifest', () => {
  it('adds nothing for Chrome', () => {
    expect(browserManifest({ browser: 'chrome', manifestVersion: 3 })).toEqual({});
  });

  // The values themselves, not the module's constants: each is a promise made outside the code.
  it('gives Firefox its published add-on id, the versions that read data_collection_permissions, and "none" collected', () => {
    expect(browserManifest({ browser: 'firefox', manifestVersion: 3 })).toEqual({
      browser_specific_settings: {
        gecko: {
          // addons.mozilla.org and Firefox's storage key the add-on by this id: it can never change once published.
          id: 'channel-connection-tester@calling-app-devtools',
          // Firefox reads data_collection_permissions from 140 on desktop and 142 on Android; AMO requires it.
          strict_min_version: '140.0',
          data_collection_permissions: { required: ['none'] },
        },
        gecko_android: { strict_min_version: '142.0' },
      },
    });
  });

  it.each(['chrome', 'firefox'])('refuses a Manifest V2 build for %s', (browser) => {
    expect(() => browserManifest({ browser, manifestVersion: 2 })).toThrow(/Manifest V3 for every browser/);
  });
});

describe('restrictLocalStorageToExtension', () => {
  it("closes Chrome's local area to content scripts", async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    await restrictLocalStorageToExtension({ setAccessLevel });
    expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
  });

  it('does nothing in Firefox, which has no such switch', async () => {
    await expect(restrictLocalStorageToExtension({})).resolves.toBeUndefined();
  });
});

describe('closedShadowRootReader', () => {
  const root = {} as ShadowRoot;
  const element = {} as Element;

  it("uses Chrome's chrome.dom.openOrClosedShadowRoot where there is one", () => {
    const openOrClosedShadowRoot = vi.fn(() => root);
    vi.stubGlobal('chrome', { dom: { openOrClosedShadowRoot } });
    try {
      expect(closedShadowRootReader()(element)).toBe(root);
      expect(openOrClosedShadowRoot).toHaveBeenCalledWith(element);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("reads Firefox's element.openOrClosedShadowRoot otherwise", () => {
    expect(closedShadowRootReader()(Object.assign({}, element, { openOrClosedShadowRoot: root }))).toBe(root);
    expect(closedShadowRootReader()(element)).toBeUndefined();
  });
});
