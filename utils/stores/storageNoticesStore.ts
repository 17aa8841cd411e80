/** What was repaired in stored data, for the popup and the options page to show until the user dismisses it. */
import { create } from 'zustand';
import { dismissStorageNotices, readStorageNotices, watchStorageNotices } from '../platform/storage';

interface StorageNoticesState {
  notices: string[];
  /** Reads the notices and follows them; returns the function that stops following. */
  watch(): () => void;
  dismiss(): Promise<void>;
}

export const useStorageNoticesStore = create<StorageNoticesState>()((set) => {
  const read = () => void readStorageNotices().then((notices) => set({ notices }));
  return {
    notices: [],
    watch() {
      read();
      return watchStorageNotices(read);
    },
    async dismiss() {
      await dismissStorageNotices();
      set({ notices: [] });
    },
  };
});
