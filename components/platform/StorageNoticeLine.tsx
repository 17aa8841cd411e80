import { useEffect } from 'react';
import { useStorageNoticesStore } from '@/utils/stores/storageNoticesStore';

/** One line for the popup: the options page lists what was repaired. */
export function StorageNoticeLine({ onDetails }: { onDetails: () => void }) {
  const repaired = useStorageNoticesStore((state) => state.notices.length > 0);
  const watch = useStorageNoticesStore((state) => state.watch);
  useEffect(() => watch(), [watch]);
  return repaired ? (
    <p className="warning" role="alert" data-testid="storage-notices">
      Some stored data could not be read and was repaired.{' '}
      <button type="button" onClick={onDetails}>
        Details
      </button>
    </p>
  ) : null;
}
