import { describe, expect, it, vi } from 'vitest';
import {
  MATRIX_COMBINATIONS,
  matrixSummary,
  matrixTally,
  matrixToJson,
  type ExportContext,
  matrixToMarkdown,
  restoreOriginal,
  runAvailabilityMatrix,
  type MatrixProgress,
  type MatrixRow,
  type MatrixOutcome,
  type MatrixRun,
  type MatrixSteps,
  type MatrixSubject,
} from '../availabilityMatrix';
import type { ProviderObservation } from '../../providers/providerDetection';

const APP = 'Acme Dialer';
const SUBJECT: MatrixSubject = { appName: APP, appId: 123456, isTestApp: true, tabUrl: 'https://app.hubspot.com/help-desk/42/' };
const STARTED = new Date('2026-03-04T05:06:07.000Z');

interface PageState {
  isReady: boolean | null;
  flag: string | null;
}

interface FakeOptions {
  /** Throws instead of doing the nth (1-based) occurrence of a call, e.g. `('setIsReady(true)', 1)`. */
  throwOn?: (call: string, occurrence: number) => boolean;
  /** What the reloaded page shows; by default PRODUCT.md's rules, written out here independently of the source. */
  show?: (loaded: PageState, reloads: number) => ProviderObservation | null;
}

function observation(state: ProviderObservation['state'], overrides: Partial<ProviderObservation> = {}): ProviderObservation {
  return {
    profileId: 'profile-1',
    name: APP,
    state,
    matchedBy: 'name',
    matches: 1,
    signals: state === 'greyed-out' ? ['disabled'] : [],
    ...overrides,
  };
}

const byTheRules = ({ isReady, flag }: PageState) => observation(flag === 'true' || isReady === true ? 'selectable' : 'greyed-out');

/** A webhook and a HubSpot tab that behave as PRODUCT.md says, recording every call in order. */
function fakePage(initial: PageState, { throwOn = () => false, show = byTheRules }: FakeOptions = {}) {
  const state = { ...initial };
  const calls: string[] = [];
  /** Writes that set a value already in place: the matrix should skip them. */
  const redundant: string[] = [];
  const counts = new Map<string, number>();
  /** Indexes in `calls` of the calls that threw. */
  const thrown: number[] = [];
  let reloads = 0;

  const record = (call: string) => {
    calls.push(call);
    const occurrence = (counts.get(call) ?? 0) + 1;
    counts.set(call, occurrence);
    if (!throwOn(call, occurrence)) return;
    thrown.push(calls.length - 1);
    throw new Error(`${call} failed`);
  };

  const steps: MatrixSteps = {
    async readIsReady() {
      record('readIsReady');
      return state.isReady;
    },
    async setIsReady(isReady) {
      record(`setIsReady(${isReady})`);
      if (state.isReady === isReady) redundant.push(`setIsReady(${isReady})`);
      state.isReady = isReady;
    },
    async readFlag() {
      record('readFlag');
      return state.flag;
    },
    async writeFlag(value) {
      record(`writeFlag(${JSON.stringify(value)})`);
      if (state.flag === value) redundant.push(`writeFlag(${JSON.stringify(value)})`);
      state.flag = value;
    },
    async reloadAndObserve() {
      record('reloadAndObserve');
      reloads += 1;
      return show({ ...state }, reloads);
    },
  };
  return { steps, state, calls, redundant, thrown };
}

function runOf(outcome: MatrixOutcome): MatrixRun {
  if (!outcome.ok) throw new Error(`refused: ${outcome.reason}`);
  return outcome.run;
}

