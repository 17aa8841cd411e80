import { describe, expect, it, vi } from 'vitest';
import { KEPT_RUNS, SHOWN_ROWS, shownRows, summarizeRun, webhookReportToMarkdown } from '../webhookReport';
import { markdownText } from '../../platform/markdownCell';
import type { WebhookRequestInput } from '../webhookSignature';
import { runNegativeChecks, testWebhook, type NegativeCheck, type WebhookExchange, type WebhookTestResult } from '../webhookTester';

const NOW = 1_780_000_000_000;
const AT = new Date('2026-03-02T10:00:00.000Z');
const SECRET = 'client-secret-b8e2d4f6';
const URL_ = 'https://hooks.example.com/hubspot/channel-connection';
const INPUT: WebhookRequestInput = { url: URL_, appId: 123456, portalId: 987654, userId: 42, clientSecret: SECRET };
const SUBJECT = { appName: 'Acme Dialer', appId: 123456 };

/** A clock that advances 234 ms between the request and the answer. */
function clock() {
  let time = NOW - 234;
  return () => (time += 234);
}

function answering(status: number, body: unknown, contentType = 'application/json') {
  return vi.fn<typeof fetch>(async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': contentType } }),
  );
}

const testWith = (fetchImpl: typeof fetch): Promise<WebhookTestResult> => testWebhook(INPUT, { fetch: fetchImpl, now: clock() });

const validResult = () =>
  testWith(
    answering(200, {
      phoneNumbers: [
        { e164PhoneNumber: '+18001231234', friendlyName: 'Support line' },
        { e164PhoneNumber: '+61291234567', friendlyName: 'Sydney' },
      ],
    }),
  );

const networkFailure = () => testWith(vi.fn<typeof fetch>(() => Promise.reject(new TypeError('fetch failed'))));

/** The first check refused with 401, the second accepted with 200. */
async function mixedNegatives(): Promise<NegativeCheck[]> {
  const answers = [new Response(null, { status: 401 }), new Response('{}', { status: 200 })];
  return runNegativeChecks(INPUT, { fetch: vi.fn<typeof fetch>(async () => answers.shift()!), now: () => NOW });
}

/** Every signature a run sent: derived from the secret, and not to be kept either. */
function signaturesOf(exchanges: WebhookExchange[]): string[] {
  const values = exchanges.flatMap((exchange) => [
    exchange.requestHeaders['X-HubSpot-Signature-v3'],
    exchange.requestHeaders['X-HubSpot-Signature'],
  ]);
  expect(values.every((value) => typeof value === 'string' && value.length > 20)).toBe(true);
  return values as string[];
}

function expectNoSecrets(text: string, exchanges: WebhookExchange[]) {
  expect(text).not.toContain(SECRET);
  for (const signature of signaturesOf(exchanges)) expect(text).not.toContain(signature);
}

