/**
 * The only place that names HubSpot hosts. Origins come from HubSpot's public material (see shared/PRODUCT.md);
 * the manifest, the content script and the UI all derive what they need from these lists.
 */
export const HUBSPOT_APP_ORIGINS = [
  'https://app.hubspot.com',
  'https://app-eu1.hubspot.com',
  'https://app-na2.hubspot.com',
  'https://app-na3.hubspot.com',
  'https://app-ap1.hubspot.com',
  'https://app.hubspotqa.com',
] as const;

export type HubSpotAppOrigin = (typeof HUBSPOT_APP_ORIGINS)[number];

export const HUBSPOT_API_BASE_URLS = {
  production: 'https://api.hubapi.com',
  qa: 'https://api.hubapiqa.com',
} as const;

/** Where to open HubSpot for an app reached at `apiBaseUrl`: the QA app for the QA API, else the main one. */
export function appOriginFor(apiBaseUrl: string): HubSpotAppOrigin {
  return apiBaseUrl.replace(/\/+$/, '') === HUBSPOT_API_BASE_URLS.qa ? 'https://app.hubspotqa.com' : 'https://app.hubspot.com';
}

/** Match patterns for the content script and for `tabs.query({ url })`. */
export const HUBSPOT_APP_MATCHES: string[] = HUBSPOT_APP_ORIGINS.map((origin) => `${origin}/*`);

/** Host permissions of the default build: the app origins and the production API host, nothing else. */
export const REQUIRED_HOST_PERMISSIONS: string[] = [
  ...HUBSPOT_APP_MATCHES,
  `${HUBSPOT_API_BASE_URLS.production}/*`,
];

/** The hosts of this computer, where a developer runs a webhook over plain http while building it. */
export const LOCAL_WEBHOOK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Asked for one origin at a time, at the moment of need: a custom or QA API host, a webhook's host, or a webhook on
 * this computer over http (any port: a pattern without one matches them all). Declaring them as optional grants
 * nothing by itself.
 */
export const OPTIONAL_HOST_PERMISSIONS: string[] = ['https://*/*', ...LOCAL_WEBHOOK_HOSTS.map((host) => `http://${host}/*`)];

/** The HubSpot app origin of a URL, or null when the URL is not a HubSpot app page. */
export function hubspotAppOrigin(url: string | undefined): HubSpotAppOrigin | null {
  if (!url) return null;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return null;
  }
  return HUBSPOT_APP_ORIGINS.find((candidate) => candidate === origin) ?? null;
}

/**
 * HubSpot app URLs carry the portal (account) id as the second path segment:
 * `/help-desk/{portalId}/...`, `/contacts/{portalId}/...`, `/settings/{portalId}/...`.
 */
export function portalIdFromUrl(url: string | undefined): string | null {
  if (!hubspotAppOrigin(url)) return null;
  const match = /^\/[^/]+\/(\d+)(?:[/?#]|$)/.exec(new URL(url as string).pathname);
  return match?.[1] ?? null;
}
