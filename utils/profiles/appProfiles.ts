/**
 * App profiles: which calling app the extension talks to HubSpot about, and with which credentials; what every
 * context reads of them. Editing, export and import, which only the options page does, are in profileEditing.ts.
 */
import type { ApiTarget } from '../hubspotApi/channelConnectionApi';
import type { ApiGeneration } from './profileFields';

export interface AppProfile {
  id: string;
  label: string;
  appId: number;
  generation: ApiGeneration;
  /** Developer API key (v3) or access token (2026-03). Secret. */
  credential: string;
  apiBaseUrl: string;
  /** The app's name as HubSpot lists it among calling providers. */
  appDisplayName: string;
  /** Signs webhook requests as HubSpot does. Secret. */
  clientSecret: string;
  /** Only test apps may be released and withdrawn by the QA matrix. */
  isTestApp: boolean;
  /** A CSS selector for the provider's choice on HubSpot's page, for when finding it by name fails. */
  providerSelector?: string;
}

/** The stored profiles and which one the popup, the badge and the settings panel use. */
export interface ProfilesState {
  profiles: AppProfile[];
  activeProfileId: string | null;
}

export function activeProfile(state: ProfilesState): AppProfile | null {
  return state.profiles.find((profile) => profile.id === state.activeProfileId) ?? null;
}

/** Makes a stored profile the active one; `result` false, and nothing to write, when it is not stored (any more). */
export function activate(stored: ProfilesState, id: string): { state?: ProfilesState; result: boolean } {
  return stored.profiles.some((profile) => profile.id === id) ? { state: { ...stored, activeProfileId: id }, result: true } : { result: false };
}

export type SecretField = 'credential' | 'clientSecret';
export const SECRET_FIELDS: readonly SecretField[] = ['credential', 'clientSecret'];

/** The host permission pattern a custom API base needs. */
export function hostPermissionFor(baseUrl: string): string {
  // No port: Firefox refuses a pattern with one, and without one both browsers match every port.
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

export function apiTargetOf(profile: AppProfile): ApiTarget {
  return {
    baseUrl: profile.apiBaseUrl,
    appId: profile.appId,
    generation: profile.generation,
    credential: profile.credential,
  };
}

/** `••••••••3f2a`: enough to tell two keys apart, never enough to use one. */
export function maskSecret(secret: string): string {
  if (!secret) return 'not set';
  return secret.length <= 8 ? '••••••••' : `••••••••${secret.slice(-4)}`;
}
