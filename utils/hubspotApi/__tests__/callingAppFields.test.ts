import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALLING_APP_FIELDS,
  callingAppSettingsOf,
  changedCallingAppFields,
  checkCallingAppForm,
  EMPTY_FORM,
  FLAG_FIELDS,
  formOf,
  type CallingAppField,
  type CallingAppForm,
  type CallingAppSettings,
  type CallingAppValues,
  type FlagField,
  type FormCheck,
} from '../callingAppFields';

const ALL = CALLING_APP_FIELDS;
const NAME_AND_URL: readonly CallingAppField[] = ['name', 'url'];
const FLAGS = Object.keys(FLAG_FIELDS) as FlagField[];

const VALUES: CallingAppValues = {
  name: 'Acme Dialer',
  url: 'https://dialer.example.com/widget',
  width: 400,
  height: 600,
  isReady: false,
  supportsCustomObjects: true,
  supportsInboundCalling: false,
  usesCallingWindow: true,
  usesRemote: false,
};

/** A form of every field, valid, as a user would type it. */
const FULL_FORM: CallingAppForm = formOf(VALUES);

const SETTINGS: CallingAppSettings = { ...VALUES, createdAt: '2025-11-03T09:15:00.000Z', updatedAt: '2026-01-20T16:40:00.000Z' };

function values(check: FormCheck): Partial<CallingAppValues> {
  if (!check.ok) throw new Error(`expected ok, got ${JSON.stringify(check.errors)}`);
  return check.values;
}

function errors(check: FormCheck) {
  if (check.ok) throw new Error(`expected errors, got ${JSON.stringify(check.values)}`);
  return check.errors;
}

describe('checkCallingAppForm: required and optional fields', () => {
  it('accepts a complete form with every field required, and returns every value typed', () => {
    const check = checkCallingAppForm(FULL_FORM, ALL);
    expect(values(check)).toStrictEqual(VALUES);
    expect(check.warnings).toStrictEqual({});
  });

  it('refuses an empty form with every field required: each of the nine fields has its own error', () => {
    const found = errors(checkCallingAppForm(EMPTY_FORM, ALL));
    expect(Object.keys(found).sort()).toStrictEqual([...ALL].sort());
    for (const message of Object.values(found)) expect(message).toEqual(expect.any(String));
    expect(found).toMatchObject({
      name: 'Enter the name users see.',
      url: 'Enter the URL of the calling widget.',
      width: 'Enter the width in pixels.',
      height: 'Enter the height in pixels.',
      isReady: 'Choose true or false for isReady.',
      usesRemote: 'Choose true or false for usesRemote.',
    });
  });

  it('with only name and url required, an empty form is wrong at name and url only', () => {
    expect(errors(checkCallingAppForm(EMPTY_FORM, NAME_AND_URL))).toStrictEqual({
      name: 'Enter the name users see.',
      url: 'Enter the URL of the calling widget.',
    });
  });

  it('with only name and url required, empty sizes and unset flags are left out of the values', () => {
    const form = { ...EMPTY_FORM, name: 'Acme', url: 'https://dialer.example.com/widget' };
    expect(values(checkCallingAppForm(form, NAME_AND_URL))).toStrictEqual({ name: 'Acme', url: 'https://dialer.example.com/widget' });
  });

  it('with nothing required, an empty form is ok with no values', () => {
    const check = checkCallingAppForm(EMPTY_FORM, []);
    expect(values(check)).toStrictEqual({});
    expect(check.warnings).toStrictEqual({});
  });

  it('with nothing required, a URL of blanks is left out, not checked', () => {
    expect(values(checkCallingAppForm({ ...EMPTY_FORM, url: '   ' }, []))).toStrictEqual({});
  });

  it.each(ALL.map((field) => [field]))('only %s required: only it is wrong when the form is empty', (field) => {
    expect(Object.keys(errors(checkCallingAppForm(EMPTY_FORM, [field])))).toStrictEqual([field]);
  });

  it.each<[string, Partial<CallingAppForm>, CallingAppField]>([
    ['a blank name', { name: '   ' }, 'name'],
    ['a blank url', { url: ' \t ' }, 'url'],
    ['a blank width', { width: ' ' }, 'width'],
    ['an empty height', { height: '' }, 'height'],
    ['isReady unset', { isReady: null }, 'isReady'],
    ['supportsCustomObjects unset', { supportsCustomObjects: null }, 'supportsCustomObjects'],
    ['supportsInboundCalling unset', { supportsInboundCalling: null }, 'supportsInboundCalling'],
    ['usesCallingWindow unset', { usesCallingWindow: null }, 'usesCallingWindow'],
    ['usesRemote unset', { usesRemote: null }, 'usesRemote'],
  ])('all required: %s is an error at that field only', (_case, change, field) => {
    const found = errors(checkCallingAppForm({ ...FULL_FORM, ...change }, ALL));
    expect(Object.keys(found)).toStrictEqual([field]);
  });

  it('all required: several wrong fields each get their own error, the right ones none', () => {
    const form = { ...FULL_FORM, name: '', url: 'ftp://dialer.example.com/', width: '0', usesRemote: null };
    const found = errors(checkCallingAppForm(form, ALL));
    expect(Object.keys(found).sort()).toStrictEqual(['name', 'url', 'usesRemote', 'width']);
  });
});

