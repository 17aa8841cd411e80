/**
 * The options page's request log: every exchange with HubSpot's settings API, newest first. It is stored, so it
 * outlives the page, and every options page shows the same log.
 */
import { create } from 'zustand';
import type { ApiResult } from '../hubspotApi/channelConnectionApi';
import type { RequestLogEntry } from '../hubspotApi/requestLog';
import { logEntryOf, withEntries, withEntry, type LoggedProfile } from '../hubspotApi/requestLogEntry';
import { changeRequestLog, requestLogItem } from '../platform/storage';

export interface RequestLogState {
  /** The stored log with this page's unsaved entries in their places. */
  entries: RequestLogEntry[];
  /** The log as last read from storage or written by this page. */
  stored: RequestLogEntry[];
  /** Recorded on this page and not stored yet; when a write failed, they go with the next one. */
  unsaved: RequestLogEntry[];
  /** Why the log could not be read or saved, until a write succeeds. */
  storageProblem: string | null;
  /** Reads the stored log and follows it; returns the function that stops following. */
  watch(): () => void;
  /** Logs one exchange under the name of the operation that made it, as the user knows it, and stores it. */
  record(operation: string, result: ApiResult<unknown>, profile: LoggedProfile): Promise<void>;
  /** Empties the log, in every options page. */
  clear(): Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useRequestLogStore = create<RequestLogState>()((set, get) => {
  const show = (change: Partial<Pick<RequestLogState, 'stored' | 'unsaved'>>) => {
    const { stored, unsaved } = { ...get(), ...change };
    set({ stored, unsaved, entries: withEntries(stored, unsaved) });
  };

  let writes = Promise.resolve();
  /**
   * Writes of this page not finished yet. While there are any, the watch is not shown: it may bring an older write of
   * this page back after a newer one was shown. What is stored is read once they are done.
   */
  let writing = 0;
  /**
   * Writes the entries unsaved now over `base` of the log as stored when the write runs, not as this page last saw
   * it: an entry another page added meanwhile stays, and the pages' writes never interleave (a lock spans them). This
   * page's writes run in order, so an entry recorded after a clear is written after it.
   */
  const save = (base: (stored: RequestLogEntry[]) => RequestLogEntry[]): Promise<void> => {
    const saving = get().unsaved;
    writing++;
    writes = writes.then(async () => {
      try {
        const stored = await changeRequestLog((current) => withEntries(base(current), saving));
        show({ stored, unsaved: get().unsaved.filter((entry) => !saving.includes(entry)) });
        set({ storageProblem: null });
      } catch (error) {
        set({ storageProblem: `The log could not be saved (${messageOf(error)}): entries shown here may be gone after a reload.` });
      }
      if (--writing === 0) show({ stored: await requestLogItem.getValue() });
    });
    return writes;
  };

  return {
    entries: [],
    stored: [],
    unsaved: [],
    storageProblem: null,

    watch() {
      let changes = 0;
      const stop = requestLogItem.watch((stored) => {
        changes++;
        if (writing === 0) show({ stored });
      });
      const before = changes;
      requestLogItem.getValue().then(
        (stored) => {
          // A change heard while reading is newer than what the read found.
          if (changes === before) show({ stored });
        },
        (error: unknown) => set({ storageProblem: `The stored log could not be read (${messageOf(error)}).` }),
      );
      return stop;
    },

    record(operation, result, profile) {
      show({ unsaved: withEntry(get().unsaved, logEntryOf(crypto.randomUUID(), operation, result, profile)) });
      return save((stored) => stored);
    },

    clear() {
      show({ stored: [], unsaved: [] });
      return save(() => []);
    },
  };
});
