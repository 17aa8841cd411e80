import { useEffect } from 'react';
import { MatrixPanel } from '@/components/matrix/MatrixPanel';
import { ProfilesPanel } from '@/components/profiles/ProfilesPanel';
import { RequestLog } from '@/components/hubspotApi/RequestLog';
import { SettingsPanel } from '@/components/hubspotApi/SettingsPanel';
import { WebhookTester } from '@/components/webhook/WebhookTester';
import { StorageNotices } from '@/components/platform/StorageNotices';
import { SectionAnchor, SectionNav } from '@/components/platform/SectionNav';
import { useProfilesStore } from '@/utils/stores/profilesStore';

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
          <SectionAnchor id="profiles">
            <ProfilesPanel />
          </SectionAnchor>
          <SectionAnchor id="channel-connection">
            <SettingsPanel />
          </SectionAnchor>
          <SectionAnchor id="webhook-tester">
            <WebhookTester />
          </SectionAnchor>
          <SectionAnchor id="qa-matrix">
            <MatrixPanel />
          </SectionAnchor>
          <SectionAnchor id="request-log">
            <RequestLog />
          </SectionAnchor>
        </>
      )}
    </main>
  );
}
