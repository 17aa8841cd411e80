/** The channel-connection settings panel: what HubSpot has registered for the active profile's app, and changing it. */
import { create } from 'zustand';
import { activeProfile, type AppProfile } from '../profiles/appProfiles';
import {
  changedFields,
  CHANNEL_CONNECTION_WORDS,
  createChannelConnectionSettings,
  deleteChannelConnectionSettings,
  describeApiError,
  getChannelConnectionSettings,
  updateChannelConnectionSettings,
  type ApiResult,
  type ApiTarget,
  type ChannelConnectionSettings,
} from '../hubspotApi/channelConnectionApi';
import { isReadyStatusOf } from '../hubspotApi/isReadyStatus';
import { runningJournalFor, type MatrixJournals } from '../matrix/matrixJournal';
import { matrixRunsItem, saveIsReadyStatus, writeFailure } from '../platform/storage';
import { checkWebhookUrl } from '../webhook/webhookUrl';
import { useProfilesStore, type Message } from './profilesStore';
import { cannotSend, followActiveProfile, requestFor } from './profileRequests';

export interface SettingsForm {
  url: string;
  isReady: boolean;
  urlError: string | null;
}

export type Remote =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; settings: ChannelConnectionSettings | null }
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

  /** The settings panel starts over on the profile now active: nothing of the previous profile's stays on screen. */
  const showActiveProfileSettings = async () => {
    set({ remote: { status: 'idle' }, form: { url: '', isReady: false, urlError: null }, confirmingDelete: false });
    await get().refreshSettings();
  };

  const followProfiles = followActiveProfile({
    isActive,
    startOver: showActiveProfileSettings,
    refresh: () => get().refreshSettings(),
  });

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
  ) => {
    set({
      remote: { status: 'loaded', settings },
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
    run: (target: ApiTarget) => Promise<ApiResult<T>>,
    onSuccess: (current: AppProfile, value: T, sentAt: number) => Promise<void>,
  ) => {
    const current = profile();
    if (!current || get().busy) return;
    if (matrixRunningIn(await matrixRunsItem.getValue())) {
      set({ panelMessage: { kind: 'error', text: 'The QA matrix is running for this app: it changes isReady itself and puts it back at the end. Nothing was sent.' } });
      return;
    }
    set({ busy: name, panelMessage: null });
    try {
      const request = await requestFor(name, current, run);
      if (!request.sent) {
        set({ panelMessage: { kind: 'error', text: `${request.message} Nothing was sent.` } });
        return;
      }
      const { result } = request;
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
      const refusal = await cannotSend(current);
      if (refusal) {
        set({ remote: { status: 'error', message: refusal } });
        return;
      }
      set({ remote: { status: 'loading' } });
      const request = await requestFor('Read channel-connection settings', current, getChannelConnectionSettings);
      if (!isActive(current.id)) return;
      if (!request.sent) {
        set({ remote: { status: 'error', message: request.message } });
        return;
      }
      const { result } = request;
      if (!result.ok) {
        set({ remote: { status: 'error', message: describeApiError(result.error) } });
        return;
      }
      await showSettings(current, result.value, result.exchange.startedAt, null);
    },

    async register() {
      const wanted = validatedForm();
      if (!wanted) return;
      await operate(
        'Register',
        (target) => createChannelConnectionSettings(target, wanted),
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
        (target) => updateChannelConnectionSettings(target, patch),
        (current, settings, sentAt) => showSettings(current, settings, sentAt, { kind: 'info', text: 'Changes saved.' }),
      );
    },

    async setIsReady(isReady) {
      const remote = get().remote;
      if (remote.status !== 'loaded' || !remote.settings) return;
      await operate(
        isReady ? 'Release to all users' : 'Withdraw',
        (target) => updateChannelConnectionSettings(target, { isReady }),
        (current, settings, sentAt) =>
          showSettings(current, settings, sentAt, {
            kind: 'info',
            text: isReady
              ? CHANNEL_CONNECTION_WORDS.released
              : CHANNEL_CONNECTION_WORDS.withdrawn,
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
        (target) => deleteChannelConnectionSettings(target),
        (current, _deleted, sentAt) => showSettings(current, null, sentAt, { kind: 'info', text: 'Webhook deleted: the app is not registered.' }),
      );
    },
  };
});
