import { useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { activeProfile } from '@/utils/profiles/appProfiles';
import { checkCallingAppForm, CALLING_APP_FIELDS, type CallingAppSettings } from '@/utils/hubspotApi/callingAppFields';
import { useCallingAppStore, RECORDING_URL_WORDS } from '@/utils/stores/callingAppStore';
import { useProfilesStore } from '@/utils/stores/profilesStore';
import { checkHttpsUrl } from '@/utils/webhook/webhookUrl';
import { ActionButton } from '../platform/ActionButton';
import { PanelStatus, RemoteCard } from './RemoteCard';
import { Confirmation } from '../platform/Confirmation';
import { Field } from '../platform/Field';
import { submitThenFocusFirstInvalid } from '../platform/submitThenFocusFirstInvalid';
import { CallingAppFieldset } from './CallingAppFieldset';

const SHOWN_FIELDS: readonly (keyof CallingAppSettings)[] = [...CALLING_APP_FIELDS, 'createdAt', 'updatedAt'];

/** The calling app's registration with HubSpot: its settings and where HubSpot fetches its recordings. */
export function CallingAppPanel() {
  const profile = useProfilesStore((state) => activeProfile(state));
  const state = useCallingAppStore(
    useShallow(({ remote, form, errors, recordingUrl, recordingError, busy, message, confirming }) => ({
      remote,
      form,
      errors,
      recordingUrl,
      recordingError,
      busy,
      message,
      confirming,
    })),
  );
  const store = useCallingAppStore.getState();
  const saveButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  if (!profile) return null;
  const { remote, form, errors, busy, message, confirming } = state;
  const settings = remote.status === 'loaded' ? remote.settings : undefined;
  const recording = remote.status === 'loaded' ? remote.recording : undefined;
  const appName = `“${profile.appDisplayName}” (app ${profile.appId})`;
  const check = checkCallingAppForm(form, CALLING_APP_FIELDS);
  const recordingCheck = state.recordingUrl ? checkHttpsUrl(state.recordingUrl, RECORDING_URL_WORDS) : null;
  // The confirmation closes, and a deleted app's Delete button with it: focus goes back to the form's own button.
  const confirm = () => void store.confirm().then(() => saveButton.current?.focus());
  const closeConfirmation = () => {
    const opener = confirming?.kind === 'delete' ? deleteButton : saveButton;
    store.cancelConfirmation();
    opener.current?.focus();
  };

  return (
    <section aria-labelledby="calling-app-heading" className="panel">
      <h2 id="calling-app-heading">Calling app</h2>
      <p className="muted">
        Profile <strong>{profile.label}</strong> · {appName} · {new URL(profile.apiBaseUrl).host}. What HubSpot shows users who
        call with the app, and where it fetches call recordings.
      </p>

      <RemoteCard
        title="Registered settings"
        refreshLabel="Refresh calling app settings"
        state={remote.status}
        error={remote.status === 'error' ? remote.message : null}
        onRefresh={() => void store.refresh()}
        testId="calling-app-settings"
      >
        {settings === null && <p>Not registered: HubSpot has no calling app settings for this app.</p>}
        {settings && (
          <dl className="settings">
            {SHOWN_FIELDS.map((field) => (
              <div key={field} className="setting">
                <dt>{field}</dt>
                <dd data-testid={`calling-app-${field}`}>{String(settings[field])}</dd>
              </div>
            ))}
          </dl>
        )}
      </RemoteCard>

      {remote.status === 'loaded' && (
        <form
          className="card"
          aria-label={settings ? 'Edit the calling app settings' : 'Register calling app settings'}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (busy === null) void submitThenFocusFirstInvalid(event.currentTarget, store.save);
          }}
        >
          <h3>{settings ? 'Edit' : 'Register'}</h3>
          <CallingAppFieldset form={form} errors={errors} warnings={check.warnings} onChange={store.updateForm} flags="required" />
          <p className="warning">
            isReady=true releases {appName}: HubSpot then offers it to every user of the app, not only for testing. Saving it
            asks first.
          </p>
          <div className="actions">
            <ActionButton ref={saveButton} type="submit" unavailable={busy !== null}>
              {settings ? 'Save calling app changes' : 'Register calling app'}
            </ActionButton>
            {settings && (
              <ActionButton ref={deleteButton} className="secondary danger" unavailable={busy !== null} onClick={store.askDelete}>
                Delete calling app settings…
              </ActionButton>
            )}
          </div>
          {confirming?.kind === 'release' && (
            <Confirmation confirmLabel={`Release ${profile.appDisplayName}`} onConfirm={confirm} onCancel={closeConfirmation}>
              Release {appName}? With isReady=true HubSpot offers the calling app to every user of it, not only to testers.
            </Confirmation>
          )}
          {confirming?.kind === 'delete' && (
            <Confirmation confirmLabel={`Delete the calling app settings of ${profile.appDisplayName}`} onConfirm={confirm} onCancel={closeConfirmation}>
              Delete the calling app settings of {appName}? HubSpot stops offering the app for calling until it is registered again.
            </Confirmation>
          )}
        </form>
      )}

      {remote.status === 'loaded' && (
        <form
          className="card"
          aria-label="Recording settings"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (busy === null) void submitThenFocusFirstInvalid(event.currentTarget, store.saveRecording);
          }}
        >
          <h3>Recording settings</h3>
          <p data-testid="recording-settings">
            {recording ? (
              <>
                HubSpot fetches authenticated recordings from <code>{recording.urlToRetrieveAuthedRecording}</code>.
              </>
            ) : (
              'Not registered: HubSpot has no recording URL for this app.'
            )}
          </p>
          <Field
            label="urlToRetrieveAuthedRecording"
            error={state.recordingError}
            warning={recordingCheck?.ok ? recordingCheck.warning : null}
            hint="HubSpot documents no way to delete it: change it here instead."
          >
            {(props) => (
              <input
                {...props}
                type="url"
                placeholder={RECORDING_URL_WORDS.example}
                value={state.recordingUrl}
                onChange={(event) => store.updateRecordingUrl(event.target.value)}
              />
            )}
          </Field>
          <div className="actions">
            <ActionButton type="submit" unavailable={busy !== null}>
              {recording ? 'Save recording URL' : 'Register recording URL'}
            </ActionButton>
          </div>
        </form>
      )}

      <PanelStatus busy={busy} message={message} testId="calling-app-message" />
    </section>
  );
}
