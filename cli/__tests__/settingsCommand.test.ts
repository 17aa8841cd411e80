/**
 * `settings` run as a CI job runs it, against the stand-in API served over HTTPS on 127.0.0.1 (its test certificate
 * trusted through NODE_EXTRA_CA_CERTS), in both generations: what the stand-in ends with, the reports, exit codes,
 * confirmation, usage errors, and the credential in no output.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHubSpotApiStandin, STANDIN_ACCESS_TOKEN, STANDIN_APPS, STANDIN_DEVELOPER_API_KEY, type HubSpotApiStandin } from '../../standin/hubspotApi';
import { buildCli, type BuiltCli, type CliRun } from './builtCli';

const [APP] = STANDIN_APPS;
const CERT = resolve('standin/certs/standin.crt');
const WEBHOOK_URL = 'https://hooks.example.test/hubspot/channel-connection';

let cli: BuiltCli;
let standin: HubSpotApiStandin;
let server: Server;
let base: string;

const GENERATIONS = [
  { generation: 'v3', env: { HUBSPOT_DEVELOPER_API_KEY: STANDIN_DEVELOPER_API_KEY }, secret: STANDIN_DEVELOPER_API_KEY },
  { generation: '2026-03', env: { HUBSPOT_ACCESS_TOKEN: STANDIN_ACCESS_TOKEN }, secret: STANDIN_ACCESS_TOKEN },
] as const;

beforeAll(async () => {
  cli = await buildCli();
  standin = createHubSpotApiStandin();
  server = createServer({ key: readFileSync(resolve('standin/certs/standin.key')), cert: readFileSync(CERT) }, (request, response) => {
    void standin.handle(request, response).then((handled) => {
      if (!handled) response.writeHead(404).end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await cli.remove();
});

beforeEach(() => standin.reset());

const settings = (args: string[], env: Record<string, string>) =>
  cli.run(['settings', ...args, '--app-id', String(APP.appId), '--base', base], { NODE_EXTRA_CA_CERTS: CERT, ...env });

const noSecretIn = ({ stdout, stderr }: CliRun, secret: string) => {
  expect(stdout).not.toContain(secret);
  expect(stderr).not.toContain(secret);
};

describe.each(GENERATIONS)('$generation', ({ generation, env, secret }) => {
  const run = (args: string[]) => settings([...args, '--generation', generation], env);

  it('register, get, release, withdraw and delete: the stand-in follows, and each exits 0', async () => {
    let result = await run(['get']);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('Not registered') });

    result = await run(['register', '--url', WEBHOOK_URL, '--format', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ action: 'register', generation, settings: { url: WEBHOOK_URL, isReady: false }, exitCode: 0 });
    expect(standin.channelConnection.get(APP.appId)).toMatchObject({ url: WEBHOOK_URL, isReady: false });

    result = await run(['release', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^OK Released: isReady is true/);
    expect(standin.channelConnection.get(APP.appId)?.isReady).toBe(true);

    result = await run(['withdraw', '--format', 'markdown']);
    expect(result.stdout).toContain(`# Channel-connection settings: withdraw (app ${APP.appId})`);
    expect(standin.channelConnection.get(APP.appId)?.isReady).toBe(false);

    result = await run(['delete', '--yes']);
    expect(result).toMatchObject({ code: 0, stdout: expect.stringContaining('Deleted: the app is not registered') });
    expect(standin.channelConnection.has(APP.appId)).toBe(false);
    noSecretIn(result, secret);
  });

  it("HubSpot's error: exit 1, its words and correlationId", async () => {
    const result = await run(['release', '--yes', '--format', 'json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { error: { status: number; category: string; correlationId: string }; summary: string };
    expect(report.error).toMatchObject({ kind: 'http', status: 404, category: 'OBJECT_NOT_FOUND' });
    expect(report.summary).toContain(`(correlationId ${report.error.correlationId})`);
    noSecretIn(result, secret);
  });
});

describe('refusals', () => {
  const v3 = { HUBSPOT_DEVELOPER_API_KEY: STANDIN_DEVELOPER_API_KEY };

  it.each([
    ['release without --yes, not on a terminal', ['release'], v3, /Not on a terminal: pass --yes to confirm/],
    ['delete without --yes, not on a terminal', ['delete'], v3, /pass --yes/],
    ['no credential for the generation', ['get', '--generation', '2026-03'], v3, /Set HUBSPOT_ACCESS_TOKEN/],
    ['register without a URL', ['register'], v3, /--url: Enter the webhook URL/],
    ['a URL for another action', ['get', '--url', WEBHOOK_URL], v3, /--url is for register only/],
    ['an unknown action', ['list'], v3, /Allowed choices are get, register, release, withdraw, delete/],
  ])('%s: exit 2, nothing sent', async (_case, args, env, words) => {
    standin.channelConnection.set(APP.appId, { url: WEBHOOK_URL, isReady: false, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
    const result = await settings(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(words);
    expect(standin.channelConnection.get(APP.appId)).toMatchObject({ isReady: false });
  });

  it('a wrong key: exit 1 with HubSpot 401 in words, the key in no output', async () => {
    const wrong = 'not-the-key-9f8e7d';
    const result = await settings(['get'], { HUBSPOT_DEVELOPER_API_KEY: wrong });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('HTTP 401 INVALID_AUTHENTICATION');
    expect(result.stdout).toContain('hapikey=[REDACTED]');
    noSecretIn(result, wrong);
  });

  it('an API host that does not answer: exit 3', async () => {
    const result = await cli.run(['settings', 'get', '--app-id', '1', '--base', 'https://127.0.0.1:9', '--timeout', '2'], {
      HUBSPOT_DEVELOPER_API_KEY: STANDIN_DEVELOPER_API_KEY,
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('Network error');
  });
});
