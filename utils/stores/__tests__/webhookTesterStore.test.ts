import { Signature } from '@hubspot/api-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AppProfile } from '../../profiles/appProfiles';
import { webhookDefaultsItem, webhookRunsItem } from '../../platform/storage';
import type { WebhookRunSummary } from '../../webhook/webhookReport';
import { useWebhookTesterStore, type TesterForm } from '../webhookTesterStore';
import { fakeHostPermissions } from '../../__tests__/fakeHostPermissions';
import { testProfile } from '../../__tests__/testProfile';

const PROFILE: AppProfile = testProfile();
const SECRET = PROFILE.clientSecret;
const HOOK_URL = 'https://hooks.example.com/hubspot/channel-connection';
const VALID_FORM: TesterForm = { url: HOOK_URL, portalId: '987654', userId: '42', timeoutSeconds: '10' };
const VALID_BODY = JSON.stringify({
  phoneNumbers: [
    { e164PhoneNumber: '+18001231234', friendlyName: 'Support line' },
    { e164PhoneNumber: '+61291234567', friendlyName: 'Sydney' },
  ],
});

const HOOK_ORIGINS = ['https://hooks.example.com/*'];
let permissions: ReturnType<typeof fakeHostPermissions>;
let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;

const store = () => useWebhookTesterStore.getState();

