import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../../flag/channelConnectionFlag';
import { matrixSteps } from '../matrixStore';
import { fakeBackground } from '../../__tests__/fakeBackground';
import { fakeHubSpotPages, stubReload } from '../../__tests__/fakeHubSpotPages';
import { testProfile } from '../../__tests__/testProfile';

const ORIGIN = 'https://app.hubspot.com';

let pages: ReturnType<typeof fakeHubSpotPages>;
let reload: ReturnType<typeof stubReload>;
type Tab = Awaited<ReturnType<typeof pages.open>>;

beforeEach(() => {
  fakeBrowser.reset();
  pages = fakeHubSpotPages();
  reload = stubReload();
});

async function openMatrixTab() {
  const tab = await pages.open(`${ORIGIN}/help-desk/1/channels/calling`, { settings: { [SUPPORTS_CHANNEL_CONNECTION_KEY]: 'TRUE' } });
  return { tab, steps: matrixSteps(testProfile({ isTestApp: true }), { id: tab.id, origin: ORIGIN }) };
}

describe("the matrix's steps on a tab that went away mid-run", () => {
  it.each([
    ['was closed', 'The tab was closed.', (tab: Tab) => pages.close(tab)],
    [
      'went to a site that is not HubSpot',
      'The tab left app.hubspot.com.',
      (tab: Tab) => fakeBrowser.tabs.update(tab.id, { url: 'https://example.test/' }),
    ],
  ])('stop at once when the tab %s, naming why, and reload nothing', async (_label, reason, meanwhile) => {
    const { tab, steps } = await openMatrixTab();
    await meanwhile(tab);

    await expect(steps.readFlag()).rejects.toThrow(reason);
    await expect(steps.writeFlag(null)).rejects.toThrow(reason);
    await expect(steps.reloadAndObserve()).rejects.toThrow(reason);
    expect(reload).not.toHaveBeenCalled();
  });

  it('write nothing to another HubSpot origin the tab went to', async () => {
    const { tab, steps } = await openMatrixTab();
    await fakeBrowser.tabs.update(tab.id, { url: 'https://app-eu1.hubspot.com/help-desk/1' });

    await expect(steps.writeFlag('true')).rejects.toThrow('The tab left app.hubspot.com for app-eu1.hubspot.com.');
    expect(pages.storageOf('https://app-eu1.hubspot.com').getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBeNull();
    expect(pages.storageOf(ORIGIN).getItem(SUPPORTS_CHANNEL_CONNECTION_KEY)).toBe('TRUE');
  });

  it('stop waiting for the page to show the app when the tab closes meanwhile', async () => {
    const { tab, steps } = await openMatrixTab();
    const background = fakeBackground({
      getTabReport: async () => {
        await pages.close(tab);
        return null;
      },
    });
    try {
      await expect(steps.reloadAndObserve()).rejects.toThrow('The tab was closed.');
      expect(reload).toHaveBeenCalledOnce();
    } finally {
      background.stop();
    }
  });
});
