import { describe, expect, it } from 'vitest';
import { hostPermissionFor, maskSecret, type AppProfile } from '../appProfiles';
import { checkImportFileSize, draftOf, EMPTY_DRAFT, exportProfiles, importProfiles, PROFILES_EXPORT_FORMAT, PROFILES_EXPORT_VERSION, validateDraft, type ProfileDraft, type ProfileField } from '../profileEditing';
import { checkApiBaseUrl } from '../profileFields';
import { testProfile } from '../../__tests__/testProfile';

const KEY = 'dev-key-7f3a9c1e';
const SECRET = 'client-secret-b8e2d4f6';

const STORED: AppProfile = testProfile({ id: 'stored-1', credential: KEY, clientSecret: SECRET, isTestApp: true });

const OTHER: AppProfile = {
  id: 'stored-2',
  label: 'Beta phone',
  appId: 987,
  generation: '2026-03',
  credential: 'pat-na1-0000-1111',
  apiBaseUrl: 'https://api.hubapiqa.com',
  appDisplayName: 'Beta Phone',
  clientSecret: 'beta-client-secret-9999',
  isTestApp: false,
};

const VALID_DRAFT: ProfileDraft = {
  label: 'Acme dialer',
  appId: '123456',
  generation: 'v3',
  credential: KEY,
  apiBaseUrl: 'https://api.hubapi.com',
  appDisplayName: 'Acme Dialer',
  clientSecret: SECRET,
  isTestApp: false,
  providerSelector: '',
};

const draft = (patch: Partial<ProfileDraft> = {}): ProfileDraft => ({ ...VALID_DRAFT, ...patch });
const newId = () => 'new-id';

