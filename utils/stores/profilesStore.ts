/** The options page's app profiles: the stored ones and the active one, the profile editor, export and import. */
import { create } from 'zustand';
import {
  draftOf,
  EMPTY_DRAFT,
  exportProfiles,
  importProfiles,
  mergeProfiles,
  validateDraft,
  type FieldErrors,
  type ProfileDraft,
  type ProfilesState,
} from '../profiles/appProfiles';
import { isReadyStatusItem, profilesItem } from '../platform/storage';
import { ensureHostPermission } from '../platform/hostPermission';

export type Editor =
  | { mode: 'closed' }
  | { mode: 'new' | 'edit'; profileId: string | null; draft: ProfileDraft; errors: FieldErrors; message: string | null };

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
  deleteProfile(id: string): Promise<void>;
  setActiveProfile(id: string): Promise<void>;
  exportProfiles(includeSecrets: boolean): string;
  importProfiles(text: string): Promise<void>;
}

export const useProfilesStore = create<ProfilesStoreState>()((set, get) => {
  const followers = new Set<ProfilesFollower>();

  const tell = async (change: ProfilesChange) => {
    await Promise.all([...followers].map((follower) => follower(change)));
  };

  const saveProfiles = async (state: ProfilesState) => {
    set({ profiles: state.profiles, activeProfileId: state.activeProfileId });
    await profilesItem.setValue({ profiles: state.profiles, activeProfileId: state.activeProfileId });
  };

  return {
    profiles: [],
    activeProfileId: null,
    loaded: false,
    editor: { mode: 'closed' },
    transferMessage: null,

    async load() {
      const state = await profilesItem.getValue();
      set({ ...state, loaded: true, editor: state.profiles.length === 0 ? newEditor() : { mode: 'closed' } });
      // The popup switches the active profile too: the followers follow it, and this page's next save keeps it.
      profilesItem.watch((stored) => {
        const switched = stored.activeProfileId !== get().activeProfileId;
        set({ profiles: stored.profiles, activeProfileId: stored.activeProfileId });
        if (switched) void tell({ kind: 'switched' });
      });
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
      if (existing) set({ editor: { mode: 'edit', profileId: id, draft: draftOf(existing), errors: {}, message: null } });
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
      const { editor, profiles } = get();
      if (editor.mode === 'closed') return;
      const existing = profiles.find((candidate) => candidate.id === editor.profileId) ?? null;
      const check = validateDraft(editor.draft, existing, () => crypto.randomUUID(), { isValidSelector });
      if (!check.ok) {
        set({ editor: { ...editor, errors: check.errors, message: 'Fix the fields marked below; nothing was saved.' } });
        return;
      }
      const granted = await ensureHostPermission(check.profile.apiBaseUrl, 'so the profile was not saved');
      if (!granted.ok) {
        set({ editor: { ...editor, errors: { apiBaseUrl: granted.message }, message: null } });
        return;
      }
      const next = existing
        ? profiles.map((candidate) => (candidate.id === existing.id ? check.profile : candidate))
        : [...profiles, check.profile];
      await saveProfiles({ profiles: next, activeProfileId: get().activeProfileId ?? check.profile.id });
      set({ editor: { mode: 'closed' } });
      await tell({ kind: 'saved', profileId: check.profile.id });
    },

    async deleteProfile(id) {
      const profiles = get().profiles.filter((candidate) => candidate.id !== id);
      const activeProfileId = get().activeProfileId === id ? (profiles[0]?.id ?? null) : get().activeProfileId;
      await saveProfiles({ profiles, activeProfileId });
      const statuses = { ...(await isReadyStatusItem.getValue()) };
      delete statuses[id];
      await isReadyStatusItem.setValue(statuses);
      set({ editor: profiles.length === 0 ? newEditor() : get().editor });
      await tell({ kind: 'deleted' });
    },

    async setActiveProfile(id) {
      await saveProfiles({ profiles: get().profiles, activeProfileId: id });
      await tell({ kind: 'switched' });
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

    async importProfiles(text) {
      const check = importProfiles(text, get().profiles);
      if (!check.ok) {
        set({ transferMessage: { kind: 'error', text: `Import refused, nothing changed: ${check.reason}` } });
        return;
      }
      const profiles = mergeProfiles(get().profiles, check.profiles);
      const activeProfileId = get().activeProfileId ?? profiles[0]?.id ?? null;
      await saveProfiles({ profiles, activeProfileId });
      const missing = check.profiles.filter((imported) => !imported.credential).length;
      set({
        transferMessage: {
          kind: 'info',
          text: `Imported ${check.profiles.length} profile${check.profiles.length === 1 ? '' : 's'}.${missing ? ` ${missing} without a credential: edit them to add one.` : ''}`,
        },
        editor: { mode: 'closed' },
      });
      await tell({ kind: 'imported' });
    },
  };
});

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
  return { mode: 'new', profileId: null, draft: { ...EMPTY_DRAFT }, errors: {}, message: null };
}
