/** The channel-connection settings panel: what HubSpot has registered for the active profile's app, and changing it. */
import { create } from 'zustand';
import { activeProfile, apiTargetOf, type AppProfile } from '../profiles/appProfiles';
import {
  changedFields,
  createChannelConnectionSettings,
  deleteChannelConnectionSettings,
  describeApiError,
  getCallingAppSettings,
  getChannelConnectionSettings,
  updateChannelConnectionSettings,
  type ApiResult,
  type CallingAppSettings,
  type ChannelConnectionSettings,
} from '../hubspotApi/channelConnectionApi';
import { isReadyStatusOf } from '../hubspotApi/isReadyStatus';
import { runningJournalFor, type MatrixJournals } from '../matrix/matrixJournal';
import { matrixRunsItem, saveIsReadyStatus, writeFailure } from '../platform/storage';
import { hostAccess } from '../platform/hostPermission';
import { checkWebhookUrl } from '../webhook/webhookUrl';
import { useProfilesStore, type Message, type ProfilesChange } from './profilesStore';
import { useRequestLogStore } from './requestLogStore';

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

export interface SettingsState {
  remote: Remote;
  form: SettingsForm;
  /** The operation in flight, shown on its button; other operations wait. */
  busy: string | null;
  panelMessage: Message | null;
  confirmingDelete: boolean;
  /**
   * Whether the QA matrix is running for the active profile's app: it changes isReady itself and puts it back at the
   * end, so nothing else may change it meanwhile.
   */
  matrixRunning: boolean;
  updateForm(patch: Partial<Pick<SettingsForm, 'url' | 'isReady'>>): void;
  refreshSettings(): Promise<void>;
  register(): Promise<void>;
  saveChanges(): Promise<void>;
  setIsReady(isReady: boolean): Promise<void>;
  askDelete(): void;
  cancelDelete(): void;
  confirmDelete(): Promise<void>;
}

export const useSettingsStore = create<SettingsState>()((set, get) => {
  const profile = () => activeProfile(useProfilesStore.getState());

  const isActive = (profileId: string) => useProfilesStore.getState().activeProfileId === profileId;

  /** Logged under the profile the request was made for, which may no longer be the active one when it answers. */
  const record = (operation: string, result: ApiResult<unknown>, current: AppProfile) =>
    void useRequestLogStore.getState().record(operation, result, current);

  /** The settings panel starts over on the profile now active: nothing of the previous profile's stays on screen. */
  const showActiveProfileSettings = async () => {
    set({ remote: { status: 'idle' }, form: { url: '', isReady: false, urlError: null }, confirmingDelete: false });
    await get().refreshSettings();
  };

  const followProfiles = async (change: ProfilesChange) => {
    switch (change.kind) {
      case 'switched':
        return showActiveProfileSettings();
      case 'saved':
        // A new credential or API host may answer differently; another profile's save changes nothing here.
        if (isActive(change.profileId)) await get().refreshSettings();
        return;
      case 'deleted':
        // The deleted profile may be the one shown: its settings leave the screen before the next one's are read.
        set({ remote: { status: 'idle' } });
        return get().refreshSettings();
      case 'loaded':
      case 'imported':
        return get().refreshSettings();
    }
  };

  const matrixRunningIn = (journals: MatrixJournals) => {
    const current = profile();
    return current !== null && runningJournalFor(journals, current) !== null;
  };
  const showMatrixRunning = async () => set({ matrixRunning: matrixRunningIn(await matrixRunsItem.getValue()) });

  let unwatchMatrixRuns = () => {};
  // The panel lives as long as the page, so it never stops following.
  useProfilesStore.getState().follow(async (change) => {
    if (change.kind === 'loaded') {
      unwatchMatrixRuns();
      unwatchMatrixRuns = matrixRunsItem.watch((journals) => {
        const wasRunning = get().matrixRunning;
        set({ matrixRunning: matrixRunningIn(journals) });
        // What the panel read during the run is a row's isReady: the run has put the original back since.
        if (wasRunning && !get().matrixRunning) void get().refreshSettings();
      });
    }
    await Promise.all([followProfiles(change), showMatrixRunning()]);
  });

  /** `sentAt`: when the request that answered was sent; the cache keeps the newest answer by it. */
  const showSettings = async (
    current: AppProfile,
    settings: ChannelConnectionSettings | null,
    sentAt: number,
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
    try {
      await saveIsReadyStatus(isReadyStatusOf(current.id, settings, sentAt));
    } catch (error) {
      set({ panelMessage: { kind: 'error', text: `${message ? `${message.text} ` : ''}The popup and badge may show an older isReady: ${writeFailure(error)}.` } });
    }
  };

  /** Runs one API operation for the active profile; a failure leaves the form as the user typed it. */
  const operate = async <T>(
    name: string,
    run: (current: AppProfile) => Promise<ApiResult<T>>,
    onSuccess: (current: AppProfile, value: T, sentAt: number) => Promise<void>,
  ) => {
    const current = profile();
    if (!current || get().busy) return;
    if (!current.credential) {
      set({ panelMessage: { kind: 'error', text: 'This profile has no credential yet: edit it to add one. Nothing was sent.' } });
      return;
    }
    if (matrixRunningIn(await matrixRunsItem.getValue())) {
      set({ panelMessage: { kind: 'error', text: 'The QA matrix is running for this app: it changes isReady itself and puts it back at the end. Nothing was sent.' } });
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
      record(name, result, current);
      // The user may have switched profiles meanwhile: the answer belongs to the profile it was asked for.
      if (!isActive(current.id)) return;
      if (result.ok) await onSuccess(current, result.value, result.exchange.startedAt);
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
    remote: { status: 'idle' },
    form: { url: '', isReady: false, urlError: null },
    busy: null,
    panelMessage: null,
    confirmingDelete: false,
    matrixRunning: false,

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
      record('Read channel-connection settings', settings, current);
      record('Read calling app settings', callingApp, current);
      if (!isActive(current.id)) return;
      if (!settings.ok) {
        set({ remote: { status: 'error', message: describeApiError(settings.error) } });
        return;
      }
      await showSettings(current, settings.value, settings.exchange.startedAt, null, callingApp.ok ? callingApp.value : null);
    },

    async register() {
      const wanted = validatedForm();
      if (!wanted) return;
      await operate(
        'Register',
        (current) => createChannelConnectionSettings(apiTargetOf(current), wanted),
        (current, settings, sentAt) => showSettings(current, settings, sentAt, { kind: 'info', text: 'Webhook registered.' }),
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
        (current, settings, sentAt) => showSettings(current, settings, sentAt, { kind: 'info', text: 'Changes saved.' }),
      );
    },

    async setIsReady(isReady) {
      const remote = get().remote;
      if (remote.status !== 'loaded' || !remote.settings) return;
      await operate(
        isReady ? 'Release to all users' : 'Withdraw',
        (current) => updateChannelConnectionSettings(apiTargetOf(current), { isReady }),
        (current, settings, sentAt) =>
          showSettings(current, settings, sentAt, {
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
        (current, _deleted, sentAt) => showSettings(current, null, sentAt, { kind: 'info', text: 'Webhook deleted: the app is not registered.' }),
      );
    },
  };
});

function loadedCallingApp(remote: Remote): CallingAppSettings | null {
  return remote.status === 'loaded' ? remote.callingApp : null;
}
