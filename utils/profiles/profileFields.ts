/**
 * The rules for a profile's own fields, kept apart from the API client and the profile editor: stored profiles are
 * checked with them on every read, in the popup too, which must not carry the rest.
 */

export type ApiGeneration = 'v3' | '2026-03';

export const API_GENERATIONS: Record<ApiGeneration, { label: string; credentialLabel: string; curlVariable: string }> = {
  v3: {
    label: 'v3 (developer API key as hapikey)',
    credentialLabel: 'Developer API key',
    curlVariable: 'HUBSPOT_DEVELOPER_API_KEY',
  },
  '2026-03': {
    label: '2026-03 (bearer token)',
    credentialLabel: 'Access token',
    curlVariable: 'HUBSPOT_ACCESS_TOKEN',
  },
};

export const isApiGeneration = (value: unknown): value is ApiGeneration => typeof value === 'string' && Object.hasOwn(API_GENERATIONS, value);

export function parseAppId(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

export type BaseUrlCheck = { ok: true; baseUrl: string } | { ok: false; message: string };

/** The API base must be https; a host other than api.hubapi.com needs its host permission granted before use. */
export function checkApiBaseUrl(text: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, message: 'Enter an absolute URL, such as https://api.hubapi.com.' };
  }
  if (url.protocol !== 'https:') return { ok: false, message: 'The API base URL must use https.' };
  if (url.username || url.password) return { ok: false, message: 'The API base URL must not contain credentials.' };
  if (url.search || url.hash) return { ok: false, message: 'The API base URL must not have a query or fragment.' };
  // The path ends up in requests and in the curl commands the log offers to copy: plain segments only, nothing a
  // shell or a URL could read as more than a name.
  const path = url.pathname.replace(/\/+$/, '');
  const odd = path.split('/').slice(1).find((segment) => !/^[A-Za-z0-9._~-]+$/.test(segment));
  if (odd !== undefined) {
    return {
      ok: false,
      message: `The API base URL's path may hold only letters, digits and . _ ~ - between single slashes; “${decodeURIComponent(odd)}” is not allowed.`,
    };
  }
  return { ok: true, baseUrl: `${url.origin}${path}` };
}
