/** Where an exported report was made: this extension's version and the browser it ran in. Options page only. */
import { browser } from 'wxt/browser';

/**
 * The browser as a report names it ("Chrome 131", "Firefox 140.0"), from its user agent: Chromium forks other than
 * Edge call themselves Chrome there, which is what the report needs (the engine and its version).
 */
export function browserInWords(userAgent: string): string {
  for (const [pattern, name] of [
    [/Firefox\/(\d+(?:\.\d+)?)/, 'Firefox'],
    [/Edg\/(\d+)/, 'Edge'],
    [/Chrome\/(\d+)/, 'Chrome'],
  ] as const) {
    const version = pattern.exec(userAgent)?.[1];
    if (version) return `${name} ${version}`;
  }
  return userAgent || 'unknown browser';
}

/** What an exported report says about where it was made: this extension's version and the browser. */
export function reportOrigin(): { extensionVersion: string; browser: string } {
  return { extensionVersion: browser.runtime.getManifest().version, browser: browserInWords(navigator.userAgent) };
}
