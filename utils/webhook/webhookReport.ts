/** The webhook tester's report in words: the summary kept per profile and the Markdown a user copies. */
import type { NegativeCheck, WebhookTestResult } from './webhookTester';
import { markdownCell, markdownText } from '../platform/markdownCell';
import { describeFailure } from './webhookTester';

export interface WebhookRunSummary {
  at: string;
  url: string;
  status: number | null;
  durationMs: number;
  verdict: string;
  summary: string;
  negatives: Array<{ kind: NegativeCheck['kind']; outcome: NegativeCheck['outcome'] }>;
}

export const KEPT_RUNS = 5;

export function headline(result: WebhookTestResult): string {
  if (result.exchange.failure) return describeFailure(result.exchange.failure);
  return result.analysis?.summary ?? `Answered ${result.exchange.status}`;
}

export function summarizeRun(
  result: WebhookTestResult | null,
  negatives: NegativeCheck[] | null,
  url: string,
  at: Date = new Date(),
): WebhookRunSummary {
  return {
    at: at.toISOString(),
    url,
    status: result?.exchange.status ?? null,
    durationMs: result?.exchange.durationMs ?? 0,
    verdict: result ? (result.exchange.failure ? 'failed' : (result.analysis?.verdict ?? 'unusable')) : 'negative checks',
    summary: result ? headline(result) : (negatives ?? []).map((check) => check.message).join(' '),
    negatives: (negatives ?? []).map(({ kind, outcome }) => ({ kind, outcome })),
  };
}


export function webhookReportToMarkdown(
  subject: { appName: string; appId: number },
  result: WebhookTestResult | null,
  negatives: NegativeCheck[] | null,
): string {
  const lines = [`# Webhook test: ${markdownText(subject.appName)} (app ${subject.appId})`, ''];
  if (result) {
    const { exchange, analysis } = result;
    lines.push(
      `- URL: ${markdownText(exchange.url)}`,
      `- Status: ${exchange.status ?? 'no answer'}`,
      `- Time: ${exchange.durationMs} ms`,
      `- Content type: ${markdownText(exchange.contentType ?? 'none')}`,
      `- Verdict: ${analysis?.verdict ?? 'failed'}: ${markdownText(headline(result))}`,
    );
    if (analysis?.fieldNote) lines.push(`- Field name: ${markdownText(analysis.fieldNote)}`);
    lines.push('');
    if (analysis && analysis.problems.length > 0) lines.push('## Problems', '', ...analysis.problems.map((problem) => `- ${markdownText(problem)}`), '');
    if (analysis && analysis.warnings.length > 0) lines.push('## Warnings', '', ...analysis.warnings.map((warning) => `- ${markdownText(warning)}`), '');
    if (analysis && analysis.preview.length > 0) {
      lines.push(
        '## As HubSpot would list the numbers',
        '',
        '| # | number | extension | shown as | selectable |',
        '|---|---|---|---|---|',
        ...analysis.preview.map(
          (entry) =>
            `| ${entry.index} | ${markdownCell(entry.number)} | ${markdownCell(entry.extension ?? '')} | ${markdownCell(entry.shownName)}${entry.truncated ? '…' : ''} | ${entry.selectable ? 'yes' : `no${entry.note ? ` (${markdownCell(entry.note)})` : ''}`} |`,
        ),
        '',
      );
    }
  }
  if (negatives && negatives.length > 0) {
    lines.push('## Negative checks', '', ...negatives.map((check) => `- ${check.outcome}: ${markdownText(check.message)}`), '');
  }
  return lines.join('\n');
}
