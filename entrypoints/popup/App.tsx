import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { browser } from 'wxt/browser';
import { AppCard } from '@/components/profiles/AppCard';
import { Availability } from '@/components/providers/Availability';
import { HubSpotTabList } from '@/components/tabs/HubSpotTabList';
import { OtherLocalSettings } from '@/components/tabs/OtherLocalSettings';
import { ReloadOptions } from '@/components/tabs/ReloadOptions';
import { StorageNoticeLine } from '@/components/platform/StorageNoticeLine';
import { withdrawnHostsWords } from '@/utils/platform/hostPermission';
import { TabErrorNotice } from '@/components/tabs/TabErrorNotice';
import { TestModeCard } from '@/components/tabs/TestModeCard';
import { TestSwitches } from '@/components/tabs/TestSwitches';
import { RetiredSetting } from '@/components/tabs/RetiredSetting';
import { usePopupStore } from '@/utils/stores/popupStore';
import { optionsPath, type OptionsSection } from '@/utils/platform/optionsSections';

const openOptions = () => void browser.runtime.openOptionsPage();
/** A section of the options page, in a tab of its own: the browser's options page cannot be opened at a fragment. */
const openOptionsAt = (section: OptionsSection, tabId?: number) => void browser.tabs.create({ url: browser.runtime.getURL(optionsPath(section, tabId)) });

/** The popup is in the way of the page the user now points on, and a click there would close it anyway. */
async function pointAt() {
  if (await usePopupStore.getState().pointAt()) window.close();
}

export function App() {
  const { target, tabState, pending, notice, otherTabs, preferences, shortcut, profile, profiles, isReady, isReadyRefreshing, testModeRequested } =
    usePopupStore(
      useShallow(({ target, tabState, pending, notice, otherTabs, preferences, shortcut, profile, profiles, isReady, isReadyRefreshing, testModeRequested }) => ({
        target,
        tabState,
        pending,
        notice,
        otherTabs,
        preferences,
        shortcut,
        profile,
        profiles,
        isReady,
        isReadyRefreshing,
        testModeRequested,
      })),
    );
  const withdrawnHosts = usePopupStore((state) => state.withdrawnHosts);
  // Actions never change: read once, they cause no render.
  const store = usePopupStore.getState();
  const report = tabState?.ok ? tabState.value : null;

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

  const appCard = (onHubSpotTab: boolean) => (
    <AppCard
      profiles={profiles}
      profile={profile}
      isReady={isReady}
      refreshing={isReadyRefreshing}
      onRefresh={() => void store.refreshIsReady()}
      onSelectProfile={(id) => void store.selectProfile(id)}
      onSetUp={() => openOptionsAt('profiles')}
      availability={
        onHubSpotTab &&
        profile && <Availability profile={profile} profiles={profiles} report={report} onPointAt={() => void pointAt()} pointing={pending === 'point'} />
      }
    />
  );

  // What became of the last change stays in view when the tab it was made on has closed or left HubSpot.
  const noticeLine = notice && (
    <p className="notice" role="status">
      {notice}
    </p>
  );

  return (
    <main className="popup">
      <header className="status-line">
        {/* On a HubSpot tab the tab's origin takes the line; screen readers still get the name. */}
        <h1 className={target.kind === 'hubspot' ? 'visually-hidden' : undefined}>Channel Connection Tester</h1>
        {target.kind === 'hubspot' && (
          <p className="one-line" data-testid="tab-origin" title={target.tab.url}>
            {new URL(target.tab.origin).host}
            {' · '}
            {target.tab.portalId ? `portal ${target.tab.portalId}` : 'no portal id in the URL'}
          </p>
        )}
        <button type="button" className="link" onClick={openOptions}>
          Options
        </button>
      </header>
      <StorageNoticeLine onDetails={openOptions} />
      {withdrawnHosts.length > 0 && (
        <section className="warning" role="alert" data-testid="withdrawn-hosts">
          <p>{withdrawnHostsWords(withdrawnHosts)}</p>
          <button type="button" className="small" onClick={() => void store.grantHostsAgain()}>
            Grant access again
          </button>
        </section>
      )}

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
          {appCard(false)}
        </>
      )}

      {target.kind === 'hubspot' && (
        <>
          {tabState === null && <p className="muted">Reading the tab's local settings…</p>}
          {tabState && !tabState.ok && (
            <TabErrorNotice error={tabState.error} onReload={store.reloadTab} onRetry={store.refresh} />
          )}
          {report && (
            <>
              <TestModeCard
                flag={report.observation.flag}
                requested={testModeRequested}
                disabled={pending !== null && pending !== 'flag'}
                onToggle={store.toggleFlag}
                onReloadTab={preferences.reloadAfterChange ? null : () => void store.reloadTab()}
                reloadOptions={
                  <ReloadOptions
                    host={new URL(target.tab.origin).host}
                    otherTabs={otherTabs}
                    reloadAfterChange={preferences.reloadAfterChange}
                    onReloadAfterChange={(value) => void store.setReloadAfterChange(value)}
                    onReloadOtherTabs={() => void store.reloadOtherTabs()}
                  />
                }
              />
              {noticeLine}
              {appCard(true)}
              <RetiredSetting settings={report.observation.otherSettings} pending={pending !== null} onMove={() => void store.moveRetiredSetting()} />
              <TestSwitches
                settings={report.observation.otherSettings}
                pendingKey={pending}
                onChange={(key, value) => void store.setTestSwitch(key, value)}
                onEditOverride={() => openOptionsAt('local-overrides', target.tab.id)}
              />
              <OtherLocalSettings
                settings={report.observation.otherSettings}
                pendingKey={pending}
                onRemove={(key) => void store.removeSetting(key)}
              />
            </>
          )}
        </>
      )}

      <footer className="muted" data-testid="shortcut">
        {shortcut ? `Shortcut: ${shortcut} toggles test mode on the active HubSpot tab.` : 'No keyboard shortcut is set for test mode.'}
      </footer>
    </main>
  );
}
