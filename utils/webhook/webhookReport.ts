/** The webhook tester's report in words: the summary kept per profile and the Markdown a user copies. */
import type { NegativeCheck, WebhookTestResult } from './webhookTester';
import type { ResponseAnalysis } from './webhookResponse';
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

/**
 * How many rows of a list the tester's report shows. A 1 MB answer can hold tens of thousands of entries, and a
 * page with every one of them takes seconds to draw; the first few hundred show the pattern, and the count says the rest.
 */
export const SHOWN_ROWS = 200;

export interface ShownRows<T> {
  rows: readonly T[];
  /** Words for the rows left out, e.g. `… and 5,800 more numbers`; null when all are shown. */
  more: string | null;
}

/** The first `SHOWN_ROWS` of `rows`, and the count of the rest in words, with `noun` naming one row. */
export function shownRows<T>(rows: readonly T[], noun: string, nouns = `${noun}s`): ShownRows<T> {
  const rest = rows.length - SHOWN_ROWS;
  if (rest <= 0) return { rows, more: null };
  return { rows: rows.slice(0, SHOWN_ROWS), more: `… and ${rest.toLocaleString('en-US')} more ${rest === 1 ? noun : nouns}` };
}

/** The run's verdict: 'failed' when no answer could be judged, else the analysis's. */
export function verdictOf(result: WebhookTestResult): ResponseAnalysis['verdict'] | 'failed' {
  return result.exchange.failure ? 'failed' : (result.analysis?.verdict ?? 'unusable');
}

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
    verdict: result ? verdictOf(result) : 'negative checks',
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
