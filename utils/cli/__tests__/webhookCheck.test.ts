import { describe, expect, it } from 'vitest';
import { EXIT, webhookExitCode, webhookReportJson, webhookReportText } from '../webhookCheck';
import type { NegativeCheck, WebhookExchange, WebhookTestResult } from '../../webhook/webhookTester';
import type { ResponseAnalysis } from '../../webhook/webhookResponse';

const exchange = (patch: Partial<WebhookExchange> = {}): WebhookExchange => ({
  kind: 'genuine',
  url: 'https://hooks.example.test/x',
  requestHeaders: { 'x-hubspot-signature-v3': 'signed' },
  requestBody: '{}',
  status: 200,
  contentType: 'application/json',
  responseBody: '{}',
  durationMs: 12,
  failure: null,
  ...patch,
});

const analysis = (verdict: ResponseAnalysis['verdict']): ResponseAnalysis => ({
  verdict,
  summary: `${verdict} answer`,
  fieldsUsed: [],
  fieldNote: null,
  problems: verdict === 'invalid' ? ['phoneNumbers[0].e164PhoneNumber: missing'] : [],
  warnings: [],
  preview: [],
});

const result = (verdict: ResponseAnalysis['verdict'] | null, patch: Partial<WebhookExchange> = {}): WebhookTestResult => ({
  exchange: exchange(patch),
  analysis: verdict === null ? null : analysis(verdict),
});

const negative = (outcome: NegativeCheck['outcome'], patch: Partial<WebhookExchange> = {}): NegativeCheck => ({
  kind: 'bad-signature',
  exchange: exchange({ kind: 'bad-signature', status: outcome === 'refused' ? 401 : 200, ...patch }),
  outcome,
  message: outcome,
});

describe('webhookExitCode', () => {
  it.each([
    ['a valid answer', result('valid'), [], EXIT.ok],
    ['an answer with warnings', result('warnings'), [], EXIT.ok],
    ['both forgeries refused', result('valid'), [negative('refused'), negative('refused')], EXIT.ok],
    ['an invalid answer', result('invalid'), [], EXIT.checkFailed],
    ['an unusable answer', result('unusable'), [], EXIT.checkFailed],
    ['a forgery accepted', result('valid'), [negative('accepted')], EXIT.checkFailed],
    ['a redirect', result(null, { status: 302, failure: { kind: 'redirect', status: 302, location: null } }), [], EXIT.checkFailed],
    ['a network error', result(null, { status: null, failure: { kind: 'network', message: 'refused' } }), [], EXIT.unreachable],
    ['a timeout', result(null, { status: null, failure: { kind: 'timeout', timeoutMs: 1000 } }), [], EXIT.unreachable],
    [
      'a negative check that timed out, over a failed check',
      result('invalid'),
      [negative('inconclusive', { status: null, failure: { kind: 'timeout', timeoutMs: 1000 } })],
      EXIT.unreachable,
    ],
  ])('%s: %i', (_case, run, negatives, code) => {
    expect(webhookExitCode(run, negatives)).toBe(code);
  });
});

describe('the reports', () => {
  it('JSON carries no request header (no signature), and says the exit code', () => {
    const json = JSON.parse(webhookReportJson(7, result('invalid'), [negative('accepted')])) as Record<string, unknown>;
    expect(JSON.stringify(json)).not.toContain('signed');
    expect(json).toMatchObject({ version: 1, appId: 7, verdict: 'invalid', problems: ['phoneNumbers[0].e164PhoneNumber: missing'], exitCode: 1 });
    expect(json.negativeChecks).toEqual([{ kind: 'bad-signature', outcome: 'accepted', status: 200, message: 'accepted' }]);
  });

  it('text is painted only through the painter it is given', () => {
    const painted = webhookReportText(result('invalid'), [negative('refused')], (tone, text) => `<${tone}>${text}</${tone}>`);
    expect(painted).toContain('<bad>INVALID</bad> invalid answer');
    expect(painted).toContain('<bad>problem</bad> phoneNumbers[0].e164PhoneNumber: missing');
    expect(painted).toContain('<good>refused</good> refused');
    expect(webhookReportText(result('valid'), null)).toBe(`VALID valid answer\n  https://hooks.example.test/x: 200 in 12 ms (application/json)\n`);
  });
});
