import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { TOGGLE_TEST_MODE_COMMAND } from '@/utils/commands';
import { toggleTestModeOnActiveTab } from '@/utils/hubspotTabs';
import { onBackgroundMessage } from '@/utils/messages';
import { isReadyStatusItem, profilesItem, restrictLocalStorageToExtension } from '@/utils/storage';
import {
  broadcastProviderTargets,
  getTabObservation,
  providerTargets,
  recordLocalSettings,
  recordPageLoad,
  recordProviders,
  refreshAllBadges,
  watchTabs,
} from '@/utils/tabObservations';

export default defineBackground(() => {
  void restrictLocalStorageToExtension();
  onBackgroundMessage({
    pageLoaded: async (snapshot, sender) => {
      if (sender.tab?.id !== undefined) await recordPageLoad(sender.tab.id, snapshot);
      return null;
    },
    localSettingsChanged: async (snapshot, sender) => {
      if (sender.tab?.id !== undefined) await recordLocalSettings(sender.tab.id, snapshot);
      return null;
    },
    providersObserved: async (providers, sender) => {
      if (sender.tab?.id !== undefined && sender.origin) await recordProviders(sender.tab.id, sender.origin, providers);
      return null;
    },
    getProviderTargets: () => providerTargets(),
    getTabObservation: ({ tabId }) => getTabObservation(tabId),
  });
  watchTabs();
  profilesItem.watch(() => {
    void broadcastProviderTargets();
    void refreshAllBadges();
  });
  isReadyStatusItem.watch(() => void refreshAllBadges());
  browser.commands.onCommand.addListener((command) => {
    if (command === TOGGLE_TEST_MODE_COMMAND.name) toggleTestModeOnActiveTab().catch(() => undefined);
  });
});
