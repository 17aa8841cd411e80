/** The options page's app profiles: the stored ones and the active one, the profile editor, export and import. */
import { create } from 'zustand';
import { activate, type AppProfile, type ProfilesState } from '../profiles/appProfiles';
import { checkImportFileSize, draftOf, EMPTY_DRAFT, exportProfiles, importProfiles, validateDraft, type FieldErrors, type ProfileDraft } from '../profiles/profileEditing';
import { changedFields, deleteFrom, importInto, importMessage, restoreInto, saveInto, type Removed, type SaveOutcome } from '../profiles/profileChanges';
import { changeProfiles, forgetIsReadyStatus, profilesItem, writeFailure } from '../platform/storage';
import { ensureHostPermission } from '../platform/hostPermission';

/** `base`: the profile as stored when the editor opened it, which a save must still find stored to replace it. */
export type Editor =
  | { mode: 'closed' }
  | { mode: 'new' | 'edit'; profileId: string | null; base: AppProfile | null; draft: ProfileDraft; errors: FieldErrors; message: string | null };

export interface Message {
  kind: 'error' | 'info';
  text: string;
}

/**
 * What happened to the profiles, told to whatever shows the active profile's data (the settings panel), which decides
 * what to show. `saved` names the profile saved, active or not.
 */
export type ProfilesChange =
  | { kind: 'loaded' }
  | { kind: 'switched' }
  | { kind: 'saved'; profileId: string }
  | { kind: 'deleted' }
  | { kind: 'imported' };

export type ProfilesFollower = (change: ProfilesChange) => Promise<void>;

export interface ProfilesStoreState extends ProfilesState {
  loaded: boolean;
  editor: Editor;
  /** The profile whose deletion waits for the user's yes. */
  confirmingDelete: string | null;
  /** The last deletion, which the user may undo while this page is open. */
  deleted: Removed | null;
  listMessage: Message | null;
  transferMessage: Message | null;
  load(): Promise<void>;
  /**
   * Tells `follower` every change from now on, and the action that made a change ends only once the follower has
   * followed it: a caller that awaits `saveProfile()` finds the new profile's settings read. Returns the function that
   * stops telling.
   */
  follow(follower: ProfilesFollower): () => void;
  startNewProfile(): void;
  editProfile(id: string): void;
  updateDraft(patch: Partial<ProfileDraft>): void;
  cancelEdit(): void;
  saveProfile(): Promise<void>;
  askDelete(id: string): void;
  cancelDelete(): void;
  confirmDelete(): Promise<void>;
  undoDelete(): Promise<void>;
  setActiveProfile(id: string): Promise<void>;
  exportProfiles(includeSecrets: boolean): string;
  importFile(file: Blob): Promise<void>;
}

