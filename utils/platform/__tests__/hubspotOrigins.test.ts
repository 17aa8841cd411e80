import { describe, expect, it } from 'vitest';
import {
  appOriginFor,
  HUBSPOT_API_BASE_URLS,
  HUBSPOT_APP_MATCHES,
  HUBSPOT_APP_ORIGINS,
  hubspotAppOrigin,
  portalIdFromUrl,
  REQUIRED_HOST_PERMISSIONS,
} from '../hubspotOrigins';

describe('hubspotAppOrigin', () => {
  it.each(HUBSPOT_APP_ORIGINS.flatMap((origin) => [origin, `${origin}/`, `${origin}/help-desk/123456/view/1?a=b#c`]))(
    '%s is a HubSpot app page',
    (url) => {
      expect(hubspotAppOrigin(url)).toBe(new URL(url).origin);
    },
  );

  it.each([
    ['HTTPS://APP.HUBSPOT.COM/contacts/1', 'https://app.hubspot.com'],
    ['https://app.hubspot.com:443/contacts/1', 'https://app.hubspot.com'],
    ['https://APP-EU1.hubspot.com/', 'https://app-eu1.hubspot.com'],
  ] as const)('%s is normalised to %s, as the browser does', (url, origin) => {
    expect(hubspotAppOrigin(url)).toBe(origin);
  });

  it.each([
    ...HUBSPOT_APP_ORIGINS.map((origin) => origin.replace('https://', 'http://')),
    'https://app.hubspot.com.evil.test',
    'https://app.hubspot.com.evil.test/help-desk/123',
    'https://evilapp.hubspot.com',
    'https://app.hubspot.co',
    'https://app.hubspot.com.',
    'https://hubspot.com',
    'https://www.hubspot.com/help-desk/123',
    'https://api.hubapi.com/crm/v3',
    'https://app-eu2.hubspot.com',
    'https://app.hubspot.com:8443/',
    'https://app.hubspot.com:80/',
    'wss://app.hubspot.com/',
    'https://evil.test/?next=https://app.hubspot.com',
    'https://evil.test/#https://app.hubspot.com',
    'app.hubspot.com',
    '//app.hubspot.com/help-desk/1',
    'not a url',
    'javascript:alert(1)',
    'about:blank',
    'chrome://extensions',
    '',
    undefined,
  ])('%j is not a HubSpot app page', (url) => {
    expect(hubspotAppOrigin(url)).toBeNull();
  });
});

describe('portalIdFromUrl', () => {
  it.each([
    ['https://app.hubspot.com/help-desk/123456', '123456'],
    ['https://app.hubspot.com/help-desk/123456/', '123456'],
    ['https://app-eu1.hubspot.com/help-desk/987/view/42', '987'],
    ['https://app.hubspot.com/contacts/4242/objects/0-1/views/all/list', '4242'],
    ['https://app-na2.hubspot.com/settings/77/calling', '77'],
    ['https://app.hubspotqa.com/settings/5/help-desk', '5'],
    ['https://app.hubspot.com/help-desk/123456?channel=calling', '123456'],
    ['https://app.hubspot.com/help-desk/123456#connect', '123456'],
    ['https://app.hubspot.com/help-desk/123456/?x=1#y', '123456'],
  ] as const)('%s → %s', (url, portalId) => {
    expect(portalIdFromUrl(url)).toBe(portalId);
  });

  it.each([
    'https://app.hubspot.com/',
    'https://app.hubspot.com/help-desk',
    'https://app.hubspot.com/help-desk/',
    'https://app.hubspot.com/help-desk/abc',
    'https://app.hubspot.com/help-desk/123abc',
    'https://app.hubspot.com/help-desk/-123',
    'https://app.hubspot.com/123456',
    'https://app.hubspot.com//123456',
    'https://app.hubspot.com/help-desk?portalId=123456',
    'https://app.hubspot.com/help-desk#/123456',
    'https://example.test/help-desk/123456',
    'https://app.hubspot.com.evil.test/help-desk/123456',
    'http://app.hubspot.com/help-desk/123456',
    'not a url',
    undefined,
  ])('%j has no portal id', (url) => {
    expect(portalIdFromUrl(url)).toBeNull();
  });
});

describe('REQUIRED_HOST_PERMISSIONS', () => {
  it('is exactly the app origins and the production API host', () => {
    expect([...REQUIRED_HOST_PERMISSIONS].sort()).toEqual(
      [
        'https://app.hubspot.com/*',
        'https://app-eu1.hubspot.com/*',
        'https://app-na2.hubspot.com/*',
        'https://app-na3.hubspot.com/*',
        'https://app-ap1.hubspot.com/*',
        'https://app.hubspotqa.com/*',
        'https://api.hubapi.com/*',
      ].sort(),
    );
  });

  it('is derived from the origin lists, one pattern each and no duplicates', () => {
    expect(REQUIRED_HOST_PERMISSIONS).toEqual([
      ...HUBSPOT_APP_ORIGINS.map((origin) => `${origin}/*`),
      `${HUBSPOT_API_BASE_URLS.production}/*`,
    ]);
    expect(new Set(REQUIRED_HOST_PERMISSIONS).size).toBe(REQUIRED_HOST_PERMISSIONS.length);
    expect(HUBSPOT_APP_MATCHES.every((pattern) => REQUIRED_HOST_PERMISSIONS.includes(pattern))).toBe(true);
  });

  it.each(['localhost', '127.0.0.1', '*://', '<all_urls>', 'http://', 'hubapiqa'])('asks for nothing with %s', (fragment) => {
    expect(REQUIRED_HOST_PERMISSIONS.filter((pattern) => pattern.includes(fragment))).toEqual([]);
  });
});

describe('appOriginFor', () => {
  it.each([
    ['https://api.hubapi.com', 'https://app.hubspot.com'],
    ['https://api.hubapiqa.com', 'https://app.hubspotqa.com'],
    ['https://api.hubapiqa.com/', 'https://app.hubspotqa.com'],
    ['https://proxy.example.test/hubspot', 'https://app.hubspot.com'],
  ])('an app reached at %s is opened at %s', (apiBaseUrl, origin) => {
    expect(appOriginFor(apiBaseUrl)).toBe(origin);
  });
});
