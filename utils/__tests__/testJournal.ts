import type { MatrixJournal } from '../matrix/matrixJournal';
import { testProfile } from './testProfile';

/** A QA matrix run's journal for tests: a run of `testProfile()`'s app, going, that has changed nothing yet. */
export function testJournal(overrides: Partial<MatrixJournal> = {}): MatrixJournal {
  const profile = testProfile();
  return {
    runId: 'run-1',
    profileId: profile.id,
    subject: { appName: profile.appDisplayName, appId: profile.appId, tabUrl: 'https://app.hubspot.com/help-desk/1/channels/calling' },
    tab: { id: 999, origin: 'https://app.hubspot.com' },
    startedAt: '2026-11-25T10:11:12.000Z',
    state: 'running',
    stopRequested: false,
    progress: null,
    outcome: null,
    resumed: false,
    ...overrides,
  };
}