describe('validateDraft', () => {
  it('turns a valid draft into a profile with a new id, trimmed fields and a numeric appId', () => {
    const check = validateDraft(
      draft({ label: '  Acme dialer ', appId: ' 42 ', appDisplayName: ' Acme Dialer ', isTestApp: true }),
      null,
      newId,
    );
    expect(check).toEqual({
      ok: true,
      profile: {
        id: 'new-id',
        label: 'Acme dialer',
        appId: 42,
        generation: 'v3',
        credential: KEY,
        apiBaseUrl: 'https://api.hubapi.com',
        appDisplayName: 'Acme Dialer',
        clientSecret: SECRET,
        isTestApp: true,
      },
    });
  });

  it.each([
    ['label empty', { label: '' }, 'label', /name/],
    ['label only spaces', { label: '   ' }, 'label', /name/],
    ['appId empty', { appId: '' }, 'appId', /positive whole number/],
    ['appId 0', { appId: '0' }, 'appId', /positive whole number/],
    ['appId -1', { appId: '-1' }, 'appId', /positive whole number/],
    ['appId 1.5', { appId: '1.5' }, 'appId', /positive whole number/],
    ['appId 12a', { appId: '12a' }, 'appId', /positive whole number/],
    ['appId 1e3', { appId: '1e3' }, 'appId', /positive whole number/],
    ['appId 9007199254740993 (not a safe integer)', { appId: '9007199254740993' }, 'appId', /positive whole number/],
    ['v3 credential missing', { credential: '' }, 'credential', /^Enter the Developer API key\.$/],
    ['2026-03 credential missing', { generation: '2026-03', credential: '  ' }, 'credential', /^Enter the access token\.$/i],
    ['credential with a space inside', { credential: 'abc def' }, 'credential', /cannot contain spaces/],
    ['apiBaseUrl over http', { apiBaseUrl: 'http://api.hubapi.com' }, 'apiBaseUrl', /must use https/],
    ['apiBaseUrl not a URL', { apiBaseUrl: 'api.hubapi.com' }, 'apiBaseUrl', /absolute URL/],
    ['apiBaseUrl empty', { apiBaseUrl: '' }, 'apiBaseUrl', /absolute URL/],
    ['apiBaseUrl with user:pass@', { apiBaseUrl: 'https://user:pass@api.hubapi.com' }, 'apiBaseUrl', /credentials/],
    ['apiBaseUrl with ?query', { apiBaseUrl: 'https://api.hubapi.com/?hapikey=x' }, 'apiBaseUrl', /query or fragment/],
    ['apiBaseUrl with #fragment', { apiBaseUrl: 'https://api.hubapi.com/#x' }, 'apiBaseUrl', /query or fragment/],
    ['appDisplayName empty', { appDisplayName: ' ' }, 'appDisplayName', /name as HubSpot lists it/],
    ['generation unknown', { generation: 'v4' as ProfileDraft['generation'] }, 'generation', /API generation/],
  ] as const)('%s → an error on that field only', (_case, patch, field: ProfileField, message) => {
    const check = validateDraft(draft(patch), null, newId);
    if (check.ok) throw new Error('expected the draft to be refused');
    expect(Object.keys(check.errors)).toEqual([field]);
    expect(check.errors[field]).toMatch(message);
  });

  it('reports every bad field at once', () => {
    const check = validateDraft({ ...EMPTY_DRAFT, apiBaseUrl: 'http://x' }, null, newId);
    if (check.ok) throw new Error('expected the draft to be refused');
    expect(Object.keys(check.errors).sort()).toEqual(['apiBaseUrl', 'appDisplayName', 'appId', 'credential', 'label']);
  });

  it.each([
    ['1', 1],
    ['42', 42],
    [' 42 ', 42],
    ['007', 7],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ] as const)('appId %j is accepted as %d', (appId, expected) => {
    const check = validateDraft(draft({ appId }), null, newId);
    expect(check).toMatchObject({ ok: true, profile: { appId: expected } });
  });

  it.each([
    ['https://api.hubapi.com', 'https://api.hubapi.com'],
    ['https://api.hubapi.com/', 'https://api.hubapi.com'],
    ['  https://api.hubapi.com///  ', 'https://api.hubapi.com'],
    ['https://API.HubAPI.com:443/', 'https://api.hubapi.com'],
    ['https://api.hubapiqa.com/', 'https://api.hubapiqa.com'],
    ['https://proxy.example.test/hubspot//', 'https://proxy.example.test/hubspot'],
    ['https://proxy.example.test:8443/a/b/', 'https://proxy.example.test:8443/a/b'],
  ] as const)('apiBaseUrl %j is stored as %j', (apiBaseUrl, expected) => {
    const check = validateDraft(draft({ apiBaseUrl }), null, newId);
    expect(check).toMatchObject({ ok: true, profile: { apiBaseUrl: expected } });
  });

  describe('editing an existing profile', () => {
    it('keeps the stored secrets and id when the draft leaves them empty', () => {
      const check = validateDraft(draft({ credential: '', clientSecret: '', label: 'Renamed' }), STORED, newId);
      expect(check).toMatchObject({
        ok: true,
        profile: { id: STORED.id, label: 'Renamed', credential: KEY, clientSecret: SECRET },
      });
    });

    it('replaces the secrets the draft types again', () => {
      const check = validateDraft(draft({ credential: ' new-key ', clientSecret: 'new-secret' }), STORED, newId);
      expect(check).toMatchObject({ ok: true, profile: { id: STORED.id, credential: 'new-key', clientSecret: 'new-secret' } });
    });

    it('still refuses a bad typed credential instead of falling back to the stored one', () => {
      const check = validateDraft(draft({ credential: 'new key' }), STORED, newId);
      expect(check).toEqual({ ok: false, errors: { credential: 'The credential cannot contain spaces.' } });
    });
  });

  it('a new profile without a credential is refused, but accepted with requireCredential: false', () => {
    expect(validateDraft(draft({ credential: '' }), null, newId)).toMatchObject({ ok: false });
    expect(validateDraft(draft({ credential: '' }), null, newId, { requireCredential: false })).toMatchObject({
      ok: true,
      profile: { credential: '' },
    });
  });

  it('a new profile without a client secret is accepted with an empty one', () => {
    expect(validateDraft(draft({ clientSecret: '' }), null, newId)).toMatchObject({ ok: true, profile: { clientSecret: '' } });
  });

  it('never puts a secret into an error message', () => {
    const check = validateDraft(draft({ credential: `${KEY} x`, apiBaseUrl: `https://${KEY}@h.test` }), null, newId);
    if (check.ok) throw new Error('expected the draft to be refused');
    expect(JSON.stringify(check.errors)).not.toContain(KEY);
  });
});

