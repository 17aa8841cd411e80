/**
 * The built command line, run as a CI job runs it (a child process, the secret in its environment), against the
 * stand-in's sample webhooks served on 127.0.0.1: outputs in each format, exit codes, usage errors, and the secret
 * in no output.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleWebhooks, STANDIN_CLIENT_SECRET } from '../../standin/webhooks';
import { STANDIN_APPS } from '../../standin/hubspotApi';
import { LOCAL_WEBHOOK_NOTE } from '../../utils/webhook/webhookUrl';
import { buildCli, type BuiltCli, type CliRun } from './builtCli';

const [APP] = STANDIN_APPS;
const IDS = ['--app-id', String(APP.appId), '--portal-id', '123456', '--user-id', '42'];

let cli: BuiltCli;

const run = (args: string[], env: Record<string, string | undefined> = { HUBSPOT_CLIENT_SECRET: STANDIN_CLIENT_SECRET }) => cli.run(args, env);

let server: Server;
let base: string;

beforeAll(async () => {
  cli = await buildCli();
  const webhooks = createSampleWebhooks();
  server = createServer((request, response) => void webhooks.handle(request, response).catch(() => response.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await cli.remove();
});

const noSecretIn = ({ stdout, stderr }: CliRun) => {
  expect(stdout).not.toContain(STANDIN_CLIENT_SECRET);
  expect(stderr).not.toContain(STANDIN_CLIENT_SECRET);
};

describe('webhook', () => {
  it('a good webhook: exit 0, the report as JSON, and its refusal of both forgeries', async () => {
    const result = await run(['webhook', `${base}/good`, ...IDS, '--negative', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      format: 'channel-connection-tester/webhook-check',
      version: 1,
      appId: APP.appId,
      url: `${base}/good`,
      status: 200,
      verdict: 'warnings',
      failure: null,
      problems: [],
      exitCode: 0,
    });
    expect(report.numbers).toHaveLength(3);
    expect(report.negativeChecks).toEqual([
      expect.objectContaining({ kind: 'bad-signature', outcome: 'refused', status: 401 }),
      expect.objectContaining({ kind: 'stale-timestamp', outcome: 'refused', status: 401 }),
    ]);
    // A webhook on this computer is tested, with the note that HubSpot itself cannot call it.
    expect(result.stderr).toBe(`${LOCAL_WEBHOOK_NOTE}\n`);
    noSecretIn(result);
  });

  it('text, without colour when the output is not a terminal, and Markdown', async () => {
    const text = await run(['webhook', `${base}/good`, ...IDS]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^WARNINGS 3 numbers/);
    expect(text.stdout).toContain('As HubSpot would list the numbers:');
    expect(text.stdout).not.toContain('\u001b[');
    const markdown = await run(['webhook', `${base}/good`, ...IDS, '--format', 'markdown']);
    expect(markdown.stdout).toContain(`# Webhook test: Calling app (app ${APP.appId})`);
    expect(markdown.stdout).toContain('| # | number | extension | shown as | selectable |');
    noSecretIn(text);
    noSecretIn(markdown);
  });

  it.each([
    ['lax', ['--negative'], 1, /accepted/],
    ['html-error', [], 1, /UNUSABLE/],
    ['redirect', [], 1, /redirected/],
    ['slow', ['--timeout', '1'], 3, /Timed out: no answer within 1 s\./],
  ])('%s %j: exit %i', async (path, extra, code, words) => {
    const result = await run(['webhook', `${base}/${path}`, ...IDS, ...extra]);
    expect({ code: result.code, matches: words.test(result.stdout) }).toEqual({ code, matches: true });
    noSecretIn(result);
  });

  it('writes no file: a run leaves its folder as it was, so the secret can only be where the caller sends stdout', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'cct-cwd-'));
    try {
      const result = await cli.run(['webhook', `${base}/good`, ...IDS, '--negative', '--format', 'markdown'], { HUBSPOT_CLIENT_SECRET: STANDIN_CLIENT_SECRET }, folder);
      expect(result.code).toBe(0);
      expect(await readdir(folder)).toEqual([]);
      noSecretIn(result);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('nothing listening: exit 3, a network error in words', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await run(['webhook', `http://127.0.0.1:${port}/hook`, ...IDS]);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('Network error: the webhook could not be reached');
  });
});

describe('usage errors: exit 2, the reason on stderr, nothing sent', () => {
  it.each([
    ['no secret in the environment', ['webhook', 'https://hooks.example.test/x', ...IDS], {}, /Set HUBSPOT_CLIENT_SECRET/],
    ['a URL that is not https', ['webhook', 'http://hooks.example.test/x', ...IDS], undefined, /must use https/],
    ['an app id that is not a number', ['webhook', 'https://hooks.example.test/x', '--app-id', 'abc', '--portal-id', '1', '--user-id', '1'], undefined, /positive whole number/],
    ['a missing option', ['webhook', 'https://hooks.example.test/x', '--app-id', '1'], undefined, /required option '--portal-id <n>'/],
    ['an unknown format', ['webhook', 'https://hooks.example.test/x', ...IDS, '--format', 'yaml'], undefined, /Allowed choices are text, markdown, json/],
    ['an unknown command', ['hooks'], undefined, /unknown command 'hooks'/],
  ])('%s', async (_case, args, env, words) => {
    const result = await run(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(words);
    expect(result.stdout).toBe('');
  });

  it('--help on every command exits 0', async () => {
    for (const args of [['--help'], ['webhook', '--help'], ['settings', '--help']]) {
      const result = await run(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: channel-connection-tester');
    }
  });
});
