import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildWebhookRequest, type WebhookRequestKind } from '../../utils/webhook/webhookSignature';
import {
  createSampleWebhooks,
  OLDER_DOCS_PHONE_NUMBERS,
  SAMPLE_PHONE_NUMBERS,
  SLOW_WEBHOOK_DELAY_MS,
  STANDIN_CLIENT_SECRET,
  WEBHOOK_HOST,
  type SampleWebhooks,
} from '../webhooks';

let webhooks: SampleWebhooks;
let server: Server;
/** Where the test server listens, e.g. `127.0.0.1:40123`: the Host header fetch sends. */
let host: string;

beforeAll(async () => {
  webhooks = createSampleWebhooks();
  server = createServer((request, response) => {
    webhooks.handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => webhooks.reset());

/**
 * A request built as the tester builds it. The good webhook rebuilds the URL it checks from the scheme it is served
 * over and the Host header: plain http here, as a webhook on the developer's computer is.
 */
async function signed(path: string, kind: WebhookRequestKind = 'genuine', signedUrl = `http://${host}${path}`) {
  const request = await buildWebhookRequest(
    { url: signedUrl, appId: 123456, portalId: 987654, userId: 42, clientSecret: STANDIN_CLIENT_SECRET },
    kind,
  );
  return { headers: request.headers, body: request.body };
}

async function send(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const response = await fetch(`http://${host}${path}`, { method: init.method ?? 'POST', headers: init.headers, body: init.body, redirect: 'manual' });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

describe('/good', () => {
  it('accepts a genuine request and answers the sample numbers as JSON', async () => {
    const answer = await send('/good', await signed('/good'));

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.json()).toEqual(SAMPLE_PHONE_NUMBERS);
  });

  it('checks the full URL, query included', async () => {
    expect((await send('/good?tenant=acme', await signed('/good?tenant=acme'))).status).toBe(200);
    expect((await send('/good?tenant=acme', await signed('/good'))).status).toBe(401);
  });

  it.each<[string, () => Promise<{ headers: Record<string, string>; body: string }>]>([
    ['a wrong signature', () => signed('/good', 'bad-signature')],
    ['a timestamp older than 5 minutes', () => signed('/good', 'stale-timestamp')],
    ['a signature for the https URL, when it was sent over http', () => signed('/good', 'genuine', `https://${host}/good`)],
    ['a signature for another path', () => signed('/good', 'genuine', `http://${host}/lax`)],
    [
      'a changed body',
      async () => {
        const request = await signed('/good');
        return { ...request, body: request.body.replace('"userId":42', '"userId":43') };
      },
    ],
    [
      'no signature',
      async () => {
        const { headers, body } = await signed('/good');
        const { 'X-HubSpot-Signature-v3': _dropped, ...rest } = headers;
        return { headers: rest, body };
      },
    ],
    [
      'a timestamp that is not a number',
      async () => {
        const request = await signed('/good');
        return { ...request, headers: { ...request.headers, 'X-HubSpot-Request-Timestamp': 'yesterday' } };
      },
    ],
  ])('refuses %s with 401', async (_what, forge) => {
    const answer = await send('/good', await forge());

    expect(answer.status).toBe(401);
    expect(answer.json()).toEqual({ message: 'Invalid signature or stale timestamp' });
  });

  it('refuses GET with 405', async () => {
    const answer = await send('/good', { method: 'GET', headers: (await signed('/good')).headers });

    expect(answer.status).toBe(405);
    expect(answer.json()).toEqual({ message: 'POST only' });
  });
});

describe('/lax', () => {
  it.each<[string, () => Promise<{ method?: string; headers?: Record<string, string>; body?: string }>]>([
    ['a genuine request', () => signed('/lax')],
    ['a wrong signature', () => signed('/lax', 'bad-signature')],
    ['a stale timestamp', () => signed('/lax', 'stale-timestamp')],
    ['no headers and no body', async () => ({})],
    ['a GET', async () => ({ method: 'GET' })],
  ])('answers the older-docs numbers to %s', async (_what, build) => {
    const answer = await send('/lax', await build());

    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.json()).toEqual(OLDER_DOCS_PHONE_NUMBERS);
  });
});

describe('misbehaving webhooks', () => {
  it('/html-error answers a 502 HTML page', async () => {
    const answer = await send('/html-error', await signed('/html-error'));

    expect(answer.status).toBe(502);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.text).toMatch(/^<!doctype html>/);
    expect(answer.text).toContain('<title>502 Bad Gateway</title>');
  });

  it('/redirect answers a 302 to the good webhook', async () => {
    const answer = await send('/redirect', await signed('/redirect'));

    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(`https://${WEBHOOK_HOST}/good`);
  });

  it.each(['/nope', '/nope?x=1', '/', '/good/extra'])('%s is 404, naming the path', async (path) => {
    const answer = await send(path, await signed(path));

    expect(answer.status).toBe(404);
    expect(answer.json()).toEqual({ message: `No sample webhook at ${new URL(path, 'https://x').pathname}` });
  });
});

describe('/slow', () => {
  /** Calls the handler directly, so fake timers drive the delay without a socket. */
  function fakeExchange(destroyed = false) {
    const request = Object.assign(Readable.from([Buffer.from('{"appId":1}')]), {
      method: 'POST',
      url: '/slow',
      headers: { host: WEBHOOK_HOST },
    }) as unknown as IncomingMessage;
    const response = { destroyed, writeHead: vi.fn(), end: vi.fn() };
    response.writeHead.mockReturnValue(response);
    return { request, response, asServerResponse: response as unknown as ServerResponse };
  }

  /** Until the handler has read the body: it logs the request and sets its delay in the same turn. */
  async function untilReceived(own: SampleWebhooks) {
    const deadline = Date.now() + 5_000;
    while (own.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(own.received).toHaveLength(1);
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  it(`answers the sample numbers after ${SLOW_WEBHOOK_DELAY_MS} ms, not before`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const own = createSampleWebhooks();
    const { request, response, asServerResponse } = fakeExchange();

    const handled = own.handle(request, asServerResponse);
    await untilReceived(own);
    await vi.advanceTimersByTimeAsync(SLOW_WEBHOOK_DELAY_MS - 1);
    expect(response.writeHead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await handled;

    expect(response.writeHead).toHaveBeenCalledWith(200, { 'content-type': 'application/json; charset=utf-8' });
    expect(response.end).toHaveBeenCalledWith(JSON.stringify(SAMPLE_PHONE_NUMBERS));
    expect(own.received).toEqual([{ path: '/slow', headers: { host: WEBHOOK_HOST }, body: '{"appId":1}' }]);
  });

  it('writes nothing to a caller that gave up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { request, response, asServerResponse } = fakeExchange(true);

    const own = createSampleWebhooks();
    const handled = own.handle(request, asServerResponse);
    await untilReceived(own);
    await vi.advanceTimersByTimeAsync(SLOW_WEBHOOK_DELAY_MS);
    await handled;

    expect(response.writeHead).not.toHaveBeenCalled();
    expect(response.end).not.toHaveBeenCalled();
  });
});

describe('received', () => {
  it('records each request in order: path with query, headers and body', async () => {
    const genuine = await signed('/good?tenant=acme');
    await send('/good?tenant=acme', genuine);
    await send('/lax', { body: 'not json' });

    expect(webhooks.received).toHaveLength(2);
    expect(webhooks.received[0]).toEqual({
      path: '/good?tenant=acme',
      headers: expect.objectContaining({
        host,
        'content-type': 'application/json',
        'x-hubspot-signature-v3': genuine.headers['X-HubSpot-Signature-v3'],
        'x-hubspot-request-timestamp': genuine.headers['X-HubSpot-Request-Timestamp'],
        'x-hubspot-signature': genuine.headers['X-HubSpot-Signature'],
        'x-hubspot-signature-version': 'v2',
      }),
      body: genuine.body,
    });
    expect(webhooks.received[1]).toMatchObject({ path: '/lax', body: 'not json' });
  });

  it('records refused and unknown requests too', async () => {
    await send('/good', await signed('/good', 'bad-signature'));
    await send('/good', { method: 'GET' });
    await send('/nope');

    expect(webhooks.received.map((entry) => entry.path)).toEqual(['/good', '/good', '/nope']);
  });

  it('reset() forgets them, keeping the same array', async () => {
    const received = webhooks.received;
    await send('/lax');
    expect(received).toHaveLength(1);

    webhooks.reset();

    expect(webhooks.received).toBe(received);
    expect(received).toEqual([]);
  });

  it('each set of sample webhooks has its own log', async () => {
    await send('/lax');

    expect(createSampleWebhooks().received).toEqual([]);
    expect(webhooks.received).toHaveLength(1);
  });
});
