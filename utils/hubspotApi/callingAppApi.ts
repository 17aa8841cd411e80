/**
 * The calling app's own registration (shared/PRODUCT.md): its settings (`…/{appId}/settings`) and its recording
 * settings (`…/{appId}/settings/recording`), both generations, through the same client as channel connection.
 * HubSpot documents no DELETE for recording settings (neither its API reference nor `@hubspot/api-client`), so
 * none is offered.
 */
import { isRecord } from '../platform/isRecord';
import { CALLING_APP_FIELDS, callingAppSettingsOf, type CallingAppSettings, type CallingAppValues } from './callingAppFields';
import { callApi, type ApiDeps, type ApiResult, type ApiTarget } from './channelConnectionApi';

export interface RecordingSettings {
  urlToRetrieveAuthedRecording: string;
}

export function getCallingAppSettings(target: ApiTarget, deps: ApiDeps = {}): Promise<ApiResult<CallingAppSettings | null>> {
  return callApi(target, { method: 'GET', resource: 'settings', validate: callingAppSettingsOf, notFoundIsNull: true }, deps);
}

/**
 * The nine fields only, as `@hubspot/api-client` serializes them through its request model: a fetched settings
 * object passed as it is does not send its createdAt and updatedAt.
 */
function settingsBody(values: Partial<CallingAppValues>): Partial<CallingAppValues> {
  const body: Partial<Record<keyof CallingAppValues, unknown>> = {};
  for (const field of CALLING_APP_FIELDS) if (values[field] !== undefined) body[field] = values[field];
  return body as Partial<CallingAppValues>;
}

export function createCallingAppSettings(target: ApiTarget, values: Partial<CallingAppValues>, deps: ApiDeps = {}): Promise<ApiResult<CallingAppSettings>> {
  return callApi(target, { method: 'POST', resource: 'settings', payload: settingsBody(values), validate: callingAppSettingsOf }, deps);
}

/** Sends the fields it is given: the caller passes only the changed ones (`changedCallingAppFields`). */
export function updateCallingAppSettings(target: ApiTarget, patch: Partial<CallingAppValues>, deps: ApiDeps = {}): Promise<ApiResult<CallingAppSettings>> {
  return callApi(target, { method: 'PATCH', resource: 'settings', payload: settingsBody(patch), validate: callingAppSettingsOf }, deps);
}

export function deleteCallingAppSettings(target: ApiTarget, deps: ApiDeps = {}): Promise<ApiResult<null>> {
  return callApi(target, { method: 'DELETE', resource: 'settings', validate: () => null }, deps);
}

const recordingSettingsOf = (body: unknown): RecordingSettings | null =>
  isRecord(body) && typeof body.urlToRetrieveAuthedRecording === 'string' ? { urlToRetrieveAuthedRecording: body.urlToRetrieveAuthedRecording } : null;

export function getRecordingSettings(target: ApiTarget, deps: ApiDeps = {}): Promise<ApiResult<RecordingSettings | null>> {
  return callApi(target, { method: 'GET', resource: 'settings/recording', validate: recordingSettingsOf, notFoundIsNull: true }, deps);
}

export function createRecordingSettings(target: ApiTarget, settings: RecordingSettings, deps: ApiDeps = {}): Promise<ApiResult<RecordingSettings>> {
  const payload = { urlToRetrieveAuthedRecording: settings.urlToRetrieveAuthedRecording };
  return callApi(target, { method: 'POST', resource: 'settings/recording', payload, validate: recordingSettingsOf }, deps);
}

export function updateRecordingSettings(target: ApiTarget, settings: RecordingSettings, deps: ApiDeps = {}): Promise<ApiResult<RecordingSettings>> {
  const payload = { urlToRetrieveAuthedRecording: settings.urlToRetrieveAuthedRecording };
  return callApi(target, { method: 'PATCH', resource: 'settings/recording', payload, validate: recordingSettingsOf }, deps);
}
