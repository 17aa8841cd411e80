/** The options page's UI state: profiles, the channel-connection settings panel and its request log. */
import { create } from 'zustand';
import {
  apiTargetOf,
  draftOf,
  EMPTY_DRAFT,
  exportProfiles,
  importProfiles,
  mergeProfiles,
  validateDraft,
  activeProfile,
  type AppProfile,
  type FieldErrors,
  type ProfileDraft,
  type ProfilesState,
} from '../profiles/appProfiles';
import {
  changedFields,
  createChannelConnectionSettings,
  deleteChannelConnectionSettings,
  describeApiError,
  getCallingAppSettings,
  getChannelConnectionSettings,
  updateChannelConnectionSettings,
  type ApiExchange,
  type ApiResult,
  type CallingAppSettings,
  type ChannelConnectionSettings,
} from '../hubspotApi/channelConnectionApi';
import { isReadyStatusOf } from '../hubspotApi/isReadyStatus';
import { isReadyStatusItem, profilesItem, saveIsReadyStatus } from '../platform/storage';
import { ensureHostPermission, hostAccess } from '../platform/hostPermission';
import { checkWebhookUrl } from '../webhook/webhookUrl';

export interface LogEntry extends ApiExchange {
  id: number;
  operation: string;
  outcome: string;
}

export type Editor =
  | { mode: 'closed' }
  | { mode: 'new' | 'edit'; profileId: string | null; draft: ProfileDraft; errors: FieldErrors; message: string | null };

export interface SettingsForm {
  url: string;
  isReady: boolean;
  urlError: string | null;
}

export type Remote =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; settings: ChannelConnectionSettings | null; callingApp: CallingAppSettings | null }
  | { status: 'error'; message: string };

export interface Message {
  kind: 'error' | 'info';
  text: string;
}

export interface OptionsState extends ProfilesState {
  loaded: boolean;
  editor: Editor;
  transferMessage: Message | null;
  remote: Remote;
  form: SettingsForm;
  /** The operation in flight, shown on its button; other operations wait. */
  busy: string | null;
  panelMessage: Message | null;
  confirmingDelete: boolean;
  log: LogEntry[];
  load(): Promise<void>;
  startNewProfile(): void;
  editProfile(id: string): void;
  updateDraft(patch: Partial<ProfileDraft>): void;
  cancelEdit(): void;
  saveProfile(): Promise<void>;
  deleteProfile(id: string): Promise<void>;
  setActiveProfile(id: string): Promise<void>;
  exportProfiles(includeSecrets: boolean): string;
  importProfiles(text: string): Promise<void>;
  updateForm(patch: Partial<Pick<SettingsForm, 'url' | 'isReady'>>): void;
  refreshSettings(): Promise<void>;
  register(): Promise<void>;
  saveChanges(): Promise<void>;
  setIsReady(isReady: boolean): Promise<void>;
  askDelete(): void;
  cancelDelete(): void;
  confirmDelete(): Promise<void>;
}

const LOG_LIMIT = 50;
let logSequence = 0;