describe('runAvailabilityMatrix refusals', () => {
  it('refuses a profile not marked as a test app without calling any step, and says why', async () => {
    const steps: MatrixSteps = {
      readIsReady: vi.fn(async () => false),
      setIsReady: vi.fn(async () => undefined),
      readFlag: vi.fn(async () => null),
      writeFlag: vi.fn(async () => undefined),
      reloadAndObserve: vi.fn(async () => null),
    };
    const journal = vi.fn(async () => undefined);
    const outcome = await runAvailabilityMatrix({ ...SUBJECT, isTestApp: false }, steps, { journal });

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.reason).toContain(APP);
    expect(outcome.reason).toMatch(/not marked as a test app/);
    expect(outcome.reason).toMatch(/isReady=true/);
    expect(outcome.reason).toMatch(/every one of its users/);
    for (const step of Object.values(steps)) expect(step).not.toHaveBeenCalled();
    expect(journal).not.toHaveBeenCalled();
  });

  it('refuses when no webhook is registered, and changes nothing', async () => {
    const page = fakePage({ isReady: null, flag: 'TRUE' });
    const journal = vi.fn(async () => undefined);
    const outcome = await runAvailabilityMatrix(SUBJECT, page.steps, { journal });

    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/no channel-connection webhook registered: register one first/) });
    expect(!outcome.ok && outcome.reason).toContain(APP);
    expect(page.calls.filter((call) => !call.startsWith('read'))).toEqual([]);
    expect(page.state).toEqual({ isReady: null, flag: 'TRUE' });
    expect(journal).not.toHaveBeenCalled();
  });

  it.each(['readIsReady', 'readFlag'])('refuses when %s fails, and changes nothing', async (failing) => {
    const page = fakePage({ isReady: false, flag: null }, { throwOn: (call) => call === failing });
    const outcome = await runAvailabilityMatrix(SUBJECT, page.steps);

    expect(outcome).toEqual({ ok: false, reason: `Could not read the starting state: ${failing} failed` });
    expect(page.calls.filter((call) => !call.startsWith('read'))).toEqual([]);
  });
});

