/**
 * HubSpot's calling-app channel-connection settings API, both generations (shared/PRODUCT.md). Pure: the network is
 * a `fetch` passed in, so the client runs and is tested without a browser. Every call returns a typed result and
 * a log entry in which the credential never appears.
 */
import { byteSize, readBoundedBody, SETTINGS_API_ANSWER_LIMIT_BYTES, type BoundedBody } from '../platform/boundedBody';
import { isRecord } from '../platform/isRecord';
import { API_GENERATIONS, type ApiGeneration } from '../profiles/profileFields';

export interface ApiTarget {
  baseUrl: string;
  appId: number;
  generation: ApiGeneration;
  credential: string;
}

export interface ChannelConnectionSettings {
  url: string;
  isReady: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ChannelConnectionSettingsPatch {
  url?: string;
  isReady?: boolean;
}

export type ApiError =
  | { kind: 'invalid'; message: string }
  | { kind: 'network'; message: string }
  | { kind: 'timeout'; timeoutMs: number }
  | {
      kind: 'http';
      status: number;
      message: string;
      category?: string;
      subCategory?: string;
      correlationId?: string;
      errors?: unknown[];
    }
  | { kind: 'malformed'; status: number; message: string; correlationId?: string }
  | { kind: 'too-large'; status: number; limitBytes: number; correlationId?: string };

/** One request as the request log shows it: the credential is redacted everywhere. */
export interface ApiExchange {
  method: string;
  url: string;
  requestBody?: string;
  status?: number;
  responseBody?: string;
  correlationId?: string;
  startedAt: number;
  durationMs: number;
  /** The same request for a terminal, with the credential as a shell variable. */
  curl: string;
}

export type ApiResult<T> =
  | { ok: true; value: T; exchange: ApiExchange }
  | { ok: false; error: ApiError; exchange: ApiExchange };

export interface ApiDeps {
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export const DEFAULT_API_TIMEOUT_MS = 10_000;
const REDACTED = '[REDACTED]';
/** What `@hubspot/api-client` sends; HubSpot answers errors as JSON either way. */
const ACCEPT = 'application/json, */*;q=0.8';

type Resource = 'settings' | 'settings/channel-connection' | 'settings/recording';

const PATH_PREFIX: Record<ApiGeneration, string> = {
  v3: '/crm/v3/extensions/calling',
  '2026-03': '/crm/extensions/calling/2026-03',
};

/** The request URL without credentials (v3 puts the key in the query, added by `withCredential`). */
export function resourceUrl(target: ApiTarget, resource: Resource): string {
  return `${target.baseUrl.replace(/\/+$/, '')}${PATH_PREFIX[target.generation]}/${target.appId}/${resource}`;
}

function withCredential(target: ApiTarget, url: string, credential: string): string {
  if (target.generation !== 'v3') return url;
  const withKey = new URL(url);
  withKey.searchParams.set('hapikey', credential);
  return withKey.toString();
}

/** One shell word that the shell takes as it is, whatever it holds: single quotes, each `'` closed, escaped, reopened. */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command for the request, safe to paste into a POSIX shell whatever the profile and the request hold: every
 * argument is single-quoted, so nothing in it is expanded or run, and only the credential's variable is spliced in,
 * double-quoted (`'…'"${VAR}"'…'`), so the pasted command carries no secret and expands nothing else.
 */
export function curlFor(target: ApiTarget, method: string, resource: Resource, body?: string): string {
  // Stands for the credential until it becomes the variable: drawn anew, so no profile or request can hold it.
  const slot = `credential-${crypto.randomUUID()}`;
  const variable = `"\${${API_GENERATIONS[target.generation].curlVariable}}"`;
  // The empty quotes left beside a variable at either end of a word are dropped; an empty word stays ''.
  const word = (text: string) => shellQuote(text).split(slot).join(`'${variable}'`).replace(/^''(?=.)|(?<=.)''$/g, '');
  const lines = [`curl -X ${word(method)} ${word(withCredential(target, resourceUrl(target, resource), slot))}`, `-H ${word(`Accept: ${ACCEPT}`)}`];
  if (target.generation !== 'v3') lines.push(`-H ${word(`Authorization: Bearer ${slot}`)}`);
  if (body !== undefined) lines.push(`-H ${word('Content-Type: application/json')}`, `--data ${word(body)}`);
  return lines.join(' \\\n  ');
}

/**
 * Replaces every occurrence of the secret, raw or in either URL encoding (a path's or a query string's), so it
 * cannot reach a log, a message or the UI.
 */
export function redact(text: string, secret: string): string {
  if (!secret) return text;
  const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
  let redacted = text;
  for (const form of forms) redacted = redacted.split(form).join(REDACTED);
  return redacted;
}

function invalidTarget({ baseUrl, appId }: ApiTarget): string | null {
  if (!Number.isSafeInteger(appId) || appId <= 0) return `The app ID ${JSON.stringify(appId)} is not a positive integer.`;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return `The API base URL ${baseUrl} is not an http(s) URL.`;
  } catch {
    return `The API base URL ${JSON.stringify(baseUrl)} is not an absolute URL.`;
  }
  return null;
}

type Validate<T> = (body: unknown) => T | null;

interface Operation<T> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  resource: Resource;
  payload?: object;
  validate: Validate<T>;
  /** GET of a setting: HubSpot's JSON 404 means "not registered". An HTML 404 (a wrong base URL) is an error. */
  notFoundIsNull?: boolean;
}

