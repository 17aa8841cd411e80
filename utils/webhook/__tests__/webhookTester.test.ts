import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Signature } from '@hubspot/api-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStandin, type Standin } from '../../../standin/server';
import {
  createSampleWebhooks,
  HUGE_ANSWER_BYTES,
  LONG_LIST_LENGTH,
  longPhoneNumberList,
  SAMPLE_PHONE_NUMBERS,
  STANDIN_CLIENT_SECRET,
  WEBHOOK_HOST,
  type SampleWebhooks,
} from '../../../standin/webhooks';
import { WEBHOOK_ANSWER_LIMIT_BYTES } from '../../platform/boundedBody';
import { buildWebhookRequest, MAX_TIMESTAMP_AGE_MS, type WebhookRequestInput } from '../webhookSignature';
import {
  describeFailure,
  runNegativeChecks,
  sendWebhookRequest,
  testWebhook,
  type NegativeCheck,
  type WebhookFailure,
} from '../webhookTester';

const NOW = 1_780_000_000_000;
const SECRET = 'client-secret-b8e2d4f6';
const INPUT: WebhookRequestInput = {
  url: 'https://hooks.example.com/hubspot/channel-connection?tenant=acme',
  appId: 123456,
  portalId: 987654,
  userId: 42,
  clientSecret: SECRET,
};
const VALID_BODY = JSON.stringify({
  phoneNumbers: [
    { e164PhoneNumber: '+18001231234', friendlyName: 'Support line' },
    { e164PhoneNumber: '+61291234567', friendlyName: 'Sydney' },
  ],
});

const respond = (status: number, body: string | null = null, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers });

/** A fetch that answers every call with what `answer` builds, and records what it was given. */
function fakeFetch(answer: (init: RequestInit) => Response | Promise<Response> = () => respond(200, VALID_BODY, { 'content-type': 'application/json' })) {
  return vi.fn<typeof fetch>(async (_input, init) => answer(init ?? {}));
}

/** A clock that reads `start` and then advances by `step` on every read. */
function steppingClock(start: number, step: number) {
  let time = start - step;
  return vi.fn(() => (time += step));
}

/** What a browser gives for a redirect under `redirect: 'manual'`: no status, no headers. */
function opaqueRedirect(): Response {
  const response = new Response(null, { status: 200 });
  Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
  Object.defineProperty(response, 'status', { value: 0 });
  return response;
}

/** A fetch that never answers by itself and rejects as real fetch does when its signal aborts. */
function hangingFetch() {
  return vi.fn<typeof fetch>(
    (_input, init) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('This operation was aborted', 'AbortError')));
      }),
  );
}

const header = (init: RequestInit | undefined, name: string) => (init?.headers as Record<string, string>)[name];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A JSON answer streamed in `chunkBytes` pieces, `delayMs` apart, each made when read (so the body is still open after
 * its last piece, as one arriving over a network is), that records whether it was cancelled. It ignores the request's
 * signal, as a body from a proxy or a service worker may: stopping it is the tester's job.
 */
function streamedAnswer(text: string, { chunkBytes = 64 * 1024, delayMs = 0 } = {}) {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  const cancel = vi.fn();
  const source: UnderlyingDefaultSource<Uint8Array> = {
    async pull(controller) {
      if (delayMs) await sleep(delayMs);
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, (offset += chunkBytes)));
    },
    cancel,
  };
  const body = new ReadableStream(source, { highWaterMark: 0 });
  return { response: new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }), cancel };
}

const phoneNumbers = (count: number) => JSON.stringify(longPhoneNumberList(count));

/** `json` followed by spaces (valid JSON still) up to exactly `bytes` bytes. */
function padded(json: string, bytes: number): string {
  const missing = bytes - new TextEncoder().encode(json).byteLength;
  if (missing < 0) throw new Error(`the JSON is already ${-missing} bytes over ${bytes}`);
  return json + ' '.repeat(missing);
}

