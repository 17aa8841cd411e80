import { useEffect } from 'react';
import { useStorageNoticesStore } from '@/utils/stores/storageNoticesStore';

/** Every repair made in stored data, until the user dismisses them. */
export function StorageNotices() {
  const notices = useStorageNoticesStore((state) => state.notices);
  const watch = useStorageNoticesStore((state) => state.watch);
  const dismiss = useStorageNoticesStore((state) => state.dismiss);
  // A repair made after this mounts (each read of a damaged item makes one) arrives through the watch.
  useEffect(() => watch(), [watch]);
  if (notices.length === 0) return null;
  return (
    <section className="warning" role="alert" data-testid="storage-notices">
      <p>Some stored data could not be read and was repaired:</p>
      <ul>
        {notices.map((notice) => (
          <li key={notice}>{notice}</li>
        ))}
      </ul>
      <button type="button" onClick={() => void dismiss()}>
        Dismiss
      </button>
    </section>
  );
}
