/**
 * The QA availability matrix: the four (isReady × flag) combinations on one HubSpot tab, expected vs observed,
 * and the original state put back afterwards whatever happened. The steps are passed in, so the sequence, the
 * refusals and the restoring are tested without a browser or a network.
 */
import { compareAvailability, predictAvailability, type ExpectedState, type Verdict } from '../providers/availability';
import { FLAG_ON_VALUE } from '../flag/channelConnectionFlag';
import { markdownCell, markdownText } from '../platform/markdownCell';
import { hubspotAppOrigin, portalIdFromUrl } from '../platform/hubspotOrigins';
import type { ObservedState, ProviderObservation } from '../providers/providerDetection';

export interface MatrixSteps {
  /** The webhook's isReady, or null when none is registered. */
  readIsReady(): Promise<boolean | null>;
  setIsReady(isReady: boolean): Promise<void>;
  readFlag(): Promise<string | null>;
  writeFlag(value: string | null): Promise<void>;
  /** Reloads the tab and resolves with what the page then shows of the app. */
  reloadAndObserve(): Promise<ProviderObservation | null>;
}

export interface MatrixRow {
  isReady: boolean;
  flag: boolean;
  expected: ExpectedState;
  observed: ObservedState | null;
  signals: string[];
  verdict: Verdict['kind'] | 'error';
  message: string;
}

export interface MatrixRun {
  appName: string;
  appId: number;
  tabUrl: string;
  startedAt: string;
  rows: MatrixRow[];
  original: { isReady: boolean; flag: string | null };
  /** Problems while putting the original state back; empty when all went back as it was. */
  restoreErrors: string[];
  /** The step that stopped the run, if one did. */
  failure: string | null;
}

export type MatrixOutcome = { ok: true; run: MatrixRun } | { ok: false; reason: string };

export const MATRIX_COMBINATIONS: ReadonlyArray<{ isReady: boolean; flag: boolean }> = [
  { isReady: false, flag: false },
  { isReady: false, flag: true },
  { isReady: true, flag: false },
  { isReady: true, flag: true },
];

export interface MatrixSubject {
  appName: string;
  appId: number;
  isTestApp: boolean;
  tabUrl: string;
}

type MatrixOriginal = MatrixRun['original'];

/** The flag as the run last left it; unknown while a write is on its way (the page may have applied it). */
type FlagNow = { known: true; value: string | null } | { known: false };

/**
 * What a run has changed so far, written down before each change is made: enough for another process to put
 * everything back if the one running the matrix dies mid-run.
 */
export interface MatrixProgress {
  original: MatrixOriginal;
  /** `null` while a change is on its way: HubSpot may or may not have applied it. */
  isReadyNow: boolean | null;
  flagNow: FlagNow;
  rows: MatrixRow[];
}

interface MatrixHooks {
  /** Awaited before and after every change, so a journal never claims less than was done. */
  journal?: (progress: MatrixProgress) => Promise<void>;
  /** Asked before each row: a stop request ends the run there, and the restore follows as always. */
  stopRequested?: () => Promise<boolean>;
  now?: () => Date;
}

/** Why the matrix will not run for this subject, before anything is read; null when it may. */
export function matrixRefusal(subject: Pick<MatrixSubject, 'appName' | 'isTestApp'>): string | null {
  if (subject.isTestApp) return null;
  return `${subject.appName} is not marked as a test app. The matrix sets isReady=true, which offers the app to every one of its users, so it only runs on profiles marked "This is a test app".`;
}

export async function runAvailabilityMatrix(
  subject: MatrixSubject,
  steps: MatrixSteps,
  { journal = async () => undefined, stopRequested = async () => false, now = () => new Date() }: MatrixHooks = {},
): Promise<MatrixOutcome> {
  const refusal = matrixRefusal(subject);
  if (refusal) return { ok: false, reason: refusal };
  let originalIsReady: boolean | null;
  let originalFlag: string | null;
  try {
    originalIsReady = await steps.readIsReady();
    originalFlag = await steps.readFlag();
  } catch (error) {
    return { ok: false, reason: `Could not read the starting state: ${messageOf(error)}` };
  }
  if (originalIsReady === null) {
    return { ok: false, reason: `${subject.appName} has no channel-connection webhook registered: register one first (the matrix changes its isReady).` };
  }

  const run: MatrixRun = {
    appName: subject.appName,
    appId: subject.appId,
    tabUrl: subject.tabUrl,
    startedAt: now().toISOString(),
    rows: [],
    original: { isReady: originalIsReady, flag: originalFlag },
    restoreErrors: [],
    failure: null,
  };
  const progress: MatrixProgress = {
    original: run.original,
    isReadyNow: originalIsReady,
    flagNow: { known: true, value: originalFlag },
    rows: run.rows,
  };
  const write = () => journal({ ...progress, rows: [...progress.rows] });
  try {
    await write();
    for (const combination of MATRIX_COMBINATIONS) {
      const flagValue = combination.flag ? FLAG_ON_VALUE : null;
      const expected = predictAvailability(flagValue, combination.isReady);
      const step = `isReady=${combination.isReady}, flag ${combination.flag ? 'on' : 'off'}`;
      if (await stopRequested()) {
        run.failure = `you stopped it before ${step}`;
        break;
      }
      try {
        if (progress.isReadyNow !== combination.isReady) {
          progress.isReadyNow = null;
          await write();
          await steps.setIsReady(combination.isReady);
          progress.isReadyNow = combination.isReady;
          await write();
        }
        if (!progress.flagNow.known || progress.flagNow.value !== flagValue) {
          progress.flagNow = { known: false };
          await write();
          await steps.writeFlag(flagValue);
          progress.flagNow = { known: true, value: flagValue };
          await write();
        }
        const observation = await steps.reloadAndObserve();
        const observed = observation && observation.matchedBy !== 'none' ? observation.state : null;
        const verdict = compareAvailability(subject.appName, expected, observed);
        const row: MatrixRow = {
          ...combination,
          expected: expected.state,
          observed,
          signals: observation?.signals ?? [],
          verdict: verdict.kind,
          message: observed === null ? `${subject.appName} was not found on the page.` : verdict.message,
        };
        run.rows.push(row);
        await write();
      } catch (error) {
        const row: MatrixRow = {
          ...combination,
          expected: expected.state,
          observed: null,
          signals: [],
          verdict: 'error',
          message: messageOf(error),
        };
        run.rows.push(row);
        await write().catch(() => undefined);
        run.failure = `${step}: ${messageOf(error)}`;
        break;
      }
    }
  } finally {
    run.restoreErrors = await restoreOriginal(progress, steps);
  }
  return { ok: true, run };
}

