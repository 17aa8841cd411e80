/**
 * The machinery of the contract tests (our client against HubSpot's own, `@hubspot/api-client`): the stand-in behind
 * a recording server, so both clients can be run from the same starting state and what each sent, got and left behind
 * compared. `useContractRecorder()` registers its own vitest hooks: call it once, at the top of a test file.
 *
 * Not a test file itself (vitest picks up only `*.test.ts`).
 */
import { Client } from '@hubspot/api-client';
import { ApiException } from '@hubspot/api-client/lib/codegen/crm/extensions/calling';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import {
  createHubSpotApiStandin,
  STANDIN_APPS,
  STANDIN_DEVELOPER_API_KEY,
  type HubSpotApiStandin,
} from '../../../standin/hubspotApi';
import type { ApiResult, ApiTarget } from '../channelConnectionApi';

/** One request as the server received it: everything of it that could differ between two clients of this API. */
export interface Received {
  method: string;
  path: string;
  query: Record<string, string[]>;
  accept: string | undefined;
  contentType: string | undefined;
  /** Parsed, so key order and whitespace do not count. */
  body: unknown;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Puts the stand-in (just reset to its seed) into the state a comparison starts from. */
export type Seed = (standin: HubSpotApiStandin) => void;

export interface Comparison<T> {
  theirOutcome: Outcome;
  ourResult: ApiResult<T>;
  /** Theirs, which ours was found equal to. */
  request: Received;
}

export interface ContractRecorder {
  /** The stand-in itself, to seed and inspect directly (no request is recorded for that). */
  readonly standin: HubSpotApiStandin;
  /** The recording server's origin: the base URL both clients are given. */
  readonly basePath: string;
  /** `@hubspot/api-client`'s v3 calling extensions, pointed at the recorder. */
  theirs(developerApiKey?: string): Client['crm']['extensions']['calling'];
  /** Our v3 target for the first stand-in app, pointed at the recorder. */
  ours(credential?: string): ApiTarget;
  /**
   * Runs theirs, then ours, each from the seeded state, and expects one request each, equal, and the stand-in left in
   * the same state by both (the clock aside).
   */
  compare<T>(seed: Seed, theirs: () => Promise<unknown>, ours: () => Promise<ApiResult<T>>): Promise<Comparison<T>>;
  /** Runs one call from the seeded state and returns what it gave and what the server received: for known differences. */
  record<R>(seed: Seed, call: () => Promise<R>): Promise<{ value: R; requests: Received[] }>;
}

const [APP] = STANDIN_APPS;

export function useContractRecorder(): ContractRecorder {
  const standin = createHubSpotApiStandin();
  let standinServer: Server | undefined;
  let recorder: Server | undefined;
  let received: Received[] = [];
  let basePath = '';

  beforeAll(async () => {
    const servers = await startServers(standin, (request) => received.push(request));
    ({ standinServer, recorder, basePath } = servers);
  });

  afterAll(async () => {
    for (const server of [recorder, standinServer]) {
      if (!server) continue;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  beforeEach(() => {
    standin.reset();
    received = [];
  });

  async function record<R>(seed: Seed, call: () => Promise<R>) {
    standin.reset();
    seed(standin);
    received = [];
    const value = await call();
    return { value, requests: received };
  }

  return {
    standin,
    get basePath() {
      return basePath;
    },
    theirs: (developerApiKey = STANDIN_DEVELOPER_API_KEY) => new Client({ developerApiKey, basePath }).crm.extensions.calling,
    ours: (credential = STANDIN_DEVELOPER_API_KEY) => ({ baseUrl: basePath, appId: APP.appId, generation: 'v3', credential }),
    record,
    async compare<T>(seed: Seed, theirs: () => Promise<unknown>, ours: () => Promise<ApiResult<T>>) {
      const their = await record(seed, () => settle(theirs));
      const theirState = stateOf(standin);
      const our = await record(seed, ours);
      const ourState = stateOf(standin);

      expect(their.requests).toHaveLength(1);
      expect(our.requests).toEqual(their.requests);
      expect(ourState).toEqual(theirState);
      return { theirOutcome: their.value, ourResult: our.value, request: their.requests[0] as Received };
    },
  };
}

/** The seed as it is: nothing added, nothing taken away. */
export const asSeeded: Seed = () => {};

export async function settle(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

export function apiException(outcome: Outcome): ApiException<Record<string, unknown>> {
  if (outcome.ok) throw new Error(`expected @hubspot/api-client to throw, it returned ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(ApiException);
  return outcome.error as ApiException<Record<string, unknown>>;
}

/** `@hubspot/api-client` answers with model instances whose timestamps are Dates; ours keeps HubSpot's JSON. */
export function asWire(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/** A record without the timestamps the stand-in takes from the clock, which moves between the two runs. */
export function withoutClock(record: unknown): unknown {
  if (typeof record !== 'object' || record === null) return record;
  const { createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = record as Record<string, unknown>;
  return rest;
}

/** Every setting the stand-in holds, the clock aside. */
function stateOf(standin: HubSpotApiStandin) {
  const all = (records: Map<number, object>) =>
    Object.fromEntries([...records].map(([appId, record]) => [appId, withoutClock(record)]));
  return {
    callingApps: all(standin.callingApps),
    recordings: all(standin.recordings),
    channelConnection: all(standin.channelConnection),
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A body that is not JSON is kept as its text, so the comparison shows it rather than the recorder failing. */
function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function queryMap(url: URL): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (query[name] ??= []).push(value);
  return query;
}

/** The stand-in on one port and, in front of it, a server that records each request and forwards it unchanged. */
async function startServers(standin: HubSpotApiStandin, record: (request: Received) => void) {
  const standinServer = createServer((request, response) => {
    void standin.handle(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  const standinOrigin = await listen(standinServer);

  const recorder = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://recorder.invalid');
      record({
        method: request.method ?? '',
        path: url.pathname,
        query: queryMap(url),
        accept: request.headers.accept,
        contentType: request.headers['content-type'],
        body: text === '' ? undefined : parseOrText(text),
      });
      const forwardHeaders: Record<string, string> = {};
      for (const name of ['accept', 'content-type', 'authorization']) {
        const value = request.headers[name];
        if (typeof value === 'string') forwardHeaders[name] = value;
      }
      const answer = await fetch(`${standinOrigin}${request.url ?? '/'}`, {
        method: request.method,
        headers: forwardHeaders,
        body: text === '' ? undefined : text,
      });
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'x-hubspot-correlation-id', 'allow']) {
        const value = answer.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      response.writeHead(answer.status, headers).end(Buffer.from(await answer.arrayBuffer()));
    })();
  });
  return { standinServer, recorder, basePath: await listen(recorder) };
}