/** Sends one request of the settings API family: every resource goes through here, so all share log and words. */
export async function callApi<T>(
  target: ApiTarget,
  { method, resource, payload, validate, notFoundIsNull = false }: Operation<T>,
  { fetch: fetchImpl = globalThis.fetch, timeoutMs = DEFAULT_API_TIMEOUT_MS, now = Date.now }: ApiDeps,
): Promise<ApiResult<T>> {
  const invalid = invalidTarget(target);
  if (invalid) {
    const exchange: ApiExchange = { method, url: '(not sent)', startedAt: now(), durationMs: 0, curl: '' };
    return { ok: false, error: { kind: 'invalid', message: invalid }, exchange };
  }
  const url = resourceUrl(target, resource);
  const requestBody = payload === undefined ? undefined : JSON.stringify(payload);
  const headers: Record<string, string> = { Accept: ACCEPT };
  if (requestBody !== undefined) headers['Content-Type'] = 'application/json';
  if (target.generation !== 'v3') headers.Authorization = `Bearer ${target.credential}`;

  const startedAt = now();
  const exchange: ApiExchange = {
    method,
    url: withCredential(target, url, REDACTED).replace(encodeURIComponent(REDACTED), REDACTED),
    requestBody,
    startedAt,
    durationMs: 0,
    curl: curlFor(target, method, resource, requestBody),
  };
  const fail = (error: ApiError): ApiResult<T> => {
    exchange.durationMs = now() - startedAt;
    return { ok: false, error, exchange };
  };

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response: Response;
  let body: BoundedBody;
  try {
    response = await fetchImpl(withCredential(target, url, target.credential), {
      method,
      headers,
      body: requestBody,
      signal: controller.signal,
      credentials: 'omit',
      redirect: 'error',
    });
    body = await readBoundedBody(response, SETTINGS_API_ANSWER_LIMIT_BYTES, controller);
  } catch (error) {
    if (controller.signal.aborted) return fail({ kind: 'timeout', timeoutMs });
    const message = error instanceof Error ? error.message : String(error);
    return fail({ kind: 'network', message: redact(message, target.credential) });
  } finally {
    clearTimeout(timer);
  }

  const text = body.text;
  exchange.status = response.status;
  exchange.responseBody = redact(text, target.credential);
  exchange.correlationId = response.headers.get('x-hubspot-correlation-id') ?? undefined;
  if (body.cut) {
    return fail({ kind: 'too-large', status: response.status, limitBytes: SETTINGS_API_ANSWER_LIMIT_BYTES, correlationId: exchange.correlationId });
  }
  const parsed = parseJson(text);
  if (isRecord(parsed) && typeof parsed.correlationId === 'string') exchange.correlationId = parsed.correlationId;

  if (!response.ok) {
    if (response.status === 404 && notFoundIsNull && isRecord(parsed) && typeof parsed.message === 'string') {
      return succeed(null as T);
    }
    return fail(httpError(response, text, parsed, target.credential, exchange.correlationId));
  }
  if (method === 'DELETE' && text === '') return succeed(null as T);
  const value = parsed === undefined ? null : validate(parsed);
  if (value === null) {
    return fail({
      kind: 'malformed',
      status: response.status,
      message: parsed === undefined ? describeNonJson(response, text) : 'The JSON body is not what HubSpot documents for this endpoint.',
      correlationId: exchange.correlationId,
    });
  }
  return succeed(value);

  function succeed(value: T): ApiResult<T> {
    exchange.durationMs = now() - startedAt;
    return { ok: true, value, exchange };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}


function describeNonJson(response: Response, text: string): string {
  const type = response.headers.get('content-type') ?? 'no content type';
  if (/<html|<!doctype/i.test(text)) return `The server answered with an HTML page (${type}), not HubSpot's JSON.`;
  if (text === '') return 'The server answered with an empty body.';
  return `The server answered with a body that is not JSON (${type}).`;
}

function httpError(
  response: Response,
  text: string,
  parsed: unknown,
  credential: string,
  correlationId: string | undefined,
): ApiError {
  if (isRecord(parsed) && typeof parsed.message === 'string') {
    return {
      kind: 'http',
      status: response.status,
      message: redact(parsed.message, credential),
      category: typeof parsed.category === 'string' ? parsed.category : undefined,
      subCategory: typeof parsed.subCategory === 'string' ? parsed.subCategory : undefined,
      correlationId,
      errors: Array.isArray(parsed.errors) ? (JSON.parse(redact(JSON.stringify(parsed.errors), credential)) as unknown[]) : undefined,
    };
  }
  return {
    kind: 'http',
    status: response.status,
    message: `${response.statusText || 'HTTP error'}. ${describeNonJson(response, text)}`,
    correlationId,
  };
}

const isSettings: Validate<ChannelConnectionSettings> = (body) =>
  isRecord(body) &&
  typeof body.url === 'string' &&
  typeof body.isReady === 'boolean' &&
  typeof body.createdAt === 'string' &&
  typeof body.updatedAt === 'string'
    ? { url: body.url, isReady: body.isReady, createdAt: body.createdAt, updatedAt: body.updatedAt }
    : null;

export function getChannelConnectionSettings(
  target: ApiTarget,
  deps: ApiDeps = {},
): Promise<ApiResult<ChannelConnectionSettings | null>> {
  return callApi(target, { method: 'GET', resource: 'settings/channel-connection', validate: isSettings, notFoundIsNull: true }, deps);
}

export function createChannelConnectionSettings(
  target: ApiTarget,
  settings: { url: string; isReady: boolean },
  deps: ApiDeps = {},
): Promise<ApiResult<ChannelConnectionSettings>> {
  const payload = { url: settings.url, isReady: settings.isReady };
  return callApi(target, { method: 'POST', resource: 'settings/channel-connection', payload, validate: isSettings }, deps);
}

export function updateChannelConnectionSettings(
  target: ApiTarget,
  patch: ChannelConnectionSettingsPatch,
  deps: ApiDeps = {},
): Promise<ApiResult<ChannelConnectionSettings>> {
  const body: ChannelConnectionSettingsPatch = {};
  if (patch.url !== undefined) body.url = patch.url;
  if (patch.isReady !== undefined) body.isReady = patch.isReady;
  return callApi(target, { method: 'PATCH', resource: 'settings/channel-connection', payload: body, validate: isSettings }, deps);
}

export function deleteChannelConnectionSettings(target: ApiTarget, deps: ApiDeps = {}): Promise<ApiResult<null>> {
  return callApi(target, { method: 'DELETE', resource: 'settings/channel-connection', validate: () => null }, deps);
}

/** Only the fields that differ, so a PATCH never rewrites what the user did not touch. */
export function changedFields(
  current: ChannelConnectionSettings,
  wanted: { url: string; isReady: boolean },
): ChannelConnectionSettingsPatch {
  const patch: ChannelConnectionSettingsPatch = {};
  if (wanted.url !== current.url) patch.url = wanted.url;
  if (wanted.isReady !== current.isReady) patch.isReady = wanted.isReady;
  return patch;
}

/** What the options page and the command line say of a channel connection, so both say it in the same words. */
export const CHANNEL_CONNECTION_WORDS = {
  notRegistered: 'Not registered: HubSpot has no channel-connection webhook for this app.',
  released: 'Released: isReady is true, so every user of the app can select it as a help desk channel.',
  withdrawn: 'Withdrawn: isReady is false, so only users with test mode on can select the app.',
} as const;

/** HubSpot's id for a request, which its support asks for: said after the words when the answer carried one. */
const correlationOf = (correlationId: string | undefined) => (correlationId ? ` (correlationId ${correlationId})` : '');

export function describeApiError(error: ApiError): string {
  switch (error.kind) {
    case 'invalid':
      return `Not sent: ${error.message}`;
    case 'network':
      return `Network error: the API host could not be reached (${error.message}).`;
    case 'timeout':
      return `Timed out: no answer within ${error.timeoutMs / 1000} s.`;
    case 'http': {
      const category = error.category ? ` ${error.category}` : '';
      return `HTTP ${error.status}${category}: ${error.message}${correlationOf(error.correlationId)}`;
    }
    case 'malformed':
      return `Unexpected answer (HTTP ${error.status}): ${error.message}${correlationOf(error.correlationId)}`;
    case 'too-large': {
      const limit = byteSize(error.limitBytes);
      return `Answer too large (HTTP ${error.status}): it is larger than ${limit}, so reading stopped after ${limit} and the request was cancelled${correlationOf(error.correlationId)}. ${limit} is this tool's own limit, far above the small JSON objects HubSpot documents for this API.`;
    }
  }
}
