import { test, expect } from './fixtures';
import { ExtensionDriver, HELP_DESK_URL, NOT_HUBSPOT_URL } from './extensionDriver';

const forgedRequest = { channel: 'channel-connection-tester', type: 'setFlag', payload: { enabled: true } };

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