describe('runAvailabilityMatrix', () => {
  it('runs the four combinations in order from isReady=false and no flag, then restores', async () => {
    const page = fakePage({ isReady: false, flag: null });
    const journals: MatrixProgress[] = [];
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps, { journal: async (progress) => void journals.push(progress), now: () => STARTED }));

    expect(page.calls).toEqual([
      'readIsReady',
      'readFlag',
      // isReady=false, flag off: already so
      'reloadAndObserve',
      // isReady=false, flag on
      'writeFlag("true")',
      'reloadAndObserve',
      // isReady=true, flag off
      'setIsReady(true)',
      'writeFlag(null)',
      'reloadAndObserve',
      // isReady=true, flag on
      'writeFlag("true")',
      'reloadAndObserve',
      // restore
      'setIsReady(false)',
      'writeFlag(null)',
      'reloadAndObserve',
    ]);
    expect(page.redundant).toEqual([]);
    expect(page.state).toEqual({ isReady: false, flag: null });

    expect(run).toMatchObject({
      appName: APP,
      appId: 123456,
      tabUrl: SUBJECT.tabUrl,
      startedAt: '2026-03-04T05:06:07.000Z',
      original: { isReady: false, flag: null },
      restoreErrors: [],
      failure: null,
    });
    expect(run.rows.map(({ isReady, flag, expected, observed, verdict }) => ({ isReady, flag, expected, observed, verdict }))).toEqual([
      { isReady: false, flag: false, expected: 'greyed-out', observed: 'greyed-out', verdict: 'match' },
      { isReady: false, flag: true, expected: 'selectable', observed: 'selectable', verdict: 'match' },
      { isReady: true, flag: false, expected: 'selectable', observed: 'selectable', verdict: 'match' },
      { isReady: true, flag: true, expected: 'selectable', observed: 'selectable', verdict: 'match' },
    ]);
    expect(run.rows[0]?.signals).toEqual(['disabled']);
    for (const row of run.rows) expect(row.message).toContain(APP);
    expect(journals.at(-1)?.rows).toEqual(run.rows);
  });

  it('goes through the combinations in MATRIX_COMBINATIONS order', () => {
    expect(MATRIX_COMBINATIONS).toEqual([
      { isReady: false, flag: false },
      { isReady: false, flag: true },
      { isReady: true, flag: false },
      { isReady: true, flag: true },
    ]);
  });

  it.each<[PageState, string[]]>([
    [{ isReady: true, flag: 'true' }, []],
    [{ isReady: true, flag: null }, ['writeFlag(null)']],
    [{ isReady: false, flag: 'true' }, ['setIsReady(false)']],
    [{ isReady: false, flag: 'TRUE' }, ['setIsReady(false)', 'writeFlag("TRUE")']],
    [{ isReady: true, flag: 'TRUE' }, ['writeFlag("TRUE")']],
    [{ isReady: true, flag: '1' }, ['writeFlag("1")']],
  ])('from %j, sets only what differs and restores it exactly with %j', async (initial, restoreCalls) => {
    const page = fakePage(initial);
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));

    expect(page.redundant).toEqual([]);
    expect(run.rows.map((row) => row.verdict)).toEqual(['match', 'match', 'match', 'match']);
    expect(run.original).toEqual(initial);
    expect(page.state).toEqual(initial);
    expect(run.restoreErrors).toEqual([]);
    const afterLastCombination = page.calls.lastIndexOf('reloadAndObserve', page.calls.length - 2);
    expect(page.calls.slice(afterLastCombination + 1)).toEqual([...restoreCalls, 'reloadAndObserve']);
  });

  it('leaves a malformed flag out of the combinations: the first one removes it', async () => {
    const page = fakePage({ isReady: false, flag: 'TRUE' });
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));
    expect(page.calls.slice(2, 4)).toEqual(['writeFlag(null)', 'reloadAndObserve']);
    expect(run.rows[0]).toMatchObject({ expected: 'greyed-out', observed: 'greyed-out', verdict: 'match' });
  });

  it('records what the page shows when it contradicts the rules', async () => {
    const page = fakePage({ isReady: false, flag: null }, { show: () => observation('greyed-out', { signals: ['aria-disabled'] }) });
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));

    expect(run.rows.map(({ expected, observed, verdict }) => [expected, observed, verdict])).toEqual([
      ['greyed-out', 'greyed-out', 'match'],
      ['selectable', 'greyed-out', 'mismatch'],
      ['selectable', 'greyed-out', 'mismatch'],
      ['selectable', 'greyed-out', 'mismatch'],
    ]);
    expect(run.rows[1]?.message).toMatch(/greyed out on the page, but the rules predict selectable/);
    expect(run.rows[1]?.signals).toEqual(['aria-disabled']);
  });

  it('records an unknown observation as inconclusive', async () => {
    const page = fakePage({ isReady: false, flag: null }, { show: () => observation('unknown', { signals: ['2 matches disagree'] }) });
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));
    expect(run.rows.map((row) => [row.observed, row.verdict])).toEqual(Array(4).fill(['unknown', 'inconclusive']));
    expect(run.rows[0]?.signals).toEqual(['2 matches disagree']);
  });

  it.each<[string, ProviderObservation | null]>([
    ["matchedBy 'none'", observation('unknown', { matchedBy: 'none', matches: 0, signals: ['invalid selector'] })],
    ["matchedBy 'none' with a stale state", observation('selectable', { matchedBy: 'none', matches: 0 })],
    ['no observation at all', null],
  ])('%s gives observed null and a "not found" message', async (_label, shown) => {
    const page = fakePage({ isReady: false, flag: null }, { show: () => shown });
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));
    for (const row of run.rows) {
      expect(row.observed).toBeNull();
      expect(row.verdict).toBe('inconclusive');
      expect(row.message).toBe(`${APP} was not found on the page.`);
    }
    expect(run.rows).toHaveLength(4);
    expect(page.state).toEqual({ isReady: false, flag: null });
  });
});

