/**
 * The calling app panel: the active profile's calling app settings and recording settings as HubSpot has them, and
 * changing them. Releasing (isReady=true) and deleting wait for the user's yes.
 */
import { create } from 'zustand';
import { activeProfile, type AppProfile } from '../profiles/appProfiles';
import {
  changedCallingAppFields,
  checkCallingAppForm,
  CALLING_APP_FIELDS,
  formOf,
  type CallingAppForm,
  type CallingAppSettings,
  type CallingAppValues,
  type FieldErrors,
} from '../hubspotApi/callingAppFields';
import {
  createCallingAppSettings,
  createRecordingSettings,
  deleteCallingAppSettings,
  getCallingAppSettings,
  getRecordingSettings,
  updateCallingAppSettings,
  updateRecordingSettings,
  type RecordingSettings,
} from '../hubspotApi/callingAppApi';
import { describeApiError, type ApiResult, type ApiTarget } from '../hubspotApi/channelConnectionApi';
import { checkHttpsUrl, type UrlWords } from '../webhook/webhookUrl';
import { cannotSend, followActiveProfile, requestFor } from './profileRequests';
import { useProfilesStore, type Message } from './profilesStore';

export type CallingAppRemote =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; settings: CallingAppSettings | null; recording: RecordingSettings | null }
  | { status: 'error'; message: string };

/** What waits for the user's yes: the checked form to send when it releases the app, or the deletion. */
export type CallingAppConfirmation = { kind: 'release'; values: Partial<CallingAppValues> } | { kind: 'delete' };

export interface CallingAppState {
  remote: CallingAppRemote;
  form: CallingAppForm;
  errors: FieldErrors;
  recordingUrl: string;
  recordingError: string | null;
  /**
   * The user typed in the form, or in the recording URL, since it last showed HubSpot's values: a read of the same
   * profile (another page saved it, say) leaves what was typed.
   */
  formEdited: boolean;
  recordingEdited: boolean;
  busy: string | null;
  message: Message | null;
  confirming: CallingAppConfirmation | null;
  updateForm(patch: Partial<CallingAppForm>): void;
  updateRecordingUrl(url: string): void;
  refresh(): Promise<void>;
  /** Registers the settings, or saves what changed; asks first when that releases the app. */
  save(): Promise<void>;
  askDelete(): void;
  confirm(): Promise<void>;
  cancelConfirmation(): void;
  saveRecording(): Promise<void>;
}

/** A new registration starts from HubSpot's usual widget size and nothing switched on, under the profile's app name. */
export function newRegistrationForm(profile: AppProfile | null): CallingAppForm {
  return formOf({
    name: profile?.appDisplayName ?? '',
    url: '',
    width: 400,
    height: 600,
    isReady: false,
    supportsCustomObjects: false,
    supportsInboundCalling: false,
    usesCallingWindow: false,
    usesRemote: false,
  });
}

export const RECORDING_URL_WORDS: UrlWords = {
  missing: 'Enter the URL HubSpot fetches authenticated recordings from.',
  example: 'https://example.com/recordings',
  localNote: 'HubSpot fetches recordings from its servers: a URL on this computer is only for local experiments.',
};

/**
 * HubSpot's values as the form would send them (a URL as the browser parses it, a name trimmed): an untouched form
 * then differs from them in nothing, and a PATCH carries only what the user changed.
 */
function asTyped(settings: CallingAppSettings): CallingAppSettings {
  const check = checkCallingAppForm(formOf(settings), CALLING_APP_FIELDS);
  return check.ok ? { ...settings, ...check.values } : settings;
}

