import { describe, expect, it } from 'vitest';
import type { MatrixProgress, MatrixRow } from '../availabilityMatrix';
import { interruptedOutcome, matrixView, runningJournalFor } from '../matrixJournal';
import { testJournal } from '../../__tests__/testJournal';
import { testProfile } from '../../__tests__/testProfile';

const ROW: MatrixRow = { isReady: false, flag: false, expected: 'greyed-out', observed: 'greyed-out', signals: [], verdict: 'match', message: 'ok' };
const PROGRESS: MatrixProgress = { original: { isReady: false, flag: null }, isReadyNow: true, flagNow: { known: true, value: null }, rows: [ROW] };

describe('matrixView', () => {
  it('shows a run going with its rows so far, and a stop asked for', () => {
    expect(matrixView(testJournal({ progress: PROGRESS, stopRequested: true }), null)).toEqual({
      running: true,
      stopping: true,
      rows: [ROW],
      finished: null,
      reason: null,
      resumed: false,
    });
  });

  it('shows a finished run, and a refusal over a run that ended without a result', () => {
    const finished = interruptedOutcome(testJournal({ progress: PROGRESS }), []);
    const done = testJournal({ state: 'done', progress: PROGRESS, outcome: finished, resumed: true });
    expect(matrixView(done, null)).toMatchObject({ running: false, stopping: false, rows: [ROW], reason: null, resumed: true });
    expect(matrixView(done, null).finished?.failure).toMatch(/^the run was interrupted during row 2/);

    const refused = testJournal({ state: 'done', outcome: { ok: false, reason: 'not registered' } });
    expect(matrixView(refused, null)).toMatchObject({ finished: null, reason: 'not registered', rows: [] });
    expect(matrixView(refused, 'already running')).toMatchObject({ reason: 'already running' });
    expect(matrixView(null, null)).toEqual({ running: false, stopping: false, rows: [], finished: null, reason: null, resumed: false });
  });
});

describe('runningJournalFor', () => {
  it('finds the run of an app going now, and only that', () => {
    const profile = testProfile();
    const key = 'api.hubapi.com/123456';
    expect(runningJournalFor({ [key]: testJournal() }, profile)?.runId).toBe('run-1');
    expect(runningJournalFor({ [key]: testJournal({ state: 'done' }) }, profile)).toBeNull();
    expect(runningJournalFor({ [key]: testJournal() }, { ...profile, appId: 7 })).toBeNull();
  });
});
