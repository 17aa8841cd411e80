import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CHANNEL_CONNECTION_WORDS } from '@/utils/hubspotApi/channelConnectionApi';
import { activeProfile } from '@/utils/profiles/appProfiles';
import { useProfilesStore } from '@/utils/stores/profilesStore';
import { useSettingsStore } from '@/utils/stores/settingsStore';
import { checkWebhookUrl } from '@/utils/webhook/webhookUrl';
import { ActionButton } from '../platform/ActionButton';
import { PanelStatus, RemoteCard } from './RemoteCard';
import { Confirmation } from '../platform/Confirmation';
import { Field } from '../platform/Field';
import { submitThenFocusFirstInvalid } from '../platform/submitThenFocusFirstInvalid';

export function SettingsPanel() {
  const profile = useProfilesStore((state) => activeProfile(state));
  const { remote, form, busy: operation, panelMessage, confirmingDelete, matrixRunning } = useSettingsStore(
    useShallow(({ remote, form, busy, panelMessage, confirmingDelete, matrixRunning }) => ({ remote, form, busy, panelMessage, confirmingDelete, matrixRunning })),
  );
  const refreshSettings = useSettingsStore((state) => state.refreshSettings);
  const updateForm = useSettingsStore((state) => state.updateForm);
  const register = useSettingsStore((state) => state.register);
  const saveChanges = useSettingsStore((state) => state.saveChanges);
  const setIsReady = useSettingsStore((state) => state.setIsReady);
  const askDelete = useSettingsStore((state) => state.askDelete);
  const cancelDelete = useSettingsStore((state) => state.cancelDelete);
  const confirmDelete = useSettingsStore((state) => state.confirmDelete);
  const deleteButton = useRef<HTMLButtonElement>(null);
  if (!profile) return null;
  const closeConfirmation = () => {
    cancelDelete();
    deleteButton.current?.focus();
  };
  const busy = operation ?? (matrixRunning ? 'The QA matrix is running' : null);
  const settings = remote.status === 'loaded' ? remote.settings : undefined;
  const urlCheck = form.url ? checkWebhookUrl(form.url) : null;
  const warning = urlCheck?.ok ? urlCheck.warning : null;
  const appName = `“${profile.appDisplayName}” (app ${profile.appId})`;

  return (
    <section aria-labelledby="settings-heading" className="panel">
      <h2 id="settings-heading">Channel-connection settings</h2>
      <p className="muted">
        Profile <strong>{profile.label}</strong> · {appName} · {new URL(profile.apiBaseUrl).host}
      </p>

      <RemoteCard
        title="Registered webhook"
        refreshLabel="Refresh registered webhook"
        state={remote.status}
        error={remote.status === 'error' ? remote.message : null}
        onRefresh={() => void refreshSettings()}
        testId="current-settings"
      >
        {settings === null && <p>{CHANNEL_CONNECTION_WORDS.notRegistered}</p>}
        {settings && (
          <dl className="settings">
            <dt>url</dt>
            <dd>
              <code>{settings.url}</code>
            </dd>
            <dt>isReady</dt>
            <dd>
              <strong data-testid="is-ready">{String(settings.isReady)}</strong>
              {settings.isReady ? ' — released to every user of the app' : ' — only users with test mode on can select it'}
            </dd>
            <dt>createdAt</dt>
            <dd>{settings.createdAt}</dd>
            <dt>updatedAt</dt>
            <dd>{settings.updatedAt}</dd>
          </dl>
        )}
      </RemoteCard>

      {(remote.status === 'loaded' || remote.status === 'error') && (
        <form
          className="card"
          aria-label={settings ? 'Edit the webhook' : 'Register a webhook'}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (busy === null) void submitThenFocusFirstInvalid(event.currentTarget, settings ? saveChanges : register);
          }}
        >
          <h3>{settings ? 'Edit' : 'Register'}</h3>
          <Field label="Webhook URL" error={form.urlError} warning={warning}>
            {(props) => (
              <input
                {...props}
                type="url"
                placeholder="https://example.com/hubspot/channel-connection"
                value={form.url}
                onChange={(event) => updateForm({ url: event.target.value })}
              />
            )}
          </Field>
          <label className="checkbox">
            <input type="checkbox" checked={form.isReady} onChange={(event) => updateForm({ isReady: event.target.checked })} />
            isReady (offer the app to every user of it)
          </label>
          <div className="actions">
            <ActionButton type="submit" unavailable={busy !== null}>
              {settings ? 'Save changes' : 'Register webhook'}
            </ActionButton>
          </div>
        </form>
      )}

      {settings && (
        <div className="card">
          <h3>Release</h3>
          <p className="warning">
            Release sets isReady=true: HubSpot then offers {appName} as a help desk channel to every user of the app, not
            only to you. Withdraw sets it back to false.
          </p>
          <div className="actions">
            <ActionButton unavailable={busy !== null || settings.isReady} onClick={() => void setIsReady(true)}>
              Release to all users
            </ActionButton>
            <ActionButton className="secondary" unavailable={busy !== null || !settings.isReady} onClick={() => void setIsReady(false)}>
              Withdraw
            </ActionButton>
            <ActionButton ref={deleteButton} className="secondary danger" unavailable={busy !== null} onClick={askDelete}>
              Delete webhook…
            </ActionButton>
          </div>
          {confirmingDelete && (
            <Confirmation confirmLabel={`Delete the webhook of ${profile.appDisplayName}`} onConfirm={() => void confirmDelete()} onCancel={closeConfirmation}>
              Delete the channel-connection webhook of {appName}? HubSpot will stop offering the app as a help desk channel
              except to users with test mode on.
            </Confirmation>
          )}
        </div>
      )}

      <PanelStatus busy={busy} message={panelMessage} testId="panel-message" />
    </section>
  );
}
