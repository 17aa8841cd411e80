import type { AppProfile } from '../profiles/appProfiles';

/** An app profile for tests: the fields a real one has, with any of them replaced. */
export function testProfile(overrides: Partial<AppProfile> = {}): AppProfile {
  return {
    id: 'profile-1',
    label: 'Acme dialer',
    appId: 123456,
    generation: 'v3',
    credential: 'dev-key-7f3a9c1e',
    apiBaseUrl: 'https://api.hubapi.com',
    appDisplayName: 'Acme Dialer',
    clientSecret: 'client-secret-b8e2d4f6',
    isTestApp: false,
    ...overrides,
  };
}
