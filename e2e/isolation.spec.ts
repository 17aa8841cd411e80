import type { BrowserContext, Page } from '@playwright/test';
import type { WxtBrowser } from 'wxt/browser';
import { test, expect } from './fixtures';
import { ExtensionDriver, HELP_DESK_URL, NOT_HUBSPOT_URL, PORTAL_ID, type ContentScriptMessages } from './extensionDriver';
import { OptionsPage } from './pages/options';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import { STANDIN_CLIENT_SECRET, WEBHOOK_HOST } from '../standin/webhooks';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../utils/flag/channelConnectionFlag';
import type { BackgroundProtocol, ContentScriptProtocol, ExtensionPageProtocol } from '../utils/platform/messages';
import type { TabObservation } from '../utils/tabs/tabState';

declare const chrome: WxtBrowser;

const CHANNEL = 'channel-connection-tester';
const HUBSPOT_ORIGIN = 'https://app.hubspot.com';
// A request the content script would carry out, were it delivered.
const forgedRequest = { channel: CHANNEL, type: 'setFlag', payload: { origin: HUBSPOT_ORIGIN, enabled: true } };
const forgedSnapshot = { origin: HUBSPOT_ORIGIN, flag: 'true', otherSettings: [] };

/** A payload for every message of utils/platform/messages.ts: the compiler asks for one here when a message is added. */
const forgedPayloads: Record<keyof ContentScriptProtocol | keyof BackgroundProtocol | keyof ExtensionPageProtocol, unknown> = {
  readLocalSettings: null,
  setFlag: { origin: HUBSPOT_ORIGIN, enabled: true },
  removeLocalSetting: { origin: HUBSPOT_ORIGIN, key: SUPPORTS_CHANNEL_CONNECTION_KEY },
  moveRetiredKey: { origin: HUBSPOT_ORIGIN },
  setTestSwitch: { origin: HUBSPOT_ORIGIN, key: 'LocalSettings:Calling:supportsInboundCalling', value: 'true' },
  restoreFlag: { origin: HUBSPOT_ORIGIN, value: 'true' },
  setProviderTargets: [{ profileId: 'forged', name: 'Forged Dialer' }],
  pageLoaded: forgedSnapshot,
  localSettingsChanged: forgedSnapshot,
  providersObserved: [{ profileId: 'forged', name: 'Forged Dialer', state: 'selectable', matchedBy: 'name', matches: 1, signals: [] }],
  getProviderTargets: null,
  startPointing: { tabId: 1 },
  pointingSession: null,
  pointPicked: { session: 'forged', selector: 'body' },
  pointingEnded: { session: 'forged' },
  readTab: { tabId: 1 },
  changeTestMode: { tabId: 1, origin: HUBSPOT_ORIGIN, enabled: true },
  removeTabSetting: { tabId: 1, origin: HUBSPOT_ORIGIN, key: SUPPORTS_CHANNEL_CONNECTION_KEY },
  moveRetiredSetting: { tabId: 1, origin: HUBSPOT_ORIGIN },
  changeTestSwitch: { tabId: 1, origin: HUBSPOT_ORIGIN, key: 'LocalSettings:Calling:supportsInboundCalling', value: 'true' },
  reloadTab: { tabId: 1 },
  refreshIsReadyStatus: null,
  startMatrix: { profileId: 'forged', tabId: 1 },
  stopMatrix: { runId: 'forged' },
  tabReportChanged: { tabId: 1, report: null },
  tabReloading: { tabId: 1 },
};
const forgedEnvelopes = Object.entries(forgedPayloads).map(([type, payload]) => ({ channel: CHANNEL, type, payload }));
const forgedReplies = [
  { ok: true, value: forgedSnapshot },
  { ok: false, error: { code: 'rejected', message: 'forged' } },
  // How webextension-polyfill carries a handler's error back to the sender in Chrome before 148.
  { __mozWebExtensionPolyfillReject__: true, message: 'forged' },
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

/** The background's record of a tab (utils/background/tabObservations.ts), as stored. */
function tabRecord(extension: ExtensionDriver, tabId: number): Promise<TabObservation | null> {
  return extension.serviceWorker.evaluate(
    async (id) =>
      ((await chrome.storage.session.get('tabObservations')).tabObservations as Record<number, TabObservation> | undefined)?.[id] ?? null,
    tabId,
  );
}

interface BackgroundMessageLog {
  cctMessagesFromTab: unknown[];
}

/**
 * Records, in the service worker, every message the background receives from the tab's content script from now on,
 * in the order they arrive. The recording listener answers nothing, so the background's own listener still does.
 */
async function recordMessagesFromTab(extension: ExtensionDriver, tabId: number): Promise<() => Promise<unknown[]>> {
  await extension.serviceWorker.evaluate((id) => {
    const log: unknown[] = [];
    (self as unknown as BackgroundMessageLog).cctMessagesFromTab = log;
    chrome.runtime.onMessage.addListener((message, sender) => {
      if (sender.tab?.id === id) log.push(message);
    });
  }, tabId);
  return () => extension.serviceWorker.evaluate(() => (self as unknown as BackgroundMessageLog).cctMessagesFromTab);
}

/** A provider for the content script to look for: it then reports what it sees of it, which nothing else would. */
const WITNESS_TARGET = { profileId: 'witness', name: 'Witness Dialer' };

test("a HubSpot page's messages and events cannot make the content script act, answer or stop", async ({ extension }) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL, { prepare: (blank) => blank.addInitScript(recordPageMessages) });
  // The content script's own start-up reports are in: from now on the record changes only if something drives it.
  await expect.poll(() => tabRecord(extension, tabId)).toMatchObject({ providers: [] });
  const before = { page: await pageState(page), record: await tabRecord(extension, tabId), badge: await extension.badgeText(tabId) };
  const messagesFromTab = await recordMessagesFromTab(extension, tabId);

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
      // A posted message reaches every listener of the window, the content script's with the page's, in the order it
      // was posted, and the events above were dispatched synchronously. So when the first sentinel arrives, the script
      // has handled everything above; anything it posted back meanwhile was queued before the second sentinel, posted
      // only then, and is in the page's record by the time that one arrives.
      for (const sentinel of ['cct-sentinel-1', 'cct-sentinel-2']) {
        const arrived = new Promise<void>((resolve) => {
          const listener = (event: MessageEvent) => {
            if (event.data !== sentinel) return;
            window.removeEventListener('message', listener);
            resolve();
          };
          window.addEventListener('message', listener);
        });
        window.postMessage(sentinel, location.origin);
        sent.push(sentinel);
        await arrived;
      }
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

  // A legitimate request that makes the content script report to the background, sent after the page's events were
  // all handled: new provider targets, as the background sends when the profiles change. The script's messages reach
  // the background in the order it sent them, so once its report on the witness has arrived, anything the page's
  // events made it send has arrived before it, and is in the log.
  await extension.serviceWorker.evaluate(
    ([id, message]) => chrome.tabs.sendMessage(id, message),
    [tabId, { channel: CHANNEL, type: 'setProviderTargets', payload: [WITNESS_TARGET] }] as const,
  );
  const witnessSeen = [expect.objectContaining(WITNESS_TARGET)];
  const witnessReport = { channel: CHANNEL, type: 'providersObserved', payload: witnessSeen };
  await expect.poll(messagesFromTab).toContainEqual(witnessReport);
  expect(await messagesFromTab(), 'nothing but the report on the witness').toEqual([witnessReport]);
  // The background applies its tab updates one at a time, in arrival order: the report's own comes last. Apart from
  // what it changes, the record, and the badge drawn from it, are as before.
  await expect.poll(async () => (await tabRecord(extension, tabId))?.providers).toEqual(witnessSeen);
  expect(await tabRecord(extension, tabId)).toEqual({ ...before.record, providers: witnessSeen, observedAt: expect.any(Number) });
  expect(await extension.badgeText(tabId)).toBe(before.badge);
  expect(await pageState(page)).toEqual(before.page);

  // The extension itself is still heard.
  await extension.waitForContentScript(tabId);
  const popup = await extension.openToolbarPopup(tabId);
  await popup.testModeSwitch.click();
  await expect.poll(() => ExtensionDriver.flag(page)).toBe('true');
});

