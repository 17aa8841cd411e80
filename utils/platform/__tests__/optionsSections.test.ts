import { describe, expect, it } from 'vitest';
import { OPTIONS_SECTIONS, sectionHash, sectionOf } from '../optionsSections';

describe('the options sections', () => {
  it('have one fragment each, which names them back', () => {
    const ids = OPTIONS_SECTIONS.map(({ id }) => id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(sectionOf(sectionHash(id))).toBe(id);
  });

  it.each([
    ['#webhook-tester', 'webhook-tester'],
    ['webhook-tester', 'webhook-tester'],
    ['', null],
    ['#', null],
    ['#nowhere', null],
    ['#Profiles', null],
    ['#%70rofiles', 'profiles'],
    ['#%E0%A4%A', null],
  ])('%j names %j', (hash, section) => {
    expect(sectionOf(hash)).toBe(section);
  });
});
