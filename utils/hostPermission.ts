import { browser } from 'wxt/browser';
import { hostPermissionFor } from './appProfiles';

export type HostAccess = { ok: true } | { ok: false; message: string };

/**
 * Host access for a URL outside the manifest's required hosts: asked for only when not granted already, and only
 * from a click (browsers refuse the request otherwise). `refusal` completes "Access to host was not granted, …".
 */
export async function ensureHostPermission(url: string, refusal: string): Promise<HostAccess> {
  const origins = [hostPermissionFor(url)];
  const host = new URL(url).host;
  try {
    if (await browser.permissions.contains({ origins })) return { ok: true };
    if (await browser.permissions.request({ origins })) return { ok: true };
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
