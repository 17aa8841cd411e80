import { useEffect } from 'react';
import { HubSpotTabList } from '@/components/popup/HubSpotTabList';
import { OtherLocalSettings } from '@/components/popup/OtherLocalSettings';
import { TabErrorNotice } from '@/components/popup/TabErrorNotice';
import { TestModeSwitch } from '@/components/popup/TestModeSwitch';
import { usePopupStore } from '@/utils/popupStore';

export function App() {
  const store = usePopupStore();
  const { target, settings, pending, notice, otherTabs, preferences } = store;

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

      {target.kind === 'loading' && <p className="muted">Reading the tab…</p>}
      {target.kind === 'closed' && (
        <section className="card error" role="alert">
          <p>{target.message}</p>
        </section>
      )}
      {target.kind === 'not-hubspot' && <HubSpotTabList tabs={target.hubspotTabs} onSelect={store.goToTab} />}

      {target.kind === 'hubspot' && (
        <>
          {settings === null && <p className="muted">Reading the tab's local settings…</p>}
          {settings && !settings.ok && (
            <TabErrorNotice error={settings.error} onReload={store.reloadTab} onRetry={store.refresh} />
          )}
          {settings?.ok && (
            <>
              <TestModeSwitch flag={settings.value.flag} busy={pending !== null} onToggle={store.toggleFlag} />
              {notice && (
                <p className="notice" role="status">
                  {notice}
                </p>
              )}
              <section className="card">
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={preferences.reloadAfterChange}
                    onChange={(event) => void store.setReloadAfterChange(event.target.checked)}
                  />
                  Reload the tab after a change (HubSpot reads these settings on load)
                </label>
                <p className="muted" data-testid="other-tabs">
                  {otherTabs.length === 0
                    ? `No other tab is open on ${new URL(target.tab.origin).host}.`
                    : `${otherTabs.length} other tab${otherTabs.length === 1 ? '' : 's'} on ${new URL(target.tab.origin).host} share${otherTabs.length === 1 ? 's' : ''} this setting and read${otherTabs.length === 1 ? 's' : ''} it only on load.`}
                </p>
                {otherTabs.length > 0 && (
                  <button type="button" className="secondary" onClick={() => void store.reloadOtherTabs()}>
                    Reload {otherTabs.length === 1 ? 'the other tab' : `the ${otherTabs.length} other tabs`}
                  </button>
                )}
              </section>
              <OtherLocalSettings
                settings={settings.value.otherSettings}
                pendingKey={pending}
                onRemove={(key) => void store.removeSetting(key)}
              />
            </>
          )}
        </>
      )}
    </main>
  );
}
