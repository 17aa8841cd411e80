import { test, expect } from './fixtures';
import { ExtensionDriver, HELP_DESK_URL, NOT_HUBSPOT_URL } from './extensionDriver';
import { OptionsPage } from './pages/options';
import { STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';

// A request the content script would carry out, were it delivered.
const forgedRequest = {
  channel: 'channel-connection-tester',
  type: 'setFlag',
  payload: { origin: 'https://app.hubspot.com', enabled: true },
};

test('a HubSpot page cannot make the content script change the flag', async ({ extension }) => {
  const { page, tabId } = await extension.open(HELP_DESK_URL);

  const attempts = await page.evaluate(
    async ([request, extensionId]) => {
      window.postMessage(request, '*');
      window.postMessage(JSON.stringify(request), '*');
      document.dispatchEvent(new CustomEvent('setFlag', { detail: request }));
      window.dispatchEvent(new MessageEvent('message', { data: request, origin: location.origin }));
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
      return { sendMessage };
    },
    [forgedRequest, extension.id] as const,
  );

  expect(attempts.sendMessage).not.toBe('delivered');
  expect(await ExtensionDriver.flag(page)).toBeNull();
  expect(await extension.badgeText(tabId)).toBe('');

  // The extension itself is still heard.
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
