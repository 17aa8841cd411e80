/**
 * The command line's webhook check (`channel-connection-tester webhook`): the extension's own tester, judged and
 * reported for a terminal, a Markdown file or a script. Pure: the report is built from the results, and the exit
 * code says what a CI job needs to know.
 */
import { headline, verdictOf, webhookReportToMarkdown } from '../webhook/webhookReport';
import type { NegativeCheck, WebhookTestResult } from '../webhook/webhookTester';

/** 0: all good; 1: the webhook answered but a check failed; 2: usage; 3: the webhook could not be reached in time. */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2, unreachable: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type ReportFormat = 'text' | 'markdown' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'markdown', 'json'];

/** The version of the JSON report's shape: fields are only ever added within one version. */
export const WEBHOOK_JSON_VERSION = 1;

const unreachable = (failure: WebhookTestResult['exchange']['failure']) => failure?.kind === 'network' || failure?.kind === 'timeout';

/** The exit code of a run: an unreachable webhook outranks a failed check, which outranks success. */
export function webhookExitCode(result: WebhookTestResult, negatives: readonly NegativeCheck[]): ExitCode {
  if (unreachable(result.exchange.failure) || negatives.some((check) => unreachable(check.exchange.failure))) return EXIT.unreachable;
  if (result.exchange.failure || !result.analysis) return EXIT.checkFailed;
  if (result.analysis.verdict === 'invalid' || result.analysis.verdict === 'unusable') return EXIT.checkFailed;
  if (negatives.some((check) => check.outcome !== 'refused')) return EXIT.checkFailed;
  return EXIT.ok;
}

/** The report for scripts: stable field names (README, "In CI"), no secret, no signature. */
export function webhookReportJson(appId: number, result: WebhookTestResult, negatives: readonly NegativeCheck[] | null): string {
  const { exchange, analysis } = result;
  const report = {
    format: 'channel-connection-tester/webhook-check',
    version: WEBHOOK_JSON_VERSION,
    appId,
    url: exchange.url,
    status: exchange.status,
    durationMs: exchange.durationMs,
    contentType: exchange.contentType,
    verdict: verdictOf(result),
    summary: headline(result),
    failure: exchange.failure,
    fieldNote: analysis?.fieldNote ?? null,
    problems: analysis?.problems ?? [],
    warnings: analysis?.warnings ?? [],
    numbers: (analysis?.preview ?? []).map(({ index, number, extension, shownName, truncated, selectable, note }) => ({
      index,
      number,
      extension,
      shownName,
      truncated,
      selectable,
      note,
    })),
    negativeChecks: negatives?.map(({ kind, outcome, message, exchange: sent }) => ({ kind, outcome, status: sent.status, message })) ?? null,
    exitCode: webhookExitCode(result, negatives ?? []),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function webhookReportMarkdown(appId: number, result: WebhookTestResult, negatives: readonly NegativeCheck[] | null): string {
  return webhookReportToMarkdown({ appName: 'Calling app', appId }, result, negatives ? [...negatives] : null);
}

/** How a line is shown on a terminal: plain when the output is not one (a file, a CI log). */
export type Paint = (tone: 'good' | 'bad' | 'note', text: string) => string;
export const PLAIN: Paint = (_tone, text) => text;

export function webhookReportText(result: WebhookTestResult, negatives: readonly NegativeCheck[] | null, paint: Paint = PLAIN): string {
  const { exchange, analysis } = result;
  const verdict = verdictOf(result);
  const tone = verdict === 'valid' ? 'good' : verdict === 'warnings' ? 'note' : 'bad';
  const lines = [
    `${paint(tone, verdict.toUpperCase())} ${headline(result)}`,
    `  ${exchange.url}: ${exchange.status ?? 'no answer'} in ${exchange.durationMs} ms${exchange.contentType ? ` (${exchange.contentType})` : ''}`,
  ];
  if (analysis?.fieldNote) lines.push(`  ${analysis.fieldNote}`);
  for (const problem of analysis?.problems ?? []) lines.push(`  ${paint('bad', 'problem')} ${problem}`);
  for (const warning of analysis?.warnings ?? []) lines.push(`  ${paint('note', 'warning')} ${warning}`);
  if (analysis && analysis.preview.length > 0) {
    lines.push('', 'As HubSpot would list the numbers:');
    for (const entry of analysis.preview) {
      const extension = entry.extension ? ` ext. ${entry.extension}` : '';
      const selectable = entry.selectable ? 'selectable' : `not selectable${entry.note ? ` (${entry.note})` : ''}`;
      lines.push(`  ${entry.index}. ${entry.number}${extension}  "${entry.shownName}${entry.truncated ? '…' : ''}"  ${selectable}`);
    }
  }
  if (negatives && negatives.length > 0) {
    lines.push('', 'Negative checks:');
    for (const check of negatives) lines.push(`  ${paint(check.outcome === 'refused' ? 'good' : 'bad', check.outcome)} ${check.message}`);
  }
  return `${lines.join('\n')}\n`;
}
