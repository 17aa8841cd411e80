import { describe, expect, it } from 'vitest';
import { mergeFrameReports } from '../frameObservations';
import type { ProviderObservation } from '../providerDetection';

const seen = (profileId: string, state: ProviderObservation['state'], signals: string[] = []): ProviderObservation => ({
  profileId,
  name: `App ${profileId}`,
  state,
  matchedBy: 'name',
  matches: 1,
  signals,
});
const notSeen = (profileId: string): ProviderObservation => ({ ...seen(profileId, 'unknown'), matchedBy: 'none', matches: 0 });

describe('mergeFrameReports', () => {
  it('keeps the page’s observations while no frame shows the app', () => {
    expect(mergeFrameReports([{ where: null, providers: [seen('a', 'selectable'), notSeen('b')] }, { where: '/f', providers: [notSeen('a'), notSeen('b')] }])).toEqual([
      seen('a', 'selectable'),
      notSeen('b'),
    ]);
  });

  it('takes the frame that shows the app, saying which frame', () => {
    expect(mergeFrameReports([{ where: null, providers: [notSeen('a')] }, { where: '/picker', providers: [seen('a', 'greyed-out', ['disabled'])] }])).toEqual([
      seen('a', 'greyed-out', ['in the frame /picker', 'disabled']),
    ]);
  });

  it('agreeing frames give their verdict; disagreeing ones give unknown, naming each', () => {
    const agree = mergeFrameReports([{ where: null, providers: [seen('a', 'selectable')] }, { where: '/f', providers: [seen('a', 'selectable')] }]);
    expect(agree).toEqual([seen('a', 'selectable')]);
    expect(mergeFrameReports([{ where: null, providers: [seen('a', 'selectable')] }, { where: '/f', providers: [seen('a', 'greyed-out')] }])).toEqual([
      { ...seen('a', 'unknown'), matches: 2, signals: ['2 frames disagree', 'the page: selectable', '/f: greyed-out'] },
    ]);
  });

  it('a frame that reported nothing (gone) counts for nothing', () => {
    expect(mergeFrameReports([{ where: null, providers: [notSeen('a')] }, { where: '/gone', providers: [] }])).toEqual([notSeen('a')]);
    expect(mergeFrameReports([])).toEqual([]);
  });
});
