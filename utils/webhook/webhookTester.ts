/**
 * Sends the webhook the request HubSpot would send and judges the answer as HubSpot would. Pure: fetch and the clock
 * are passed in. Nothing here keeps or returns the client secret; signatures are derived values and may be shown.
 */
import { byteSize, readBoundedBody, WEBHOOK_ANSWER_LIMIT_BYTES } from '../platform/boundedBody';
import { analyzeWebhookResponse, type ResponseAnalysis } from './webhookResponse';
import { buildWebhookRequest, type WebhookRequest, type WebhookRequestInput, type WebhookRequestKind } from './webhookSignature';

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

export type WebhookFailure =
  | { kind: 'network'; message: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'redirect'; status: number; location: string | null }
  | { kind: 'too-large'; limitBytes: number };

export interface WebhookExchange {
  kind: WebhookRequestKind;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  status: number | null;
  contentType: string | null;
  /** When the answer was too large, its first part up to the limit. */
  responseBody: string;
  durationMs: number;
  failure: WebhookFailure | null;
}

export interface WebhookDeps {
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export async function sendWebhookRequest(
  request: WebhookRequest,
  { fetch: fetchImpl = globalThis.fetch, timeoutMs = DEFAULT_WEBHOOK_TIMEOUT_MS, now = Date.now }: WebhookDeps = {},
): Promise<WebhookExchange> {
  const exchange: WebhookExchange = {
    kind: request.kind,
    url: request.url,
    requestHeaders: request.headers,
    requestBody: request.body,
    status: null,
    contentType: null,
    responseBody: '',
    durationMs: 0,
    failure: null,
  };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = now();
  try {
    // HubSpot wants the answer from the URL it calls: a redirect is reported, not followed.
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    });
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      exchange.status = response.status || null;
      exchange.failure = { kind: 'redirect', status: response.status, location: response.headers.get('location') };
    } else {
      exchange.status = response.status;
      exchange.contentType = response.headers.get('content-type');
      const body = await readBoundedBody(response, WEBHOOK_ANSWER_LIMIT_BYTES, controller);
      exchange.responseBody = body.text;
      if (body.cut) exchange.failure = { kind: 'too-large', limitBytes: WEBHOOK_ANSWER_LIMIT_BYTES };
    }
  } catch (error) {
    exchange.failure = controller.signal.aborted
      ? { kind: 'timeout', timeoutMs }
      : { kind: 'network', message: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
    exchange.durationMs = now() - started;
  }
  return exchange;
}

export function describeFailure(failure: WebhookFailure): string {
  switch (failure.kind) {
    case 'network':
      return `Network error: the webhook could not be reached (${failure.message}).`;
    case 'timeout':
      return `Timed out: no answer within ${failure.timeoutMs / 1000} s.`;
    case 'redirect':
      return `The webhook redirected${failure.status ? ` (${failure.status})` : ''}${failure.location ? ` to ${failure.location}` : ''}; HubSpot expects the answer from the URL it calls and does not follow redirects.`;
    case 'too-large': {
      const limit = byteSize(failure.limitBytes);
      return `The answer is larger than ${limit}: the tester stopped reading after ${limit} and cancelled the request. ${limit} is this tester's own limit, far above any list of numbers a user picks from.`;
    }
  }
}

export interface WebhookTestResult {
  exchange: WebhookExchange;
  /** Null when there was no HTTP answer to judge (network error, timeout, redirect, an answer too large to read). */
  analysis: ResponseAnalysis | null;
}

export async function testWebhook(input: WebhookRequestInput, deps: WebhookDeps = {}): Promise<WebhookTestResult> {
  const exchange = await sendWebhookRequest(await buildWebhookRequest(input, 'genuine', (deps.now ?? Date.now)()), deps);
  const analysis =
    exchange.failure || exchange.status === null
      ? null
      : analyzeWebhookResponse({ status: exchange.status, contentType: exchange.contentType, body: exchange.responseBody });
  return { exchange, analysis };
}

export interface NegativeCheck {
  kind: Exclude<WebhookRequestKind, 'genuine'>;
  exchange: WebhookExchange;
  /** 'refused': answered 4xx, as a webhook that validates requests must. */
  outcome: 'refused' | 'accepted' | 'inconclusive';
  message: string;
}

const FORGERY_WORDS: Record<NegativeCheck['kind'], string> = {
  'bad-signature': 'a request with a wrong signature',
  'stale-timestamp': 'a request with a timestamp older than 5 minutes',
};

export async function runNegativeChecks(input: WebhookRequestInput, deps: WebhookDeps = {}): Promise<NegativeCheck[]> {
  const now = (deps.now ?? Date.now)();
  const checks: NegativeCheck[] = [];
  for (const kind of ['bad-signature', 'stale-timestamp'] as const) {
    const exchange = await sendWebhookRequest(await buildWebhookRequest(input, kind, now), deps);
    const what = FORGERY_WORDS[kind];
    if (exchange.failure) {
      checks.push({ kind, exchange, outcome: 'inconclusive', message: `Sent ${what}: ${describeFailure(exchange.failure)}` });
    } else if (exchange.status !== null && exchange.status >= 400 && exchange.status < 500) {
      checks.push({ kind, exchange, outcome: 'refused', message: `Refused ${what} with ${exchange.status}, as it should.` });
    } else if (exchange.status !== null && exchange.status >= 200 && exchange.status < 300) {
      checks.push({
        kind,
        exchange,
        outcome: 'accepted',
        message: `Finding: the webhook accepted ${what} (${exchange.status}). It must check X-HubSpot-Signature-v3 and the timestamp, or anyone can query it.`,
      });
    } else {
      checks.push({ kind, exchange, outcome: 'inconclusive', message: `Sent ${what}: answered ${exchange.status}, neither accepted nor refused (4xx).` });
    }
  }
  return checks;
}
