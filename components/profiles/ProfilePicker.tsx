import type { PopupProfile } from '@/utils/stores/popupStore';

interface Props {
  profiles: PopupProfile[];
  active: PopupProfile | null;
  onSelect: (id: string) => void;
  onSetUp: () => void;
}

const describe = (profile: PopupProfile) => `${profile.label} · app ${profile.appId}`;

/** Whose app the popup reports on, and the way to another profile. */
export function ProfilePicker({ profiles, active, onSelect, onSetUp }: Props) {
  if (profiles.length === 0) {
    return (
      <p>
        No app profile yet.{' '}
        <button type="button" className="link" onClick={onSetUp}>
          Set one up
        </button>{' '}
        to see your app's isReady status.
      </p>
    );
  }
  if (profiles.length === 1 && active) {
    return (
      <p className="profile-row" data-testid="active-profile">
        <span className="muted">Profile</span>{' '}
        <span className="one-line" title={describe(active)}>
          {describe(active)}
        </span>
      </p>
    );
  }
  return (
    <div className="profile-row">
      <label htmlFor="active-profile" className="muted">
        Profile
      </label>
      <select id="active-profile" data-testid="active-profile" value={active?.id ?? ''} onChange={(event) => onSelect(event.target.value)}>
        {!active && (
          <option value="" disabled>
            Choose a profile
          </option>
        )}
        {profiles.map((profile) => (
          <option key={profile.id} value={profile.id}>
            {describe(profile)}
          </option>
        ))}
      </select>
    </div>
  );
}