describe('checkCallingAppForm: the widget URL', () => {
  const LOCAL_WARNING = expect.stringMatching(/only on this computer/);

  it.each<[string, string, string]>([
    ['https', 'https://dialer.example.com/widget', 'https://dialer.example.com/widget'],
    ['https with port, query and fragment', 'https://dialer.example.com:8443/w?x=1#top', 'https://dialer.example.com:8443/w?x=1#top'],
    ['https trimmed', '  https://dialer.example.com/widget \n', 'https://dialer.example.com/widget'],
    ['https as the browser parses it', 'HTTPS://Dialer.Example.COM', 'https://dialer.example.com/'],
  ])('accepts %s without a warning', (_case, url, parsed) => {
    for (const required of [ALL, NAME_AND_URL, []]) {
      const check = checkCallingAppForm({ ...FULL_FORM, url }, required);
      expect(values(check).url).toBe(parsed);
      expect(check.warnings).toStrictEqual({});
    }
  });

  it.each<[string, string]>([
    ['http://localhost:3000/widget', 'http://localhost:3000/widget'],
    ['http://127.0.0.1/widget', 'http://127.0.0.1/widget'],
    ['http://[::1]:8080/', 'http://[::1]:8080/'],
    ['http://LOCALHOST', 'http://localhost/'],
  ])('accepts %s with a warning at the URL', (url, parsed) => {
    const check = checkCallingAppForm({ ...FULL_FORM, url }, ALL);
    expect(values(check).url).toBe(parsed);
    expect(check.warnings).toStrictEqual({ url: LOCAL_WARNING });
  });

  it.each<[string, string, RegExp]>([
    ['http elsewhere', 'http://dialer.example.com/widget', /must use https/],
    ['http on a private address', 'http://192.168.1.10/widget', /must use https/],
    ['http on a name like localhost', 'http://localhost.example.com/', /must use https/],
    ['ftp:', 'ftp://dialer.example.com/widget', /must use https/],
    ['javascript:', 'javascript:alert(1)', /must use https/],
    ['data:', 'data:text/html,<script>alert(1)</script>', /must use https/],
    ['a relative URL', '/calling/widget', /absolute URL/],
    ['a host without scheme', 'dialer.example.com/widget', /absolute URL/],
    ['a user name', 'https://user@dialer.example.com/widget', /user name or password/],
    ['a user name and password', 'https://user:secret@dialer.example.com/widget', /user name or password/],
    ['a password on localhost', 'http://:secret@localhost/', /user name or password/],
  ])('refuses %s at the URL field', (_case, url, message) => {
    for (const required of [ALL, NAME_AND_URL, []]) {
      const check = checkCallingAppForm({ ...FULL_FORM, url }, required);
      expect(errors(check)).toStrictEqual({ url: expect.stringMatching(message) });
    }
  });

  it('a refused URL carries no warning, and a warning does not make the form wrong', () => {
    expect(checkCallingAppForm({ ...FULL_FORM, url: 'http://example.com' }, ALL).warnings).toStrictEqual({});
    expect(checkCallingAppForm({ ...FULL_FORM, url: 'http://localhost' }, ALL).ok).toBe(true);
  });

  it('a warning at the URL is kept next to errors of other fields', () => {
    const check = checkCallingAppForm({ ...FULL_FORM, url: 'http://localhost:3000/', width: 'wide' }, ALL);
    expect(errors(check)).toStrictEqual({ width: expect.any(String) });
    expect(check.warnings).toStrictEqual({ url: LOCAL_WARNING });
  });
});

