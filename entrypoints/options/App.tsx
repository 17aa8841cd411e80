import { useEffect, type ComponentType } from 'react';
import { CallingAppPanel } from '@/components/hubspotApi/CallingAppPanel';
import { LocalOverridesPanel } from '@/components/tabs/LocalOverridesPanel';
import { MatrixPanel } from '@/components/matrix/MatrixPanel';
import { ProfilesPanel } from '@/components/profiles/ProfilesPanel';
import { RequestLog } from '@/components/hubspotApi/RequestLog';
import { SettingsPanel } from '@/components/hubspotApi/SettingsPanel';
import { WebhookTester } from '@/components/webhook/WebhookTester';
import { StorageNotices } from '@/components/platform/StorageNotices';
import { SectionAnchor, SectionNav } from '@/components/platform/SectionNav';
import { OPTIONS_SECTIONS, type OptionsSection } from '@/utils/platform/optionsSections';
import { useProfilesStore } from '@/utils/stores/profilesStore';

/** Each section's panel; the page shows them in the navigation's order. */
const PANELS: Record<OptionsSection, ComponentType> = {
  profiles: ProfilesPanel,
  'channel-connection': SettingsPanel,
  'calling-app': CallingAppPanel,
  'local-overrides': LocalOverridesPanel,
  'webhook-tester': WebhookTester,
  'qa-matrix': MatrixPanel,
  'request-log': RequestLog,
};

export function App() {
  const loaded = useProfilesStore((state) => state.loaded);
  useEffect(() => {
    void useProfilesStore.getState().load();
  }, []);
  return (
    <main className="options">
      <h1>Channel Connection Tester</h1>
      {!loaded ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <SectionNav />
          <StorageNotices />
          {OPTIONS_SECTIONS.map(({ id }) => {
            const Panel = PANELS[id];
            return (
              <SectionAnchor key={id} id={id}>
                <Panel />
              </SectionAnchor>
            );
          })}
        </>
      )}
    </main>
  );
}
