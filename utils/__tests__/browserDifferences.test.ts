import { describe, expect, it, vi } from 'vitest';
import {
  browserManifest,
  FIREFOX_ADDON_ID,
  FIREFOX_ANDROID_MIN_VERSION,
  FIREFOX_MIN_VERSION,
  restrictLocalStorageToExtension,
} from '../browserDifferences';

describe('browserManifest', () => {
  it('adds nothing for Chrome', () => {
    expect(browserManifest({ browser: 'chrome', manifestVersion: 3 })).toEqual({});
  });

  it('gives Firefox the add-on id AMO and storage need, a minimum version, and says that nothing is collected', () => {
    expect(browserManifest({ browser: 'firefox', manifestVersion: 3 })).toEqual({
      browser_specific_settings: {
        gecko: {
          id: FIREFOX_ADDON_ID,
          strict_min_version: FIREFOX_MIN_VERSION,
          data_collection_permissions: { required: ['none'] },
        },
        gecko_android: { strict_min_version: FIREFOX_ANDROID_MIN_VERSION },
      },
    });
  });

  it('is an id AMO accepts: email-like, at most 80 characters', () => {
    expect(FIREFOX_ADDON_ID).toMatch(/^[a-zA-Z0-9-._]*@[a-zA-Z0-9-._]+$/);
    expect(FIREFOX_ADDON_ID.length).toBeLessThanOrEqual(80);
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