describe('checkCallingAppForm: sizes', () => {
  it.each<[string, number]>([
    ['1', 1],
    ['400', 400],
    [' 12 ', 12],
    ['\t600\n', 600],
    ['007', 7],
    ['2147483647', 2 ** 31 - 1],
  ])('accepts %j as %i', (text, size) => {
    for (const field of ['width', 'height'] as const) {
      for (const required of [ALL, NAME_AND_URL, []]) {
        expect(values(checkCallingAppForm({ ...FULL_FORM, [field]: text }, required))[field]).toBe(size);
      }
    }
  });

  it.each([
    '0',
    '00',
    '-1',
    '+5',
    '1.5',
    '400.0',
    '1e3',
    '0x10',
    '1_000',
    '1 000',
    'abc',
    '12px',
    'Infinity',
    'NaN',
    '٤٠٠',
    '４００',
    '2147483648',
    '99999999999999999999999',
  ])('refuses %j at its own field', (text) => {
    for (const field of ['width', 'height'] as const) {
      for (const required of [ALL, NAME_AND_URL, []]) {
        expect(errors(checkCallingAppForm({ ...FULL_FORM, [field]: text }, required))).toStrictEqual({
          [field]: `The ${field} must be a whole number of pixels above 0.`,
        });
      }
    }
  });

  it('refuses a wrong width and a wrong height each at its field', () => {
    expect(errors(checkCallingAppForm({ ...FULL_FORM, width: '-1', height: '1.5' }, ALL))).toStrictEqual({
      width: 'The width must be a whole number of pixels above 0.',
      height: 'The height must be a whole number of pixels above 0.',
    });
  });
});

describe('checkCallingAppForm: flags', () => {
  it.each(FLAGS.flatMap((flag) => [true, false].map((value) => [flag, value] as const)))('%s set to %s is sent as it is', (flag, value) => {
    for (const required of [ALL, NAME_AND_URL, []]) {
      expect(values(checkCallingAppForm({ ...FULL_FORM, [flag]: value }, required))[flag]).toBe(value);
    }
  });

  it.each(FLAGS)('%s unset is left out when optional, an error when required', (flag) => {
    const form = { ...FULL_FORM, [flag]: null };
    expect(values(checkCallingAppForm(form, NAME_AND_URL))).not.toHaveProperty(flag);
    expect(errors(checkCallingAppForm(form, ALL))).toStrictEqual({ [flag]: `Choose true or false for ${flag}.` });
  });

  it('false is a value, not an unset flag: every flag false is sent', () => {
    const form = { ...FULL_FORM, ...Object.fromEntries(FLAGS.map((flag) => [flag, false])) };
    const checked = values(checkCallingAppForm(form, NAME_AND_URL));
    for (const flag of FLAGS) expect(checked[flag]).toBe(false);
  });
});