describe('checkApiBaseUrl', () => {
  it.each([
    ['https://api.hubapi.com', 'https://api.hubapi.com'],
    ['https://api.hubapi.com/', 'https://api.hubapi.com'],
    ['https://api.hubapiqa.com//', 'https://api.hubapiqa.com'],
    ['https://proxy.example.test/hubspot/', 'https://proxy.example.test/hubspot'],
    ['https://API.hubapi.com:443', 'https://api.hubapi.com'],
    ['https://api.hubapi.com:8443', 'https://api.hubapi.com:8443'],
    ['https://proxy.example.test/hub-spot_v1.2~x/api', 'https://proxy.example.test/hub-spot_v1.2~x/api'],
  ] as const)('%s: base %s', (text, baseUrl) => {
    expect(checkApiBaseUrl(text)).toEqual({ ok: true, baseUrl });
  });

  // The path reaches the curl commands the request log offers to copy (issue 14): only plain segments pass.
  it.each([
    ['https://api.hubapi.com/$(touch$IFS./PWNED)', '$(touch$IFS.'],
    ['https://api.hubapi.com/a;b', 'a;b'],
    ['https://api.hubapi.com/a|b', 'a|b'],
    ['https://api.hubapi.com/a&b', 'a&b'],
    ["https://api.hubapi.com/it's", "it's"],
    ['https://api.hubapi.com/`id`', '`id`'],
    ['https://api.hubapi.com/a!b', 'a!b'],
    ['https://api.hubapi.com/a b', 'a b'],
    ['https://api.hubapi.com/a//b', ''],
  ])('%s is refused, naming %j', (text, segment) => {
    expect(checkApiBaseUrl(text)).toEqual({
      ok: false,
      message: `The API base URL's path may hold only letters, digits and . _ ~ - between single slashes; “${segment}” is not allowed.`,
    });
  });
});

describe('draftOf', () => {
  it.each([STORED, OTHER])('carries the fields of $label but never its secrets', (profile) => {
    const result = draftOf(profile);
    expect(result).toEqual({
      label: profile.label,
      appId: String(profile.appId),
      generation: profile.generation,
      credential: '',
      apiBaseUrl: profile.apiBaseUrl,
      appDisplayName: profile.appDisplayName,
      clientSecret: '',
      isTestApp: profile.isTestApp,
      providerSelector: '',
    });
    expect(JSON.stringify(result)).not.toContain(profile.credential);
    expect(JSON.stringify(result)).not.toContain(profile.clientSecret);
  });

  it('saving an untouched draft gives the same profile back', () => {
    expect(validateDraft(draftOf(STORED), STORED, newId)).toEqual({ ok: true, profile: STORED });
  });
});

describe('maskSecret', () => {
  it.each([
    ['', 'not set'],
    ['a', '••••••••'],
    ['12345678', '••••••••'],
    ['123456789', '••••••••6789'],
    [KEY, '••••••••9c1e'],
  ] as const)('%j → %j', (secret, masked) => {
    expect(maskSecret(secret)).toBe(masked);
  });

  it('shows no more than the last 4 characters of a long secret', () => {
    const masked = maskSecret(SECRET);
    expect(masked.replace(/•/g, '')).toBe(SECRET.slice(-4));
  });
});

