/** The stand-in's first calling app as the specs use it: its profile, its webhook, and the page listing providers. */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { PORTAL_ID } from './extensionDriver';
import { OptionsPage } from './pages/options';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import type { Standin } from '../standin/server';
import type { ExtensionDriver } from './extensionDriver';

export const STANDIN_APP = STANDIN_APPS[0];
export const PROVIDER_LIST_URL = `https://app.hubspot.com/help-desk/${PORTAL_ID}/channels/calling`;
export const WEBHOOK_URL = 'https://webhooks.example.test/hubspot/channel-connection';

export function registerWebhook(standin: Standin, isReady: boolean, url = WEBHOOK_URL): void {
  const now = new Date().toISOString();
  standin.api.channelConnection.set(STANDIN_APP.appId, { url, isReady, createdAt: now, updatedAt: now });
}

/** Opens the options page on `page` with a profile for the stand-in app, its settings read. */
export async function openOptionsWithProfile(page: Page, extensionId: string, isTestApp: boolean): Promise<OptionsPage> {
  const options = await OptionsPage.open(page, extensionId);
  await options.fillProfile({
    label: isTestApp ? 'QA test app' : 'Production app',
    appId: String(STANDIN_APP.appId),
    credential: STANDIN_DEVELOPER_API_KEY,
    appDisplayName: STANDIN_APP.name,
    isTestApp,
  });
  await options.saveProfile();
  await expect(options.currentSettings).not.toContainText('Reading from HubSpot');
  return options;
}

/**
 * Makes the stand-in API answer its next request with `answer` (`/__standin/next-response`), sent from the service
 * worker, which reaches the API host as the extension does.
 */
export async function scriptNextApiAnswer(extension: ExtensionDriver, answer: { status: number; body: unknown }): Promise<void> {
  await extension.serviceWorker.evaluate(
    (scripted) =>
      fetch('https://api.hubapi.com/__standin/next-response', { method: 'POST', body: scripted }).then((response) => {
        if (!response.ok) throw new Error(`next-response: HTTP ${response.status}`);
      }),
    JSON.stringify(answer),
  );
}
