/**
 * The request HubSpot sends to a channel-connection webhook, signed as HubSpot signs it (shared/PRODUCT.md), with
 * WebCrypto so it runs the same in the extension and in Node tests.
 */
export type SignatureVersion = 'v1' | 'v2' | 'v3';

export interface SignatureInput {
  clientSecret: string;
  method: string;
  /** The full URL requested, query included. */
  url: string;
  body: string;
  /** Milliseconds since the epoch, as sent in X-HubSpot-Request-Timestamp. */
  timestamp: number;
}

/** Receivers should refuse requests whose timestamp is older than this (HubSpot's own client does). */
export const MAX_TIMESTAMP_AGE_MS = 5 * 60 * 1000;

const encoder = new TextEncoder();

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function base64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export async function hubspotSignature(
  version: SignatureVersion,
  { clientSecret, method, url, body, timestamp }: SignatureInput,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<string> {
  switch (version) {
    case 'v1':
      return hex(await subtle.digest('SHA-256', encoder.encode(clientSecret + body)));
    case 'v2':
      return hex(await subtle.digest('SHA-256', encoder.encode(clientSecret + method + url + body)));
    case 'v3': {
      const key = await subtle.importKey('raw', encoder.encode(clientSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return base64(await subtle.sign('HMAC', key, encoder.encode(method + url + body + String(timestamp))));
    }
  }
}

/** The genuine request, and the two forgeries a well-built webhook must refuse. */
export type WebhookRequestKind = 'genuine' | 'bad-signature' | 'stale-timestamp';

export interface WebhookRequest {
  kind: WebhookRequestKind;
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
  timestamp: number;
}

export interface WebhookRequestInput {
  url: string;
  appId: number;
  portalId: number;
  userId: number;
  clientSecret: string;
}

/** Legacy signature sent beside v3; v2 covers method and URL as well as the body. */
export const LEGACY_SIGNATURE_VERSION = 'v2';

export async function buildWebhookRequest(
  input: WebhookRequestInput,
  kind: WebhookRequestKind,
  now: number = Date.now(),
): Promise<WebhookRequest> {
  const method = 'POST';
  const body = JSON.stringify({ appId: input.appId, portalId: input.portalId, userId: input.userId });
  // A minute past the limit, so that clock skew between this machine and the webhook cannot make it look fresh.
  const timestamp = kind === 'stale-timestamp' ? now - MAX_TIMESTAMP_AGE_MS - 60_000 : now;
  // The forgery is signed with a secret the webhook does not know, so every signature header is wrong.
  const clientSecret = kind === 'bad-signature' ? `${input.clientSecret}-forged` : input.clientSecret;
  const signed = { clientSecret, method, url: input.url, body, timestamp };
  return {
    kind,
    method,
    url: input.url,
    body,
    timestamp,
    headers: {
      'Content-Type': 'application/json',
      'X-HubSpot-Signature-v3': await hubspotSignature('v3', signed),
      'X-HubSpot-Request-Timestamp': String(timestamp),
      'X-HubSpot-Signature': await hubspotSignature(LEGACY_SIGNATURE_VERSION, signed),
      'X-HubSpot-Signature-Version': LEGACY_SIGNATURE_VERSION,
    },
  };
}
