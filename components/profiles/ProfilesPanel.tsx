import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { API_GENERATIONS } from '@/utils/profiles/profileFields';
import { maskSecret } from '@/utils/profiles/appProfiles';
import { useProfilesStore } from '@/utils/stores/profilesStore';
import { download } from '../platform/download';
import { ProfileForm } from './ProfileForm';

export function ProfilesPanel() {
  const { profiles, activeProfileId, editor, transferMessage } = useProfilesStore(
    useShallow(({ profiles, activeProfileId, editor, transferMessage }) => ({ profiles, activeProfileId, editor, transferMessage })),
  );
  const setActiveProfile = useProfilesStore((state) => state.setActiveProfile);
  const startNewProfile = useProfilesStore((state) => state.startNewProfile);
  const editProfile = useProfilesStore((state) => state.editProfile);
  const updateDraft = useProfilesStore((state) => state.updateDraft);
  const saveProfile = useProfilesStore((state) => state.saveProfile);
  const cancelEdit = useProfilesStore((state) => state.cancelEdit);
  const deleteProfile = useProfilesStore((state) => state.deleteProfile);
  const exportProfiles = useProfilesStore((state) => state.exportProfiles);
  const importProfiles = useProfilesStore((state) => state.importProfiles);
  const [includeSecrets, setIncludeSecrets] = useState(false);

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
                  <button type="button" className="secondary danger" onClick={() => void deleteProfile(profile.id)}>
                    Delete<span className="visually-hidden"> profile {profile.label}</span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
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
          existing={profiles.find((profile) => profile.id === editor.profileId) ?? null}
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
                if (file) await importProfiles(await file.text());
              }}
            />
          </label>
        </div>
        {transferMessage && (
          <p className={transferMessage.kind === 'error' ? 'field-error' : 'muted'} role={transferMessage.kind === 'error' ? 'alert' : 'status'}>
            {transferMessage.text}
          </p>
        )}
      </div>
    </section>
  );
}
