import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { AvailabilityCard } from '@/components/popup/AvailabilityCard';
import { IsReadyStatusCard } from '@/components/popup/IsReadyStatusCard';
import { HubSpotTabList } from '@/components/popup/HubSpotTabList';
import { OtherLocalSettings } from '@/components/popup/OtherLocalSettings';
import { ReloadSection } from '@/components/popup/ReloadSection';
import { StorageNoticeLine } from '@/components/popup/StorageNoticeLine';
import { TabErrorNotice } from '@/components/popup/TabErrorNotice';
import { TestModeSwitch } from '@/components/popup/TestModeSwitch';
import { usePopupStore } from '@/utils/popupStore';

export function App() {
  const store = usePopupStore();
  const { target, settings, pending, notice, otherTabs, preferences, shortcut } = store;
  const isReadyCard = (
    <IsReadyStatusCard
      profile={store.profile}
      status={store.isReady}
      refreshing={store.isReadyRefreshing}
      onRefresh={() => void store.refreshIsReady()}
      onSetUp={() => void browser.runtime.openOptionsPage()}
    />
  );

  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    void usePopupStore
      .getState()
      .open(window.location.search)
      .then((cleanup) => {
        if (cancelled) cleanup();
        else stop = cleanup;
      });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, []);

  // What became of the last change stays in view when the tab it was made on has closed or left HubSpot.
  const noticeLine = notice && (
    <p className="notice" role="status">
      {notice}
    </p>
  );

  return (
    <main className="popup">
      <header>
        <h1>Channel Connection Tester</h1>
        {target.kind === 'hubspot' && (
          <p className="tab-origin" data-testid="tab-origin">
            {new URL(target.tab.origin).host}
            {' · '}
            {target.tab.portalId ? `portal ${target.tab.portalId}` : 'no portal id in the URL'}
          </p>
        )}
      </header>
      <StorageNoticeLine onDetails={() => void browser.runtime.openOptionsPage()} />

      {target.kind === 'loading' && <p className="muted">Reading the tab…</p>}
      {target.kind === 'closed' && (
        <>
          <section className="card error" role="alert">
            <p>{target.message}</p>
          </section>
          {noticeLine}
        </>
      )}
      {target.kind === 'not-hubspot' && (
        <>
          {noticeLine}
          <HubSpotTabList tabs={target.hubspotTabs} onSelect={store.goToTab} />
          {isReadyCard}
        </>
      )}

      {target.kind === 'hubspot' && (
        <>
          {settings === null && <p className="muted">Reading the tab's local settings…</p>}
          {settings && !settings.ok && (
            <TabErrorNotice error={settings.error} onReload={store.reloadTab} onRetry={store.refresh} />
          )}
          {settings?.ok && (
            <>
              <TestModeSwitch
                flag={settings.value.flag}
                requested={store.testModeRequested}
                disabled={pending !== null && pending !== 'flag'}
                onToggle={store.toggleFlag}
              />
              {noticeLine}
              <ReloadSection
                host={new URL(target.tab.origin).host}
                otherTabs={otherTabs}
                reloadAfterChange={preferences.reloadAfterChange}
                onReloadAfterChange={(value) => void store.setReloadAfterChange(value)}
                onReloadOtherTabs={() => void store.reloadOtherTabs()}
              />
              {isReadyCard}
              {store.profile && (
                <AvailabilityCard profile={store.profile} report={store.report} />
              )}
              <OtherLocalSettings
                settings={settings.value.otherSettings}
                pendingKey={pending}
                onRemove={(key) => void store.removeSetting(key)}
              />
            </>
          )}
        </>
      )}

      <footer className="muted" data-testid="shortcut">
        {shortcut
          ? `Shortcut: ${shortcut} toggles test mode on the active HubSpot tab.`
          : 'No keyboard shortcut is assigned to the test mode toggle; set one in the browser\'s extension shortcuts page.'}
      </footer>
    </main>
  );
}
