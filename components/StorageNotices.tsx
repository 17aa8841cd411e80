import { useEffect } from 'react';
import { useStorageNoticesStore } from '@/utils/storageNoticesStore';

/**
 * Says what was repaired in stored data. The popup has room for one line and a way to the details; the options page
 * lists every notice.
 */
export function StorageNotices({ onDetails }: { onDetails?: () => void }) {
  const { notices, watch, dismiss } = useStorageNoticesStore();
  // A repair made after this mounts (each read of a damaged item makes one) arrives through the watch.
  useEffect(() => watch(), [watch]);
  if (notices.length === 0) return null;
  return (
    <section className="warning" role="alert" data-testid="storage-notices">
      <p>Some stored data could not be read and was repaired{onDetails ? '.' : ':'}</p>
      {onDetails ? (
        <button type="button" onClick={onDetails}>
          Details
        </button>
      ) : (
        <>
          <ul>
            {notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
          <button type="button" onClick={() => void dismiss()}>
            Dismiss
          </button>
        </>
      )}
    </section>
  );
}