describe('summarizeRun', () => {
  it('keeps five runs per profile', () => {
    expect(KEPT_RUNS).toBe(5);
  });

  it('summarises a test with an answer: status, time, verdict and the analysis summary', async () => {
    const result = await validResult();

    const summary = summarizeRun(result, null, URL_, AT);

    expect(summary).toEqual({
      at: '2026-03-02T10:00:00.000Z',
      url: URL_,
      status: 200,
      durationMs: 234,
      verdict: 'valid',
      summary: '2 numbers, 2 selectable',
      negatives: [],
    });
    expectNoSecrets(JSON.stringify(summary), [result.exchange]);
  });

  it('summarises an error answer with the analysis verdict', async () => {
    const result = await testWith(answering(503, { message: 'down for maintenance' }));

    expect(summarizeRun(result, null, URL_, AT)).toMatchObject({
      status: 503,
      verdict: 'unusable',
      summary: 'Server error 503: down for maintenance',
    });
  });

  it.each([
    ['a network error', networkFailure, null, 'Network error: the webhook could not be reached (fetch failed).'],
    [
      'a redirect',
      () => testWith(vi.fn<typeof fetch>(async () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example.com/' } }))),
      302,
      'The webhook redirected (302) to https://elsewhere.example.com/; HubSpot expects the answer from the URL it calls and does not follow redirects.',
    ],
  ])('summarises %s as failed, in the words of describeFailure', async (_what, run, status, words) => {
    const result = await run();

    const summary = summarizeRun(result, null, URL_, AT);

    expect(summary).toEqual({ at: AT.toISOString(), url: URL_, status, durationMs: 234, verdict: 'failed', summary: words, negatives: [] });
    expectNoSecrets(JSON.stringify(summary), [result.exchange]);
  });

  it('summarises negative checks alone: their outcomes and messages, no status', async () => {
    const negatives = await mixedNegatives();

    const summary = summarizeRun(null, negatives, URL_, AT);

    expect(summary).toEqual({
      at: AT.toISOString(),
      url: URL_,
      status: null,
      durationMs: 0,
      verdict: 'negative checks',
      summary: `${negatives[0]!.message} ${negatives[1]!.message}`,
      negatives: [
        { kind: 'bad-signature', outcome: 'refused' },
        { kind: 'stale-timestamp', outcome: 'accepted' },
      ],
    });
    expect(summary.summary).toMatch(/^Refused a request with a wrong signature with 401, as it should\. Finding:/);
    expectNoSecrets(JSON.stringify(summary), negatives.map((check) => check.exchange));
  });

  it('keeps no request or response data beyond the outcome', async () => {
    const summary = summarizeRun(await validResult(), await mixedNegatives(), URL_, AT);

    expect(Object.keys(summary).sort()).toEqual(['at', 'durationMs', 'negatives', 'status', 'summary', 'url', 'verdict']);
    for (const negative of summary.negatives) expect(Object.keys(negative).sort()).toEqual(['kind', 'outcome']);
  });
});

/** Table rows split on unescaped pipes: a row of five cells has six. */
const unescapedPipes = (row: string) => row.split(/(?<!\\)\|/).length - 1;

describe('webhookReportToMarkdown', () => {
  it('lists the URL, status, time, content type, verdict and field name of an answer', async () => {
    const result = await validResult();

    const markdown = webhookReportToMarkdown(SUBJECT, result, null);
    const lines = markdown.split('\n');

    expect(lines[0]).toBe('# Webhook test: Acme Dialer (app 123456)');
    expect(lines).toEqual(
      expect.arrayContaining([
        `- URL: ${URL_}`,
        '- Status: 200',
        '- Time: 234 ms',
        '- Content type: application/json',
        '- Verdict: valid: 2 numbers, 2 selectable',
        `- Field name: ${result.analysis!.fieldNote}`,
      ]),
    );
    expect(result.analysis!.fieldNote).toMatch(/e164PhoneNumber/);
    expect(markdown).not.toContain('## Problems');
    expect(markdown).not.toContain('## Warnings');
    expect(markdown).not.toContain('## Negative checks');
    expectNoSecrets(markdown, [result.exchange]);
  });

  it('says when there was no answer', async () => {
    const result = await networkFailure();

    const lines = webhookReportToMarkdown(SUBJECT, result, null).split('\n');

    expect(lines).toEqual(
      expect.arrayContaining([
        '- Status: no answer',
        '- Content type: none',
        '- Verdict: failed: Network error: the webhook could not be reached (fetch failed).',
      ]),
    );
    expect(lines.some((line) => line.startsWith('## '))).toBe(false);
    expect(lines.some((line) => line.startsWith('- Field name'))).toBe(false);
  });

  it('lists each problem and warning under its heading', async () => {
    const result = await testWith(
      answering(200, {
        phoneNumbers: [
          { e164PhoneNumber: '18001231234', friendlyName: 'Support' },
          { e164PhoneNumber: '+61291234567', friendlyName: 'A name far longer than twenty-four characters' },
        ],
      }),
    );
    const { problems, warnings } = result.analysis!;
    expect(problems).toEqual([expect.stringMatching(/^phoneNumbers\[0\]\.e164PhoneNumber: "18001231234" lacks the leading \+/)]);
    expect(warnings).toEqual([expect.stringMatching(/^phoneNumbers\[1\]\.friendlyName: /)]);

    const markdown = webhookReportToMarkdown(SUBJECT, result, null);

    // Each in words a renderer shows as they are (markdownCell.test.ts renders them).
    expect(markdown).toContain(`- Verdict: invalid: ${markdownText(result.analysis!.summary)}`);
    expect(markdown).toContain(['## Problems', '', `- ${markdownText(problems[0] ?? '')}`, ''].join('\n'));
    expect(markdown).toContain(['## Warnings', '', `- ${markdownText(warnings[0] ?? '')}`, ''].join('\n'));
    expect(markdown).toContain('- phoneNumbers\\[0\\].e164PhoneNumber: "18001231234" lacks the leading +');
  });

  it('previews the numbers as HubSpot would list them, showing a cut name and escaping pipes', async () => {
    const result = await testWith(
      answering(200, {
        phoneNumbers: [
          { e164PhoneNumber: '+18001231234', friendlyName: 'London office, front desk reception' },
          { e164PhoneNumber: '+442071234567', extension: '1|2', friendlyName: 'Sales | EMEA' },
          { e164PhoneNumber: '+61291234567' },
          { e164PhoneNumber: '+15551234567', friendlyName: 'Two\nlines' },
        ],
      }),
    );

    const lines = webhookReportToMarkdown(SUBJECT, result, null).split('\n');
    const start = lines.indexOf('## As HubSpot would list the numbers');
    expect(start).toBeGreaterThan(0);

    expect(lines.slice(start + 1, start + 8)).toEqual([
      '',
      '| # | number | extension | shown as | selectable |',
      '|---|---|---|---|---|',
      '| 0 | +18001231234 |  | London office, front des… | yes |',
      '| 1 | +442071234567 | 1\\|2 | Sales \\| EMEA | no (has an extension: shown but not selectable) |',
      '| 2 | +61291234567 |  | +61291234567 | yes |',
      '| 3 | +15551234567 |  | Two lines | yes |',
    ]);
    for (const row of lines.slice(start + 2, start + 8)) expect(unescapedPipes(row)).toBe(6);
  });

  it('has no preview table when there is no number', async () => {
    const markdown = webhookReportToMarkdown(SUBJECT, await testWith(answering(200, { phoneNumbers: [] })), null);

    expect(markdown).not.toContain('## As HubSpot would list the numbers');
    expect(markdown).toContain('## Warnings');
  });

  it('reports the negative checks, alone', async () => {
    const negatives = await mixedNegatives();

    const markdown = webhookReportToMarkdown(SUBJECT, null, negatives);

    expect(markdown.split('\n')).toEqual([
      '# Webhook test: Acme Dialer (app 123456)',
      '',
      '## Negative checks',
      '',
      `- refused: ${negatives[0]!.message}`,
      `- accepted: ${negatives[1]!.message}`,
      '',
    ]);
    expect(negatives[1]!.message).toMatch(/^Finding:/);
    expectNoSecrets(markdown, negatives.map((check) => check.exchange));
  });

  it('reports the negative checks after the test', async () => {
    const markdown = webhookReportToMarkdown(SUBJECT, await validResult(), await mixedNegatives());

    expect(markdown.indexOf('- Status: 200')).toBeGreaterThan(0);
    expect(markdown.indexOf('## Negative checks')).toBeGreaterThan(markdown.indexOf('## As HubSpot would list the numbers'));
  });

  it('is only a title when there is nothing to report', () => {
    expect(webhookReportToMarkdown(SUBJECT, null, null)).toBe('# Webhook test: Acme Dialer (app 123456)\n');
    expect(webhookReportToMarkdown(SUBJECT, null, [])).toBe('# Webhook test: Acme Dialer (app 123456)\n');
  });
});

describe('shownRows', () => {
  const rows = (count: number) => Array.from({ length: count }, (_, index) => index);

  it('shows the first 200 rows of a list', () => {
    expect(SHOWN_ROWS).toBe(200);
  });

  it.each([
    [0, 0, null],
    [1, 1, null],
    [200, 200, null],
    [201, 200, '… and 1 more number'],
    [202, 200, '… and 2 more numbers'],
    [15_000, 200, '… and 14,800 more numbers'],
    [66_000, 200, '… and 65,800 more numbers'],
  ])('of %i numbers shows %i, then %j', (count, shown, more) => {
    const list = rows(count);

    const result = shownRows(list, 'number');

    expect(result.rows).toEqual(list.slice(0, shown));
    expect(result.more).toBe(more);
  });

  it('names the rows left out with the noun given, and its plural', () => {
    expect(shownRows(rows(205), 'problem').more).toBe('… and 5 more problems');
    expect(shownRows(rows(201), 'entry', 'entries').more).toBe('… and 1 more entry');
    expect(shownRows(rows(300), 'entry', 'entries').more).toBe('… and 100 more entries');
  });

  it('caps the lists of a real report: 15,000 numbers that each have a problem', async () => {
    const numbers = Array.from({ length: 15_000 }, (_, index) => ({ e164PhoneNumber: `1800${String(index).padStart(7, '0')}` }));
    const { analysis } = await testWith(answering(200, { phoneNumbers: numbers }));

    const preview = shownRows(analysis!.preview, 'number');
    const problems = shownRows(analysis!.problems, 'problem');

    expect(preview.rows).toHaveLength(200);
    expect(preview.rows.at(-1)?.number).toBe('18000000199');
    expect(preview.more).toBe('… and 14,800 more numbers');
    expect(problems.rows).toHaveLength(200);
    expect(problems.rows[0]).toBe('phoneNumbers[0].e164PhoneNumber: "18000000000" lacks the leading +');
    expect(problems.more).toBe('… and 14,800 more problems');
  });
});