/**
 * Puts isReady and the flag back as they were before the run, each only when the run changed it or may have, then
 * reloads the tab so the page shows it. Also what a later start of the background does with a run it found
 * unfinished. Resolves with what could not be put back.
 */
export async function restoreOriginal(progress: MatrixProgress, steps: MatrixSteps): Promise<string[]> {
  const { original } = progress;
  const errors: string[] = [];
  if (progress.isReadyNow !== original.isReady) {
    await steps.setIsReady(original.isReady).catch((error: unknown) => {
      errors.push(`isReady could not be set back to ${original.isReady}: ${messageOf(error)}`);
    });
  }
  if (!progress.flagNow.known || progress.flagNow.value !== original.flag) {
    await steps.writeFlag(original.flag).catch((error: unknown) => {
      errors.push(`The flag could not be set back to ${JSON.stringify(original.flag)}: ${messageOf(error)}`);
    });
  }
  await steps.reloadAndObserve().catch(() => undefined);
  return errors;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The run's ending in a line: where it stopped, if it did, and whether everything went back as it was. */
export function matrixSummary(run: MatrixRun): string {
  const { original } = run;
  const restored =
    run.restoreErrors.length === 0
      ? `Restored: isReady=${original.isReady} and the flag ${original.flag === null ? 'not set' : JSON.stringify(original.flag)}, as they were.`
      : `Not restored: ${run.restoreErrors.map(sentence).join(' ')}`;
  return run.failure ? `Stopped: ${sentence(run.failure)} ${restored}` : restored;
}

/** The run at a glance: "3 of 4 as expected, 1 mismatch", with the rows a stopped run never reached. */
export function matrixTally(run: Pick<MatrixRun, 'rows'>): string {
  const count = (kind: MatrixRow['verdict']) => run.rows.filter((row) => row.verdict === kind).length;
  const others = [
    [count('mismatch'), 'mismatch', 'mismatches'],
    [count('inconclusive'), 'inconclusive', 'inconclusive'],
    [count('error'), 'error', 'errors'],
    [MATRIX_COMBINATIONS.length - run.rows.length, 'not run', 'not run'],
  ] as const;
  const parts = others.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return [`${count('match')} of ${MATRIX_COMBINATIONS.length} as expected`, ...parts].join(', ');
}

/** Reasons come from the browser, HubSpot and this extension, with or without a full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Where and when an export was made, which the run itself does not know. */
export interface ExportContext {
  extensionVersion: string;
  browser: string;
  exportedAt: string;
}

/** The HubSpot origin and portal of the run's tab, as a report names them. */
function hubspotOf(run: MatrixRun): { hubspotOrigin: string | null; portalId: string | null } {
  return { hubspotOrigin: hubspotAppOrigin(run.tabUrl), portalId: portalIdFromUrl(run.tabUrl) };
}

export function matrixToMarkdown(run: MatrixRun, context: ExportContext): string {
  const { hubspotOrigin, portalId } = hubspotOf(run);
  const lines = [
    `# Availability matrix: ${markdownText(run.appName)} (app ${run.appId})`,
    '',
    `HubSpot: ${hubspotOrigin ?? 'not a HubSpot origin'}, portal ${portalId ?? 'unknown'}  `,
    `Tab: ${markdownText(run.tabUrl)}  `,
    `Run: ${run.startedAt}, exported ${context.exportedAt}  `,
    `Channel Connection Tester ${context.extensionVersion} in ${markdownText(context.browser)}  `,
    `Original state: isReady=${run.original.isReady}, flag ${markdownText(JSON.stringify(run.original.flag))}`,
    '',
    `**${matrixTally(run)}**`,
    '',
    '| isReady | flag | expected | observed | verdict | details |',
    '|---|---|---|---|---|---|',
    ...run.rows.map(
      (row) =>
        `| ${row.isReady} | ${row.flag ? 'on' : 'off'} | ${row.expected} | ${row.observed ?? 'not found'} | ${row.verdict} | ${markdownCell([row.message, ...row.signals].join('; '))} |`,
    ),
    '',
  ];
  if (run.failure) lines.push(`Stopped: ${markdownText(run.failure)}`, '');
  lines.push(
    run.restoreErrors.length === 0
      ? 'Restored: isReady and the flag are back as they were.'
      : `Not restored: ${markdownText(run.restoreErrors.join(' '))}`,
    '',
  );
  return lines.join('\n');
}

/** Version 1 plus where the run was made (fields added, none changed): readers of version 1 read it as before. */
export function matrixToJson(run: MatrixRun, context: ExportContext): string {
  const report = { format: 'channel-connection-tester/availability-matrix', version: 1, ...context, ...hubspotOf(run), ...run };
  return `${JSON.stringify(report, null, 2)}\n`;
}
