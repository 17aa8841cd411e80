import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CALLING_EXTENSIONS_KEY, describeFlag, SUPPORTS_CHANNEL_CONNECTION_KEY, flagState } from '@/utils/flag/channelConnectionFlag';
import { OVERRIDE_REQUIRED } from '@/utils/flag/callingOverride';
import { checkCallingAppForm } from '@/utils/hubspotApi/callingAppFields';
import { activeProfile } from '@/utils/profiles/appProfiles';
import { HUBSPOT_API_BASE_URLS } from '@/utils/platform/hubspotOrigins';
import { tabIdOf } from '@/utils/platform/optionsSections';
import { useCallingAppStore } from '@/utils/stores/callingAppStore';
import { settingsOf, useLocalOverridesStore, type OverrideSource } from '@/utils/stores/localOverridesStore';
import { useProfilesStore } from '@/utils/stores/profilesStore';
import { CallingAppFieldset } from '../hubspotApi/CallingAppFieldset';
import { ActionButton } from '../platform/ActionButton';
import { submitThenFocusFirstInvalid } from '../platform/submitThenFocusFirstInvalid';
import { HubSpotTabChoice } from './HubSpotTabChoice';
import { OtherLocalSettings } from './OtherLocalSettings';
import { RetiredSetting } from './RetiredSetting';
import { TestSwitches } from './TestSwitches';

const SOURCE_WORDS: Record<OverrideSource, string> = {
  tab: "The form shows the override this tab's origin holds now.",
  'calling-app': "This tab's origin holds no override: the form starts from the calling app settings HubSpot has for the active profile.",
  blank: "This tab's origin holds no override.",
};

/** The calling test switches of a chosen HubSpot tab, and the CallingExtensions override as a form. */
export function LocalOverridesPanel() {
  const profile = useProfilesStore((state) => activeProfile(state));
  const { tabs, tabId, report, readProblem, pending, notice, override } = useLocalOverridesStore(
    useShallow(({ tabs, tabId, report, readProblem, pending, notice, override }) => ({ tabs, tabId, report, readProblem, pending, notice, override })),
  );
  const store = useLocalOverridesStore.getState();
  const open = useLocalOverridesStore((state) => state.open);
  const offerRegistered = useLocalOverridesStore((state) => state.offerRegistered);
  const registered = useCallingAppStore((state) => (state.remote.status === 'loaded' ? state.remote.settings : null));
  useEffect(() => open(tabIdOf(location.search)), [open]);
  useEffect(() => offerRegistered(registered), [offerRegistered, registered]);
  const settings = settingsOf(report);
  const flag = report?.observation.flag ?? null;
  const storedOverride = settings.some((setting) => setting.key === CALLING_EXTENSIONS_KEY);
  const warnings = checkCallingAppForm(override.form, OVERRIDE_REQUIRED).warnings;
  const busy = pending !== null;

  return (
    <section aria-labelledby="local-overrides-heading" className="panel">
      <h2 id="local-overrides-heading">Local overrides</h2>
      <p className="muted">
        The calling settings HubSpot reads from one browser's localStorage, on a HubSpot tab you choose. A change reloads the tab
        when the popup's preference says so, because HubSpot reads them on load.
      </p>
      <div className="card">
        <div className="actions">
          <HubSpotTabChoice
            tabs={tabs}
            tabId={tabId}
            onChoose={(id) => void store.chooseTab(id)}
            onOpenHubSpot={() => void store.openHubSpot(profile?.apiBaseUrl ?? HUBSPOT_API_BASE_URLS.production)}
          />
        </div>
        {readProblem && (
          <p className="field-error" role="alert">
            {readProblem}
          </p>
        )}
      </div>

      {report && (
        <div className="card" data-testid="local-overrides">
          <div className="actions spread">
            <div>
              <h3>Test mode</h3>
              <p className="muted">
                <code title={SUPPORTS_CHANNEL_CONNECTION_KEY}>supportsChannelConnection</code> ={' '}
                <code data-testid="override-flag-value">{flag === null ? 'not set' : JSON.stringify(flag)}</code> · {describeFlag(flag)}
              </p>
            </div>
            <ActionButton unavailable={busy} onClick={() => void store.setTestMode(flagState(flag) !== 'on')}>
              {flagState(flag) === 'on' ? 'Turn test mode off' : 'Turn test mode on'}
            </ActionButton>
          </div>
          <TestSwitches settings={settings} pendingKey={pending} onChange={(key, value) => void store.setSwitch(key, value)} open />
          <RetiredSetting settings={settings} pending={busy} onMove={() => void store.moveRetired()} />
          <OtherLocalSettings settings={settings} pendingKey={pending} onRemove={(key) => void store.removeSetting(key)} />
        </div>
      )}

      {report && (
        <form
          className="card"
          aria-label="CallingExtensions override"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!busy) void submitThenFocusFirstInvalid(event.currentTarget, store.saveOverride);
          }}
        >
          <h3>
            CallingExtensions override <code className="muted">{CALLING_EXTENSIONS_KEY}</code>
          </h3>
          <p className="muted">
            Overrides the calling app settings in this browser only, on every tab of this origin: HubSpot loads the widget
            from this name and URL, whatever is registered. Name and widget URL are required; the others may stay unset.
          </p>
          <p className="muted" data-testid="override-source">
            {SOURCE_WORDS[override.source]}
          </p>
          {override.problem && <p className="warning">{override.problem}</p>}
          <CallingAppFieldset form={override.form} errors={override.errors} warnings={warnings} onChange={store.updateOverride} flags="optional" />
          <div className="actions">
            <ActionButton type="submit" unavailable={busy}>
              Save override
            </ActionButton>
            {storedOverride && (
              <ActionButton className="secondary" unavailable={busy} onClick={() => void store.removeOverride()}>
                Remove override
              </ActionButton>
            )}
          </div>
        </form>
      )}

      {notice && (
        <p className="notice" role="status" data-testid="overrides-notice">
          {notice}
        </p>
      )}
    </section>
  );
}