describe('checkCallingAppForm: trimming', () => {
  it('trims the name and the URL; sizes are trimmed before reading', () => {
    const form = { ...FULL_FORM, name: '  Acme Dialer \n', url: '\thttps://dialer.example.com/widget  ', width: ' 320 ', height: '480\n' };
    expect(values(checkCallingAppForm(form, ALL))).toStrictEqual({ ...VALUES, width: 320, height: 480 });
  });

  it('keeps the spaces inside the name', () => {
    expect(values(checkCallingAppForm({ ...FULL_FORM, name: ' Acme   Dialer ' }, ALL)).name).toBe('Acme   Dialer');
  });
});

describe('formOf', () => {
  it('shows sizes as text and unknown fields as empty or unset', () => {
    expect(formOf(VALUES)).toStrictEqual({
      name: 'Acme Dialer',
      url: 'https://dialer.example.com/widget',
      width: '400',
      height: '600',
      isReady: false,
      supportsCustomObjects: true,
      supportsInboundCalling: false,
      usesCallingWindow: true,
      usesRemote: false,
    });
    expect(formOf({})).toStrictEqual(EMPTY_FORM);
    expect(formOf({ isReady: false, width: 1 })).toStrictEqual({ ...EMPTY_FORM, isReady: false, width: '1' });
  });

  it("leaves out HubSpot's timestamps", () => {
    expect(formOf(SETTINGS)).toStrictEqual(formOf(VALUES));
  });

  it('round-trips with checkCallingAppForm, all fields required', () => {
    expect(values(checkCallingAppForm(formOf(VALUES), ALL))).toStrictEqual(VALUES);
  });

  it('round-trips with checkCallingAppForm for a part of the fields, name and url required', () => {
    const part: Partial<CallingAppValues> = { name: 'Acme', url: 'https://dialer.example.com/', height: 10, usesRemote: false };
    expect(values(checkCallingAppForm(formOf(part), NAME_AND_URL))).toStrictEqual(part);
  });
});

describe('changedCallingAppFields', () => {
  it.each<[string, Partial<CallingAppValues>, Partial<CallingAppValues>]>([
    ['the same values', VALUES, {}],
    ['nothing wanted', {}, {}],
    ['one changed field', { ...VALUES, name: 'Acme Dialer 2' }, { name: 'Acme Dialer 2' }],
    ['a size', { ...VALUES, width: 401 }, { width: 401 }],
    ['a flag set to false', { ...VALUES, supportsCustomObjects: false }, { supportsCustomObjects: false }],
    ['a flag set to true', { isReady: true }, { isReady: true }],
    ['false that is already false', { isReady: false, usesRemote: false }, {}],
    ['a part of the fields, one changed', { url: 'https://dialer.example.com/v2', height: 600 }, { url: 'https://dialer.example.com/v2' }],
    [
      'several fields',
      { ...VALUES, url: 'https://other.example.com/', height: 700, usesCallingWindow: false, isReady: true },
      { url: 'https://other.example.com/', height: 700, isReady: true, usesCallingWindow: false },
    ],
  ])('%s', (_case, wanted, patch) => {
    expect(changedCallingAppFields(SETTINGS, wanted)).toStrictEqual(patch);
  });

  it('false is sent, not dropped: every flag switched off is in the patch', () => {
    const allOn: CallingAppValues = { ...VALUES, ...Object.fromEntries(FLAGS.map((flag) => [flag, true])) };
    const allOff = Object.fromEntries(FLAGS.map((flag) => [flag, false]));
    const patch = changedCallingAppFields(allOn, allOff);
    expect(patch).toStrictEqual(allOff);
    expect(JSON.parse(JSON.stringify(patch))).toStrictEqual(allOff);
  });

  it('never carries timestamps or fields HubSpot does not know', () => {
    const wanted = { ...VALUES, name: 'New', createdAt: 'x', updatedAt: 'y', portalId: 1 } as Partial<CallingAppValues>;
    expect(changedCallingAppFields(SETTINGS, wanted)).toStrictEqual({ name: 'New' });
  });
});

