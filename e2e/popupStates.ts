/**
 * The popup's main states, set up as a user meets them, for the specs that look at the real toolbar popup: its
 * geometry, axe, and the README's screenshots. Long names, URLs and values, some with no place to break, are what
 * push a popup sideways or its key facts below the fold.
 */
import type { BrowserContext, Page } from '@playwright/test';
import type { ExtensionDriver } from './extensionDriver';
import { PORTAL_ID } from './extensionDriver';
import { OptionsPage, type ProfileInput } from './pages/options';
import { expect } from './fixtures';
import { STANDIN_APP, PROVIDER_LIST_URL, registerWebhook } from './standinApp';
import { STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import type { Standin } from '../standin/server';
import { STANDIN_CLIENT_SECRET, WEBHOOK_HOST } from '../standin/webhooks';

export const LONG_LABEL = 'Customer success EMEA staging profile for the dialer (QA only, never release it to everyone)';
export const LONG_APP_NAME = `${STANDIN_APP.name} Enterprise for CustomerSuccessTeamsAcrossEuropeTheMiddleEastAndAfrica`;
export const LONG_WEBHOOK_URL = `https://${WEBHOOK_HOST}/hubspot/channel-connection/tenants/0f6b3c1e-9a4d-4c8e-b1f2-7d5e3a9c0b24/phone-numbers?include=extensions&format=e164`;
export const LONG_ERROR = `The calling extension settings service is unavailable while HubSpot migrates portal data; retry later or see https://status.hubspot.com/incidents/calling-extensions-settings-migration-2026-03-channel-connection-${'x'.repeat(40)}`;
export const LONG_SETTING_VALUE = JSON.stringify({
  name: 'Local dev build of the dialer',
  url: `https://localhost:9025/widget/index.html?portalId=${PORTAL_ID}&debug=true&features=channelConnection,inboundCalling,transcripts`,
});
/** The stand-in lists Northline Phone, the look-alike, then the stand-in apps: this finds the app by its place. */
export const PROVIDER_SELECTOR = '#provider-list > :nth-child(3)';

export const LONG_PROFILE: ProfileInput = {
  label: LONG_LABEL,
  appId: String(STANDIN_APP.appId),
  credential: STANDIN_DEVELOPER_API_KEY,
  appDisplayName: LONG_APP_NAME,
  clientSecret: STANDIN_CLIENT_SECRET,
  isTestApp: true,
};

/** Adds a profile on a new options page, and leaves that page open behind the tabs the specs open next. */
export async function addProfile(context: BrowserContext, extensionId: string, profile: ProfileInput, selector?: string): Promise<OptionsPage> {
  const options = await OptionsPage.open(await context.newPage(), extensionId);
  await options.fillProfile(profile);
  if (selector) await options.field('Provider CSS selector (optional)').fill(selector);
  await options.saveProfile();
  await expect(options.currentSettings).not.toContainText('Reading from HubSpot');
  return options;
}

/**
 * The fullest everyday state: the provider list of a HubSpot tab with test mode on and two other
 * `LocalSettings:Calling:*` keys, another tab of the origin open, the active profile's app released (isReady=true).
 * Returns the provider-list tab, brought to the front.
 */
export async function openFullestState(extension: ExtensionDriver, standin: Standin): Promise<{ page: Page; tabId: number }> {
  registerWebhook(standin, true, LONG_WEBHOOK_URL);
  const hubspot = await extension.open(PROVIDER_LIST_URL, { flag: 'true' });
  await addOtherCallingKeys(extension, hubspot.page);
  await hubspot.page.bringToFront();
  return hubspot;
}

/**
 * Writes two other `LocalSettings:Calling:*` keys, one with a long value, into the origin of a HubSpot tab, and opens
 * another tab of that origin.
 */
export async function addOtherCallingKeys(extension: ExtensionDriver, hubspotPage: Page): Promise<void> {
  await hubspotPage.evaluate((value) => {
    localStorage.setItem('LocalSettings:Calling:installDemoWidget', 'app:js');
    localStorage.setItem('LocalSettings:Calling:CallingExtensions', value);
  }, LONG_SETTING_VALUE);
  await extension.open(`https://app.hubspot.com/contacts/${PORTAL_ID}`);
}

/** Makes the stand-in API answer the next request with a 503 and a long message in HubSpot's error shape. */
export async function failNextApiRequest(extension: ExtensionDriver): Promise<void> {
  await extension.serviceWorker.evaluate(
    (body) =>
      fetch('https://api.hubapi.com/__standin/next-response', { method: 'POST', body }).then((response) => {
        if (!response.ok) throw new Error(`next-response: HTTP ${response.status}`);
      }),
    JSON.stringify({
      status: 503,
      body: { status: 'error', message: LONG_ERROR, correlationId: 'b7f0c2d4-5e61-4a8b-9c3d-2f1e0a9b8c7d', category: 'SERVICE_UNAVAILABLE' },
    }),
  );
}