export const useOptionsStore = create<OptionsState>()((set, get) => {
  const saveProfiles = async (state: ProfilesState) => {
    set({ profiles: state.profiles, activeProfileId: state.activeProfileId });
    await profilesItem.setValue({ profiles: state.profiles, activeProfileId: state.activeProfileId });
  };

  const profile = () => activeProfile(get());

  /** The settings panel starts over on the profile now active: nothing of the previous profile's stays on screen. */
  const showActiveProfileSettings = async () => {
    set({ remote: { status: 'idle' }, form: { url: '', isReady: false, urlError: null }, confirmingDelete: false });
    await get().refreshSettings();
  };

  const record = <T>(operation: string, result: ApiResult<T>) => {
    const outcome = result.ok ? `HTTP ${result.exchange.status ?? ''}`.trim() : describeApiError(result.error);
    const entry: LogEntry = { ...result.exchange, id: ++logSequence, operation, outcome };
    set({ log: [entry, ...get().log].slice(0, LOG_LIMIT) });
  };

  const cacheStatus = async (current: AppProfile, settings: ChannelConnectionSettings | null) => {
    await saveIsReadyStatus(isReadyStatusOf(current.id, settings));
  };

  const showSettings = async (
    current: AppProfile,
    settings: ChannelConnectionSettings | null,
    message: Message | null,
    callingApp = loadedCallingApp(get().remote),
  ) => {
    set({
      remote: { status: 'loaded', settings, callingApp },
      form: settings
        ? { url: settings.url, isReady: settings.isReady, urlError: null }
        : { ...get().form, urlError: null },
      panelMessage: message,
    });
    await cacheStatus(current, settings);
  };

  /** Runs one API operation for the active profile; a failure leaves the form as the user typed it. */
  const operate = async <T>(
    name: string,
    run: (current: AppProfile) => Promise<ApiResult<T>>,
    onSuccess: (current: AppProfile, value: T) => Promise<void>,
  ) => {
    const current = profile();
    if (!current || get().busy) return;
    if (!current.credential) {
      set({ panelMessage: { kind: 'error', text: 'This profile has no credential yet: edit it to add one. Nothing was sent.' } });
      return;
    }
    set({ busy: name, panelMessage: null });
    try {
      const access = await hostAccess(current.apiBaseUrl);
      if (!access.ok) {
        set({ panelMessage: { kind: 'error', text: `${access.message} Nothing was sent.` } });
        return;
      }
      const result = await run(current);
      record(name, result);
      // The user may have switched profiles meanwhile: the answer belongs to the profile it was asked for.
      if (get().activeProfileId !== current.id) return;
      if (result.ok) await onSuccess(current, result.value);
      else set({ panelMessage: { kind: 'error', text: `${name} failed. ${describeApiError(result.error)}` } });
    } finally {
      set({ busy: null });
    }
  };

  const validatedForm = (): { url: string; isReady: boolean } | null => {
    const { form } = get();
    const check = checkWebhookUrl(form.url);
    if (!check.ok) {
      set({ form: { ...form, urlError: check.message }, panelMessage: null });
      return null;
    }
    set({ form: { ...form, urlError: null } });
    return { url: check.url, isReady: form.isReady };
  };

  return {
    profiles: [],
    activeProfileId: null,
    loaded: false,
    editor: { mode: 'closed' },
    transferMessage: null,
    remote: { status: 'idle' },
    form: { url: '', isReady: false, urlError: null },
    busy: null,
    panelMessage: null,
    confirmingDelete: false,
    log: [],

    async load() {
      const state = await profilesItem.getValue();
      set({ ...state, loaded: true, editor: state.profiles.length === 0 ? newEditor() : { mode: 'closed' } });
      // The popup switches the active profile too: the settings panel follows it, and this page's next save keeps it.
      profilesItem.watch((stored) => {
        const switched = stored.activeProfileId !== get().activeProfileId;
        set({ profiles: stored.profiles, activeProfileId: stored.activeProfileId });
        if (switched) void showActiveProfileSettings();
      });
      if (activeProfile(state)) await get().refreshSettings();
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
      const activeProfileId = get().activeProfileId ?? check.profile.id;
      await saveProfiles({ profiles: next, activeProfileId });
      set({ editor: { mode: 'closed' } });
      if (activeProfileId === check.profile.id) await get().refreshSettings();
    },

    async deleteProfile(id) {
      const profiles = get().profiles.filter((candidate) => candidate.id !== id);
      const activeProfileId = get().activeProfileId === id ? (profiles[0]?.id ?? null) : get().activeProfileId;
      await saveProfiles({ profiles, activeProfileId });
      const statuses = { ...(await isReadyStatusItem.getValue()) };
      delete statuses[id];
      await isReadyStatusItem.setValue(statuses);
      set({ remote: { status: 'idle' }, editor: profiles.length === 0 ? newEditor() : get().editor });
      if (activeProfileId) await get().refreshSettings();
    },

    async setActiveProfile(id) {
      await saveProfiles({ profiles: get().profiles, activeProfileId: id });
      await showActiveProfileSettings();
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
      await get().refreshSettings();
    },

    updateForm(patch) {
      set({ form: { ...get().form, ...patch, urlError: patch.url !== undefined ? null : get().form.urlError } });
    },

    async refreshSettings() {
      const current = profile();
      if (!current) return;
      if (!current.credential) {
        set({ remote: { status: 'error', message: 'This profile has no credential yet: edit it to add one.' } });
        return;
      }
      const access = await hostAccess(current.apiBaseUrl);
      if (!access.ok) {
        set({ remote: { status: 'error', message: access.message } });
        return;
      }
      set({ remote: { status: 'loading' } });
      const target = apiTargetOf(current);
      const [settings, callingApp] = await Promise.all([
        getChannelConnectionSettings(target),
        getCallingAppSettings(target),
      ]);
      record('Read channel-connection settings', settings);
      record('Read calling app settings', callingApp);
      if (get().activeProfileId !== current.id) return;
      if (!settings.ok) {
        set({ remote: { status: 'error', message: describeApiError(settings.error) } });
        return;
      }
      await showSettings(current, settings.value, null, callingApp.ok ? callingApp.value : null);
    },

    async register() {
      const wanted = validatedForm();
      if (!wanted) return;
      await operate(
        'Register',
        (current) => createChannelConnectionSettings(apiTargetOf(current), wanted),
        (current, settings) => showSettings(current, settings, { kind: 'info', text: 'Webhook registered.' }),
      );
    },

    async saveChanges() {
      const remote = get().remote;
      if (remote.status !== 'loaded' || !remote.settings) return;
      const wanted = validatedForm();
      if (!wanted) return;
      const patch = changedFields(remote.settings, wanted);
      if (Object.keys(patch).length === 0) {
        set({ panelMessage: { kind: 'info', text: 'Nothing changed: nothing was sent.' } });
        return;
      }
      await operate(
        'Save changes',
        (current) => updateChannelConnectionSettings(apiTargetOf(current), patch),
        (current, settings) => showSettings(current, settings, { kind: 'info', text: 'Changes saved.' }),
      );
    },

    async setIsReady(isReady) {
      const remote = get().remote;
      if (remote.status !== 'loaded' || !remote.settings) return;
      await operate(
        isReady ? 'Release to all users' : 'Withdraw',
        (current) => updateChannelConnectionSettings(apiTargetOf(current), { isReady }),
        (current, settings) =>
          showSettings(current, settings, {
            kind: 'info',
            text: isReady
              ? 'Released: isReady is true, so every user of the app can select it as a help desk channel.'
              : 'Withdrawn: isReady is false, so only users with test mode on can select the app.',
          }),
      );
    },

    askDelete() {
      set({ confirmingDelete: true });
    },

    cancelDelete() {
      set({ confirmingDelete: false });
    },

    async confirmDelete() {
      set({ confirmingDelete: false });
      await operate(
        'Delete',
        (current) => deleteChannelConnectionSettings(apiTargetOf(current)),
        (current) => showSettings(current, null, { kind: 'info', text: 'Webhook deleted: the app is not registered.' }),
      );
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

function loadedCallingApp(remote: Remote): CallingAppSettings | null {
  return remote.status === 'loaded' ? remote.callingApp : null;
}

function newEditor(): Editor {
  return { mode: 'new', profileId: null, draft: { ...EMPTY_DRAFT }, errors: {}, message: null };
}