describe('runAvailabilityMatrix when a step fails', () => {
  it.each<[string, PageState, string, number, number, string, string[]]>([
    // label, start, failing call, occurrence, rows before the failure, failure step, restore calls.
    // A failed change may still have been applied (a timeout after HubSpot's write), so its value is always restored.
    ['setIsReady', { isReady: false, flag: null }, 'setIsReady(true)', 1, 2, 'isReady=true, flag off', ['setIsReady(false)', 'writeFlag(null)']],
    ['writeFlag', { isReady: false, flag: null }, 'writeFlag("true")', 1, 1, 'isReady=false, flag on', ['writeFlag(null)']],
    ['writeFlag after setIsReady', { isReady: false, flag: null }, 'writeFlag(null)', 1, 2, 'isReady=true, flag off', ['setIsReady(false)', 'writeFlag(null)']],
    ['reloadAndObserve', { isReady: false, flag: null }, 'reloadAndObserve', 3, 2, 'isReady=true, flag off', ['setIsReady(false)']],
    ['reloadAndObserve, last combination', { isReady: false, flag: 'TRUE' }, 'reloadAndObserve', 4, 3, 'isReady=true, flag on', ['setIsReady(false)', 'writeFlag("TRUE")']],
    ['reloadAndObserve after removing a malformed flag', { isReady: true, flag: 'TRUE' }, 'reloadAndObserve', 1, 0, 'isReady=false, flag off', ['setIsReady(true)', 'writeFlag("TRUE")']],
    ['setIsReady from isReady=true', { isReady: true, flag: 'TRUE' }, 'setIsReady(false)', 1, 0, 'isReady=false, flag off', ['setIsReady(true)']],
  ])('%s: records an error row, stops, restores both and says where it stopped', async (_label, initial, failing, occurrence, okRows, step, restoreCalls) => {
    const page = fakePage(initial, { throwOn: (call, count) => call === failing && count === occurrence });
    const journals: MatrixProgress[] = [];
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps, { journal: async (progress) => void journals.push(progress) }));

    expect(run.rows).toHaveLength(okRows + 1);
    const errorRow = run.rows[okRows];
    expect(errorRow).toEqual({
      ...MATRIX_COMBINATIONS[okRows],
      expected: expect.any(String),
      observed: null,
      signals: [],
      verdict: 'error',
      message: `${failing} failed`,
    });
    expect(run.rows.slice(0, okRows).every((row) => row.verdict === 'match')).toBe(true);
    // The journal holds the error row too: a page watching the run sees where it stopped.
    expect(journals.at(-1)?.rows).toEqual(run.rows);
    expect(run.failure).toBe(`${step}: ${failing} failed`);

    // Nothing of the next combinations ran: right after the failing call comes the restore.
    expect(page.thrown).toHaveLength(1);
    expect(page.calls[page.thrown[0] ?? -1]).toBe(failing);
    expect(page.calls.slice((page.thrown[0] ?? 0) + 1)).toEqual([...restoreCalls, 'reloadAndObserve']);
    expect(page.state).toEqual(initial);
    expect(run.restoreErrors).toEqual([]);
  });

  // A PATCH that times out may still have been applied by HubSpot, and a flag write whose reply was lost may
  // have happened. isReady=true left behind releases the app to every user, so the restore should not assume the
  // failed step changed nothing.
  it('restores isReady even when the failing setIsReady was applied before it threw (e.g. a timeout)', async () => {
    const page = fakePage({ isReady: false, flag: null });
    const setIsReady = page.steps.setIsReady;
    page.steps.setIsReady = async (isReady) => {
      await setIsReady(isReady);
      if (isReady) throw new Error('timed out after 10 s');
    };
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));

    expect(run.failure).toMatch(/timed out/);
    expect(page.state.isReady).toBe(false);
  });

  it('reports a restore that fails, still restores the rest and still reloads', async () => {
    const page = fakePage({ isReady: false, flag: 'TRUE' }, { throwOn: (call, count) => call === 'setIsReady(false)' && count === 1 });
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));

    expect(run.rows).toHaveLength(4);
    expect(run.failure).toBeNull();
    expect(run.restoreErrors).toEqual(['isReady could not be set back to false: setIsReady(false) failed']);
    expect(page.state).toEqual({ isReady: true, flag: 'TRUE' });
    expect(page.calls.slice(-3)).toEqual(['setIsReady(false)', 'writeFlag("TRUE")', 'reloadAndObserve']);
  });

  it('reports a flag that could not be put back, quoting its original value', async () => {
    const page = fakePage({ isReady: true, flag: 'TRUE' }, { throwOn: (call) => call === 'writeFlag("TRUE")' });
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));
    expect(run.restoreErrors).toEqual(['The flag could not be set back to "TRUE": writeFlag("TRUE") failed']);
    expect(page.state).toEqual({ isReady: true, flag: 'true' });
  });

  it('reports both restores failing after a step failed, and a failing last reload is not an error', async () => {
    const page = fakePage(
      { isReady: false, flag: null },
      {
        throwOn: (call, count) =>
          (call === 'reloadAndObserve' && count >= 4) || call === 'setIsReady(false)' || (call === 'writeFlag(null)' && count === 2),
      },
    );
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));

    expect(run.rows.map((row) => row.verdict)).toEqual(['match', 'match', 'match', 'error']);
    expect(run.failure).toBe('isReady=true, flag on: reloadAndObserve failed');
    expect(run.restoreErrors).toEqual([
      'isReady could not be set back to false: setIsReady(false) failed',
      'The flag could not be set back to null: writeFlag(null) failed',
    ]);
    expect(page.calls.at(-1)).toBe('reloadAndObserve');
  });
});