export const useProfilesStore = create<ProfilesStoreState>()((set, get) => {
  const followers = new Set<ProfilesFollower>();
  /** The state this page wrote last: its own write coming back through the watch is not news. */
  let written = '';

  const tell = async (change: ProfilesChange) => {
    await Promise.all([...followers].map((follower) => follower(change)));
  };

  /**
   * Applies one change to the profiles as stored now and shows what was stored; on a refused write, shows nothing
   * new and returns the words for where the user acted.
   */
  const change = async <T>(apply: (stored: ProfilesState) => { state?: ProfilesState; result: T }) => {
    try {
      const { state, result } = await changeProfiles((stored) => {
        const applied = apply(stored);
        // Known before the write, as the watch may bring the write back before it resolves.
        if (applied.state) written = JSON.stringify(applied.state);
        return applied;
      });
      set({ profiles: state.profiles, activeProfileId: state.activeProfileId });
      return { ok: true as const, result };
    } catch (error) {
      return { ok: false as const, message: writeFailure(error) };
    }
  };

  /** Another page (or the popup) changed the profiles: show them, and tell the followers what concerns them. */
  const follow = (stored: ProfilesState) => {
    if (JSON.stringify(stored) === written) return;
    const { activeProfileId } = get();
    const before = get().profiles.find((profile) => profile.id === activeProfileId);
    const after = stored.profiles.find((profile) => profile.id === stored.activeProfileId);
    set({ profiles: stored.profiles, activeProfileId: stored.activeProfileId });
    if (stored.profiles.length === 0 && get().editor.mode === 'closed') set({ editor: newEditor() });
    if (stored.activeProfileId !== activeProfileId) void tell({ kind: 'switched' });
    else if (after && (!before || changedFields(before, after).length > 0)) void tell({ kind: 'saved', profileId: after.id });
  };

  const closeEditorOn = (id: string) => {
    const { editor } = get();
    if (editor.mode === 'edit' && editor.profileId === id) set({ editor: get().profiles.length === 0 ? newEditor() : { mode: 'closed' } });
  };

  return {
    profiles: [],
    activeProfileId: null,
    loaded: false,
    editor: { mode: 'closed' },
    confirmingDelete: null,
    deleted: null,
    listMessage: null,
    transferMessage: null,

    async load() {
      const state = await profilesItem.getValue();
      written = JSON.stringify(state);
      set({ ...state, loaded: true, editor: state.profiles.length === 0 ? newEditor() : { mode: 'closed' } });
      profilesItem.watch(follow);
      await tell({ kind: 'loaded' });
    },

    follow(follower) {
      followers.add(follower);
      return () => followers.delete(follower);
    },

    startNewProfile() {
      set({ editor: newEditor() });
    },

    editProfile(id) {
      const existing = get().profiles.find((candidate) => candidate.id === id);
      if (existing) set({ editor: { mode: 'edit', profileId: id, base: existing, draft: draftOf(existing), errors: {}, message: null } });
    },

    updateDraft(patch) {
      const { editor } = get();
      if (editor.mode === 'closed') return;
      const cleared = Object.fromEntries(Object.keys(patch).map((field) => [field, undefined]));
      set({ editor: { ...editor, draft: { ...editor.draft, ...patch }, errors: { ...editor.errors, ...cleared } } });
    },

    cancelEdit() {
      set({ editor: { mode: 'closed' } });
    },

    async saveProfile() {
      const { editor } = get();
      if (editor.mode === 'closed') return;
      const check = validateDraft(editor.draft, editor.base, () => crypto.randomUUID(), { isValidSelector });
      if (!check.ok) {
        set({ editor: { ...editor, errors: check.errors, message: 'Fix the fields marked below; nothing was saved.' } });
        return;
      }
      const granted = await ensureHostPermission(check.profile.apiBaseUrl, 'so the profile was not saved');
      if (!granted.ok) {
        set({ editor: { ...editor, errors: { apiBaseUrl: granted.message }, message: null } });
        return;
      }
      const saved = await change<SaveOutcome>((stored) => {
        const outcome = saveInto(stored, check.profile, editor.base);
        return outcome.ok ? { state: outcome.state, result: outcome } : { result: outcome };
      });
      // The user may have typed on while the save ran: what they typed stays.
      const typed = get().editor;
      if (typed.mode === 'closed') return;
      if (!saved.ok) {
        set({ editor: { ...typed, message: `Nothing was saved: ${saved.message}.` } });
        return;
      }
      const outcome = saved.result;
      if (!outcome.ok) {
        set({
          editor:
            outcome.conflict === 'changed'
              ? {
                  ...typed,
                  base: outcome.current,
                  message: `Another window changed this profile's ${outcome.fields.join(', ')} since you opened it, so nothing was saved. Your edits are still here: save again to replace that version, or cancel to keep it.`,
                }
              : {
                  ...typed,
                  mode: 'new',
                  profileId: null,
                  base: null,
                  message: 'This profile was deleted in another window since you opened it, so nothing was saved. Your edits are still here: save to add them as a new profile.',
                },
        });
        return;
      }
      set({ editor: { mode: 'closed' }, listMessage: null });
      await tell({ kind: 'saved', profileId: check.profile.id });
    },

    askDelete(id) {
      set({ confirmingDelete: id, listMessage: null });
    },

    cancelDelete() {
      set({ confirmingDelete: null });
    },

    async confirmDelete() {
      const id = get().confirmingDelete;
      if (id === null) return;
      set({ confirmingDelete: null });
      const label = get().profiles.find((profile) => profile.id === id)?.label ?? 'the profile';
      const deleted = await change((stored) => {
        const outcome = deleteFrom(stored, id);
        return outcome ? { state: outcome.state, result: outcome.removed } : { result: null };
      });
      if (!deleted.ok) {
        set({ listMessage: { kind: 'error', text: `“${label}” was not deleted: ${deleted.message}.` } });
        return;
      }
      closeEditorOn(id);
      if (get().profiles.length === 0) set({ editor: newEditor() });
      if (!deleted.result) {
        set({ listMessage: { kind: 'info', text: `“${label}” was already deleted in another window.` } });
        return;
      }
      set({ deleted: deleted.result, listMessage: { kind: 'info', text: `Deleted “${label}”.` } });
      // Only a cache: a status the browser keeps for a while longer is never shown without its profile.
      await forgetIsReadyStatus(id).catch(() => undefined);
      await tell({ kind: 'deleted' });
    },

    async undoDelete() {
      const { deleted } = get();
      if (!deleted) return;
      const restored = await change((stored) => {
        const state = restoreInto(stored, deleted);
        return state ? { state, result: true } : { result: false };
      });
      const label = deleted.profile.label;
      if (!restored.ok) {
        set({ listMessage: { kind: 'error', text: `“${label}” was not restored: ${restored.message}.` } });
        return;
      }
      set({
        deleted: null,
        listMessage: restored.result
          ? { kind: 'info', text: `Restored “${label}”.` }
          : { kind: 'info', text: `“${label}” is stored again already (another window or an import put it back).` },
      });
      if (restored.result) await tell(deleted.wasActive ? { kind: 'switched' } : { kind: 'saved', profileId: deleted.profile.id });
    },

    async setActiveProfile(id) {
      const chosen = await change((stored) => activate(stored, id));
      if (!chosen.ok) {
        set({ listMessage: { kind: 'error', text: `The active profile did not change: ${chosen.message}.` } });
        return;
      }
      if (chosen.result) await tell({ kind: 'switched' });
    },

    exportProfiles(includeSecrets) {
      set({
        transferMessage: {
          kind: 'info',
          text: includeSecrets
            ? 'Exported with secrets: keep the file as safe as the keys themselves.'
            : 'Exported without credentials or client secrets.',
        },
      });
      return exportProfiles(get().profiles, includeSecrets);
    },

    async importFile(file) {
      const refuse = (reason: string) => set({ transferMessage: { kind: 'error', text: `Import refused, nothing changed: ${reason}` } });
      const tooBig = checkImportFileSize(file.size);
      if (tooBig) return refuse(tooBig);
      const check = importProfiles(await file.text());
      if (!check.ok) return refuse(check.reason);
      const imported = await change((stored) => {
        const { state, summary } = importInto(stored, check.profiles);
        return { state, result: summary };
      });
      if (!imported.ok) return refuse(`${capitalized(imported.message)}.`);
      set({ transferMessage: { kind: 'info', text: importMessage(imported.result) }, editor: { mode: 'closed' } });
      await tell({ kind: 'imported' });
    },
  };
});

const capitalized = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** The options page has a DOM, so the browser's own selector parser decides. */
function isValidSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

function newEditor(): Editor {
  return { mode: 'new', profileId: null, base: null, draft: { ...EMPTY_DRAFT }, errors: {}, message: null };
}
