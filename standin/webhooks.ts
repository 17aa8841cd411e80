/**
 * Sample channel-connection webhooks, as a calling app would host them, for the webhook tester's tests and the
 * sandbox: a good one that validates HubSpot's signature with HubSpot's own `Signature.isValid`, a lax one that
 * checks nothing, and misbehaving ones (slow, an HTML error page, a redirect).
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
      url: `https://${request.headers.host}${request.url ?? '/'}`,
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

export function createSampleWebhooks() {
  const received: WebhookLogEntry[] = [];
  return {
    received,
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
        case '/redirect':
          response.writeHead(302, { location: `https://${WEBHOOK_HOST}/good` }).end();
          return;
        default:
          json(response, 404, { message: `No sample webhook at ${pathname}` });
      }
    },
    reset() {
      received.length = 0;
    },
  };
}

export type SampleWebhooks = ReturnType<typeof createSampleWebhooks>;
