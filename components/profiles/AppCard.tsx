import type { ReactNode } from 'react';
import type { IsReadyStatus as Status } from '@/utils/hubspotApi/isReadyStatus';
import type { PopupProfile } from '@/utils/stores/popupStore';
import { IsReadyStatus } from '../hubspotApi/IsReadyStatus';
import { ProfilePicker } from './ProfilePicker';

interface Props {
  profiles: PopupProfile[];
  profile: PopupProfile | null;
  isReady: Status | null;
  refreshing: boolean;
  onRefresh: () => void;
  onSelectProfile: (id: string) => void;
  onSetUp: () => void;
  /** What the page shows of the app, on a HubSpot tab. */
  availability?: ReactNode;
}

/** The active profile's app: which profile, its isReady status, and how the page shows it. */
export function AppCard({ profiles, profile, isReady, refreshing, onRefresh, onSelectProfile, onSetUp, availability }: Props) {
  return (
    <section className="card" aria-labelledby="app-heading">
      <h2 id="app-heading" className="visually-hidden">
        Your app
      </h2>
      <ProfilePicker profiles={profiles} active={profile} onSelect={onSelectProfile} onSetUp={onSetUp} />
      {profile && (
        <>
          <hr />
          <IsReadyStatus status={isReady} refreshing={refreshing} onRefresh={onRefresh} />
          {availability && (
            <>
              <hr />
              {availability}
            </>
          )}
        </>
      )}
    </section>
  );
}