describe('callingAppSettingsOf', () => {
  it("accepts HubSpot's full answer", () => {
    expect(callingAppSettingsOf(JSON.parse(JSON.stringify(SETTINGS)))).toStrictEqual(SETTINGS);
  });

  it('keeps only the documented fields of an answer with more', () => {
    expect(callingAppSettingsOf({ ...SETTINGS, portalId: 42, extra: { a: 1 } })).toStrictEqual(SETTINGS);
  });

  it.each([...ALL, 'createdAt', 'updatedAt'])('refuses an answer without %s', (field) => {
    const answer: Record<string, unknown> = { ...SETTINGS };
    delete answer[field];
    expect(callingAppSettingsOf(answer)).toBeNull();
  });

  it.each<[string, Record<string, unknown>]>([
    ['name null', { name: null }],
    ['name a number', { name: 7 }],
    ['url an object', { url: { href: 'https://dialer.example.com/' } }],
    ['width as text', { width: '400' }],
    ['width a fraction', { width: 400.5 }],
    ['height NaN', { height: Number.NaN }],
    ['height null', { height: null }],
    ['isReady as text', { isReady: 'true' }],
    ['usesRemote as 0', { usesRemote: 0 }],
    ['supportsInboundCalling null', { supportsInboundCalling: null }],
    ['createdAt a number', { createdAt: 1_700_000_000_000 }],
    ['updatedAt null', { updatedAt: null }],
  ])('refuses %s', (_case, change) => {
    expect(callingAppSettingsOf({ ...SETTINGS, ...change })).toBeNull();
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['a string', JSON.stringify(SETTINGS)],
    ['a number', 42],
    ['true', true],
    ['an array', [SETTINGS]],
    ['an empty object', {}],
  ])('refuses %s', (_case, body) => {
    expect(callingAppSettingsOf(body)).toBeNull();
  });
});

describe('properties', () => {
  const name = fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() === text && text !== '');
  const url = fc.oneof(
    fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }).map((text) => new URL(text).href),
    fc.constantFrom('http://localhost:3000/widget', 'http://127.0.0.1/', 'http://[::1]:8080/calls'),
  );
  const size = fc.integer({ min: 1, max: 2 ** 31 - 1 });
  const fields = {
    name,
    url,
    width: size,
    height: size,
    isReady: fc.boolean(),
    supportsCustomObjects: fc.boolean(),
    supportsInboundCalling: fc.boolean(),
    usesCallingWindow: fc.boolean(),
    usesRemote: fc.boolean(),
  };

  it('for any complete valid values, checking formOf(values) with every field required gives exactly those values', () => {
    fc.assert(
      fc.property(fc.record(fields), (generated) => {
        // A URL the browser would parse differently is not a valid value as HubSpot stores it.
        fc.pre(new URL(generated.url).href === generated.url);
        const check = checkCallingAppForm(formOf(generated), ALL);
        expect(values(check)).toStrictEqual({ ...generated });
      }),
      { numRuns: 300 },
    );
  });

  it('for any valid values with name and url, checking formOf(values) with name and url required gives exactly those values', () => {
    fc.assert(
      fc.property(fc.record(fields, { requiredKeys: ['name', 'url'] }), (generated) => {
        fc.pre(new URL(generated.url).href === generated.url);
        expect(values(checkCallingAppForm(formOf(generated), NAME_AND_URL))).toStrictEqual({ ...generated });
      }),
      { numRuns: 300 },
    );
  });

  it('any size text that is not a positive int32 in decimal digits is refused', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const trimmed = text.trim();
        fc.pre(trimmed !== '');
        const valid = /^\d+$/.test(trimmed) && Number(trimmed) >= 1 && Number(trimmed) <= 2 ** 31 - 1;
        expect(checkCallingAppForm({ ...FULL_FORM, width: text }, ALL).ok).toBe(valid);
      }),
      { numRuns: 500 },
    );
  });
});