function answerWith(...statuses: number[]) {
  fetchMock.mockImplementation(async () => {
    const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
    return new Response(status === 200 ? VALID_BODY : JSON.stringify({ message: 'nope' }), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
}

function run(at: string, status = 200): WebhookRunSummary {
  return { at, url: HOOK_URL, status, durationMs: 5, verdict: 'valid', summary: 'ok', negatives: [] };
}

/** The request headers the last fetch call sent. */
const sentHeaders = (call = fetchMock.mock.calls.length - 1) => fetchMock.mock.calls[call]![1]!.headers as Record<string, string>;

beforeEach(() => {
  fakeBrowser.reset();
  useWebhookTesterStore.setState(useWebhookTesterStore.getInitialState(), true);
  fetchMock = vi.fn<typeof fetch>();
  answerWith(200);
  vi.stubGlobal('fetch', fetchMock);
  // A webhook's origin is an optional permission: granted here unless a test says not.
  permissions = fakeHostPermissions(HOOK_ORIGINS);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('load', () => {
  it('fills portal ID, user ID and timeout from the remembered defaults, and the URL from the registered one', async () => {
    await webhookDefaultsItem.setValue({ portalId: '111', userId: '222', timeoutSeconds: '15' });

    await store().load(PROFILE.id, HOOK_URL);

    expect(store().form).toEqual({ url: HOOK_URL, portalId: '111', userId: '222', timeoutSeconds: '15' });
  });

  it('with no portal typed yet, takes the one of the HubSpot tab the user was on last', async () => {
    await fakeBrowser.tabs.create({ url: 'https://app.hubspot.com/contacts/111/objects' });
    const last = await fakeBrowser.tabs.create({ url: 'https://app-eu1.hubspot.com/help-desk/222/channels/calling' });
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([
      { id: 1, index: 0, url: 'https://app.hubspot.com/contacts/111/objects', lastAccessed: 100 },
      { ...last, lastAccessed: 200 },
      { id: 3, index: 2, url: 'https://app.hubspot.com/settings', lastAccessed: 300 },
    ] as never);

    await store().load(PROFILE.id, null);
    expect(store().form.portalId).toBe('222');

    await webhookDefaultsItem.setValue({ portalId: '999', userId: '', timeoutSeconds: '10' });
    await store().load(PROFILE.id, null);
    expect(store().form.portalId).toBe('999');
  });

  it('without defaults or a registered URL leaves the fields empty and the timeout at 10 s', async () => {
    await store().load(PROFILE.id, null);

    expect(store().form).toEqual({ url: '', portalId: '', userId: '', timeoutSeconds: '10' });
  });

  it('keeps a URL the user typed rather than the registered one', async () => {
    store().update({ url: 'https://typed.example.com/hook' });

    await store().load(PROFILE.id, HOOK_URL);

    expect(store().form.url).toBe('https://typed.example.com/hook');
  });

  it("shows the profile's kept runs, and clears the last result, message and errors", async () => {
    const runs = [run('2026-03-02T10:00:00.000Z')];
    await webhookRunsItem.setValue({ [PROFILE.id]: runs, other: [run('2026-01-01T00:00:00.000Z')] });
    useWebhookTesterStore.setState({ message: 'old', errors: { url: 'old' } });

    await store().load(PROFILE.id, HOOK_URL);

    expect(store()).toMatchObject({ history: runs, result: null, negatives: null, message: null, errors: {} });
    await store().load('profile-without-runs', HOOK_URL);
    expect(store().history).toEqual([]);
  });
});

describe('bad input sends nothing', () => {
  it.each<[string, Partial<TesterForm>, keyof TesterForm, RegExp]>([
    ['an http URL', { url: 'http://hooks.example.com/hook' }, 'url', /https/],
    ['text that is not a URL', { url: 'hooks.example.com/hook' }, 'url', /Enter an absolute URL/],
    ['an empty URL', { url: '' }, 'url', /Enter the webhook URL/],
    ['portal ID 0', { portalId: '0' }, 'portalId', /positive whole number/],
    ['a negative portal ID', { portalId: '-5' }, 'portalId', /positive whole number/],
    ['a fractional portal ID', { portalId: '1.5' }, 'portalId', /positive whole number/],
    ['an empty portal ID', { portalId: '' }, 'portalId', /positive whole number/],
    ['user ID abc', { userId: 'abc' }, 'userId', /positive whole number/],
    ['user ID 0', { userId: '0' }, 'userId', /positive whole number/],
    ['timeout 0', { timeoutSeconds: '0' }, 'timeoutSeconds', /1 to 120/],
    ['timeout 121', { timeoutSeconds: '121' }, 'timeoutSeconds', /1 to 120/],
    ['timeout abc', { timeoutSeconds: 'abc' }, 'timeoutSeconds', /1 to 120/],
    ['a negative timeout', { timeoutSeconds: '-1' }, 'timeoutSeconds', /1 to 120/],
  ])('%s', async (_what, patch, field, error) => {
    for (const action of ['test', 'checkForgeries'] as const) {
      useWebhookTesterStore.setState({ form: { ...VALID_FORM, ...patch }, errors: {}, message: null });

      await store()[action](PROFILE);

      expect(Object.keys(store().errors)).toEqual([field]);
      expect(store().errors[field]).toMatch(error);
      expect(store().message).toBe('Fix the fields marked below; nothing was sent.');
      expect(store().form).toEqual({ ...VALID_FORM, ...patch });
      expect(store().running).toBeNull();
    }
    expect(fetchMock).not.toHaveBeenCalled();
    expect(permissions.request).not.toHaveBeenCalled();
    expect(await fakeBrowser.storage.local.get()).toEqual({});
  });

  it('marks every bad field at once', async () => {
    useWebhookTesterStore.setState({ form: { url: 'ftp://x', portalId: 'a', userId: '', timeoutSeconds: '500' } });

    await store().test(PROFILE);

    expect(Object.keys(store().errors).sort()).toEqual(['portalId', 'timeoutSeconds', 'url', 'userId']);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it.each(['1', '120', ' 42 '])('accepts a timeout of %j seconds', async (timeoutSeconds) => {
    useWebhookTesterStore.setState({ form: { ...VALID_FORM, timeoutSeconds } });

    await store().test(PROFILE);

    expect(store().errors).toEqual({});
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('editing a field clears only its error', async () => {
    useWebhookTesterStore.setState({ form: { ...VALID_FORM, url: 'http://x', portalId: '0' } });
    await store().test(PROFILE);

    store().update({ url: HOOK_URL });

    expect(store().errors.url).toBeUndefined();
    expect(store().errors.portalId).toBeDefined();
    expect(store().form).toEqual({ ...VALID_FORM, portalId: '0' });
  });

  it.each(['test', 'checkForgeries'] as const)('%s with a profile without a client secret says so and sends nothing', async (action) => {
    useWebhookTesterStore.setState({ form: VALID_FORM });

    await store()[action](testProfile({ clientSecret: '' }));

    expect(store().message).toMatch(/no client secret/);
    expect(store().message).toMatch(/Nothing was sent/);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(permissions.request).not.toHaveBeenCalled();
  });
});

describe("the webhook origin's host permission", () => {
  beforeEach(() => {
    useWebhookTesterStore.setState({ form: VALID_FORM });
  });

  it('is not asked for again when already granted', async () => {
    await store().test(PROFILE);

    expect(permissions.request).toHaveBeenCalledWith({ origins: HOOK_ORIGINS });
    expect(permissions.prompt).not.toHaveBeenCalled();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('is asked for once, for the origin only, when not granted; then the request is sent', async () => {
    permissions = fakeHostPermissions([]);
    permissions.prompt.mockResolvedValue(true);

    await store().test(PROFILE);

    expect(permissions.prompt).toHaveBeenCalledTimes(1);
    expect(permissions.prompt).toHaveBeenCalledWith(HOOK_ORIGINS);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it.each(['test', 'checkForgeries'] as const)(
    '%s asks before its first await, while Firefox still counts the click as the user asking',
    async (action) => {
      const sending = store()[action](PROFILE);

      expect(permissions.request).toHaveBeenCalledWith({ origins: HOOK_ORIGINS });
      await sending;
    },
  );

  it.each(['test', 'checkForgeries'] as const)('refused: %s says so, sends nothing and keeps no run', async (action) => {
    permissions = fakeHostPermissions([]);

    await store()[action](PROFILE);

    expect(store().message).toBe('Access to hooks.example.com was not granted, so nothing was sent.');
    expect(store().running).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
    expect(await webhookRunsItem.getValue()).toEqual({});
    expect(store().form).toEqual(VALID_FORM);
  });

  it('says it waits for the prompt while it is open, and the timeout starts only once access is granted', async () => {
    vi.useFakeTimers();
    permissions = fakeHostPermissions([]);
    let answer: (granted: boolean) => void = () => undefined;
    permissions.prompt.mockImplementation(() => new Promise<boolean>((resolve) => (answer = resolve)));
    useWebhookTesterStore.setState({ form: { ...VALID_FORM, timeoutSeconds: '1' } });
    fetchMock.mockImplementation(async () => new Response(VALID_BODY, { status: 200, headers: { 'content-type': 'application/json' } }));

    const sending = store().test(PROFILE);
    expect(store().waitingForAccess).toBe('hooks.example.com');
    // The user takes longer than the timeout to answer the prompt: nothing has been sent, nothing has timed out.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fetchMock).not.toHaveBeenCalled();
    answer(true);
    await sending;

    expect(store().waitingForAccess).toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(store().result?.analysis).not.toBeNull();
  });

  it('a failing permission request is reported and sends nothing', async () => {
    permissions.request.mockRejectedValue(new Error('permissions is not available'));

    await store().test(PROFILE);

    expect(store().message).toBe('Could not ask for access to hooks.example.com: permissions is not available');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('test', () => {
  beforeEach(() => {
    useWebhookTesterStore.setState({ form: VALID_FORM });
  });

  it.each(['http://127.0.0.1:8787/hubspot', 'http://localhost:3000/hook', 'http://[::1]:9000/'])(
    'sends to a webhook on this computer over http (%s), asking for its host on any port',
    async (url) => {
      permissions = fakeHostPermissions([]);
      permissions.prompt.mockResolvedValue(true);
      useWebhookTesterStore.setState({ form: { ...VALID_FORM, url } });

      await store().test(PROFILE);

      const { protocol, hostname } = new URL(url);
      expect(permissions.prompt).toHaveBeenCalledWith([`${protocol}//${hostname}/*`]);
      expect(store().errors.url).toBeUndefined();
      expect(fetchMock.mock.calls[0]?.[0]).toBe(new URL(url).href);
    },
  );

  it('still refuses http to any other host, at the field, and sends nothing', async () => {
    useWebhookTesterStore.setState({ form: { ...VALID_FORM, url: 'http://hooks.example.com/hook' } });

    await store().test(PROFILE);

    expect(store().errors.url).toBe('The URL must use https (http is accepted only for localhost).');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("sends the profile's signed request to the typed URL and shows the judged answer", async () => {
    await store().test(PROFILE);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe(HOOK_URL);
    expect(JSON.parse(String(init?.body))).toEqual({ appId: PROFILE.appId, portalId: 987654, userId: 42 });
    const headers = sentHeaders();
    expect(
      Signature.isValid({
        signature: headers['X-HubSpot-Signature-v3']!,
        clientSecret: SECRET,
        requestBody: String(init?.body),
        signatureVersion: 'v3',
        method: 'POST',
        url: HOOK_URL,
        timestamp: Number(headers['X-HubSpot-Request-Timestamp']),
      }),
    ).toBe(true);
    expect(store().result?.exchange.status).toBe(200);
    expect(store().result?.analysis?.verdict).toBe('valid');
    expect(store()).toMatchObject({ negatives: null, running: null, message: null });
  });

  it('remembers the form defaults and keeps a run summary for the profile, without the secret or a signature', async () => {
    await store().test(PROFILE);

    expect(await webhookDefaultsItem.getValue()).toEqual({ portalId: '987654', userId: '42', timeoutSeconds: '10' });
    const runs = await webhookRunsItem.getValue();
    expect(Object.keys(runs)).toEqual([PROFILE.id]);
    expect(runs[PROFILE.id]).toEqual([
      expect.objectContaining({ url: HOOK_URL, status: 200, verdict: 'valid', summary: '2 numbers, 2 selectable', negatives: [] }),
    ]);
    expect(store().history).toEqual(runs[PROFILE.id]);

    const stored = JSON.stringify(await fakeBrowser.storage.local.get());
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(sentHeaders()['X-HubSpot-Signature-v3']);
    expect(stored).not.toContain(sentHeaders()['X-HubSpot-Signature']);
  });

  it('a run the browser refuses to store stays on screen, out of the history, and says why', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));

    await store().test(PROFILE);

    expect(store().result?.analysis?.verdict).toBe('valid');
    expect(store().history).toEqual([]);
    expect(store().message).toBe(
      "This run was not added to the history: the browser's storage for this extension is full (QUOTA_BYTES quota exceeded); delete profiles or webhook runs you no longer need.",
    );
  });

  it('keeps the five newest runs, newest first, and leaves other profiles alone', async () => {
    const older = ['05', '04', '03', '02', '01'].map((day) => run(`2026-01-${day}T00:00:00.000Z`));
    const others = [run('2025-12-31T00:00:00.000Z')];
    await webhookRunsItem.setValue({ [PROFILE.id]: older, 'profile-2': others });

    await store().test(PROFILE);
    answerWith(503);
    await store().test(PROFILE);

    const runs = await webhookRunsItem.getValue();
    expect(runs[PROFILE.id]).toHaveLength(5);
    expect(runs[PROFILE.id]!.map((kept) => kept.status)).toEqual([503, 200, 200, 200, 200]);
    expect(runs[PROFILE.id]!.slice(2)).toEqual(older.slice(0, 3));
    expect(runs['profile-2']).toEqual(others);
    expect(store().history).toEqual(runs[PROFILE.id]);
  });

  it('a failed request keeps what the user typed and is kept as a failed run', async () => {
    fetchMock.mockRejectedValue(new TypeError('fetch failed'));

    await store().test(PROFILE);

    expect(store().form).toEqual(VALID_FORM);
    expect(store().result?.exchange.failure).toEqual({ kind: 'network', message: 'fetch failed' });
    expect(store().result?.analysis).toBeNull();
    expect((await webhookRunsItem.getValue())[PROFILE.id]?.[0]).toMatchObject({ verdict: 'failed', status: null });
  });

  it('waits as long as the typed timeout, in seconds, before giving up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    useWebhookTesterStore.setState({ form: { ...VALID_FORM, timeoutSeconds: '3' } });
    let signal: AbortSignal | undefined;
    fetchMock.mockImplementation(
      (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          signal = init?.signal ?? undefined;
          signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );

    const testing = store().test(PROFILE);
    // Not vi.waitFor: under fake timers it advances the clock while it waits. Signing takes real time (WebCrypto).
    const deadline = Date.now() + 5_000;
    while (!signal && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(signal).toBeDefined();
    expect(store().running).toBe('test');
    await vi.advanceTimersByTimeAsync(2_999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await testing;

    expect(store().result?.exchange.failure).toEqual({ kind: 'timeout', timeoutMs: 3_000 });
    expect(store().running).toBeNull();
  });

  it('does not start a second run while one is running', async () => {
    let answer: (response: Response) => void = () => {};
    fetchMock.mockImplementation(() => new Promise<Response>((resolve) => (answer = resolve)));

    const first = store().test(PROFILE);
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1), { timeout: 5_000 });
    await store().test(PROFILE);
    await store().checkForgeries(PROFILE);
    answer(new Response(VALID_BODY, { status: 200 }));
    await first;

    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(store().running).toBeNull();
  });
});

describe('checkForgeries', () => {
  beforeEach(() => {
    useWebhookTesterStore.setState({ form: VALID_FORM });
  });

  it('sends a wrong signature then a stale timestamp, and keeps their outcomes without secrets', async () => {
    answerWith(401, 200);

    await store().checkForgeries(PROFILE);

    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(store().negatives?.map(({ kind, outcome }) => ({ kind, outcome }))).toEqual([
      { kind: 'bad-signature', outcome: 'refused' },
      { kind: 'stale-timestamp', outcome: 'accepted' },
    ]);
    expect(store().running).toBeNull();
    const [kept] = (await webhookRunsItem.getValue())[PROFILE.id]!;
    expect(kept).toMatchObject({
      url: HOOK_URL,
      status: null,
      verdict: 'negative checks',
      negatives: [
        { kind: 'bad-signature', outcome: 'refused' },
        { kind: 'stale-timestamp', outcome: 'accepted' },
      ],
    });
    expect(kept!.summary).toContain('Finding:');
    const stored = JSON.stringify(await fakeBrowser.storage.local.get());
    expect(stored).not.toContain(SECRET);
    for (const call of [0, 1]) expect(stored).not.toContain(sentHeaders(call)['X-HubSpot-Signature-v3']);
  });

  it('keeps the last test result beside the checks', async () => {
    await store().test(PROFILE);
    answerWith(401);

    await store().checkForgeries(PROFILE);

    expect(store().result?.exchange.status).toBe(200);
    expect(store().negatives?.map((check) => check.outcome)).toEqual(['refused', 'refused']);
    expect(store().history.map((kept) => kept.verdict)).toEqual(['negative checks', 'valid']);
  });

  it('a new test clears the checks', async () => {
    answerWith(401);
    await store().checkForgeries(PROFILE);
    answerWith(200);

    await store().test(PROFILE);

    expect(store().negatives).toBeNull();
  });
});

describe('markdown', () => {
  it('is the report of the last test and checks, named after the app, without the secret', async () => {
    useWebhookTesterStore.setState({ form: VALID_FORM });
    await store().test(PROFILE);
    answerWith(403);
    await store().checkForgeries(PROFILE);

    const markdown = store().markdown(PROFILE);

    expect(markdown.split('\n')[0]).toBe(`# Webhook test: ${PROFILE.appDisplayName} (app ${PROFILE.appId})`);
    expect(markdown).toContain(`- URL: ${HOOK_URL}`);
    expect(markdown).toContain('- Status: 200');
    expect(markdown).toContain('- Verdict: valid: 2 numbers, 2 selectable');
    expect(markdown).toContain('## Negative checks');
    expect(markdown).toContain('- refused: Refused a request with a wrong signature with 403, as it should.');
    expect(markdown).not.toContain(SECRET);
  });

  it('before any run is only the title', () => {
    expect(store().markdown(PROFILE)).toBe(`# Webhook test: ${PROFILE.appDisplayName} (app ${PROFILE.appId})\n`);
  });
});

describe('review fixes', () => {
  it.each([
    ['a timeout under one second', { timeoutSeconds: '0.5' }, 'timeoutSeconds'],
    ['credentials in the URL', { url: 'https://user:pass@webhooks.example.test/hook' }, 'url'],
  ] as const)('refuses %s at the field', async (_case, patch, field) => {
    const store = useWebhookTesterStore.getState();
    store.update({ url: 'https://webhooks.example.test/hook', portalId: '1', userId: '2', timeoutSeconds: '10', ...patch });
    await useWebhookTesterStore.getState().test(testProfile({ clientSecret: 'secret-1234' }));
    expect(useWebhookTesterStore.getState().errors[field]).toBeTruthy();
  });

  it('forgets the last report when the URL changes', () => {
    useWebhookTesterStore.setState({ form: { url: 'https://a.example/x', portalId: '1', userId: '2', timeoutSeconds: '10' }, negatives: [] });
    useWebhookTesterStore.getState().update({ url: 'https://b.example/x' });
    expect(useWebhookTesterStore.getState().negatives).toBeNull();
  });
});
