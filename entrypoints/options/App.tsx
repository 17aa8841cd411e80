import { useEffect } from 'react';
import { MatrixPanel } from '@/components/options/MatrixPanel';
import { ProfilesPanel } from '@/components/options/ProfilesPanel';
import { RequestLog } from '@/components/options/RequestLog';
import { SettingsPanel } from '@/components/options/SettingsPanel';
import { WebhookTester } from '@/components/options/WebhookTester';
import { StorageNotices } from '@/components/options/StorageNotices';
import { useOptionsStore } from '@/utils/optionsStore';

export function App() {
  const loaded = useOptionsStore((state) => state.loaded);
  useEffect(() => {
    void useOptionsStore.getState().load();
  }, []);
  return (
    <main className="options">
      <h1>Channel Connection Tester</h1>
      {!loaded ? (
        <p className="muted">Loading…</p>
      ) : (
        <>
          <StorageNotices />
          <ProfilesPanel />
          <SettingsPanel />
          <WebhookTester />
          <MatrixPanel />
          <RequestLog />
        </>
      )}
    </main>
  );
}
