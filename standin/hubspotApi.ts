/**
 * HubSpot's calling-app settings API as the stand-in serves it: the calling app settings, the recording settings and
 * the channel-connection settings, in both generations, with HubSpot's authentication rules and error shape
 * (shared/PRODUCT.md). State lives in memory. `/__standin/*` lets tests reset it, read it and script the next answer;
 * HubSpot has no such paths, so nothing built against the stand-in can come to depend on them by accident.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const STANDIN_DEVELOPER_API_KEY = 'standin-developer-key-7f3a9c2e41b8';
export const STANDIN_ACCESS_TOKEN = 'standin-access-token-c0ffee5eed2a';

/** `@hubspot/api-client`'s `SettingsResponse`: an app's calling settings as HubSpot answers them. */
export interface CallingAppRecord {
  name: string;
  url: string;
  width: number;
  height: number;
  isReady: boolean;
  supportsCustomObjects: boolean;
  supportsInboundCalling: boolean;
  usesCallingWindow: boolean;
  usesRemote: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A calling app the stand-in starts with: its settings and the appId they belong to. */
export interface StandinCallingApp extends CallingAppRecord {
  appId: number;
}

/**
 * A tuple, so `STANDIN_APPS[0]` is an app under `noUncheckedIndexedAccess`. The first app's calling widget is live and
 * the second's is not, so tests see both values of the calling settings' `isReady`; that field says nothing about the
 * channel connection, which no app has until a test registers one.
 */
export const STANDIN_APPS = [
  {
    appId: 3141592,
    name: 'Stand-in Dialer',
    url: 'https://dialer.example.com/widget',
    width: 400,
    height: 600,
    isReady: true,
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
    isReady: false,
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

/** `@hubspot/api-client`'s `RecordingSettingsResponse`: HubSpot keeps no timestamps for it. */
export interface RecordingRecord {
  urlToRetrieveAuthedRecording: string;
}

export interface HubSpotApiStandin {
  /** Answers API paths (`/crm…`) and test controls (`/__standin/…`); false, untouched, for any other path. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
  /** Puts the calling apps back to `STANDIN_APPS`, and forgets every other setting and every scripted answer. */
  reset(): void;
  /** Calling app settings by appId: `STANDIN_APPS` after a reset. */
  readonly callingApps: Map<number, CallingAppRecord>;
  /** Recording settings by appId: none after a reset. */
  readonly recordings: Map<number, RecordingRecord>;
  /** Channel-connection settings by appId: none after a reset. */
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
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface Route {
  generation: Generation;
  appIdText: string;
  resource: 'settings' | 'settings/recording' | 'settings/channel-connection';
}

/** One settings resource of an app, held by appId. What a method does with it is the same for every resource. */
interface Resource<T> {
  /** As the error messages name it: "No recording settings found for app 1." */
  noun: string;
  records: Map<number, T>;
  /** The methods HubSpot documents for it; any other is a 405 that lists these. */
  methods: readonly Method[];
  /** Validates a POST body and builds the record. */
  create(body: Record<string, unknown>, generation: Generation): T;
  /** Validates a PATCH body at once, so a bad body is a 400 whether or not there is a record to apply it to. */
  update(body: Record<string, unknown>): (existing: T) => T;
}

/** What a body field must be. The words are also the error message: "width must be a positive integer". */
type FieldKind = 'string' | 'non-empty string' | 'boolean' | 'positive integer';
type Schema = Readonly<Record<string, FieldKind>>;
type FieldsOf<S extends Schema> = {
  -readonly [Field in keyof S]: S[Field] extends 'boolean'
    ? boolean
    : S[Field] extends 'positive integer'
      ? number
      : string;
};

const INT32_MAX = 2_147_483_647;

const FIELD_CHECKS: Record<FieldKind, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  'non-empty string': (value) => typeof value === 'string' && value !== '',
  boolean: (value) => typeof value === 'boolean',
  // HubSpot documents width and height as int32.
  'positive integer': (value) =>
    typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= INT32_MAX,
};

/** HubSpot types `name` and `url` as plain strings; refusing blank ones (no label, no page) is the stand-in's call. */
const CALLING_APP_FIELDS = {
  name: 'non-empty string',
  url: 'non-empty string',
  width: 'positive integer',
  height: 'positive integer',
  isReady: 'boolean',
  supportsCustomObjects: 'boolean',
  supportsInboundCalling: 'boolean',
  usesCallingWindow: 'boolean',
  usesRemote: 'boolean',
} as const satisfies Schema;

/** The 2026-03 reference marks all nine fields required on POST. */
const CALLING_APP_FIELD_NAMES = Object.keys(CALLING_APP_FIELDS) as (keyof typeof CALLING_APP_FIELDS)[];

/**
 * What a v3 POST may leave out (`@hubspot/api-client`'s v3 `SettingsRequest` requires only `name` and `url`). HubSpot
 * does not document what it fills in, so these are the stand-in's choice: a common widget size, every capability and
 * `isReady` off.
 */
const V3_CALLING_APP_DEFAULTS = {
  width: 400,
  height: 600,
  isReady: false,
  supportsCustomObjects: false,
  supportsInboundCalling: false,
  usesCallingWindow: false,
  usesRemote: false,
};

const RECORDING_FIELDS = { urlToRetrieveAuthedRecording: 'non-empty string' } as const satisfies Schema;

const CHANNEL_CONNECTION_FIELDS = { url: 'string', isReady: 'boolean' } as const satisfies Schema;

const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';
const MAX_DELAY_MS = 60_000;

const ROUTE_PATTERNS: { generation: Generation; pattern: RegExp }[] = [
  {
    generation: 'v3',
    pattern: /^\/crm\/v3\/extensions\/calling\/([^/]+)\/(settings(?:\/recording|\/channel-connection)?)$/,
  },
  {
    generation: '2026-03',
    pattern: /^\/crm\/extensions\/calling\/2026-03\/([^/]+)\/(settings(?:\/recording|\/channel-connection)?)$/,
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
  const callingApps = new Map<number, CallingAppRecord>();
  const recordings = new Map<number, RecordingRecord>();
  const channelConnection = new Map<number, ChannelConnectionRecord>();
  const scripted: ScriptedResponse[] = [];

  /** Strictly after `previous`, so a PATCH within the same millisecond still moves `updatedAt`. */
  function timestamp(previous?: string): string {
    const floor = previous === undefined ? 0 : Date.parse(previous) + 1;
    return new Date(Math.max(now(), floor)).toISOString();
  }

  function stamped<Fields extends object>(fields: Fields): Fields & { createdAt: string; updatedAt: string } {
    const createdAt = timestamp();
    return { ...fields, createdAt, updatedAt: createdAt };
  }

  function restamped<Stamped extends { updatedAt: string }>(existing: Stamped, change: Partial<Stamped>): Stamped {
    return { ...existing, ...change, updatedAt: timestamp(existing.updatedAt) };
  }

  const callingAppSettings: Resource<CallingAppRecord> = {
    noun: 'calling app settings',
    records: callingApps,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    create: (body, generation) =>
      stamped(
        generation === 'v3'
          ? { ...V3_CALLING_APP_DEFAULTS, ...validate(body, CALLING_APP_FIELDS, ['name', 'url']) }
          : validate(body, CALLING_APP_FIELDS, CALLING_APP_FIELD_NAMES),
      ),
    update: (body) => {
      const change = validate(body, CALLING_APP_FIELDS, []);
      return (existing) => restamped(existing, change);
    },
  };

  // Neither HubSpot's API reference nor `@hubspot/api-client`'s RecordingSettingsApi has a DELETE for these.
  const recordingSettings: Resource<RecordingRecord> = {
    noun: 'recording settings',
    records: recordings,
    methods: ['GET', 'POST', 'PATCH'],
    create: (body) => validate(body, RECORDING_FIELDS, ['urlToRetrieveAuthedRecording']),
    update: (body) => {
      const change = validate(body, RECORDING_FIELDS, []);
      return (existing) => ({ ...existing, ...change });
    },
  };

  const channelConnectionSettings: Resource<ChannelConnectionRecord> = {
    noun: 'channel connection settings',
    records: channelConnection,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    create: (body) => stamped(validate(body, CHANNEL_CONNECTION_FIELDS, ['url', 'isReady'])),
    update: (body) => {
      const change = validate(body, CHANNEL_CONNECTION_FIELDS, []);
      return (existing) => restamped(existing, change);
    },
  };

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
    const route = matchRoute(url.pathname);
    if (!route) {
      throw new HttpProblem(404, 'OBJECT_NOT_FOUND', `Resource not found: ${request.method ?? 'GET'} ${url.pathname}`);
    }
    checkCredentials(route.generation, request, url);
    const appId = parseAppId(route.appIdText);
    switch (route.resource) {
      case 'settings':
        return answerResource(callingAppSettings, appId, route.generation, request, response);
      case 'settings/recording':
        return answerResource(recordingSettings, appId, route.generation, request, response);
      case 'settings/channel-connection':
        return answerResource(channelConnectionSettings, appId, route.generation, request, response);
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
      case '/__standin/calling-apps':
        return control('GET', () =>
          sendJson(response, 200, {
            callingApps: Object.fromEntries(callingApps),
            recordings: Object.fromEntries(recordings),
          }),
        );
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
    callingApps.clear();
    for (const { appId, ...settings } of STANDIN_APPS) callingApps.set(appId, settings);
    recordings.clear();
    channelConnection.clear();
    scripted.length = 0;
  }

  reset();
  return { handle, reset, callingApps, recordings, channelConnection };
}

async function answerResource<T>(
  resource: Resource<T>,
  appId: number,
  generation: Generation,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = resource.methods.find((allowed) => allowed === request.method);
  if (!method) throw methodNotAllowed(request.method ?? 'GET', resource.methods);
  const existing = resource.records.get(appId);
  const notFound = () => new HttpProblem(404, 'OBJECT_NOT_FOUND', `No ${resource.noun} found for app ${appId}.`);
  switch (method) {
    case 'GET':
      if (existing === undefined) throw notFound();
      sendJson(response, 200, existing);
      return;
    case 'POST': {
      const record = resource.create(await readJsonObject(request), generation);
      if (existing !== undefined) {
        throw new HttpProblem(409, 'CONFLICT', `App ${appId} already has ${resource.noun}. Use PATCH to change them.`);
      }
      resource.records.set(appId, record);
      sendJson(response, 200, record);
      return;
    }
    case 'PATCH': {
      const apply = resource.update(await readJsonObject(request));
      if (existing === undefined) throw notFound();
      const record = apply(existing);
      resource.records.set(appId, record);
      sendJson(response, 200, record);
      return;
    }
    case 'DELETE':
      if (existing === undefined) throw notFound();
      resource.records.delete(appId);
      response.writeHead(204, { 'x-hubspot-correlation-id': randomUUID() }).end();
      return;
  }
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

function methodNotAllowed(method: string, allowed: readonly string[]): HttpProblem {
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

/**
 * Checks a body against a resource's fields: `required` must be there, every field there must be of its kind, and an
 * unknown field is refused rather than silently dropped. Every problem is reported at once; nothing is kept on any.
 */
function validate<S extends Schema, Required extends keyof S & string>(
  body: Record<string, unknown>,
  schema: S,
  required: readonly Required[],
): Partial<FieldsOf<S>> & Pick<FieldsOf<S>, Required> {
  const errors: ErrorDetail[] = [];
  for (const field of Object.keys(body)) {
    if (!Object.hasOwn(schema, field)) {
      errors.push({ message: `Unknown field "${field}"`, in: field, code: 'UNKNOWN_FIELD' });
    }
  }
  const fields: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(schema)) {
    if (!Object.hasOwn(body, field)) {
      if ((required as readonly string[]).includes(field)) {
        errors.push({ message: `${field} is required`, in: field, code: 'REQUIRED' });
      }
    } else if (FIELD_CHECKS[kind](body[field])) {
      fields[field] = body[field];
    } else {
      errors.push({ message: `${field} must be a ${kind}`, in: field, code: 'INVALID_TYPE' });
    }
  }
  if (errors.length > 0) throw validationError(errors);
  return fields as Partial<FieldsOf<S>> & Pick<FieldsOf<S>, Required>;
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
