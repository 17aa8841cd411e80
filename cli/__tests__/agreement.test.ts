/**
 * The command line and the extension judge the same answer the same way: one server replays recorded answers, the
 * built CLI and the extension's tester (`testWebhook`, and `summarizeRun`, what the options page keeps and shows)
 * each fetch them, and their verdicts, summaries, problems, warnings and numbers are compared.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STANDIN_CLIENT_SECRET } from '../../standin/webhooks';
import { summarizeRun } from '../../utils/webhook/webhookReport';
import { testWebhook } from '../../utils/webhook/webhookTester';
import { buildCli, type BuiltCli } from './builtCli';

/** Answers recorded from webhooks as they are found in the wild, good and bad. */
const RECORDED: Record<string, { status: number; contentType: string; body: string }> = {
  current: {
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ phoneNumbers: [{ e164PhoneNumber: '+18001231234', friendlyName: 'Support line' }, { e164PhoneNumber: '+442071234567', extension: '12' }] }),
  },
  'older-docs': { status: 200, contentType: 'application/json', body: JSON.stringify({ phoneNumbers: [{ e164Number: 18001231234 }] }) },
  'no-plus': { status: 200, contentType: 'application/json', body: JSON.stringify({ phoneNumbers: [{ e164PhoneNumber: '18001231234' }] }) },
  empty: { status: 200, contentType: 'application/json', body: JSON.stringify({ phoneNumbers: [] }) },
  'long-name': {
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ phoneNumbers: [{ e164PhoneNumber: '+18001231234', friendlyName: 'A friendly name far longer than HubSpot shows' }] }),
  },
  'server-error': { status: 503, contentType: 'text/html', body: '<html><body>Service Unavailable</body></html>' },
  'not-json': { status: 200, contentType: 'text/plain', body: 'ok' },
};

let server: Server;
let base: string;
let cli: BuiltCli;

beforeAll(async () => {
  cli = await buildCli();
  server = createServer((request, response) => {
    request.resume();
    const answer = RECORDED[(request.url ?? '/').slice(1)];
    if (!answer) return void response.writeHead(404).end();
    response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await cli.remove();
});

it.each(Object.keys(RECORDED))('%s: the same verdict, summary, problems, warnings and numbers', async (path) => {
  const url = `${base}/${path}`;
  const input = { url, appId: 3141592, portalId: 123456, userId: 42, clientSecret: STANDIN_CLIENT_SECRET };

  const extension = await testWebhook(input);
  const shown = summarizeRun(extension, null, url);
  const cliRun = await cli.run(['webhook', url, '--app-id', '3141592', '--portal-id', '123456', '--user-id', '42', '--format', 'json'], {
    HUBSPOT_CLIENT_SECRET: STANDIN_CLIENT_SECRET,
  });
  const report = JSON.parse(cliRun.stdout) as Record<string, unknown>;

  expect({
    verdict: report.verdict,
    summary: report.summary,
    status: report.status,
    problems: report.problems,
    warnings: report.warnings,
    numbers: (report.numbers as { number: string; selectable: boolean }[]).map(({ number, selectable }) => ({ number, selectable })),
  }).toEqual({
    verdict: shown.verdict,
    summary: shown.summary,
    status: shown.status,
    problems: extension.analysis?.problems ?? [],
    warnings: extension.analysis?.warnings ?? [],
    numbers: (extension.analysis?.preview ?? []).map(({ number, selectable }) => ({ number, selectable })),
  });
});
