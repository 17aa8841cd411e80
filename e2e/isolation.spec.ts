import type { Page } from '@playwright/test';
import type { WxtBrowser } from 'wxt/browser';
import { test, expect } from './fixtures';
import { ExtensionDriver, HELP_DESK_URL, NOT_HUBSPOT_URL } from './extensionDriver';
import { OptionsPage } from './pages/options';
import { STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../utils/channelConnectionFlag';
import type { BackgroundProtocol, ContentScriptProtocol, ExtensionPageProtocol } from '../utils/messages';

declare const chrome: WxtBrowser;

const CHANNEL = 'channel-connection-tester';
const forgedRequest = { channel: CHANNEL, type: 'setFlag', payload: { enabled: true } };
const forgedSnapshot = { origin: 'https://app.hubspot.com', flag: 'true', otherSettings: [] };

/** A payload for every message of utils/messages.ts: the compiler asks for one here when a message is added. */
const forgedPayloads: Record<keyof ContentScriptProtocol | keyof BackgroundProtocol | keyof ExtensionPageProtocol, unknown> = {
  readLocalSettings: null,
  setFlag: { enabled: true },
  removeLocalSetting: { key: SUPPORTS_CHANNEL_CONNECTION_KEY },
  restoreFlag: { value: 'true' },
  setProviderTargets: [{ profileId: 'forged', name: 'Forged Dialer' }],
  pageLoaded: forgedSnapshot,
  localSettingsChanged: forgedSnapshot,
  providersObserved: [{ profileId: 'forged', name: 'Forged Dialer', state: 'selectable', matchedBy: 'name', matches: 1, signals: [] }],
  getProviderTargets: null,
  getTabReport: { tabId: 1 },
  refreshIsReadyStatus: null,
  tabReportChanged: { tabId: 1, report: null },
};
const forgedEnvelopes = Object.entries(forgedPayloads).map(([type, payload]) => ({ channel: CHANNEL, type, payload }));
const forgedReplies = [
  { ok: true, value: forgedSnapshot },
  { ok: false, error: { code: 'rejected', message: 'forged' } },
  { channel: CHANNEL, failure: 'forged' },
];

/** WXT's notice that a newer copy of the content script started, named after the extension and the entrypoint. */
const wxtStartedEvent = (extensionId: string) => `${extensionId}:hubspot:wxt:content-script-started`;

/** Every `message` event the page receives, from its first script on. */
function recordPageMessages() {
  const received: string[] = [];
  Object.assign(window, { __received: received });
  window.addEventListener('message', (event) => received.push(typeof event.data === 'string' ? event.data : JSON.stringify(event.data)));
}

/** What a page can see of itself: its DOM and its web storage. */
function pageState(page: Page) {
  return page.evaluate(() => ({
    html: document.documentElement.outerHTML,
    localStorage: Object.entries(localStorage),
    sessionStorage: Object.entries(sessionStorage),
  }));
}

/** The background's record of a tab (utils/tabObservations.ts), as stored. */
function tabRecord(extension: ExtensionDriver, tabId: number): Promise<unknown> {
  return extension.serviceWorker.evaluate(
    async (id) => ((await chrome.storage.session.get('tabObservations')).tabObservations as Record<number, unknown> | undefined)?.[id] ?? null,
    tabId,
  );
}

test("a HubSpot page's messages and events cannot make the content script act, answer or stop", async ({ extension }) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL, { prepare: (blank) => blank.addInitScript(recordPageMessages) });
  // The content script's own start-up reports are in: from now on the record changes only if something drives it.
  await expect.poll(() => tabRecord(extension, tabId)).toMatchObject({ providers: [] });
  const before = { page: await pageState(page), record: await tabRecord(extension, tabId), badge: await extension.badgeText(tabId) };

  const attempts = await page.evaluate(
    async ({ messages, request, eventNames, extensionId, flagKey }) => {
      const sent: unknown[] = [];
      for (const key of [flagKey, null, 'LocalSettings:Calling:installDemoWidget']) {
        for (const storageArea of [localStorage, sessionStorage]) {
          window.dispatchEvent(new StorageEvent('storage', { key, newValue: 'true', storageArea, url: location.href }));
        }
      }
      document.dispatchEvent(new Event('visibilitychange'));
      document.dispatchEvent(new Event('load'));
      for (const message of messages) {
        for (const data of [message, JSON.stringify(message)]) {
          // Each one three ways, so the page's own listener hears it three times.
          for (const targetOrigin of ['*', location.origin]) window.postMessage(data, targetOrigin);
          window.dispatchEvent(new MessageEvent('message', { data, origin: `chrome-extension://${extensionId}` }));
          sent.push(data, data, data);
        }
      }
      for (const type of eventNames) {
        // Shaped both as one of our envelopes and as WXT's notice that a newer copy of the content script started.
        const detail = { channel: 'channel-connection-tester', type, payload: { enabled: true }, contentScriptName: 'hubspot', messageId: 'forged' };
        for (const target of [window, document]) target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
      }

      const runtime = (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      let sendMessage = 'not available';
      if (typeof runtime?.sendMessage === 'function') {
        try {
          await (runtime.sendMessage as (id: string, message: unknown) => Promise<unknown>)(extensionId, request);
          sendMessage = 'delivered';
        } catch (error) {
          sendMessage = `refused: ${String(error)}`;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      return { sendMessage, sent: sent.map((data) => (typeof data === 'string' ? data : JSON.stringify(data))) };
    },
    {
      messages: [
        ...forgedEnvelopes,
        ...forgedReplies,
        { type: wxtStartedEvent(extension.id), contentScriptName: 'hubspot', messageId: 'forged' },
        null,
        'setFlag',
        [forgedRequest],
        { data: forgedRequest },
      ],
      request: forgedRequest,
      eventNames: [CHANNEL, ...Object.keys(forgedPayloads), wxtStartedEvent(extension.id), 'wxt:content-script-started'],
      extensionId: extension.id,
      flagKey: SUPPORTS_CHANNEL_CONNECTION_KEY,
    },
  );

  expect(attempts.sendMessage).not.toBe('delivered');
  const received = await page.evaluate(() => (window as unknown as { __received: string[] }).__received);
  expect(received.sort(), 'only what the page itself posted').toEqual(attempts.sent.sort());
  expect(await pageState(page)).toEqual(before.page);
  expect(await tabRecord(extension, tabId)).toEqual(before.record);
  expect(await extension.badgeText(tabId)).toBe(before.badge);

  // The extension itself is still heard.
  await extension.waitForContentScript(tabId);
  const popup = await extension.openPopup(tabId);
  await popup.testModeSwitch.click();
  await expect.poll(() => ExtensionDriver.flag(page)).toBe('true');
});

test('another site cannot reach the extension either', async ({ extension }) => {
  const hubspot = await extension.open(HELP_DESK_URL);
  const { page } = await extension.open(NOT_HUBSPOT_URL);
  const delivered = await page.evaluate(
    async ([request, extensionId]) => {
      const runtime = (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      if (typeof runtime?.sendMessage !== 'function') return false;
      try {
        await (runtime.sendMessage as (id: string, message: unknown) => Promise<unknown>)(extensionId, request);
        return true;
      } catch {
        return false;
      }
    },
    [forgedRequest, extension.id] as const,
  );
  expect(delivered).toBe(false);
  await page.waitForTimeout(300);
  expect(await ExtensionDriver.flag(hubspot.page)).toBeNull();
});

test("the content script's world cannot read the stored credentials", async ({ extension, context }) => {
  const options = await OptionsPage.open(await context.newPage(), extension.id);
  await options.addProfile({
    label: 'Secret holder',
    appId: '3141592',
    credential: STANDIN_DEVELOPER_API_KEY,
    appDisplayName: 'Stand-in Dialer',
    clientSecret: 'isolation-client-secret-77aa',
  });
  const { page } = await extension.open(HELP_DESK_URL);

  // The extension's isolated world on the HubSpot page, reached the way DevTools reaches it.
  const cdp = await context.newCDPSession(page);
  const worlds: { id: number; name: string; type?: string }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context: world }) =>
    worlds.push({ id: world.id, name: world.name, type: (world.auxData as { type?: string } | undefined)?.type }),
  );
  await cdp.send('Runtime.enable');
  const world = worlds.find((candidate) => candidate.type === 'isolated' && candidate.name === 'Channel Connection Tester');
  expect(world, 'the content script world').toBeDefined();

  const { result } = await cdp.send('Runtime.evaluate', {
    contextId: world?.id,
    awaitPromise: true,
    returnByValue: true,
    expression: `chrome.storage.local.get(null).then((items) => JSON.stringify(items), (error) => 'refused: ' + error.message)`,
  });
  const answer = String(result.value);
  expect(answer).not.toContain(STANDIN_DEVELOPER_API_KEY);
  expect(answer).not.toContain('isolation-client-secret-77aa');
  expect(answer).toMatch(/refused|^\{\}$/);
});
