/**
 * HubSpot's calling-app settings API as the stand-in serves it: channel-connection settings in both generations and
 * the read-only calling app settings, with HubSpot's authentication rules and error shape (shared/PRODUCT.md).
 * State lives in memory. `/__standin/*` lets tests reset it, read it and script the next answer; HubSpot has no such
 * paths, so nothing built against the stand-in can come to depend on them by accident.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const STANDIN_DEVELOPER_API_KEY = 'standin-developer-key-7f3a9c2e41b8';
export const STANDIN_ACCESS_TOKEN = 'standin-access-token-c0ffee5eed2a';

/** The fields of `@hubspot/api-client`'s `SettingsResponse`, minus what the stand-in computes (`isReady`). */
export interface StandinCallingApp {
  appId: number;
  name: string;
  url: string;
  width: number;
  height: number;
  supportsInboundCalling: boolean;
  supportsCustomObjects: boolean;
  usesCallingWindow: boolean;
  usesRemote: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A tuple, so `STANDIN_APPS[0]` is an app under `noUncheckedIndexedAccess`. */
export const STANDIN_APPS = [
  {
    appId: 3141592,
    name: 'Stand-in Dialer',
    url: 'https://dialer.example.com/widget',
    width: 400,
    height: 600,
    supportsInboundCalling: true,
    supportsCustomObjects: false,
    usesCallingWindow: true,
    usesRemote: false,
    createdAt: '2025-11-03T09:15:00.000Z',
    updatedAt: '2026-01-20T16:40:00.000Z',
  },
  {
    appId: 2718281,
    name: 'Second Dialer',
    url: 'https://second-dialer.example.com/calling',
    width: 320,
    height: 560,
    supportsInboundCalling: false,
    supportsCustomObjects: false,
    usesCallingWindow: false,
    usesRemote: false,
    createdAt: '2025-06-12T08:00:00.000Z',
    updatedAt: '2025-06-12T08:00:00.000Z',
  },
] as const satisfies readonly StandinCallingApp[];

export interface ChannelConnectionRecord {
  url: string;
  isReady: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface HubSpotApiStandin {
  /** Answers API paths (`/crm…`) and test controls (`/__standin/…`); false, untouched, for any other path. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  /** Forgets every channel connection and every scripted answer. */
  reset(): void;
  /** Channel-connection settings by appId. */
  readonly channelConnection: Map<number, ChannelConnectionRecord>;
}

export interface HubSpotApiStandinOptions {
  now?: () => number;
}

/** HubSpot's `ErrorDetail` (see `@hubspot/api-client`'s model): which field is wrong and why. */
interface ErrorDetail {
  message: string;
  in: string;
  code: string;
}

interface ScriptedResponse {
  status?: number;
  body?: string;
  contentType?: string;
  delayMs: number;
}

type Generation = 'v3' | '2026-03';

interface Route {
  generation: Generation;
  appIdText: string;
  resource: 'settings' | 'settings/channel-connection';
}

const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';
const MAX_DELAY_MS = 60_000;

const ROUTE_PATTERNS: { generation: Generation; pattern: RegExp }[] = [
  { generation: 'v3', pattern: /^\/crm\/v3\/extensions\/calling\/([^/]+)\/(settings(?:\/channel-connection)?)$/ },
  {
    generation: '2026-03',
    pattern: /^\/crm\/extensions\/calling\/2026-03\/([^/]+)\/(settings(?:\/channel-connection)?)$/,
  },
];

const MESSAGES = {
  missingCredentials:
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  invalidApiKey:
    'The API key provided is invalid. View or manage your API key here: https://app.hubspot.com/l/api-key/',
  invalidAccessToken:
    'Authentication credentials are invalid: the access token sent as "Authorization: Bearer" is not valid or has expired.',
};

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly errors?: ErrorDetail[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function createHubSpotApiStandin({ now = Date.now }: HubSpotApiStandinOptions = {}): HubSpotApiStandin {
  const channelConnection = new Map<number, ChannelConnectionRecord>();
  const scripted: ScriptedResponse[] = [];

  /** Strictly after `previous`, so a PATCH within the same millisecond still moves `updatedAt`. */
  function timestamp(previous?: string): string {
    const floor = previous === undefined ? 0 : Date.parse(previous) + 1;
    return new Date(Math.max(now(), floor)).toISOString();
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://standin.invalid');
    if (url.pathname.startsWith('/__standin/')) {
      await answerControl(request, response, url.pathname);
      return true;
    }
    if (url.pathname !== '/crm' && !url.pathname.startsWith('/crm/')) return false;

    const next = scripted.shift();
    if (next) {
      await waitUnlessClosed(next.delayMs, response);
      // A client that timed out is gone: the request is dropped unprocessed, so a test knows the state is unchanged.
      if (response.destroyed) return true;
      if (next.status !== undefined) {
        request.resume();
        sendScripted(response, next.status, next.body, next.contentType);
        return true;
      }
    }
    try {
      await answerApi(request, response, url);
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      sendError(response, error);
    }
    return true;
  }

  async function answerApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? 'GET';
    const route = matchRoute(url.pathname);
    if (!route) throw new HttpProblem(404, 'OBJECT_NOT_FOUND', `Resource not found: ${method} ${url.pathname}`);
    checkCredentials(route.generation, request, url);
    const appId = parseAppId(route.appIdText);

    if (route.resource === 'settings') {
      // HubSpot also lets apps write these; the product only reads them, so the stand-in serves GET alone.
      if (method !== 'GET') throw methodNotAllowed(method, ['GET']);
      const app = STANDIN_APPS.find((candidate) => candidate.appId === appId);
      if (!app) throw new HttpProblem(404, 'OBJECT_NOT_FOUND', `No calling app settings found for app ${appId}.`);
      const { appId: _ignored, ...fields } = app;
      sendJson(response, 200, { ...fields, isReady: channelConnection.get(appId)?.isReady ?? false });
      return;
    }

    const existing = channelConnection.get(appId);
    const notFound = () =>
      new HttpProblem(404, 'OBJECT_NOT_FOUND', `No channel connection settings found for app ${appId}.`);
    switch (method) {
      case 'GET':
        if (!existing) throw notFound();
        sendJson(response, 200, existing);
        return;
      case 'POST': {
        const body = validate(await readJsonObject(request), true);
        if (existing) {
          throw new HttpProblem(
            409,
            'CONFLICT',
            `Channel connection settings already exist for app ${appId}. Use PATCH to change them.`,
          );
        }
        const createdAt = timestamp();
        const record = { url: body.url as string, isReady: body.isReady as boolean, createdAt, updatedAt: createdAt };
        channelConnection.set(appId, record);
        sendJson(response, 200, record);
        return;
      }
      case 'PATCH': {
        const body = validate(await readJsonObject(request), false);
        if (!existing) throw notFound();
        const record = { ...existing, ...body, updatedAt: timestamp(existing.updatedAt) };
        channelConnection.set(appId, record);
        sendJson(response, 200, record);
        return;
      }
      case 'DELETE':
        if (!existing) throw notFound();
        channelConnection.delete(appId);
        response.writeHead(204, { 'x-hubspot-correlation-id': randomUUID() }).end();
        return;
      default:
        throw methodNotAllowed(method, ['GET', 'POST', 'PATCH', 'DELETE']);
    }
  }

  async function answerControl(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const method = request.method ?? 'GET';
    const control = (allowed: string, run: () => void | Promise<void>) =>
      method === allowed ? run() : sendJson(response, 405, { message: `Use ${allowed} for ${path}` });
    switch (path) {
      case '/__standin/reset':
        return control('POST', () => {
          request.resume();
          reset();
          response.writeHead(204).end();
        });
      case '/__standin/state':
        return control('GET', () => sendJson(response, 200, Object.fromEntries(channelConnection)));
      case '/__standin/next-response':
        return control('POST', async () => {
          const parsed = parseScripted(await readText(request));
          if (typeof parsed === 'string') {
            sendJson(response, 400, { message: parsed });
            return;
          }
          scripted.push(parsed);
          response.writeHead(204).end();
        });
      default:
        sendJson(response, 404, { message: `No stand-in control at ${path}` });
    }
  }

  function reset(): void {
    channelConnection.clear();
    scripted.length = 0;
  }

  return { handle, reset, channelConnection };
}

function matchRoute(path: string): Route | null {
  for (const { generation, pattern } of ROUTE_PATTERNS) {
    const match = pattern.exec(path);
    if (match?.[1] && match[2]) {
      return { generation, appIdText: match[1], resource: match[2] as Route['resource'] };
    }
  }
  return null;
}

/** v3 takes only the developer API key (`hapikey`), 2026-03 only a bearer access token: neither accepts the other. */
function checkCredentials(generation: Generation, request: IncomingMessage, url: URL): void {
  if (generation === 'v3') {
    const key = url.searchParams.get('hapikey');
    if (key === null || key === '') throw new HttpProblem(401, 'INVALID_AUTHENTICATION', MESSAGES.missingCredentials);
    if (key !== STANDIN_DEVELOPER_API_KEY) throw new HttpProblem(401, 'INVALID_AUTHENTICATION', MESSAGES.invalidApiKey);
    return;
  }
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (token === undefined) throw new HttpProblem(401, 'INVALID_AUTHENTICATION', MESSAGES.missingCredentials);
  if (token !== STANDIN_ACCESS_TOKEN) throw new HttpProblem(401, 'INVALID_AUTHENTICATION', MESSAGES.invalidAccessToken);
}

function parseAppId(text: string): number {
  const appId = Number(text);
  if (/^[1-9]\d*$/.test(text) && Number.isSafeInteger(appId)) return appId;
  throw new HttpProblem(400, 'VALIDATION_ERROR', `appId must be a positive integer, got "${text}".`, [
    { message: 'appId must be a positive integer', in: 'appId', code: 'INVALID_INTEGER' },
  ]);
}

function methodNotAllowed(method: string, allowed: string[]): HttpProblem {
  return new HttpProblem(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not supported here.`, undefined, {
    allow: allowed.join(', '),
  });
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(request);
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw validationError([{ message: 'The request body is not valid JSON', in: 'body', code: 'INVALID_JSON' }]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError([{ message: 'The request body must be a JSON object', in: 'body', code: 'INVALID_TYPE' }]);
  }
  return body as Record<string, unknown>;
}

/** POST needs both fields; PATCH takes either. Unknown fields are refused rather than silently dropped. */
function validate(body: Record<string, unknown>, required: boolean): { url?: string; isReady?: boolean } {
  const errors: ErrorDetail[] = [];
  for (const field of Object.keys(body)) {
    if (field !== 'url' && field !== 'isReady') {
      errors.push({ message: `Unknown field "${field}"`, in: field, code: 'UNKNOWN_FIELD' });
    }
  }
  const expected = { url: 'string', isReady: 'boolean' } as const;
  for (const [field, type] of Object.entries(expected)) {
    if (!(field in body)) {
      if (required) errors.push({ message: `${field} is required`, in: field, code: 'REQUIRED' });
    } else if (typeof body[field] !== type) {
      errors.push({ message: `${field} must be a ${type}`, in: field, code: 'INVALID_TYPE' });
    }
  }
  if (errors.length > 0) throw validationError(errors);
  const fields: { url?: string; isReady?: boolean } = {};
  if (typeof body.url === 'string') fields.url = body.url;
  if (typeof body.isReady === 'boolean') fields.isReady = body.isReady;
  return fields;
}

function validationError(errors: ErrorDetail[]): HttpProblem {
  const fields = errors.map((error) => error.in).join(', ');
  return new HttpProblem(400, 'VALIDATION_ERROR', `Invalid input (${errors.length} error(s)): ${fields}`, errors);
}

function parseScripted(text: string): ScriptedResponse | string {
  let input: unknown;
  try {
    input = JSON.parse(text) as unknown;
  } catch {
    return 'next-response takes a JSON object {status?, body?, contentType?, delayMs?}';
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'next-response takes a JSON object';
  const { status, body, contentType, delayMs = 0 } = input as Record<string, unknown>;
  if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599)) {
    return 'status must be an integer from 200 to 599';
  }
  if (contentType !== undefined && typeof contentType !== 'string') return 'contentType must be a string';
  if (typeof delayMs !== 'number' || !(delayMs >= 0 && delayMs <= MAX_DELAY_MS)) {
    return `delayMs must be a number from 0 to ${MAX_DELAY_MS}`;
  }
  if (status === undefined && (body !== undefined || contentType !== undefined)) {
    return 'body and contentType need a status';
  }
  return {
    status: status as number | undefined,
    body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
    contentType,
    delayMs,
  };
}

/** Resolves after `delayMs`, or as soon as the client gives up, so an aborted request leaves no timer behind. */
function waitUnlessClosed(delayMs: number, response: ServerResponse): Promise<void> {
  if (delayMs <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, delayMs);
    response.once('close', done);
    function done() {
      clearTimeout(timer);
      response.off('close', done);
      resolve();
    }
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response
    .writeHead(status, {
      'content-type': JSON_CONTENT_TYPE,
      'x-hubspot-correlation-id': randomUUID(),
      ...headers,
    })
    .end(JSON.stringify(body));
}

function sendError(response: ServerResponse, problem: HttpProblem): void {
  const correlationId = randomUUID();
  const body = {
    status: 'error',
    message: problem.message,
    correlationId,
    category: problem.category,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
  sendJson(response, problem.status, body, { ...problem.headers, 'x-hubspot-correlation-id': correlationId });
}

function sendScripted(response: ServerResponse, status: number, body: string | undefined, contentType?: string): void {
  let correlationId: string = randomUUID();
  try {
    const parsed = JSON.parse(body ?? '') as unknown;
    if (typeof parsed === 'object' && parsed !== null && 'correlationId' in parsed) {
      if (typeof parsed.correlationId === 'string') correlationId = parsed.correlationId;
    }
  } catch {
    // Not JSON (an HTML error page, say): the header gets a fresh id.
  }
  const headers: Record<string, string> = { 'x-hubspot-correlation-id': correlationId };
  if (status !== 204 && body !== undefined) headers['content-type'] = contentType ?? JSON_CONTENT_TYPE;
  response.writeHead(status, headers).end(status === 204 ? undefined : body);
}
