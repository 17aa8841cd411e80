/** How tests, the benchmark and the sandbox start Chromium: Debian's build, HubSpot's host names sent to the stand-in. */
import { existsSync } from 'node:fs';
import { hostResolverRules } from '../standin/server';

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return path;
}

/** Playwright passes `--disable-extensions` by default: both flags are needed (docs/testing.md). */
export function extensionArgs(extensionPath: string): string[] {
  return [`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`];
}

/** The real HubSpot host names go to the local stand-in; every other host name is unresolvable. */
export function standinArgs(standinPort: number): string[] {
  return [`--host-resolver-rules=${hostResolverRules(standinPort)}`, '--ignore-certificate-errors'];
}