export const useCallingAppStore = create<CallingAppState>()((set, get) => {
  const profile = () => activeProfile(useProfilesStore.getState());
  const isActive = (profileId: string) => useProfilesStore.getState().activeProfileId === profileId;

  const startOver = async () => {
    set({
      remote: { status: 'idle' },
      form: newRegistrationForm(profile()),
      errors: {},
      recordingUrl: '',
      recordingError: null,
      formEdited: false,
      recordingEdited: false,
      confirming: null,
      message: null,
    });
    await get().refresh();
  };

  useProfilesStore.getState().follow(
    followActiveProfile({ isActive, startOver, refresh: () => get().refresh() }),
  );

  const loaded = () => {
    const { remote } = get();
    return remote.status === 'loaded' ? remote : null;
  };

  /** Shows what HubSpot answered; the form shows it too, so what is on screen is what is registered. */
  const showSettings = (settings: CallingAppSettings | null, message: Message | null) => {
    const recording = loaded()?.recording ?? null;
    set({
      remote: { status: 'loaded', settings, recording },
      form: settings ? formOf(settings) : get().form,
      formEdited: false,
      errors: {},
      message,
    });
  };

  const showRecording = (recording: RecordingSettings, message: Message) => {
    const current = loaded();
    if (!current) return;
    set({ remote: { ...current, recording }, recordingUrl: recording.urlToRetrieveAuthedRecording, recordingError: null, recordingEdited: false, message });
  };

  /** Runs one request for the active profile; a failure says why and leaves what the user typed. */
  const operate = async <T>(name: string, run: (target: ApiTarget) => Promise<ApiResult<T>>, onSuccess: (value: T) => void) => {
    const current = profile();
    if (!current || get().busy) return;
    set({ busy: name, message: null });
    try {
      const request = await requestFor(name, current, run);
      if (!request.sent) {
        set({ message: { kind: 'error', text: `${request.message} Nothing was sent.` } });
        return;
      }
      if (!isActive(current.id)) return;
      const { result } = request;
      if (result.ok) onSuccess(result.value);
      else set({ message: { kind: 'error', text: `${name} failed. ${describeApiError(result.error)}` } });
    } finally {
      set({ busy: null });
    }
  };

  const send = async (values: Partial<CallingAppValues>) => {
    const settings = loaded()?.settings;
    if (!settings) {
      await operate('Register calling app', (target) => createCallingAppSettings(target, values), (created) =>
        showSettings(created, { kind: 'info', text: 'Calling app settings registered.' }),
      );
      return;
    }
    const patch = changedCallingAppFields(asTyped(settings), values);
    await operate('Save calling app changes', (target) => updateCallingAppSettings(target, patch), (updated) =>
      showSettings(updated, {
        kind: 'info',
        text: patch.isReady === true ? 'Released: isReady is true, so every user of the app is offered it.' : `Saved: ${Object.keys(patch).join(', ')}.`,
      }),
    );
  };

  return {
    remote: { status: 'idle' },
    form: newRegistrationForm(null),
    errors: {},
    recordingUrl: '',
    recordingError: null,
    formEdited: false,
    recordingEdited: false,
    busy: null,
    message: null,
    confirming: null,

    updateForm(patch) {
      const errors = { ...get().errors };
      for (const field of Object.keys(patch)) delete errors[field as keyof FieldErrors];
      // A confirmation asks about the values checked when it opened: once they change, it is asked again.
      set({ form: { ...get().form, ...patch }, errors, formEdited: true, confirming: null });
    },

    updateRecordingUrl(url) {
      set({ recordingUrl: url, recordingError: null, recordingEdited: true });
    },

    async refresh() {
      const current = profile();
      if (!current) return;
      // What a confirmation asked about may have changed (another page saved the profile): it is asked again.
      set({ confirming: null });
      const refusal = await cannotSend(current);
      if (refusal) {
        set({ remote: { status: 'error', message: refusal } });
        return;
      }
      set({ remote: { status: 'loading' } });
      const [settings, recording] = await Promise.all([
        requestFor('Read calling app settings', current, getCallingAppSettings),
        requestFor('Read recording settings', current, getRecordingSettings),
      ]);
      if (!isActive(current.id)) return;
      // Access can be withdrawn between the check above and the requests.
      if (!settings.sent) {
        set({ remote: { status: 'error', message: settings.message } });
        return;
      }
      if (!recording.sent) {
        set({ remote: { status: 'error', message: recording.message } });
        return;
      }
      const failed = [settings.result, recording.result].find((result) => !result.ok);
      if (failed && !failed.ok) {
        set({ remote: { status: 'error', message: describeApiError(failed.error) } });
        return;
      }
      const settingsValue = settings.result.ok ? settings.result.value : null;
      const recordingValue = recording.result.ok ? recording.result.value : null;
      set({
        remote: { status: 'loaded', settings: settingsValue, recording: recordingValue },
        ...(!get().formEdited && { form: settingsValue ? formOf(settingsValue) : newRegistrationForm(current), errors: {} }),
        ...(!get().recordingEdited && { recordingUrl: recordingValue?.urlToRetrieveAuthedRecording ?? '', recordingError: null }),
      });
    },

    async save() {
      const remote = loaded();
      if (!remote || get().busy) return;
      set({ confirming: null });
      const check = checkCallingAppForm(get().form, CALLING_APP_FIELDS);
      if (!check.ok) {
        set({ errors: check.errors, message: null });
        return;
      }
      set({ errors: {} });
      const current = remote.settings && asTyped(remote.settings);
      const releases = check.values.isReady === true && current?.isReady !== true;
      if (releases) {
        set({ confirming: { kind: 'release', values: check.values } });
        return;
      }
      if (current && Object.keys(changedCallingAppFields(current, check.values)).length === 0) {
        set({ message: { kind: 'info', text: 'Nothing changed: nothing was sent.' } });
        return;
      }
      await send(check.values);
    },

    askDelete() {
      if (loaded()?.settings) set({ confirming: { kind: 'delete' } });
    },

    cancelConfirmation() {
      set({ confirming: null });
    },

    async confirm() {
      const confirming = get().confirming;
      // Another request is under way: the confirmation stays open, to be answered once it has ended.
      if (!confirming || get().busy) return;
      set({ confirming: null });
      if (confirming.kind === 'release') {
        await send(confirming.values);
        return;
      }
      // The form keeps what was registered, so the same settings can be registered again.
      await operate('Delete calling app', deleteCallingAppSettings, () =>
        showSettings(null, { kind: 'info', text: 'Calling app settings deleted: HubSpot no longer offers the app for calling.' }),
      );
    },

    async saveRecording() {
      const remote = loaded();
      if (!remote || get().busy) return;
      const check = checkHttpsUrl(get().recordingUrl, RECORDING_URL_WORDS);
      if (!check.ok) {
        set({ recordingError: check.message, message: null });
        return;
      }
      const wanted = { urlToRetrieveAuthedRecording: check.url };
      if (!remote.recording) {
        await operate('Register recording URL', (target) => createRecordingSettings(target, wanted), (created) =>
          showRecording(created, { kind: 'info', text: 'Recording URL registered.' }),
        );
        return;
      }
      const stored = checkHttpsUrl(remote.recording.urlToRetrieveAuthedRecording, RECORDING_URL_WORDS);
      // Compared as the browser reads both, as the settings are (`asTyped`): an untouched field sends nothing.
      if ((stored.ok ? stored.url : remote.recording.urlToRetrieveAuthedRecording) === check.url) {
        set({ message: { kind: 'info', text: 'Nothing changed: nothing was sent.' } });
        return;
      }
      await operate('Save recording URL', (target) => updateRecordingSettings(target, wanted), (updated) =>
        showRecording(updated, { kind: 'info', text: 'Recording URL saved.' }),
      );
    },
  };
});
