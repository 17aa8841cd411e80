import { describe, expect, it } from 'vitest';
import { checkCallingAppForm, EMPTY_FORM } from '../../hubspotApi/callingAppFields';
import { OVERRIDE_REQUIRED, overrideValueOf, readOverride } from '../callingOverride';
import { isCallingOverrideValue } from '../testSwitches';

const FULL = {
  name: 'Dialer',
  url: 'https://dialer.example.com/widget',
  width: 400,
  height: 600,
  isReady: true,
  supportsCustomObjects: false,
  supportsInboundCalling: true,
  usesCallingWindow: false,
  usesRemote: false,
};

describe('the CallingExtensions override form', () => {
  it('needs only a name and a widget URL; everything else may stay unset and is then left out', () => {
    const check = checkCallingAppForm({ ...EMPTY_FORM, name: ' Dialer ', url: 'https://dialer.example.com/w' }, OVERRIDE_REQUIRED);
    expect(check).toEqual({ ok: true, values: { name: 'Dialer', url: 'https://dialer.example.com/w' }, warnings: {} });
    expect(overrideValueOf(check.ok ? check.values : {})).toBe('{"name":"Dialer","url":"https://dialer.example.com/w"}');
  });

  it('refuses a missing name or URL and a size that is not a positive whole number, each at its field', () => {
    const check = checkCallingAppForm({ ...EMPTY_FORM, width: '0', height: '12.5' }, OVERRIDE_REQUIRED);
    expect(check.ok).toBe(false);
    expect(Object.keys(check.ok ? {} : check.errors).sort()).toEqual(['height', 'name', 'url', 'width']);
  });

  it('accepts a widget on this computer over http, with a warning, and refuses http elsewhere', () => {
    const local = checkCallingAppForm({ ...EMPTY_FORM, name: 'Dialer', url: 'http://localhost:9025/' }, OVERRIDE_REQUIRED);
    expect(local).toMatchObject({ ok: true, warnings: { url: expect.stringContaining('only on this computer') } });
    const remote = checkCallingAppForm({ ...EMPTY_FORM, name: 'Dialer', url: 'http://dialer.example.com/' }, OVERRIDE_REQUIRED);
    expect(remote).toMatchObject({ ok: false, errors: { url: 'The URL must use https (http is accepted only for localhost).' } });
  });

  it('stores the fields in the registration order, false flags included', () => {
    const shuffled = { usesRemote: false, width: 400, name: 'Dialer', url: FULL.url };
    expect(overrideValueOf(shuffled)).toBe(`{"name":"Dialer","url":"${FULL.url}","width":400,"usesRemote":false}`);
  });

  it('reads a stored override back into the form, which saves it unchanged', () => {
    const stored = overrideValueOf(FULL);
    const read = readOverride(stored);
    expect(read.problem).toBeNull();
    const check = checkCallingAppForm(read.form, OVERRIDE_REQUIRED);
    expect(check.ok && overrideValueOf(check.values)).toBe(stored);
  });

  it.each([
    ['not JSON', '{name: Dialer}', 'not JSON'],
    ['an array', '[1, 2]', 'not a JSON object'],
    ['a string', '"Dialer"', 'not a JSON object'],
  ])('says when the stored value is %s, and shows an empty form', (_case, raw, words) => {
    const read = readOverride(raw);
    expect(read.form).toEqual(EMPTY_FORM);
    expect(read.problem).toContain(words);
  });

  it('names the stored fields the form cannot show, and keeps the rest', () => {
    const read = readOverride(JSON.stringify({ name: 'Dialer', url: FULL.url, width: '400', colour: 'red', isReady: 'yes', height: 0 }));
    expect(read.problem).toContain('width, colour, isReady, height');
    expect(read.form).toMatchObject({ name: 'Dialer', url: FULL.url, width: '', height: '', isReady: null });
  });

  it.each([
    ['{"name":"Dialer","url":"https://d.example/"}', true],
    ['{"name":"Dialer","url":"https://d.example/","anything":1}', true],
    ['{"url":"https://d.example/"}', false],
    ['{"name":"Dialer","url":5}', false],
    ['[]', false],
    ['null', false],
    ['', false],
  ])('the content script writes %s: %s', (value, allowed) => {
    expect(isCallingOverrideValue(value)).toBe(allowed);
  });
});
