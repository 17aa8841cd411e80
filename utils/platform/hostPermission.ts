import { browser } from 'wxt/browser';
import { hostPermissionFor } from '../profiles/appProfiles';
import { requestHostPermission } from './browserDifferences';
import { REQUIRED_HOST_PERMISSIONS } from './hubspotOrigins';

export type HostAccess = { ok: true } | { ok: false; message: string };

/**
 * Host access for a URL, asked for at a click: call it before the click handler's first `await`, because Firefox
 * refuses the request after that (see requestHostPermission). A host already granted is not asked again.
 * `refusal` completes "Access to host was not granted, …".
 */
export async function ensureHostPermission(url: string, refusal: string): Promise<HostAccess> {
  const host = new URL(url).host;
  try {
    if (await requestHostPermission([hostPermissionFor(url)])) return { ok: true };
    return { ok: false, message: `Access to ${host} was not granted, ${refusal}.` };
  } catch (error) {
    return { ok: false, message: `Could not ask for access to ${host}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * Whether the extension may already reach a URL's host. Checked before any request that carries a credential, so
 * a profile imported with a host never granted is refused here instead of being sent anywhere.
 */
export async function hostAccess(url: string): Promise<HostAccess> {
  if (await browser.permissions.contains({ origins: [hostPermissionFor(url)] })) return { ok: true };
  return {
    ok: false,
    message: `The extension may not access ${new URL(url).host} yet: edit the profile and save it to grant access.`,
  };
}

/**
 * The HubSpot hosts the extension asks for at install that it may not reach now. Firefox lets the user withdraw a
 * Manifest V3 add-on's host access at any time (Chrome's site access settings can too); without it the content
 * script does not run there and the popup cannot read test mode. None when the browser cannot say.
 */
export async function withdrawnHubSpotHosts(permissions = browser.permissions): Promise<string[]> {
  try {
    const granted = await Promise.all(REQUIRED_HOST_PERMISSIONS.map((origin) => permissions.contains({ origins: [origin] })));
    return REQUIRED_HOST_PERMISSIONS.filter((_origin, index) => !granted[index]);
  } catch {
    return [];
  }
}

/** What the popup says of withdrawn hosts: the first by name, the others counted. */
export function withdrawnHostsWords(origins: readonly string[]): string {
  const hosts = origins.map((origin) => origin.replace(/^https?:\/\//, '').replace(/\/\*$/, ''));
  const others = hosts.length - 1;
  const named = others > 0 ? `${hosts[0]} and ${others} other HubSpot host${others === 1 ? '' : 's'}` : hosts[0];
  return `The extension may not access ${named}: its access was withdrawn in the browser's settings, so it cannot read or change test mode there.`;
}