const CONTEXT: ExportContext = { extensionVersion: '1.4.0', browser: 'Chrome 131', exportedAt: '2026-03-04T06:00:00.000Z' };

function sampleRun(overrides: Partial<MatrixRun> = {}): MatrixRun {
  return {
    appName: APP,
    appId: 123456,
    tabUrl: SUBJECT.tabUrl,
    startedAt: STARTED.toISOString(),
    rows: [
      { isReady: false, flag: false, expected: 'greyed-out', observed: 'greyed-out', signals: ['disabled'], verdict: 'match', message: 'as predicted' },
      { isReady: false, flag: true, expected: 'selectable', observed: null, signals: [], verdict: 'inconclusive', message: `${APP} was not found on the page.` },
      {
        isReady: true,
        flag: false,
        expected: 'selectable',
        observed: 'greyed-out',
        signals: ['class a|b'],
        verdict: 'mismatch',
        message: 'greyed out | line one\nline two',
      },
    ],
    original: { isReady: false, flag: 'TRUE' },
    restoreErrors: [],
    failure: null,
    ...overrides,
  };
}

describe('matrixTally', () => {
  const row = (verdict: MatrixRow['verdict']): MatrixRow => ({ isReady: false, flag: false, expected: 'greyed-out', observed: null, signals: [], verdict, message: '' });

  it.each([
    [['match', 'match', 'match', 'match'], '4 of 4 as expected'],
    [['match', 'match', 'match', 'mismatch'], '3 of 4 as expected, 1 mismatch'],
    [['mismatch', 'mismatch', 'inconclusive', 'match'], '1 of 4 as expected, 2 mismatches, 1 inconclusive'],
    [['match', 'error'], '1 of 4 as expected, 1 error, 2 not run'],
    [[], '0 of 4 as expected, 4 not run'],
  ] as const)('%j: %s', (verdicts, words) => {
    expect(matrixTally({ rows: verdicts.map(row) })).toBe(words);
  });

  it('heads the Markdown export', () => {
    expect(matrixToMarkdown(sampleRun(), CONTEXT).split('\n')).toContain('**1 of 4 as expected, 1 mismatch, 1 inconclusive, 1 not run**');
  });
});

describe('matrixToMarkdown', () => {
  it('has a title, the run details, a header and one line per row', () => {
    const lines = matrixToMarkdown(sampleRun(), CONTEXT).split('\n');
    expect(lines[0]).toBe(`# Availability matrix: ${APP} (app 123456)`);
    expect(lines).toContain(`Tab: ${SUBJECT.tabUrl}  `);
    expect(lines).toContain('Run: 2026-03-04T05:06:07.000Z, exported 2026-03-04T06:00:00.000Z  ');
    expect(lines).toContain('Channel Connection Tester 1.4.0 in Chrome 131  ');
    expect(lines).toContain(`HubSpot: https://app.hubspot.com, portal 42  `);
    expect(lines).toContain('Original state: isReady=false, flag "TRUE"');
    const table = lines.filter((line) => line.startsWith('|'));
    expect(table).toEqual([
      '| isReady | flag | expected | observed | verdict | details |',
      '|---|---|---|---|---|---|',
      '| false | off | greyed-out | greyed-out | match | as predicted; disabled |',
      `| false | on | selectable | not found | inconclusive | ${APP} was not found on the page. |`,
      '| true | off | selectable | greyed-out | mismatch | greyed out \\| line one line two; class a\\|b |',
    ]);
  });

  it('keeps every table line at six cells, whatever the details hold', () => {
    const table = matrixToMarkdown(sampleRun(), CONTEXT)
      .split('\n')
      .filter((line) => line.startsWith('|'));
    for (const line of table) expect(line.split(/(?<!\\)\|/).length - 2).toBe(6);
  });

  it('says the state was restored, and says nothing of a stop when none happened', () => {
    const markdown = matrixToMarkdown(sampleRun(), CONTEXT);
    expect(markdown).toContain('Restored: isReady and the flag are back as they were.');
    expect(markdown).not.toMatch(/Not restored|Stopped/);
  });

  it('says what was not restored and where the run stopped', () => {
    const markdown = matrixToMarkdown(
      sampleRun({ failure: 'isReady=true, flag off: HTTP 500', restoreErrors: ['isReady could not be set back to false: x.', 'The flag could not be set back to "TRUE": y.'] }),
      CONTEXT,
    );
    expect(markdown).toContain('Stopped: isReady=true, flag off: HTTP 500');
    expect(markdown).toContain('Not restored: isReady could not be set back to false: x. The flag could not be set back to "TRUE": y.');
    expect(markdown).not.toContain('Restored: isReady and the flag are back');
  });

  it('writes a null original flag as null', () => {
    expect(matrixToMarkdown(sampleRun({ original: { isReady: true, flag: null } }), CONTEXT)).toContain('Original state: isReady=true, flag null');
  });

  it('renders a whole run from runAvailabilityMatrix', async () => {
    const page = fakePage({ isReady: false, flag: null });
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));
    const rowLines = matrixToMarkdown(run, CONTEXT)
      .split('\n')
      .filter((line) => /^\| (true|false) \|/.test(line));
    expect(rowLines).toHaveLength(4);
    expect(rowLines[3]).toMatch(/^\| true \| on \| selectable \| selectable \| match \| /);
  });
});

