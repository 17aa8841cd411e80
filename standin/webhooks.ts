/**
 * Sample channel-connection webhooks, as a calling app would host them, for the webhook tester's tests and the
 * sandbox: a good one that validates HubSpot's signature with HubSpot's own `Signature.isValid`, a lax one that
 * checks nothing, misbehaving ones (slow, an HTML error page, a redirect), and big ones (a long list under the tester's
 * size limit, and an answer far over it).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Signature } from '@hubspot/api-client';

export const WEBHOOK_HOST = 'webhooks.example.test';
/** The client secret the good webhook checks signatures with; put it in the stand-in app's profile. */
export const STANDIN_CLIENT_SECRET = 'standin-client-secret-3c9e1a7b5d';

export const SAMPLE_PHONE_NUMBERS = {
  phoneNumbers: [
    { e164PhoneNumber: '+18001231234', friendlyName: 'Support line' },
    { e164PhoneNumber: '+442071234567', extension: '12', friendlyName: 'London office, front desk reception' },
    { e164PhoneNumber: '+61291234567', friendlyName: 'Sydney' },
  ],
};

/** What the lax webhook answers: the older docs' field name, with numbers as JSON numbers. */
export const OLDER_DOCS_PHONE_NUMBERS = {
  phoneNumbers: [{ e164Number: 18001231234, friendlyName: 'Support line' }],
};

export const SLOW_WEBHOOK_DELAY_MS = 15_000;

/** How many numbers the long-list webhook answers: about 900 KB of valid JSON, under the tester's 1 MB limit. */
export const LONG_LIST_LENGTH = 15_000;

/** What the huge webhook sends unless the client goes away first: valid JSON, far over any sensible limit. */
export const HUGE_ANSWER_BYTES = 100 * 1024 * 1024;

/** `count` distinct numbers, each with a name, in HubSpot's documented shape. */
export function longPhoneNumberList(count: number) {
  return {
    phoneNumbers: Array.from({ length: count }, (_, index) => ({
      e164PhoneNumber: `+1800${String(index).padStart(7, '0')}`,
      friendlyName: `Line ${index}`,
    })),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

/** The check a well-built webhook makes: v3 signature over method + full URL + body + timestamp, and its age. */
function validSignature(request: IncomingMessage, body: string): boolean {
  const signature = request.headers['x-hubspot-signature-v3'];
  const timestamp = Number(request.headers['x-hubspot-request-timestamp']);
  if (typeof signature !== 'string' || !Number.isFinite(timestamp)) return false;
  try {
    return Signature.isValid({
      signature,
      clientSecret: STANDIN_CLIENT_SECRET,
      requestBody: body,
      signatureVersion: 'v3',
      method: request.method ?? 'POST',
      // The URL as the sender saw it: the stand-in serves https, a test's local server plain http.
      url: `${(request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${request.headers.host}${request.url ?? '/'}`,
      timestamp,
    });
  } catch {
    // Signature.isValid throws on a timestamp older than five minutes.
    return false;
  }
}

export interface WebhookLogEntry {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** One answer of the huge webhook: how much of it was handed to the connection, and how it ended. */
export interface HugeAnswer {
  bytesSent: number;
  state: 'sending' | 'client-left' | 'finished';
}

/**
 * The sample answer padded with whitespace (still valid JSON) to `HUGE_ANSWER_BYTES`, written as fast as the client
 * reads and stopped when the client closes the connection, which shows how much a client read before giving up.
 */
async function answerHuge(response: ServerResponse, record: HugeAnswer): Promise<void> {
  let closed = false;
  response.on('close', () => {
    closed = true;
    if (record.state === 'sending') record.state = 'client-left';
  });
  const writable = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        response.off('drain', done).off('close', done);
        resolve();
      };
      response.on('drain', done).on('close', done);
    });
  const write = async (chunk: Buffer) => {
    record.bytesSent += chunk.byteLength;
    if (!response.write(chunk)) await writable();
  };
  const padding = Buffer.alloc(64 * 1024, ' ');
  const json = JSON.stringify(SAMPLE_PHONE_NUMBERS);
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  await write(Buffer.from(json.slice(0, -1)));
  while (!closed && record.bytesSent + padding.byteLength < HUGE_ANSWER_BYTES) await write(padding);
  if (closed) return;
  record.bytesSent += 1;
  record.state = 'finished';
  response.end('}');
}

export function createSampleWebhooks() {
  const received: WebhookLogEntry[] = [];
  const hugeAnswers: HugeAnswer[] = [];
  return {
    received,
    hugeAnswers,
    async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
      const body = await readBody(request);
      const { pathname } = new URL(request.url ?? '/', `https://${WEBHOOK_HOST}`);
      received.push({ path: request.url ?? '/', headers: request.headers, body });
      switch (pathname) {
        case '/good':
          if (request.method !== 'POST') return json(response, 405, { message: 'POST only' });
          if (!validSignature(request, body)) return json(response, 401, { message: 'Invalid signature or stale timestamp' });
          return json(response, 200, SAMPLE_PHONE_NUMBERS);
        case '/lax':
          return json(response, 200, OLDER_DOCS_PHONE_NUMBERS);
        case '/slow':
          // Unref: a pending slow answer must not keep a test process alive.
          await new Promise((resolve) => setTimeout(resolve, SLOW_WEBHOOK_DELAY_MS).unref());
          if (!response.destroyed) json(response, 200, SAMPLE_PHONE_NUMBERS);
          return;
        case '/html-error':
          response
            .writeHead(502, { 'content-type': 'text/html; charset=utf-8' })
            .end('<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>');
          return;
        case '/long-list':
          return json(response, 200, longPhoneNumberList(LONG_LIST_LENGTH));
        case '/huge': {
          const record: HugeAnswer = { bytesSent: 0, state: 'sending' };
          hugeAnswers.push(record);
          return answerHuge(response, record);
        }
        case '/redirect':
          response.writeHead(302, { location: `https://${WEBHOOK_HOST}/good` }).end();
          return;
        default:
          json(response, 404, { message: `No sample webhook at ${pathname}` });
      }
    },
    reset() {
      received.length = 0;
      hugeAnswers.length = 0;
    },
  };
}

export type SampleWebhooks = ReturnType<typeof createSampleWebhooks>;