test('another site cannot reach the extension either', async ({ extension }) => {
  const hubspot = await extension.open(HELP_DESK_URL);
  const { page } = await extension.open(NOT_HUBSPOT_URL);
  const attempt = await page.evaluate(
    async ([request, extensionId]) => {
      const runtime = (window as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime;
      if (typeof runtime?.sendMessage !== 'function') return 'not available';
      try {
        await (runtime.sendMessage as (id: string, message: unknown) => Promise<unknown>)(extensionId, request);
        return 'delivered';
      } catch (error) {
        return `refused: ${String(error)}`;
      }
    },
    [forgedRequest, extension.id] as const,
  );
  // The page either has no way to message an extension at all, or the browser, before settling the call, found no
  // listener for it in this one: either way no code of the extension ran on the request, so nothing can follow later
  // and the flag is checked at once. Any other outcome means a listener got it: one that does not answer settles the
  // call with `undefined`, one that throws refuses it with its own error.
  expect(attempt).toMatch(/^(not available|refused: .*Receiving end does not exist)/);
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

const app = STANDIN_APPS[0];
const PROVIDER_LIST_URL = `https://app.hubspot.com/help-desk/${PORTAL_ID}/channels/calling`;
/** The stand-in accepts only its own credential, and its good webhook checks signatures with its own secret. */
const SECRETS = { 'developer API key': STANDIN_DEVELOPER_API_KEY, 'client secret': STANDIN_CLIENT_SECRET };

/** A secret as it is, URL-encoded, and in base64 (standard and URL-safe) wherever it sits in a longer text. */
function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  for (const offset of [0, 1, 2]) {
    // Preceded by `offset` bytes, the secret's base64 starts mid-group: keep the characters its own bytes decide.
    const encoded = Buffer.concat([Buffer.alloc(offset), Buffer.from(secret)]).toString('base64');
    const core = encoded.slice([0, 2, 3][offset], -4);
    for (const form of [core, core.replace(/\+/g, '-').replace(/\//g, '_'), encodeURIComponent(core)]) forms.add(form);
  }
  return [...forms];
}

function expectNoSecretIn(text: string, where: string): void {
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (const form of secretForms(secret)) expect(text, `the ${name} (${form}) in ${where}`).not.toContain(form);
  }
}

/** Everything ever written into the page's DOM, across reloads, from its first script on. */
async function recordDomWrites(page: Page): Promise<string[]> {
  const writes: string[] = [];
  await page.exposeFunction('__cctDomWrite', (text: string) => void writes.push(text));
  await page.addInitScript(() => {
    const write = (window as unknown as { __cctDomWrite: (text: string) => void }).__cctDomWrite;
    new MutationObserver((records) => {
      for (const record of records) {
        if (record.type === 'attributes') write(`${record.attributeName}=${(record.target as Element).getAttribute(record.attributeName ?? '')}`);
        else if (record.type === 'characterData') write(record.target.textContent ?? '');
        else for (const node of record.addedNodes) write(node instanceof Element ? node.outerHTML : (node.textContent ?? ''));
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  return writes;
}

/**
 * Sets a profile's developer API key and client secret through the options page, then uses every feature that needs
 * them or acts on a HubSpot tab: the settings panel, the webhook tester, the popup (isReady refresh, test mode) and
 * the QA matrix. What the HubSpot tab's content script receives and what is written into its DOM are recorded.
 */
async function useEveryFeature(extension: ExtensionDriver, context: BrowserContext) {
  let contentScriptMessages: ContentScriptMessages = { received: [], failures: [] };
  let domWrites: string[] = [];
  const hubspot = await extension.open(PROVIDER_LIST_URL, {
    prepare: async (page) => {
      contentScriptMessages = await extension.recordContentScriptMessages(page);
      domWrites = await recordDomWrites(page);
    },
  });

  const optionsPage = await context.newPage();
  const options = await OptionsPage.open(optionsPage, extension.id);
  await options.addProfile({
    label: 'Secret holder',
    appId: String(app.appId),
    credential: STANDIN_DEVELOPER_API_KEY,
    appDisplayName: app.name,
    clientSecret: STANDIN_CLIENT_SECRET,
    isTestApp: true,
  });

  await options.webhookUrl.fill(`https://${WEBHOOK_HOST}/good`);
  await options.button('Register webhook').click();
  await expect(options.panelMessage).toHaveText('Webhook registered.');
  await options.button('Release to all users').click();
  await expect(options.isReady).toHaveText('true');
  await options.button('Withdraw').click();
  await expect(options.isReady).toHaveText('false');

  const tester = optionsPage.getByRole('form', { name: 'Webhook test request' });
  await tester.getByLabel('Portal ID').fill(PORTAL_ID);
  await tester.getByLabel('User ID').fill('42');
  await optionsPage.getByLabel('URL to test').fill(`https://${WEBHOOK_HOST}/good`);
  await options.button('Send test request').click();
  await expect(optionsPage.getByTestId('webhook-status')).toHaveText('200');
  await options.button('Run negative checks').click();
  await expect(optionsPage.getByTestId('negative-stale-timestamp')).toContainText('refused');

  const popup = await extension.openToolbarPopup(hubspot.tabId);
  await popup.refreshIsReady.click();
  await expect(popup.isReadySummary).toContainText('Registered, isReady false');
  await popup.testModeSwitch.click();
  await expect.poll(() => ExtensionDriver.flag(hubspot.page)).toBe('true');
  // Read now: the real popup closes when another page takes the focus.
  const popupWebStorage = { url: popup.page.url(), storage: await webStorageOf(popup.page) };

  await optionsPage.bringToFront();
  const tabSelect = optionsPage.locator('#qa-matrix').getByLabel('HubSpot tab');
  await tabSelect.selectOption((await tabSelect.locator('option', { hasText: PROVIDER_LIST_URL }).getAttribute('value')) ?? '');
  await options.button('Run matrix').click();
  await expect(optionsPage.getByTestId('matrix-summary')).toContainText('Restored', { timeout: 60_000 });

  const optionsWebStorage = { url: optionsPage.url(), storage: await webStorageOf(optionsPage) };
  return { hubspot: hubspot.page, extensionWebStorage: [optionsWebStorage, popupWebStorage], contentScriptMessages, domWrites };
}

/** A page's own storage: web storage, IndexedDB and Cache Storage names. */
function webStorageOf(page: Page): Promise<string> {
  return page.evaluate(async () =>
    JSON.stringify({
      localStorage: Object.entries(localStorage),
      sessionStorage: Object.entries(sessionStorage),
      indexedDB: (await indexedDB.databases()).map((database) => database.name),
      caches: await caches.keys(),
    }),
  );
}

test.describe('the developer API key and client secret', () => {
  test.beforeEach(({ standin }) => standin.reset());

  test('stay in storage.local: not in sync or session storage, web storage, IndexedDB or cookies', async ({ extension, context }) => {
    const { hubspot, extensionWebStorage } = await useEveryFeature(extension, context);

    const areas = await extension.serviceWorker.evaluate(async () => {
      const [local, sync, session] = await Promise.all([chrome.storage.local, chrome.storage.sync, chrome.storage.session].map((area) => area.get(null)));
      return { local: JSON.stringify(local), sync: JSON.stringify(sync), session: JSON.stringify(session) };
    });
    // Where they belong, so the searches below are looking for what the extension really holds.
    for (const secret of Object.values(SECRETS)) expect(areas.local).toContain(secret);
    expectNoSecretIn(areas.sync, 'storage.sync');
    expectNoSecretIn(areas.session, 'storage.session');
    expectNoSecretIn(await webStorageOf(hubspot), "the HubSpot page's storage");
    for (const { url, storage } of extensionWebStorage) expectNoSecretIn(storage, `the web storage of ${url}`);
    expectNoSecretIn(JSON.stringify(await context.cookies()), 'cookies');
  });

  test('are never in a message to a content script', async ({ extension, context }) => {
    const { contentScriptMessages } = await useEveryFeature(extension, context);

    expect(contentScriptMessages.failures).toEqual([]);
    const received = contentScriptMessages.received.join('\n');
    // The recorder saw the features at work: profiles broadcast, the popup's and the matrix's changes.
    for (const type of ['setProviderTargets', 'readLocalSettings', 'setFlag', 'restoreFlag']) expect(received).toContain(`"type":"${type}"`);
    // And the replies to what it sent: the background's provider targets, asked again on each reload.
    expect(contentScriptMessages.received).toContainEqual(expect.stringMatching(/^\[\{"profileId":/));
    expect(received).toContain(app.name);
    expectNoSecretIn(received, 'the messages the content script received');
  });

  test('are never in the DOM, title, name or URL of a HubSpot page', async ({ extension, context }) => {
    const { hubspot, domWrites } = await useEveryFeature(extension, context);

    const page = await hubspot.evaluate(() => {
      const values: string[] = [];
      const visit = (root: ParentNode) => {
        for (const element of root.querySelectorAll('*')) {
          for (const attribute of element.attributes) values.push(attribute.value);
          if ('value' in element) values.push(String(element.value));
          if (element.shadowRoot) visit(element.shadowRoot);
        }
      };
      visit(document);
      return { html: document.documentElement.outerHTML, values, name: window.name, href: location.href, title: document.title };
    });
    expect(page.html).toContain(app.name);
    expect(domWrites.join('\n')).toContain(app.name);
    expectNoSecretIn(JSON.stringify(page), 'the HubSpot page');
    expectNoSecretIn(domWrites.join('\n'), 'what was written into the HubSpot page over the run');
  });
});
