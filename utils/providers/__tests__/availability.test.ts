import { describe, expect, it } from 'vitest';
import {
  compareAvailability,
  isReadyOf,
  OUTSIDE_CAUSES,
  predictAvailability,
  type ExpectedState,
  type KnownIsReady,
  type Prediction,
  assessTab,
  unobservedInWords,
} from '../availability';
import type { IsReadyStatus } from '../../hubspotApi/isReadyStatus';

const APP = 'Acme Dialer';

describe('predictAvailability', () => {
  // PRODUCT.md: flag 'true' wins; otherwise isReady true is selectable, false or no webhook is greyed out, and an
  // isReady not known yet cannot be predicted. Any flag value other than exactly 'true' is read as off.
  it.each<[string | null, KnownIsReady, ExpectedState, RegExp]>([
    ['true', true, 'selectable', /test mode is on/],
    ['true', false, 'selectable', /test mode is on/],
    ['true', null, 'selectable', /test mode is on/],
    ['true', undefined, 'selectable', /test mode is on/],
    [null, true, 'selectable', /isReady is true/],
    [null, false, 'greyed-out', /isReady is false/],
    [null, null, 'greyed-out', /no webhook is registered/],
    [null, undefined, 'unknown', /not known/],
    [null, 'failed', 'unknown', /isReady request failed/],
    ['true', 'failed', 'selectable', /test mode is on/],
    ['TRUE', true, 'selectable', /isReady is true/],
    ['TRUE', false, 'greyed-out', /isReady is false/],
    ['TRUE', null, 'greyed-out', /no webhook is registered/],
    ['TRUE', undefined, 'unknown', /not known/],
    ['1', true, 'selectable', /isReady is true/],
    ['1', false, 'greyed-out', /isReady is false/],
    ['1', null, 'greyed-out', /no webhook is registered/],
    ['1', undefined, 'unknown', /not known/],
  ])('flag %j, isReady %j → %s', (flag, isReady, state, reason) => {
    const prediction = predictAvailability(flag, isReady);
    expect(prediction.state).toBe(state);
    expect(prediction.reason).toMatch(reason);
  });

  it.each<[string | null, KnownIsReady]>([
    [null, false],
    [null, null],
    [null, undefined],
    [null, 'failed'],
    ['TRUE', false],
  ])('says test mode is off when flag %j does not decide (isReady %j)', (flag, isReady) => {
    expect(predictAvailability(flag, isReady).reason).toMatch(/test mode is off/);
  });
});

describe('isReadyOf', () => {
  const settings = (isReady: boolean) => ({
    url: 'https://example.com/webhook',
    isReady,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-02T00:00:00Z',
  });
  const base = { profileId: 'profile-1', fetchedAt: 1 };

  it.each<[string, IsReadyStatus | null | undefined, KnownIsReady]>([
    ['registered, isReady true', { ...base, state: 'registered', settings: settings(true) }, true],
    ['registered, isReady false', { ...base, state: 'registered', settings: settings(false) }, false],
    ['not registered', { ...base, state: 'not-registered' }, null],
    ['an error', { ...base, state: 'error', message: 'HTTP 401' }, 'failed'],
    ['no status (null)', null, undefined],
    ['no status (undefined)', undefined, undefined],
  ])('%s → %j', (_label, status, expected) => {
    expect(isReadyOf(status)).toBe(expected);
  });
});

it('words no reason with parentheses of its own, since verdicts put the reason in parentheses', () => {
  for (const flag of [null, 'true']) {
    for (const isReady of [true, false, null, 'failed', undefined] as const) {
      expect(predictAvailability(flag, isReady).reason).not.toMatch(/[()]/);
    }
  }
});

