import { Signature } from '@hubspot/api-client';
import { describe, expect, it } from 'vitest';
import { buildWebhookRequest, hubspotSignature, MAX_TIMESTAMP_AGE_MS, type SignatureVersion } from '../webhookSignature';

const SECRET = 'client-secret-0f1e2d3c';
const URL_ = 'https://webhooks.example.test/hubspot/channel-connection?tenant=a%20b&x=1';
const BODY = JSON.stringify({ appId: 3141592, portalId: 123456, userId: 42 });

/** HubSpot's own Node client is the reference a receiver would validate with. */
function hubspotAccepts(version: SignatureVersion, signature: string, fields: { url: string; body: string; timestamp: number; method?: string }) {
  return Signature.isValid({
    signature,
    clientSecret: SECRET,
    requestBody: fields.body,
    signatureVersion: version,
    url: fields.url,
    method: fields.method ?? 'POST',
    timestamp: fields.timestamp,
  });
}

describe('hubspotSignature agrees with @hubspot/api-client', () => {
  it.each(['v1', 'v2', 'v3'] as const)('%s: a genuine signature is accepted', async (version) => {
    const timestamp = Date.now();
    const signature = await hubspotSignature(version, { clientSecret: SECRET, method: 'POST', url: URL_, body: BODY, timestamp });
    expect(hubspotAccepts(version, signature, { url: URL_, body: BODY, timestamp })).toBe(true);
  });

  it.each([
    ['v1', 'body', { body: BODY.replace('42', '43') }],
    ['v2', 'body', { body: BODY.replace('42', '43') }],
    ['v2', 'URL', { url: URL_.replace('x=1', 'x=2') }],
    ['v2', 'method', { method: 'PUT' }],
    ['v3', 'body', { body: BODY.replace('42', '43') }],
    ['v3', 'URL', { url: URL_.replace('tenant', 'tenants') }],
    ['v3', 'method', { method: 'GET' }],
    ['v3', 'timestamp', { timestamp: -1 }],
  ] as const)('%s: a tampered %s is rejected', async (version, _what, change) => {
    const timestamp = Date.now();
    const signature = await hubspotSignature(version, { clientSecret: SECRET, method: 'POST', url: URL_, body: BODY, timestamp });
    const tampered = { url: URL_, body: BODY, timestamp, ...change };
    if (tampered.timestamp === -1) tampered.timestamp = timestamp - 1;
    expect(hubspotAccepts(version, signature, tampered)).toBe(false);
  });

  it('v3 rejects a signature made with another secret', async () => {
    const timestamp = Date.now();
    const signature = await hubspotSignature('v3', { clientSecret: 'other', method: 'POST', url: URL_, body: BODY, timestamp });
    expect(hubspotAccepts('v3', signature, { url: URL_, body: BODY, timestamp })).toBe(false);
  });
});

describe('buildWebhookRequest', () => {
  const input = { url: URL_, appId: 3141592, portalId: 123456, userId: 42, clientSecret: SECRET };
  const now = 1_780_000_000_000;

  it('sends what HubSpot sends: POST, JSON {appId, portalId, userId}, v3 and legacy signatures', async () => {
    const request = await buildWebhookRequest(input, 'genuine', now);
    expect(request).toMatchObject({ method: 'POST', url: URL_, body: BODY, timestamp: now });
    expect(JSON.parse(request.body)).toEqual({ appId: 3141592, portalId: 123456, userId: 42 });
    expect(request.headers['Content-Type']).toBe('application/json');
    expect(request.headers['X-HubSpot-Request-Timestamp']).toBe(String(now));
    expect(request.headers['X-HubSpot-Signature-Version']).toBe('v2');
    expect(Signature.getSignature('POST', 'v3', { signature: '', clientSecret: SECRET, requestBody: BODY, url: URL_, timestamp: now })).toBe(
      request.headers['X-HubSpot-Signature-v3'],
    );
    expect(Signature.getSignature('POST', 'v2', { signature: '', clientSecret: SECRET, requestBody: BODY, url: URL_ })).toBe(
      request.headers['X-HubSpot-Signature'],
    );
  });

  it('a genuine request sent now passes Signature.isValid', async () => {
    const request = await buildWebhookRequest(input, 'genuine');
    const signature = request.headers['X-HubSpot-Signature-v3'] as string;
    expect(hubspotAccepts('v3', signature, { url: URL_, body: request.body, timestamp: request.timestamp })).toBe(true);
  });

  it('the bad-signature forgery fails every signature check', async () => {
    const request = await buildWebhookRequest(input, 'bad-signature');
    expect(hubspotAccepts('v3', request.headers['X-HubSpot-Signature-v3'] as string, request)).toBe(false);
    expect(hubspotAccepts('v2', request.headers['X-HubSpot-Signature'] as string, request)).toBe(false);
  });

  it('the stale forgery is correctly signed but older than five minutes, so Signature.isValid throws', async () => {
    const request = await buildWebhookRequest(input, 'stale-timestamp', Date.now());
    expect(Date.now() - request.timestamp).toBeGreaterThan(MAX_TIMESTAMP_AGE_MS);
    expect(await hubspotSignature('v3', { clientSecret: SECRET, method: 'POST', url: URL_, body: request.body, timestamp: request.timestamp })).toBe(
      request.headers['X-HubSpot-Signature-v3'],
    );
    expect(() => hubspotAccepts('v3', request.headers['X-HubSpot-Signature-v3'] as string, request)).toThrow(/Timestamp is invalid/);
  });
});
