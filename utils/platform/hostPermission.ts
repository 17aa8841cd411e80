import { browser } from 'wxt/browser';
import { hostPermissionFor } from '../profiles/appProfiles';
import { requestHostPermission } from './browserDifferences';

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
