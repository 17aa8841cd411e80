import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { API_GENERATIONS } from '@/utils/profiles/profileFields';
import { maskSecret } from '@/utils/profiles/appProfiles';
import { editorDrift } from '@/utils/profiles/profileChanges';
import { useProfilesStore, type Message } from '@/utils/stores/profilesStore';
import { Confirmation } from '../platform/Confirmation';
import { download } from '../platform/download';
import { ProfileForm } from './ProfileForm';

export function ProfilesPanel() {
  const { profiles, activeProfileId, editor, confirmingDelete, deleted, listMessage, transferMessage } = useProfilesStore(
    useShallow(({ profiles, activeProfileId, editor, confirmingDelete, deleted, listMessage, transferMessage }) => ({
      profiles,
      activeProfileId,
      editor,
      confirmingDelete,
      deleted,
      listMessage,
      transferMessage,
    })),
  );
  const setActiveProfile = useProfilesStore((state) => state.setActiveProfile);
  const startNewProfile = useProfilesStore((state) => state.startNewProfile);
  const editProfile = useProfilesStore((state) => state.editProfile);
  const updateDraft = useProfilesStore((state) => state.updateDraft);
  const saveProfile = useProfilesStore((state) => state.saveProfile);
  const cancelEdit = useProfilesStore((state) => state.cancelEdit);
  const askDelete = useProfilesStore((state) => state.askDelete);
  const cancelDelete = useProfilesStore((state) => state.cancelDelete);
  const confirmDelete = useProfilesStore((state) => state.confirmDelete);
  const undoDelete = useProfilesStore((state) => state.undoDelete);
  const exportProfiles = useProfilesStore((state) => state.exportProfiles);
  const importFile = useProfilesStore((state) => state.importFile);
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const deleteButtons = useRef(new Map<string, HTMLButtonElement>());
  const closeConfirmation = (id: string) => {
    cancelDelete();
    deleteButtons.current.get(id)?.focus();
  };
  const drift = editor.mode === 'edit' && editor.base ? editorDrift(editor.base, profiles) : null;

  return (
    <section aria-labelledby="profiles-heading" className="panel">
      <h2 id="profiles-heading">App profiles</h2>
      {profiles.length > 0 && (
        <fieldset className="card">
          <legend>Active profile</legend>
          <ul className="profile-list">
            {profiles.map((profile) => (
              <li key={profile.id} data-testid="profile">
                <label className="checkbox">
                  <input
                    type="radio"
                    name="active-profile"
                    checked={profile.id === activeProfileId}
                    onChange={() => void setActiveProfile(profile.id)}
                  />
                  <span>
                    <strong>{profile.label}</strong> · app {profile.appId} · {profile.appDisplayName}
                    {profile.isTestApp && (
                      <>
                        {' '}
                        <span className="tag">test app</span>
                      </>
                    )}
                    <br />
                    <span className="muted">
                      {API_GENERATIONS[profile.generation].label} · {new URL(profile.apiBaseUrl).host} ·{' '}
                      {API_GENERATIONS[profile.generation].credentialLabel.toLowerCase()} {maskSecret(profile.credential)} · client
                      secret {maskSecret(profile.clientSecret)}
                    </span>
                  </span>
                </label>
                <div className="actions">
                  <button type="button" className="secondary" onClick={() => editProfile(profile.id)}>
                    Edit<span className="visually-hidden"> {profile.label}</span>
                  </button>
                  <button
                    ref={(button) => {
                      if (button) deleteButtons.current.set(profile.id, button);
                      else deleteButtons.current.delete(profile.id);
                    }}
                    type="button"
                    className="secondary danger"
                    onClick={() => askDelete(profile.id)}
                  >
                    Delete…<span className="visually-hidden"> profile {profile.label}</span>
                  </button>
                </div>
                {confirmingDelete === profile.id && (
                  <Confirmation
                    confirmLabel={`Delete profile ${profile.label}`}
                    onConfirm={() => void confirmDelete()}
                    onCancel={() => closeConfirmation(profile.id)}
                  >
                    Delete the profile “{profile.label}”, with its credential and client secret, from this browser? Nothing
                    changes at HubSpot.
                  </Confirmation>
                )}
              </li>
            ))}
          </ul>
          {listMessage && (
            <div className="actions">
              <StatusLine message={listMessage} testId="profiles-message" />
              {deleted && (
                <button type="button" className="secondary" onClick={() => void undoDelete()}>
                  Undo<span className="visually-hidden"> deleting {deleted.profile.label}</span>
                </button>
              )}
            </div>
          )}
          {editor.mode === 'closed' && (
            <button type="button" onClick={startNewProfile}>
              New profile
            </button>
          )}
        </fieldset>
      )}

      {editor.mode !== 'closed' && (
        <ProfileForm
          draft={editor.draft}
          errors={editor.errors}
          message={editor.message}
          notice={editor.message ? null : drift}
          existing={editor.base}
          onChange={updateDraft}
          onSave={saveProfile}
          onCancel={profiles.length > 0 ? cancelEdit : null}
        />
      )}

      <div className="card transfer">
        <h3>Export and import</h3>
        <div className="actions">
          <label className="checkbox">
            <input type="checkbox" checked={includeSecrets} onChange={(event) => setIncludeSecrets(event.target.checked)} />
            Include credentials and client secrets
          </label>
          <button type="button" className="secondary" disabled={profiles.length === 0} onClick={() => download('channel-connection-tester-profiles.json', 'application/json', exportProfiles(includeSecrets))}>
            Export profiles
          </button>
          <label className="file-button">
            Import profiles
            <input
              type="file"
              accept="application/json,.json"
              onChange={async (event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) await importFile(file);
              }}
            />
          </label>
        </div>
        {transferMessage && <StatusLine message={transferMessage} testId="transfer-message" />}
      </div>
    </section>
  );
}

function StatusLine({ message, testId }: { message: Message; testId: string }) {
  return (
    <p className={message.kind === 'error' ? 'field-error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {message.text}
    </p>
  );
}