describe('compareAvailability', () => {
  const selectable = predictAvailability(null, true);
  const greyedOut = predictAvailability(null, false);
  const unknown = predictAvailability(null, undefined);

  it.each<[Prediction, 'selectable' | 'greyed-out']>([
    [selectable, 'selectable'],
    [greyedOut, 'greyed-out'],
  ])('matches when the page shows what the rules predict (%j, observed %s)', (expected, observed) => {
    const verdict = compareAvailability(APP, expected, observed);
    expect(verdict.kind).toBe('match');
    expect(verdict.message).toContain(APP);
    expect(verdict.message).toContain(observed);
    expect(verdict.message).toContain(expected.reason);
    expect(verdict).not.toHaveProperty('outsideCauses');
  });

  it('greyed out on the page but selectable by the rules: a mismatch naming both, with the outside causes', () => {
    const verdict = compareAvailability(APP, selectable, 'greyed-out');
    expect(verdict.kind).toBe('mismatch');
    if (verdict.kind !== 'mismatch') throw new Error('not a mismatch');
    expect(verdict.message).toContain(APP);
    expect(verdict.message).toMatch(/greyed out on the page/);
    expect(verdict.message).toMatch(/predict selectable/);
    expect(verdict.message).toContain(selectable.reason);
    expect(verdict.outsideCauses).toEqual(OUTSIDE_CAUSES);
    expect(verdict.outsideCauses.some((cause) => /paid .*seat/.test(cause))).toBe(true);
    expect(verdict.outsideCauses.some((cause) => /permission/.test(cause))).toBe(true);
  });

  it.each([predictAvailability('true', false), predictAvailability('true', null)])(
    'flag on but greyed out is a mismatch with outside causes (%j)',
    (expected) => {
      const verdict = compareAvailability(APP, expected, 'greyed-out');
      expect(verdict.kind).toBe('mismatch');
      expect(verdict.kind === 'mismatch' && verdict.outsideCauses.length).toBeGreaterThan(0);
      expect(verdict.message).toContain('test mode is on');
    },
  );

  it('selectable on the page but greyed out by the rules: a mismatch without outside causes that says to reload', () => {
    const verdict = compareAvailability(APP, greyedOut, 'selectable');
    expect(verdict.kind).toBe('mismatch');
    if (verdict.kind !== 'mismatch') throw new Error('not a mismatch');
    expect(verdict.message).toContain(APP);
    expect(verdict.message).toMatch(/selectable on the page/);
    expect(verdict.message).toMatch(/predict greyed out/);
    expect(verdict.message).toContain(greyedOut.reason);
    expect(verdict.message).toMatch(/reload/);
    expect(verdict.outsideCauses).toEqual([]);
  });

  it.each<[string, Prediction, 'selectable' | 'greyed-out' | 'unknown' | null, RegExp]>([
    ['observed unknown, expected selectable', selectable, 'unknown', /does not show clearly/],
    ['observed unknown, expected greyed out', greyedOut, 'unknown', /does not show clearly/],
    ['observed null (not found), expected selectable', selectable, null, /does not show clearly/],
    ['observed null, expected unknown', unknown, null, /does not show clearly/],
    ['observed unknown, expected unknown', unknown, 'unknown', /does not show clearly/],
    ['expected unknown, observed selectable', unknown, 'selectable', /observed selectable, but the rules cannot tell yet/],
    ['expected unknown, observed greyed out', unknown, 'greyed-out', /observed greyed-out, but the rules cannot tell yet/],
  ])('inconclusive: %s', (_label, expected, observed, message) => {
    const verdict = compareAvailability(APP, expected, observed);
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.message).toMatch(message);
    expect(verdict.message.startsWith(`${APP}:`)).toBe(true);
  });

  it('gives the reason when the rules cannot tell', () => {
    expect(compareAvailability(APP, unknown, 'selectable').message).toContain(unknown.reason);
  });
});

describe('OUTSIDE_CAUSES', () => {
  it('names a paid seat and permissions', () => {
    expect(OUTSIDE_CAUSES.join('\n')).toMatch(/paid Sales Hub or Service Hub seat/);
    expect(OUTSIDE_CAUSES.join('\n')).toMatch(/permissions/);
  });
});

describe('assessTab', () => {
  const profile = { id: 'p', appDisplayName: 'Acme Dialer' };
  const provider = (state: 'selectable' | 'greyed-out' | 'unknown', matchedBy: 'name' | 'none' = 'name') => ({
    profileId: 'p',
    name: 'Acme Dialer',
    state,
    matchedBy,
    matches: matchedBy === 'none' ? 0 : 1,
    signals: [] as string[],
  });
  const record = (flagOnLoad: string | null, flag: string | null, providers: ReturnType<typeof provider>[] | null) => ({
    origin: 'https://app.hubspot.com',
    flag,
    flagOnLoad,
    otherSettings: [],
    loadedAt: 1,
    providers,
    observedAt: 1,
  });

  it('predicts from the flag the page loaded with, not the one stored since', () => {
    const assessment = assessTab(record(null, 'true', [provider('greyed-out')]), profile, false);
    expect(assessment).toMatchObject({ expected: { state: 'greyed-out' }, reloadPending: true, verdict: { kind: 'inconclusive' } });
    expect(assessment?.verdict?.message).toMatch(/reload the tab to compare/);
  });

  it('compares once the page has loaded with the current flag', () => {
    expect(assessTab(record('true', 'true', [provider('greyed-out')]), profile, false)).toMatchObject({
      reloadPending: false,
      verdict: { kind: 'mismatch' },
    });
  });

  it('has no verdict when the app is not on the page', () => {
    expect(assessTab(record(null, null, [provider('unknown', 'none')]), profile, null)).toMatchObject({ observed: null, verdict: null });
    expect(assessTab(record(null, null, null), profile, null)).toMatchObject({ observed: null, verdict: null });
  });

  it('says why the app is not observed: the page is not read yet, is judged again, shows no choice, or names it only outside choices', () => {
    const judged = (providers: ReturnType<typeof provider>[] | null, signals: string[] = []) => {
      const observation = record(null, null, providers && providers.map((each) => ({ ...each, signals })));
      return { observation, assessment: { ...assessTab(observation, profile, null)!, profileId: 'p' } };
    };
    expect(unobservedInWords(null, 'p')).toBe('waiting for the page');
    expect(unobservedInWords({ observation: record(null, null, []), assessment: null }, 'p')).toBe('checking the page…');
    expect(unobservedInWords(judged([provider('unknown', 'none')]), 'p')).toBe('not on this page; open the calling provider list');
    expect(unobservedInWords(judged([provider('unknown', 'none')], ['name only outside choices']), 'p')).toMatch(
      /^not on this page as a choice: its name shows only outside/,
    );
    expect(
      unobservedInWords(judged([provider('unknown', 'none')], ['cannot read a frame from https://vendor.example.test', 'cannot read the closed shadow root of <x-picker>']), 'p'),
    ).toBe(
      'unknown: not found in what the extension can read, and it cannot read a frame from https://vendor.example.test; it cannot read the closed shadow root of <x-picker>',
    );
  });
});
