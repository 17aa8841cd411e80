import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { badgeForFlag, showBadge } from '@/utils/badge';
import { TOGGLE_TEST_MODE_COMMAND } from '@/utils/commands';
import { toggleTestModeOnActiveTab } from '@/utils/hubspotTabs';
import { onBackgroundMessage } from '@/utils/messages';

export default defineBackground(() => {
  onBackgroundMessage({
    localSettingsChanged: async (snapshot, sender) => {
      if (sender.tab?.id !== undefined) await showBadge(sender.tab.id, badgeForFlag(snapshot.flag, snapshot.origin));
      return null;
    },
  });
  browser.commands.onCommand.addListener((command) => {
    if (command === TOGGLE_TEST_MODE_COMMAND.name) void toggleTestModeOnActiveTab();
  });
});