describe('matrixSummary', () => {
  it.each<[string, Partial<MatrixRun>, string]>([
    ['everything went back', {}, 'Restored: isReady=false and the flag "TRUE", as they were.'],
    ['an unset flag went back', { original: { isReady: true, flag: null } }, 'Restored: isReady=true and the flag not set, as they were.'],
    [
      'a stop whose reason ends a sentence, and a flag not restored',
      { failure: 'isReady=false, flag off: The tab was closed.', restoreErrors: ['The flag could not be set back to "TRUE": The tab was closed.'] },
      'Stopped: isReady=false, flag off: The tab was closed. Not restored: The flag could not be set back to "TRUE": The tab was closed.',
    ],
    [
      'reasons without a full stop',
      { failure: 'isReady=true, flag off: HTTP 500', restoreErrors: ['isReady could not be set back to false: x', 'y!'] },
      'Stopped: isReady=true, flag off: HTTP 500. Not restored: isReady could not be set back to false: x. y!',
    ],
  ])('%s', (_label, overrides, summary) => {
    expect(matrixSummary(sampleRun(overrides))).toBe(summary);
  });
});

describe('matrixToJson', () => {
  it('parses back to the run with its format and version', () => {
    const run = sampleRun({ failure: 'stopped', restoreErrors: ['e'] });
    const json = matrixToJson(run, CONTEXT);
    expect(json.endsWith('\n')).toBe(true);
    expect(JSON.parse(json)).toEqual({
      format: 'channel-connection-tester/availability-matrix',
      version: 1,
      extensionVersion: '1.4.0',
      browser: 'Chrome 131',
      exportedAt: '2026-03-04T06:00:00.000Z',
      hubspotOrigin: 'https://app.hubspot.com',
      portalId: '42',
      ...run,
    });
  });

  it('keeps observed null and a malformed original flag', () => {
    const parsed = JSON.parse(matrixToJson(sampleRun(), CONTEXT)) as MatrixRun;
    expect(parsed.rows[1]?.observed).toBeNull();
    expect(parsed.original.flag).toBe('TRUE');
    expect(parsed.rows).toHaveLength(3);
  });

  it('exports exactly the row fields, from a real run', async () => {
    const page = fakePage({ isReady: false, flag: null }, { show: () => observation('greyed-out') });
    const run = runOf(await runAvailabilityMatrix(SUBJECT, page.steps));
    const parsed = JSON.parse(matrixToJson(run, CONTEXT)) as { rows: Array<Record<string, unknown>> };
    for (const row of parsed.rows) expect(Object.keys(row).sort()).toEqual(['expected', 'flag', 'isReady', 'message', 'observed', 'signals', 'verdict']);
  });
});