describe('sendWebhookRequest', () => {
  it('POSTs the request headers and body to the URL, without following redirects or sending cookies', async () => {
    const request = await buildWebhookRequest(INPUT, 'genuine', NOW);
    const fetchImpl = fakeFetch();

    await sendWebhookRequest(request, { fetch: fetchImpl, now: () => NOW });

    expect(fetchImpl).toHaveBeenCalledTimes(1);
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe(INPUT.url);
    expect(init).toMatchObject({
      method: 'POST',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      credentials: 'omit',
    });
    expect(init?.signal).toBeInstanceOf(AbortSignal);
    expect(init?.signal?.aborted).toBe(false);
  });

  it('records the status, content type, body and time taken', async () => {
    const request = await buildWebhookRequest(INPUT, 'genuine', NOW);
    const fetchImpl = fakeFetch(() => respond(201, VALID_BODY, { 'content-type': 'application/json; charset=utf-8' }));

    const exchange = await sendWebhookRequest(request, { fetch: fetchImpl, now: steppingClock(NOW, 234) });

    expect(exchange).toEqual({
      kind: 'genuine',
      url: INPUT.url,
      requestHeaders: request.headers,
      requestBody: request.body,
      status: 201,
      contentType: 'application/json; charset=utf-8',
      responseBody: VALID_BODY,
      durationMs: 234,
      failure: null,
    });
  });

  it('records an error answer as an answer, not a failure', async () => {
    const request = await buildWebhookRequest(INPUT, 'genuine', NOW);
    const html = '<!doctype html><title>502 Bad Gateway</title>';

    const exchange = await sendWebhookRequest(request, {
      fetch: fakeFetch(() => respond(502, html, { 'content-type': 'text/html' })),
      now: () => NOW,
    });

    expect(exchange).toMatchObject({ status: 502, contentType: 'text/html', responseBody: html, failure: null });
  });

  it('reads a 900 KB valid answer whole, past the old 200,000-character cut, and judges it valid', async () => {
    const body = phoneNumbers(15_000);
    expect(body.length).toBeGreaterThan(900 * 1024);
    expect(body.length).toBeLessThan(WEBHOOK_ANSWER_LIMIT_BYTES);
    const answer = streamedAnswer(body);

    const { exchange, analysis } = await testWebhook(INPUT, { fetch: fakeFetch(() => answer.response), now: () => NOW });

    expect(exchange.failure).toBeNull();
    expect(exchange.responseBody).toBe(body);
    expect(analysis).toMatchObject({ verdict: 'valid', summary: '15000 numbers, 15000 selectable', problems: [] });
    expect(analysis?.preview).toHaveLength(15_000);
    expect(answer.cancel).not.toHaveBeenCalled();
  });

  it('judges an answer of exactly 1 MB', async () => {
    const body = padded(phoneNumbers(10), WEBHOOK_ANSWER_LIMIT_BYTES);

    const { exchange, analysis } = await testWebhook(INPUT, { fetch: fakeFetch(() => streamedAnswer(body).response), now: () => NOW });

    expect(exchange.failure).toBeNull();
    expect(analysis).toMatchObject({ verdict: 'valid', summary: '10 numbers, 10 selectable' });
  });

  it('an answer of 1 MB + 1 byte is too large: reading stops, the body is cancelled and the request aborted', async () => {
    const answer = streamedAnswer(padded(phoneNumbers(10), WEBHOOK_ANSWER_LIMIT_BYTES + 1));
    const fetchImpl = fakeFetch(() => answer.response);

    const { exchange, analysis } = await testWebhook(INPUT, { fetch: fetchImpl, now: () => NOW });

    expect(exchange.failure).toEqual({ kind: 'too-large', limitBytes: 1_048_576 });
    expect(exchange).toMatchObject({ status: 200, contentType: 'application/json' });
    expect(exchange.responseBody).toHaveLength(WEBHOOK_ANSWER_LIMIT_BYTES);
    expect(answer.cancel).toHaveBeenCalledTimes(1);
    expect(fetchImpl.mock.calls[0]![1]?.signal?.aborted).toBe(true);
    expect(analysis).toBeNull();
  });

  it('an error page over 1 MB is too large as well', async () => {
    const answer = streamedAnswer(`<!doctype html><title>500</title>${'x'.repeat(WEBHOOK_ANSWER_LIMIT_BYTES)}`);
    const { exchange } = await testWebhook(INPUT, {
      fetch: fakeFetch(() => new Response(answer.response.body, { status: 500, headers: { 'content-type': 'text/html' } })),
      now: () => NOW,
    });

    expect(exchange).toMatchObject({ status: 500, failure: { kind: 'too-large' } });
    expect(answer.cancel).toHaveBeenCalled();
  });

  it('a slow drip that ends within the timeout is read whole and judged', async () => {
    const answer = streamedAnswer(VALID_BODY, { chunkBytes: 16, delayMs: 5 });

    const { exchange, analysis } = await testWebhook(INPUT, { fetch: fakeFetch(() => answer.response), timeoutMs: 5_000 });

    expect(exchange.failure).toBeNull();
    expect(exchange.responseBody).toBe(VALID_BODY);
    expect(analysis?.verdict).toBe('valid');
  });

  it('a slow drip still going at the timeout is a timeout, and its body is cancelled', async () => {
    const answer = streamedAnswer(phoneNumbers(100), { chunkBytes: 16, delayMs: 10 });
    const fetchImpl = fakeFetch(() => answer.response);

    const { exchange, analysis } = await testWebhook(INPUT, { fetch: fetchImpl, timeoutMs: 60 });

    expect(exchange.failure).toEqual({ kind: 'timeout', timeoutMs: 60 });
    expect(answer.cancel).toHaveBeenCalled();
    expect(fetchImpl.mock.calls[0]![1]?.signal?.aborted).toBe(true);
    expect(analysis).toBeNull();
  });

  it.each([301, 302, 303, 307, 308])('a %i is a redirect failure with its location, and its body is not read', async (status) => {
    const request = await buildWebhookRequest(INPUT, 'genuine', NOW);
    const answer = respond(status, 'moved', { location: 'https://elsewhere.example.com/hook', 'content-type': 'text/plain' });
    const text = vi.spyOn(answer, 'text');

    const exchange = await sendWebhookRequest(request, { fetch: fakeFetch(() => answer), now: () => NOW });

    expect(exchange.failure).toEqual({ kind: 'redirect', status, location: 'https://elsewhere.example.com/hook' });
    expect(exchange).toMatchObject({ status, contentType: null, responseBody: '' });
    expect(text).not.toHaveBeenCalled();
  });

  it('an opaque redirect (status 0, as browsers give under redirect: manual) is a redirect failure with no status', async () => {
    const request = await buildWebhookRequest(INPUT, 'genuine', NOW);

    const exchange = await sendWebhookRequest(request, { fetch: fakeFetch(opaqueRedirect), now: () => NOW });

    expect(exchange.failure).toEqual({ kind: 'redirect', status: 0, location: null });
    expect(exchange.status).toBeNull();
    expect(exchange.responseBody).toBe('');
  });

  it.each([
    ['an Error', new TypeError('fetch failed'), 'fetch failed'],
    ['a string', 'connection refused', 'connection refused'],
  ])('a fetch rejecting with %s is a network failure with its message', async (_what, reason, message) => {
    const request = await buildWebhookRequest(INPUT, 'genuine', NOW);
    const fetchImpl = vi.fn<typeof fetch>(() => Promise.reject(reason));

    const exchange = await sendWebhookRequest(request, { fetch: fetchImpl, now: steppingClock(NOW, 12) });

    expect(exchange.failure).toEqual({ kind: 'network', message });
    expect(exchange).toMatchObject({ status: null, contentType: null, responseBody: '', durationMs: 12 });
  });

  it('a fetch slower than the timeout is aborted and reported as a timeout', async () => {
    const request = await buildWebhookRequest(INPUT, 'genuine', NOW);
    const fetchImpl = hangingFetch();

    const exchange = await sendWebhookRequest(request, { fetch: fetchImpl, timeoutMs: 30 });

    expect(exchange.failure).toEqual({ kind: 'timeout', timeoutMs: 30 });
    expect(exchange.status).toBeNull();
    expect(fetchImpl.mock.calls[0]![1]?.signal?.aborted).toBe(true);
    expect(exchange.durationMs).toBeGreaterThanOrEqual(25);
  });

  it('a body that stops arriving before the timeout is reported as a timeout', async () => {
    const request = await buildWebhookRequest(INPUT, 'genuine', NOW);
    const fetchImpl = fakeFetch((init) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"phoneNumbers": ['));
          init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    });

    const exchange = await sendWebhookRequest(request, { fetch: fetchImpl, timeoutMs: 30 });

    expect(exchange.failure).toEqual({ kind: 'timeout', timeoutMs: 30 });
  });

  it('leaves no timer behind after an answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const request = await buildWebhookRequest(INPUT, 'genuine', NOW);
      await sendWebhookRequest(request, { fetch: fakeFetch(), now: () => NOW });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('describeFailure', () => {
  it.each<[string, WebhookFailure, string]>([
    ['network', { kind: 'network', message: 'fetch failed' }, 'Network error: the webhook could not be reached (fetch failed).'],
    ['timeout of 10 s', { kind: 'timeout', timeoutMs: 10_000 }, 'Timed out: no answer within 10 s.'],
    ['timeout of 2.5 s', { kind: 'timeout', timeoutMs: 2_500 }, 'Timed out: no answer within 2.5 s.'],
    [
      'redirect with status and location',
      { kind: 'redirect', status: 302, location: 'https://elsewhere.example.com/hook' },
      'The webhook redirected (302) to https://elsewhere.example.com/hook; HubSpot expects the answer from the URL it calls and does not follow redirects.',
    ],
    [
      'redirect without location',
      { kind: 'redirect', status: 307, location: null },
      'The webhook redirected (307); HubSpot expects the answer from the URL it calls and does not follow redirects.',
    ],
    [
      'opaque redirect',
      { kind: 'redirect', status: 0, location: null },
      'The webhook redirected; HubSpot expects the answer from the URL it calls and does not follow redirects.',
    ],
    [
      'too large',
      { kind: 'too-large', limitBytes: 1_048_576 },
      "The answer is larger than 1 MB: the tester stopped reading after 1 MB and cancelled the request. 1 MB is this tester's own limit, far above any list of numbers a user picks from.",
    ],
  ])('%s', (_name, failure, words) => {
    expect(describeFailure(failure)).toBe(words);
  });
});

describe('testWebhook', () => {
  it('sends the genuine request, signed with the client secret at the clock time, and judges a valid answer valid', async () => {
    const fetchImpl = fakeFetch();

    const { exchange, analysis } = await testWebhook(INPUT, { fetch: fetchImpl, now: () => NOW });

    const init = fetchImpl.mock.calls[0]![1];
    expect(JSON.parse(String(init?.body))).toEqual({ appId: 123456, portalId: 987654, userId: 42 });
    expect(header(init, 'X-HubSpot-Request-Timestamp')).toBe(String(NOW));
    expect(header(init, 'X-HubSpot-Signature-v3')).toBe(
      Signature.getSignature('POST', 'v3', { signature: '', clientSecret: SECRET, requestBody: String(init?.body), url: INPUT.url, timestamp: NOW }),
    );
    expect(exchange).toMatchObject({ kind: 'genuine', status: 200, failure: null });
    expect(analysis).toMatchObject({ verdict: 'valid', problems: [], warnings: [] });
    expect(analysis?.preview.map((entry) => entry.number)).toEqual(['+18001231234', '+61291234567']);
  });

  it('judges an error answer: there is an answer, so there is an analysis', async () => {
    const { analysis } = await testWebhook(INPUT, {
      fetch: fakeFetch(() => respond(500, '{"message":"boom"}', { 'content-type': 'application/json' })),
      now: () => NOW,
    });

    expect(analysis).toMatchObject({ verdict: 'unusable', summary: 'Server error 500: boom' });
  });

  it.each<[string, typeof fetch, WebhookFailure['kind']]>([
    ['a network error', () => Promise.reject(new TypeError('fetch failed')), 'network'],
    ['a redirect', async () => respond(302, null, { location: 'https://elsewhere.example.com/' }), 'redirect'],
    ['an opaque redirect', async () => opaqueRedirect(), 'redirect'],
    ['a timeout', hangingFetch(), 'timeout'],
  ])('has no analysis after %s', async (_what, fetchImpl, kind) => {
    const { exchange, analysis } = await testWebhook(INPUT, { fetch: fetchImpl, now: () => NOW, timeoutMs: 30 });

    expect(exchange.failure?.kind).toBe(kind);
    expect(analysis).toBeNull();
  });
});

describe('runNegativeChecks', () => {
  it('sends exactly two forgeries: a wrong signature, then a timestamp more than 5 minutes old', async () => {
    const genuine = await buildWebhookRequest(INPUT, 'genuine', NOW);
    const fetchImpl = fakeFetch(() => respond(401));

    const checks = await runNegativeChecks(INPUT, { fetch: fetchImpl, now: () => NOW });

    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(checks.map((check) => check.kind)).toEqual(['bad-signature', 'stale-timestamp']);
    const [badSignature, stale] = fetchImpl.mock.calls.map(([url, init]) => ({ url, init }));
    for (const sent of [badSignature!, stale!]) {
      expect(sent.url).toBe(INPUT.url);
      expect(sent.init?.method).toBe('POST');
      expect(sent.init?.body).toBe(genuine.body);
      expect(sent.init?.redirect).toBe('manual');
    }

    // Same timestamp as a genuine request, but every signature made with another secret.
    expect(header(badSignature!.init, 'X-HubSpot-Request-Timestamp')).toBe(genuine.headers['X-HubSpot-Request-Timestamp']);
    expect(header(badSignature!.init, 'X-HubSpot-Signature-v3')).not.toBe(genuine.headers['X-HubSpot-Signature-v3']);
    expect(header(badSignature!.init, 'X-HubSpot-Signature')).not.toBe(genuine.headers['X-HubSpot-Signature']);

    // Correctly signed, so only its age can make a webhook refuse it.
    const staleTimestamp = Number(header(stale!.init, 'X-HubSpot-Request-Timestamp'));
    expect(NOW - staleTimestamp).toBeGreaterThan(MAX_TIMESTAMP_AGE_MS);
    expect(header(stale!.init, 'X-HubSpot-Signature-v3')).toBe(
      Signature.getSignature('POST', 'v3', { signature: '', clientSecret: SECRET, requestBody: genuine.body, url: INPUT.url, timestamp: staleTimestamp }),
    );
    expect(header(stale!.init, 'X-HubSpot-Signature-v3')).not.toBe(genuine.headers['X-HubSpot-Signature-v3']);
  });

  it.each<[string, typeof fetch, NegativeCheck['outcome'], RegExp]>([
    ['401', async () => respond(401), 'refused', /^Refused a request with a wrong signature with 401, as it should\.$/],
    ['403', async () => respond(403), 'refused', /^Refused a request with a wrong signature with 403, as it should\.$/],
    ['200', async () => respond(200, VALID_BODY), 'accepted', /^Finding: the webhook accepted a request with a wrong signature \(200\)/],
    ['204', async () => respond(204), 'accepted', /^Finding: .*\(204\)/],
    ['500', async () => respond(500), 'inconclusive', /^Sent a request with a wrong signature: answered 500, neither accepted nor refused/],
    ['a network failure', () => Promise.reject(new TypeError('fetch failed')), 'inconclusive', /^Sent a request with a wrong signature: Network error: .*\(fetch failed\)/],
    ['a redirect', async () => respond(302, null, { location: 'https://elsewhere.example.com/' }), 'inconclusive', /^Sent a request with a wrong signature: The webhook redirected \(302\)/],
  ])('an answer of %s is %s', async (_answer, fetchImpl, outcome, message) => {
    const checks = await runNegativeChecks(INPUT, { fetch: fetchImpl, now: () => NOW });

    expect(checks.map((check) => check.outcome)).toEqual([outcome, outcome]);
    expect(checks[0]!.message).toMatch(message);
    expect(checks[1]!.message).toContain('a request with a timestamp older than 5 minutes');
  });

  it('judges each forgery on its own answer', async () => {
    const answers = [respond(401), respond(200, VALID_BODY)];
    const checks = await runNegativeChecks(INPUT, { fetch: fakeFetch(() => answers.shift()!), now: () => NOW });

    expect(checks.map(({ kind, outcome }) => ({ kind, outcome }))).toEqual([
      { kind: 'bad-signature', outcome: 'refused' },
      { kind: 'stale-timestamp', outcome: 'accepted' },
    ]);
    expect(checks[1]!.message).toMatch(/^Finding: the webhook accepted a request with a timestamp older than 5 minutes \(200\)/);
  });

  it('a timeout is inconclusive', async () => {
    const checks = await runNegativeChecks(INPUT, { fetch: hangingFetch(), timeoutMs: 30 });

    expect(checks.map((check) => check.outcome)).toEqual(['inconclusive', 'inconclusive']);
    expect(checks[0]!.message).toContain('Timed out');
  });
});

/** Serves `handle` over plain http on 127.0.0.1, on a free port. */
async function listen(handle: (request: IncomingMessage, response: import('node:http').ServerResponse) => Promise<void> | void) {
  const server = createServer((request, response) => {
    Promise.resolve(handle(request, response)).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function close(server: Server) {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

describe('against the stand-in over HTTPS, as Chromium reaches it', () => {
  const certificate = readFileSync(new URL('../../../standin/certs/standin.crt', import.meta.url));
  let standin: Standin;

  /**
   * A fetch that connects to the stand-in as Chromium's `--host-resolver-rules` make it: the URL's host in the Host
   * header, the connection to 127.0.0.1. The certificate is verified against the stand-in's own (it names localhost).
   */
  const standinFetch: typeof fetch = (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const outgoing = httpsRequest(
        {
          host: '127.0.0.1',
          port: standin.port,
          servername: 'localhost',
          ca: certificate,
          method: init.method ?? 'GET',
          path: `${url.pathname}${url.search}`,
          headers: { ...Object.fromEntries(new Headers(init.headers)), host: url.host },
          signal: init.signal ?? undefined,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              for (const one of Array.isArray(value) ? value : [value ?? '']) headers.append(name, one);
            }
            const status = incoming.statusCode ?? 0;
            resolve(new Response([204, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(typeof init.body === 'string' ? init.body : undefined);
    });

  const standinInput = (path: string): WebhookRequestInput => ({
    url: `https://${WEBHOOK_HOST}${path}`,
    appId: 123456,
    portalId: 987654,
    userId: 42,
    clientSecret: STANDIN_CLIENT_SECRET,
  });

  beforeAll(async () => {
    standin = await startStandin();
  });
  afterAll(() => standin.close());

  it('the good webhook accepts the genuine request and answers the sample numbers', async () => {
    standin.reset();
    const { exchange, analysis } = await testWebhook(standinInput('/good'), { fetch: standinFetch });

    expect(exchange).toMatchObject({ status: 200, failure: null });
    expect(exchange.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(exchange.responseBody)).toEqual(SAMPLE_PHONE_NUMBERS);
    expect(analysis?.preview.map(({ number, selectable, shownName, truncated }) => ({ number, selectable, shownName, truncated }))).toEqual([
      { number: '+18001231234', selectable: true, shownName: 'Support line', truncated: false },
      { number: '+442071234567', selectable: false, shownName: 'London office, front des', truncated: true },
      { number: '+61291234567', selectable: true, shownName: 'Sydney', truncated: false },
    ]);
    expect(standin.webhooks.received).toEqual([expect.objectContaining({ path: '/good', body: exchange.requestBody })]);
  });

  it('the good webhook refuses both forgeries', async () => {
    const checks = await runNegativeChecks(standinInput('/good'), { fetch: standinFetch });

    expect(checks.map(({ kind, outcome }) => ({ kind, outcome }))).toEqual([
      { kind: 'bad-signature', outcome: 'refused' },
      { kind: 'stale-timestamp', outcome: 'refused' },
    ]);
    expect(checks.map((check) => check.exchange.status)).toEqual([401, 401]);
  });

  it('the lax webhook accepts both forgeries: a finding', async () => {
    const checks = await runNegativeChecks(standinInput('/lax'), { fetch: standinFetch });

    expect(checks.map((check) => check.outcome)).toEqual(['accepted', 'accepted']);
    for (const check of checks) expect(check.message).toMatch(/^Finding:/);
  });

  it('the redirecting webhook is reported as a redirect, not followed', async () => {
    const { exchange, analysis } = await testWebhook(standinInput('/redirect'), { fetch: standinFetch });

    expect(exchange.failure).toEqual({ kind: 'redirect', status: 302, location: `https://${WEBHOOK_HOST}/good` });
    expect(analysis).toBeNull();
  });

  it('an HTML error page is judged unusable and named as HTML', async () => {
    const { exchange, analysis } = await testWebhook(standinInput('/html-error'), { fetch: standinFetch });

    expect(exchange.status).toBe(502);
    expect(analysis).toMatchObject({ verdict: 'unusable', summary: 'Server error 502: HTML page "502 Bad Gateway"' });
  });

  it('the slow webhook times out', async () => {
    const { exchange, analysis } = await testWebhook(standinInput('/slow'), { fetch: standinFetch, timeoutMs: 100 });

    expect(exchange.failure).toEqual({ kind: 'timeout', timeoutMs: 100 });
    expect(analysis).toBeNull();
  });
});

describe('the URI signed is the full URL requested', () => {
  let webhooks: SampleWebhooks;
  let sample: Awaited<ReturnType<typeof listen>>;
  /** Validates as a receiver served over plain http should: with the URL it was really called at. */
  let plain: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    webhooks = createSampleWebhooks();
    sample = await listen(webhooks.handle);
    plain = await listen(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      let valid: boolean;
      try {
        valid = Signature.isValid({
          signature: String(request.headers['x-hubspot-signature-v3']),
          clientSecret: STANDIN_CLIENT_SECRET,
          requestBody: Buffer.concat(chunks).toString('utf8'),
          signatureVersion: 'v3',
          method: request.method ?? '',
          url: `http://${request.headers.host}${request.url}`,
          timestamp: Number(request.headers['x-hubspot-request-timestamp']),
        });
      } catch {
        valid = false;
      }
      response
        .writeHead(valid ? 200 : 401, { 'content-type': 'application/json' })
        .end(JSON.stringify(valid ? SAMPLE_PHONE_NUMBERS : { message: 'Invalid signature' }));
    });
  });
  afterAll(async () => {
    await close(sample.server);
    await close(plain.server);
  });
  afterEach(() => webhooks.reset());

  const input = (url: string): WebhookRequestInput => ({ url, appId: 1, portalId: 2, userId: 3, clientSecret: STANDIN_CLIENT_SECRET });

  it('the good webhook, which checks the URL it was reached at, accepts the request signed for its http URL', async () => {
    const { exchange } = await testWebhook(input(`${sample.origin}/good`));

    expect(exchange.status).toBe(200);
    expect(JSON.parse(exchange.responseBody)).toEqual(SAMPLE_PHONE_NUMBERS);
    expect(webhooks.received).toHaveLength(1);
  });

  it('the same webhook refuses a request signed for the https URL of its host but sent over http', async () => {
    const httpsUrl = `${sample.origin.replace('http:', 'https:')}/good`;
    const overHttp: typeof fetch = (url, init) => fetch(String(url).replace('https:', 'http:'), init);

    const { exchange, analysis } = await testWebhook(input(httpsUrl), { fetch: overHttp });

    expect(exchange.status).toBe(401);
    expect(analysis?.verdict).toBe('unusable');
  });

  it('a receiver validating with Signature.isValid and its real URL accepts the genuine request', async () => {
    const { exchange, analysis } = await testWebhook(input(`${plain.origin}/hook?tenant=acme`));

    expect(exchange.status).toBe(200);
    expect(analysis?.preview).toHaveLength(3);
  });

  it('the same receiver refuses both forgeries', async () => {
    const checks = await runNegativeChecks(input(`${plain.origin}/hook?tenant=acme`));

    expect(checks.map((check) => [check.kind, check.exchange.status, check.outcome])).toEqual([
      ['bad-signature', 401, 'refused'],
      ['stale-timestamp', 401, 'refused'],
    ]);
  });
});

describe('big answers over a real connection', () => {
  let webhooks: SampleWebhooks;
  let sample: Awaited<ReturnType<typeof listen>>;

  beforeAll(async () => {
    webhooks = createSampleWebhooks();
    sample = await listen(webhooks.handle);
  });
  afterAll(() => close(sample.server));
  afterEach(() => webhooks.reset());

  const input = (path: string): WebhookRequestInput => ({ url: `${sample.origin}${path}`, appId: 1, portalId: 2, userId: 3, clientSecret: STANDIN_CLIENT_SECRET });

  it('a webhook answering 100 MB is stopped after 1 MB: too large, and the connection closed long before the end', async () => {
    const { exchange, analysis } = await testWebhook(input('/huge'));

    expect(exchange.failure).toEqual({ kind: 'too-large', limitBytes: WEBHOOK_ANSWER_LIMIT_BYTES });
    expect(exchange.status).toBe(200);
    expect(analysis).toBeNull();
    await vi.waitFor(() => expect(webhooks.hugeAnswers[0]?.state).toBe('client-left'));
    // What the sockets buffered on both sides was sent too; the rest of the 100 MB never was.
    expect(webhooks.hugeAnswers[0]!.bytesSent).toBeLessThan(HUGE_ANSWER_BYTES / 10);
  });

  it('a list of 15,000 numbers (about 900 KB) is judged whole', async () => {
    const { exchange, analysis } = await testWebhook(input('/long-list'));

    expect(exchange.failure).toBeNull();
    expect(analysis).toMatchObject({ verdict: 'valid', summary: `${LONG_LIST_LENGTH} numbers, ${LONG_LIST_LENGTH} selectable` });
  });
});
