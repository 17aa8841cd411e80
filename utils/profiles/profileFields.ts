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

/**
 * The most a profile field may hold, in characters. Far above any real label, key or selector, and low enough that a
 * full import (`IMPORT_LIMITS`) stays well inside the 10 MB the browser gives the extension's storage.
 */
export const FIELD_LIMITS = {
  label: 200,
  appDisplayName: 200,
  credential: 2_000,
  clientSecret: 2_000,
  apiBaseUrl: 2_000,
  providerSelector: 1_000,
} as const;

/** What one import may hold: checked before the file is read (its size) and before anything is stored. */
export const IMPORT_LIMITS = { fileBytes: 1_048_576, profiles: 200 } as const;

/** The words for a field over its limit, or null. */
export function overLimit(field: keyof typeof FIELD_LIMITS, value: string): string | null {
  const limit = FIELD_LIMITS[field];
  return value.length > limit ? `At most ${limit.toLocaleString('en-US')} characters (this has ${value.length.toLocaleString('en-US')}).` : null;
}