describe('the journal a run keeps, and restoreOriginal', () => {
  const initials: PageState[] = [
    { isReady: false, flag: null },
    { isReady: true, flag: 'TRUE' },
    { isReady: false, flag: 'true' },
  ];

  // The process running the matrix can die between any two steps, or in the middle of one (the service worker is
  // stopped): the step then never returns, and only the journal is left for the next start to restore from.
  it.each(initials)('from %j, whichever step the run dies in, the last journal restores the starting state', async (initial) => {
    const total = fakePage(initial);
    await runAvailabilityMatrix(SUBJECT, total.steps);
    const stepsBeforeRestore = total.calls.length - 1 - total.calls.slice(0, -1).reverse().findIndex((call) => call === 'reloadAndObserve');

    for (let dieAt = 2; dieAt < stepsBeforeRestore; dieAt++) {
      const page = fakePage(initial);
      let calls = 0;
      const dying = Object.fromEntries(
        Object.entries(page.steps).map(([name, step]) => [
          name,
          async (...args: unknown[]) => {
            calls += 1;
            // Dies in the middle of the step: the change may be applied, and the run never hears back.
            if (calls > dieAt) {
              await (step as (...a: unknown[]) => Promise<unknown>)(...args);
              return new Promise(() => undefined);
            }
            return (step as (...a: unknown[]) => Promise<unknown>)(...args);
          },
        ]),
      ) as unknown as MatrixSteps;
      let journal: MatrixProgress | null = null;
      void runAvailabilityMatrix(SUBJECT, dying, { journal: async (progress) => void (journal = progress) });
      await vi.waitFor(() => expect(calls).toBeGreaterThan(dieAt));

      expect(journal, `died at step ${dieAt}`).not.toBeNull();
      const errors = await restoreOriginal(journal as unknown as MatrixProgress, page.steps);
      expect(errors).toEqual([]);
      expect(page.state, `died at step ${dieAt}: ${page.calls.join(', ')}`).toEqual(initial);
    }
  });

  it('journals every finished row, and the original before anything changes', async () => {
    const page = fakePage({ isReady: false, flag: null });
    const journals: MatrixProgress[] = [];
    await runAvailabilityMatrix(SUBJECT, page.steps, { journal: async (progress) => void journals.push(progress) });

    expect(journals[0]).toEqual({ original: { isReady: false, flag: null }, isReadyNow: false, flagNow: { known: true, value: null }, rows: [] });
    expect(journals.map((journal) => journal.rows.length)).toEqual([...journals.map((journal) => journal.rows.length)].sort());
    expect(journals.at(-1)?.rows).toHaveLength(4);
  });

  it('stops before the next row when asked, then restores as always', async () => {
    const page = fakePage({ isReady: false, flag: null });
    let rows = 0;
    const run = runOf(
      await runAvailabilityMatrix(SUBJECT, page.steps, {
        journal: async (progress) => void (rows = progress.rows.length),
        stopRequested: async () => rows >= 2,
      }),
    );

    expect(run.rows).toHaveLength(2);
    expect(run.failure).toBe('you stopped it before isReady=true, flag off');
    expect(page.state).toEqual({ isReady: false, flag: null });
    expect(page.calls.slice(-2)).toEqual(['writeFlag(null)', 'reloadAndObserve']);
  });

  it('restores nothing it did not change, and still reloads', async () => {
    const page = fakePage({ isReady: true, flag: null });
    const errors = await restoreOriginal(
      { original: { isReady: true, flag: null }, isReadyNow: true, flagNow: { known: true, value: null }, rows: [] },
      page.steps,
    );
    expect(errors).toEqual([]);
    expect(page.calls).toEqual(['reloadAndObserve']);
  });

  it('says what it could not put back, and goes on with the rest', async () => {
    const page = fakePage({ isReady: true, flag: 'true' }, { throwOn: (call) => call === 'setIsReady(false)' });
    const errors = await restoreOriginal(
      { original: { isReady: false, flag: null }, isReadyNow: null, flagNow: { known: false }, rows: [] },
      page.steps,
    );
    expect(errors).toEqual(['isReady could not be set back to false: setIsReady(false) failed']);
    expect(page.state).toEqual({ isReady: true, flag: null });
  });
});
