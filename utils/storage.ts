/** Every item the extension stores. Nothing else calls the storage API directly. */
import { storage } from 'wxt/utils/storage';

export interface Preferences {
  /** HubSpot reads the flag when the page loads, so a change only takes effect after a reload. */
  reloadAfterChange: boolean;
}

export const preferencesItem = storage.defineItem<Preferences>('local:preferences', {
  fallback: { reloadAfterChange: true },
  version: 1,
});
