import { browser, type Browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { restrictLocalStorageToExtension } from '@/utils/platform/browserDifferences';
import { TOGGLE_TEST_MODE_COMMAND } from '@/utils/tabs/commands';
import { refreshIsReadyStatus } from '@/utils/background/isReadyRefresh';
import { changeTestMode, changeTestSwitch, moveRetiredSetting, readTab, reloadHubSpotTab, removeTabSetting, toggleTestModeOnActiveTab } from '@/utils/background/tabChanges';
import { resumeInterruptedMatrixRuns, startMatrixRun, stopMatrixRun } from '@/utils/background/matrixRuns';
import { acceptPointed, endPointing, pointingStart, startPointing } from '@/utils/background/pointing';
import { onBackgroundMessage } from '@/utils/platform/messages';
import { isReadyStatusItem, profilesItem } from '@/utils/platform/storage';
import {
  broadcastProviderTargets,
  providerTargets,
  recordLocalSettings,
  recordPageLoad,
  recordProviders,
  republishAllTabs,
  watchTabs,
} from '@/utils/background/tabObservations';

export default defineBackground(() => {
  void restrictLocalStorageToExtension();
  onBackgroundMessage({
    pageLoaded: fromTab((tabId, snapshot) => recordPageLoad(tabId, snapshot)),
    localSettingsChanged: fromTab((tabId, snapshot) => recordLocalSettings(tabId, snapshot)),
    providersObserved: fromTab(async (tabId, providers, sender) => {
      if (sender.origin) await recordProviders(tabId, sender.origin, providers, { id: sender.frameId ?? 0, url: sender.url });
    }),
    getProviderTargets: () => providerTargets(),
    startPointing: ({ tabId }) => startPointing(tabId),
    // The pointer's script is put in the top frame only, so only that frame is answered.
    pointingSession: (_, sender) => pointingStart(sender.frameId === 0 ? sender.tab?.id : undefined),
    pointPicked: (sent, sender) => acceptPointed(sent, sender.frameId === 0 ? sender.tab?.id : undefined),
    pointingEnded: async ({ session }) => {
      await endPointing(session).catch(() => undefined);
      return null;
    },
    readTab: ({ tabId }) => readTab(tabId),
    changeTestMode: (request) => changeTestMode(request),
    removeTabSetting: (request) => removeTabSetting(request),
    changeTestSwitch: (request) => changeTestSwitch(request),
    moveRetiredSetting: (request) => moveRetiredSetting(request),
    reloadTab: (request) => reloadHubSpotTab(request),
    refreshIsReadyStatus: () => refreshIsReadyStatus(),
    startMatrix: (request) => startMatrixRun(request),
    stopMatrix: (request) => stopMatrixRun(request),
  });
  void resumeInterruptedMatrixRuns();
  // Starts the background with the browser, so a QA matrix run the last session left unfinished is restored then,
  // not at whatever event next wakes it.
  browser.runtime.onStartup.addListener(() => undefined);
  watchTabs();
  profilesItem.watch(() => {
    void broadcastProviderTargets();
    void republishAllTabs();
  });
  isReadyStatusItem.watch(() => void republishAllTabs());
  browser.commands.onCommand.addListener((command) => {
    if (command === TOGGLE_TEST_MODE_COMMAND.name) toggleTestModeOnActiveTab().catch(() => undefined);
  });
});

/** A content script's report is about the tab it came from; one without a tab has nothing to update. */
function fromTab<Payload>(
  record: (tabId: number, payload: Payload, sender: Browser.runtime.MessageSender) => Promise<void>,
) {
  return async (payload: Payload, sender: Browser.runtime.MessageSender): Promise<null> => {
    if (sender.tab?.id !== undefined) await record(sender.tab.id, payload, sender);
    return null;
  };
}