describe('exportProfiles', () => {
  const now = new Date('2026-03-04T05:06:07.000Z');

  it('without secrets contains no credential and no client secret, neither key nor value', () => {
    const text = exportProfiles([STORED, OTHER], false, now);
    for (const secret of [STORED.credential, STORED.clientSecret, OTHER.credential, OTHER.clientSecret]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain('"credential"');
    expect(text).not.toContain('"clientSecret"');
    expect(JSON.parse(text)).toEqual({
      format: PROFILES_EXPORT_FORMAT,
      version: PROFILES_EXPORT_VERSION,
      exportedAt: '2026-03-04T05:06:07.000Z',
      includesSecrets: false,
      profiles: [STORED, OTHER].map(({ credential: _c, clientSecret: _s, ...rest }) => rest),
    });
  });

  it('with secrets contains both', () => {
    const text = exportProfiles([STORED, OTHER], true, now);
    expect(JSON.parse(text)).toMatchObject({ includesSecrets: true, profiles: [STORED, OTHER] });
    for (const secret of [STORED.credential, STORED.clientSecret, OTHER.credential, OTHER.clientSecret]) {
      expect(text).toContain(secret);
    }
  });

  it('does not change the profiles it exports', () => {
    const profiles = [{ ...STORED }];
    exportProfiles(profiles, false, now);
    expect(profiles).toEqual([STORED]);
  });
});

describe('importProfiles', () => {
  const exported = (profiles: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      format: PROFILES_EXPORT_FORMAT,
      version: PROFILES_EXPORT_VERSION,
      exportedAt: '2026-03-04T05:06:07.000Z',
      includesSecrets: false,
      profiles,
      ...extra,
    });
  const entry = (patch: Record<string, unknown> = {}) => ({ ...STORED, ...patch });

  it.each([
    ['not JSON', '{"format": ', /not JSON/],
    ['empty', '', /not JSON/],
    ['JSON but not an object', '[]', /not a Channel Connection Tester profile export/],
    ['JSON null', 'null', /not a Channel Connection Tester profile export/],
    ['another format', exported([], { format: 'something-else' }), /not a Channel Connection Tester profile export/],
    ['no format', JSON.stringify({ version: 1, profiles: [] }), /not a Channel Connection Tester profile export/],
    ['version 2', exported([], { version: 2 }), /Unsupported export version 2 \(expected 1\)/],
    ['version "1" as a string', exported([], { version: '1' }), /Unsupported export version "1"/],
    ['profiles not an array', exported([], { profiles: { a: STORED } }), /no profiles list/],
    ['profiles missing', exported([], { profiles: undefined }), /no profiles list/],
    ['an entry that is not an object', exported(['x']), /Profile 1 is not an object/],
    ['an entry missing id', exported([entry({ id: undefined })]), /Profile 1 has no id/],
    ['an entry with an empty id', exported([entry({ id: '' })]), /Profile 1 has no id/],
    ['an entry with a numeric id', exported([entry({ id: 7 })]), /Profile 1 has no id/],
    ['duplicate ids', exported([entry(), entry({ label: 'Copy' })]), /Profile 2 repeats the id stored-1/],
    ['bad appId', exported([entry(), entry({ id: 'x', appId: -3 })]), /Profile 2 .*appId: The app ID is a positive whole number/],
    ['fractional appId', exported([entry({ appId: 1.5 })]), /Profile 1 .*appId/],
    ['appId missing', exported([entry({ appId: undefined })]), /Profile 1 .*appId/],
    ['unknown generation', exported([entry({ generation: 'v4' })]), /Profile 1: unknown API generation "v4"/],
    ['generation missing', exported([entry({ generation: undefined })]), /Profile 1: unknown API generation/],
    ['http base URL', exported([entry({ apiBaseUrl: 'http://api.hubapi.com' })]), /Profile 1 \(Acme dialer\): apiBaseUrl: .*https/],
    ['label missing', exported([entry({ label: undefined })]), /Profile 1 \(stored-1\): label:/],
    ['credential with spaces', exported([entry({ credential: 'a b' })]), /credential: The credential cannot contain spaces/],
    ['an 11-million-character label', exported([entry({ label: 'L'.repeat(11_000_000) })]), /The file is 10\.5 MB; an import takes at most 1 MB/],
    ['a label over its limit', exported([entry({ label: 'L'.repeat(201) })]), /Profile 1 \(L+\): label: At most 200 characters \(this has 201\)/],
    ['a client secret over its limit', exported([entry({ clientSecret: 's'.repeat(2_001) })]), /clientSecret: At most 2,000 characters/],
    ['an id over its limit', exported([entry({ id: 'i'.repeat(201) })]), /Profile 1 has an id longer than 200 characters/],
    ['201 profiles', exported(Array.from({ length: 201 }, (_, index) => entry({ id: `p${index}` }))), /holds 201 profiles; an import takes at most 200/],
  ] as const)('refuses %s, naming the problem', (_case, text, reason) => {
    const result = importProfiles(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(reason);
    expect(result.reason).not.toContain(KEY);
  });

  it('accepts a round trip of an export with secrets', () => {
    expect(importProfiles(exportProfiles([STORED, OTHER], true))).toEqual({ ok: true, profiles: [STORED, OTHER] });
  });

  it('accepts a round trip without secrets: every profile holds only what the file holds', () => {
    expect(importProfiles(exportProfiles([STORED, OTHER], false))).toEqual({
      ok: true,
      profiles: [
        { ...STORED, credential: '', clientSecret: '' },
        { ...OTHER, credential: '', clientSecret: '' },
      ],
    });
  });

  it('accepts an export with no profiles', () => {
    expect(importProfiles(exported([]))).toEqual({ ok: true, profiles: [] });
  });

  it('accepts appId as a string, as a hand-edited file may have it', () => {
    expect(importProfiles(exported([entry({ appId: '123456' })]))).toEqual({ ok: true, profiles: [STORED] });
  });

  it('accepts 200 profiles with every field at its limit', () => {
    const full = Array.from({ length: 200 }, (_, index) =>
      entry({
        id: `p${index}`,
        label: 'L'.repeat(200),
        appDisplayName: 'N'.repeat(200),
        credential: 'k'.repeat(2_000),
        clientSecret: 's'.repeat(2_000),
      }),
    );
    const text = exported(full);
    expect(text.length).toBeLessThan(1_048_576);
    expect(importProfiles(text)).toMatchObject({ ok: true, profiles: { length: 200 } });
  });
});

describe('checkImportFileSize', () => {
  it.each([
    [1_048_576, null],
    [1_048_577, 'The file is 1.0 MB; an import takes at most 1 MB.'],
    [11_000_000, 'The file is 10.5 MB; an import takes at most 1 MB.'],
  ])('%i bytes → %s', (bytes, words) => {
    expect(checkImportFileSize(bytes)).toBe(words);
  });
});

describe('hostPermissionFor', () => {
  it.each([
    ['https://api.hubapi.com', 'https://api.hubapi.com/*'],
    ['https://api.hubapiqa.com', 'https://api.hubapiqa.com/*'],
    ['https://proxy.example.test/hubspot/api', 'https://proxy.example.test/*'],
    ['https://proxy.example.test:8443/a', 'https://proxy.example.test/*'],
    ['http://127.0.0.1:8787/hubspot', 'http://127.0.0.1/*'],
    ['http://[::1]:3000/', 'http://[::1]/*'],
    ['http://localhost:9025/webhook', 'http://localhost/*'],
  ] as const)('%s → %s', (baseUrl, pattern) => {
    expect(hostPermissionFor(baseUrl)).toBe(pattern);
  });
});

describe('a stored credential never follows a profile to another host', () => {
  const stored = testProfile({ id: 'p', credential: 'stored-key-1234' });
  const draft = { ...draftOf(stored) };

  it.each([
    ['another API host', { apiBaseUrl: 'https://collector.example.test' }],
    ['another API generation', { generation: '2026-03' as const }],
  ])('editing to %s asks for the credential again', (_case, change) => {
    const check = validateDraft({ ...draft, ...change }, stored, () => 'new');
    expect(check).toEqual({ ok: false, errors: { credential: expect.stringMatching(/again: the API host or generation changed/) } });
  });

  it('keeps it when the host and generation stay', () => {
    expect(validateDraft({ ...draft, label: 'Renamed' }, stored, () => 'new')).toMatchObject({ ok: true, profile: { credential: 'stored-key-1234' } });
  });

});
