/**
 * The QA matrix's journal: what the background writes down about a run while it goes, so the options page can show
 * its progress from any page, a second run of the same app is refused, and a run cut short by the background
 * stopping is restored by the next start.
 */
import type { HubSpotAppOrigin } from '../platform/hubspotOrigins';
import type { MatrixOutcome, MatrixProgress, MatrixRow, MatrixRun, MatrixSubject } from './availabilityMatrix';

export interface MatrixJournal {
  runId: string;
  profileId: string;
  subject: Omit<MatrixSubject, 'isTestApp'>;
  /** The tab the run changes and reloads, and the HubSpot origin whose flag it sets. */
  tab: { id: number; origin: HubSpotAppOrigin };
  startedAt: string;
  state: 'running' | 'done';
  stopRequested: boolean;
  /** `null` until the starting state has been read: nothing was changed before that. */
  progress: MatrixProgress | null;
  /** Set once the run is done. */
  outcome: MatrixOutcome | null;
  /** The background stopped mid-run and a later start of it did the restore. */
  resumed: boolean;
}

/** One run per app: two runs of the same app would each take the other's isReady=true for the original. */
export type MatrixJournals = Record<string, MatrixJournal>;

/** Which journal an app's run is kept under: the same app ID on another API host is another app. */
export function matrixKey(apiBaseUrl: string, appId: number): string {
  return `${new URL(apiBaseUrl).host}/${appId}`;
}

/** The run of `app` going now, if one is. */
export function runningJournalFor(journals: MatrixJournals, app: { apiBaseUrl: string; appId: number }): MatrixJournal | null {
  const journal = journals[matrixKey(app.apiBaseUrl, app.appId)];
  return journal?.state === 'running' ? journal : null;
}

const clock = (iso: string) => new Date(iso).toISOString().slice(11, 19);

export function alreadyRunningReason(journal: MatrixJournal): string {
  return `A QA matrix is already running for ${journal.subject.appName} (app ${journal.subject.appId}), started at ${clock(journal.startedAt)} UTC on ${journal.subject.tabUrl}. Only one runs per app at a time: wait for it to finish, or stop it.`;
}

/**
 * The flag lives in the origin's storage, not the app's: a run of another app on the same origin would take this
 * run's flag for its original and put it back over this one's restore.
 */
export function sameOriginReason(journal: MatrixJournal): string {
  return `A QA matrix for ${journal.subject.appName} (app ${journal.subject.appId}) is running on ${new URL(journal.tab.origin).host}, whose test-mode flag both runs would change. Wait for it to finish, or stop it.`;
}

/** What the matrix panel shows of a run's journal and of the last refused start. */
export interface MatrixView {
  running: boolean;
  /** A stop was asked for and the run has not ended yet. */
  stopping: boolean;
  /** The rows done so far, or of the finished run. */
  rows: MatrixRow[];
  /** The finished run, for its summary and exports. */
  finished: MatrixRun | null;
  /** Why a start was refused, or why the run ended without a result. */
  reason: string | null;
  /** The background stopped mid-run and a later start of it did the restore. */
  resumed: boolean;
}

export function matrixView(journal: MatrixJournal | null, refusal: string | null): MatrixView {
  const running = journal?.state === 'running';
  const outcome = journal?.state === 'done' ? journal.outcome : null;
  return {
    running,
    stopping: running && journal.stopRequested,
    rows: journal?.progress?.rows ?? (outcome?.ok ? outcome.run.rows : []),
    finished: outcome?.ok ? outcome.run : null,
    reason: refusal ?? (outcome && !outcome.ok ? outcome.reason : null),
    resumed: journal?.resumed === true,
  };
}

/** How a run cut short by the background stopping ends, once the next start has put back what it changed. */
export function interruptedOutcome(journal: MatrixJournal, restoreErrors: string[]): MatrixOutcome {
  const { progress, subject } = journal;
  if (!progress) {
    return { ok: false, reason: 'The run was interrupted before it changed anything: the extension’s background stopped. Run it again.' };
  }
  const row = Math.min(progress.rows.length + 1, 4);
  return {
    ok: true,
    run: {
      ...subject,
      startedAt: journal.startedAt,
      rows: progress.rows,
      original: progress.original,
      restoreErrors,
      failure: `the run was interrupted during row ${row}: the extension’s background stopped, and went back over what the run had changed when it started again`,
    },
  };
}

/** The background's answer to a request to start a run. */
export type MatrixStart = { ok: true } | { ok: false; reason: string };
