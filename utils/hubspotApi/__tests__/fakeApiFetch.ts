/**
 * The fake `fetch` the HubSpot API client tests share (channelConnectionApi.test.ts, callingAppApi.test.ts): the
 * targets they call, a `fetch` that records each request and answers it with a given function, the answers they build
 * (JSON, HubSpot's error body) and the helpers that unwrap a result.
 *
 * Not a test file itself (vitest picks up only `*.test.ts`).
 */
import type { ApiError, ApiResult, ApiTarget } from '../channelConnectionApi';
import type { ApiGeneration } from '../../profiles/profileFields';

export const APP_ID = 3141592;
export const DEVELOPER_KEY = 'dev-key-3f1e2d4c-aaaa-bbbb-cccc-0123456789ab';
export const ACCESS_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';

export const TARGETS: Record<ApiGeneration, ApiTarget> = {
  v3: { baseUrl: 'https://api.hubapi.com', appId: APP_ID, generation: 'v3', credential: DEVELOPER_KEY },
  '2026-03': { baseUrl: 'https://api.hubapi.com', appId: APP_ID, generation: '2026-03', credential: ACCESS_TOKEN },
};

export interface RecordedRequest {
  url: string;
  method: string;
  /** Lower-cased names, as `Headers` gives them. */
  headers: Record<string, string>;
  body: string | undefined;
  init: RequestInit;
}

/** How the fake server answers one request; `signal` is the request's own, aborted when the client gives up. */
export type Answer = (request: RecordedRequest, signal: AbortSignal) => Response | Promise<Response>;

/**
 * `fakeFetch(answer?)`: a `fetch` that records what the client sends and answers with `answer`, or with
 * `defaultAnswer` (each test file's own) when none is given.
 */
export function fakeFetchAnswering(defaultAnswer: Answer) {
  return (answer: Answer = defaultAnswer) => {
    const requests: RecordedRequest[] = [];
    const fetchImpl: typeof fetch = async (input, init = {}) => {
      if (typeof input !== 'string') throw new Error('the client passes the URL as a string');
      const recorded: RecordedRequest = {
        url: input,
        method: init.method ?? 'GET',
        headers: Object.fromEntries(new Headers(init.headers).entries()),
        body: typeof init.body === 'string' ? init.body : undefined,
        init,
      };
      requests.push(recorded);
      return answer(recorded, init.signal ?? new AbortController().signal);
    };
    return { fetch: fetchImpl, requests };
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  });
}

/** HubSpot's error body, with its defaults overridden by `fields`. */
export function hubspotError(status: number, fields: Record<string, unknown> = {}): Response {
  return json(status, { status: 'error', message: 'Something went wrong', correlationId: 'corr-body', category: 'X', ...fields });
}

export function ok<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

export function failure<T>(result: ApiResult<T>): ApiError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}
