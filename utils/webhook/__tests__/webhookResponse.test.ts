import { describe, expect, it } from 'vitest';
import { analyzeWebhookResponse, cutFriendlyName, type PreviewEntry, type ResponseAnalysis } from '../webhookResponse';

type Response = Parameters<typeof analyzeWebhookResponse>[0];

const json = (value: unknown, status = 200, contentType: string | null = 'application/json'): Response => ({
  status,
  contentType,
  body: JSON.stringify(value),
});
const numbers = (...phoneNumbers: unknown[]) => json({ phoneNumbers });
const raw = (body: string, status = 200, contentType: string | null = 'application/json'): Response => ({
  status,
  contentType,
  body,
});

const EMOJI = '😀';
const ACCENTED = 'é';

interface Case {
  name: string;
  response: Response;
  verdict: ResponseAnalysis['verdict'];
  summary?: string | RegExp;
  /** Each line matches in order; no extra lines. Omitted means none. */
  problems?: (string | RegExp)[];
  warnings?: (string | RegExp)[];
  fieldsUsed?: ResponseAnalysis['fieldsUsed'];
  fieldNote?: string | RegExp | null;
  preview?: Partial<PreviewEntry>[];
}

const CASES: Case[] = [
  {
    name: 'a valid answer in the shape of the current docs',
    response: numbers(
      { e164PhoneNumber: '+18001231234', friendlyName: 'Support' },
      { e164PhoneNumber: '+442071234567', extension: '12', friendlyName: 'London desk' },
    ),
    verdict: 'valid',
    summary: '2 numbers, 1 selectable',
    fieldsUsed: ['e164PhoneNumber'],
    fieldNote: 'The webhook uses e164PhoneNumber, the field name of current HubSpot docs; older docs name it e164Number.',
    preview: [
      { index: 0, number: '+18001231234', extension: null, shownName: 'Support', selectable: true, note: null, duplicateOf: null },
      { index: 1, extension: '12', shownName: 'London desk', selectable: false, note: 'has an extension: shown but not selectable' },
    ],
  },
  {
    name: 'the older docs field e164Number as a string',
    response: numbers({ e164Number: '+18001231234' }),
    verdict: 'valid',
    summary: '1 number, 1 selectable',
    fieldsUsed: ['e164Number'],
    fieldNote: 'The webhook uses e164Number, the field name of older HubSpot docs; current docs name it e164PhoneNumber.',
    preview: [{ number: '+18001231234', friendlyName: null, shownName: '+18001231234', selectable: true }],
  },
  {
    name: 'the older docs field e164Number as a bare JSON number',
    response: raw('{"phoneNumbers": [{"e164Number": 18001231234, "friendlyName": "Sales"}]}'),
    verdict: 'invalid',
    summary: '1 number, 0 selectable, 1 problem',
    problems: ['phoneNumbers[0].e164Number: 18001231234 is a JSON number; HubSpot documents a string in E.164'],
    fieldsUsed: ['e164Number'],
    fieldNote: /uses e164Number, the field name of older HubSpot docs/,
    preview: [{ number: '18001231234', shownName: 'Sales', selectable: false, note: 'the number is a JSON number, not an E.164 string' }],
  },
  {
    name: 'a JSON number too large to keep its digits',
    response: raw('{"phoneNumbers": [{"e164Number": 123456789012345678901}]}'),
    verdict: 'invalid',
    problems: [
      'phoneNumbers[0].e164Number: 123456789012345680000 is a JSON number; HubSpot documents a string in E.164; even with a + it would not be E.164',
    ],
    preview: [{ number: '123456789012345680000', selectable: false }],
  },
  {
    name: 'both field names across entries',
    response: numbers({ e164PhoneNumber: '+18001231234' }, { e164Number: '+18005550000' }, { e164Number: '+18005550001' }),
    verdict: 'valid',
    fieldsUsed: ['e164PhoneNumber', 'e164Number'],
    fieldNote:
      'The webhook mixes e164PhoneNumber (current HubSpot docs) and e164Number (older docs): 1 entry uses e164PhoneNumber, 2 e164Number.',
    preview: [{ selectable: true }, { selectable: true }, { selectable: true }],
  },
  {
    name: 'both fields on one entry, equal',
    response: numbers({ e164PhoneNumber: '+18001231234', e164Number: '+18001231234' }),
    verdict: 'valid',
    fieldsUsed: ['e164PhoneNumber', 'e164Number'],
    fieldNote: /mixes .*1 entry has both\.$/,
    preview: [{ number: '+18001231234', selectable: true, duplicateOf: null }],
  },
  {
    name: 'both fields on one entry, different',
    response: numbers({ e164PhoneNumber: '+18001231234', e164Number: '+18005550000' }),
    verdict: 'invalid',
    problems: ['phoneNumbers[0]: e164PhoneNumber "+18001231234" and e164Number "+18005550000" differ; send one number, in e164PhoneNumber'],
    preview: [{ number: '+18001231234', selectable: false, note: 'e164PhoneNumber and e164Number differ' }],
  },
  {
    name: 'a number without the leading +',
    response: numbers({ e164PhoneNumber: '+18005550000' }, { e164PhoneNumber: '+18005550001' }, { e164PhoneNumber: '18001231234' }),
    verdict: 'invalid',
    summary: '3 numbers, 2 selectable, 1 problem',
    problems: ['phoneNumbers[2].e164PhoneNumber: "18001231234" lacks the leading +'],
    preview: [{ selectable: true }, { selectable: true }, { selectable: false, note: 'the number is not in E.164' }],
  },
  {
    name: 'a number with spaces',
    response: numbers({ e164PhoneNumber: '+1 800 123 1234' }),
    verdict: 'invalid',
    problems: ['phoneNumbers[0].e164PhoneNumber: "+1 800 123 1234" contains spaces; E.164 is + and digits only'],
    preview: [{ number: '+1 800 123 1234', selectable: false }],
  },
  {
    name: 'a number in national formatting',
    response: numbers({ e164PhoneNumber: '(800) 123-1234' }),
    verdict: 'invalid',
    problems: [/"\(800\) 123-1234" lacks the leading \+, contains spaces, dashes and parentheses; E\.164 is \+ and digits only/],
  },
  {
    name: 'a number of 16 digits',
    response: numbers({ e164PhoneNumber: '+1234567890123456' }),
    verdict: 'invalid',
    problems: ['phoneNumbers[0].e164PhoneNumber: "+1234567890123456" has 16 digits; E.164 allows at most 15'],
    preview: [{ selectable: false }],
  },
  {
    name: 'a number of exactly 15 digits',
    response: numbers({ e164PhoneNumber: '+123456789012345' }),
    verdict: 'valid',
    preview: [{ number: '+123456789012345', selectable: true }],
  },
  {
    name: 'a number with a leading zero',
    response: numbers({ e164PhoneNumber: '+0441234567' }),
    verdict: 'invalid',
    problems: ['phoneNumbers[0].e164PhoneNumber: "+0441234567" starts with 0; E.164 country codes start with 1-9'],
  },
  {
    name: 'a number with letters',
    response: numbers({ e164PhoneNumber: 'tel:+18001231234' }),
    verdict: 'invalid',
    problems: [/"tel:\+18001231234" lacks the leading \+, contains characters other than digits/],
  },
  {
    name: 'an empty number',
    response: numbers({ e164PhoneNumber: '', friendlyName: 'Nothing' }),
    verdict: 'invalid',
    problems: ['phoneNumbers[0].e164PhoneNumber: is empty'],
    preview: [{ number: '', shownName: 'Nothing', selectable: false }],
  },
  {
    name: 'a number that is null',
    response: numbers({ e164PhoneNumber: null }),
    verdict: 'invalid',
    problems: ['phoneNumbers[0].e164PhoneNumber: is null; HubSpot documents a string in E.164'],
  },
  {
    name: 'an entry with no number field',
    response: numbers({ friendlyName: 'Lost' }),
    verdict: 'invalid',
    problems: ['phoneNumbers[0]: has no e164PhoneNumber (older HubSpot docs: e164Number)'],
    fieldsUsed: [],
    fieldNote: null,
    preview: [{ number: '', shownName: 'Lost', selectable: false, note: 'no number: HubSpot cannot list it' }],
  },
  {
    name: 'an extension as a string',
    response: numbers({ e164PhoneNumber: '+18001231234', extension: '1' }),
    verdict: 'valid',
    summary: '1 number, 0 selectable',
    preview: [{ extension: '1', selectable: false, note: 'has an extension: shown but not selectable' }],
  },
  {
    name: 'an empty extension, which is no extension',
    response: numbers({ e164PhoneNumber: '+18001231234', extension: '' }),
    verdict: 'valid',
    preview: [{ extension: null, selectable: true }],
  },
  {
    name: 'an extension as a JSON number',
    response: numbers({ e164PhoneNumber: '+18001231234', extension: 1 }),
    verdict: 'invalid',
    problems: ['phoneNumbers[0].extension: 1 is a JSON number; HubSpot documents a string'],
    preview: [{ extension: '1', selectable: false, note: 'has an extension: shown but not selectable' }],
  },
  {
    name: 'an extension that is null',
    response: numbers({ e164PhoneNumber: '+18001231234', extension: null }, { e164PhoneNumber: '+18005550000', extension: null }),
    verdict: 'warnings',
    warnings: ['phoneNumbers[0].extension: is null; leave the field out when there is no extension (also on 1 other entry)'],
    preview: [{ extension: null, selectable: true }, { extension: null, selectable: true }],
  },
  {
    name: 'a friendlyName of exactly 24 characters',
    response: numbers({ e164PhoneNumber: '+18001231234', friendlyName: 'A'.repeat(24) }),
    verdict: 'valid',
    preview: [{ friendlyName: 'A'.repeat(24), shownName: 'A'.repeat(24), truncated: false }],
  },
  {
    name: 'a friendlyName of 25 characters',
    response: numbers({ e164PhoneNumber: '+18001231234', friendlyName: `${'A'.repeat(24)}Z` }),
    verdict: 'warnings',
    warnings: [`phoneNumbers[0].friendlyName: "${'A'.repeat(24)}Z" has 25 characters; HubSpot shows the first 24`],
    preview: [{ friendlyName: `${'A'.repeat(24)}Z`, shownName: 'A'.repeat(24), truncated: true, selectable: true }],
  },
  {
    name: 'a friendlyName of 24 accented characters',
    response: numbers({ e164PhoneNumber: '+18001231234', friendlyName: ACCENTED.repeat(24) }),
    verdict: 'valid',
    preview: [{ shownName: ACCENTED.repeat(24), truncated: false }],
  },
  {
    name: 'a friendlyName of 25 accented characters',
    response: numbers({ e164PhoneNumber: '+18001231234', friendlyName: ACCENTED.repeat(25) }),
    verdict: 'warnings',
    warnings: [/has 25 characters; HubSpot shows the first 24/],
    preview: [{ shownName: ACCENTED.repeat(24), truncated: true }],
  },
  {
    name: 'a friendlyName of 24 emoji (48 UTF-16 units)',
    response: numbers({ e164PhoneNumber: '+18001231234', friendlyName: EMOJI.repeat(24) }),
    verdict: 'valid',
    preview: [{ shownName: EMOJI.repeat(24), truncated: false }],
  },
  {
    name: 'a friendlyName of 25 emoji',
    response: numbers({ e164PhoneNumber: '+18001231234', friendlyName: EMOJI.repeat(25) }),
    verdict: 'warnings',
    warnings: [/has 25 characters/],
    preview: [{ shownName: EMOJI.repeat(24), truncated: true }],
  },
  {
    name: 'a friendlyName with an emoji as its 24th character',
    response: numbers({ e164PhoneNumber: '+18001231234', friendlyName: `${'a'.repeat(23)}${EMOJI}b` }),
    verdict: 'warnings',
    warnings: [/has 25 characters/],
    preview: [{ shownName: `${'a'.repeat(23)}${EMOJI}`, truncated: true }],
  },
  {
    name: 'a friendlyName that is a JSON number',
    response: numbers({ e164PhoneNumber: '+18001231234', friendlyName: 42 }),
    verdict: 'invalid',
    problems: ['phoneNumbers[0].friendlyName: 42 is a JSON number; HubSpot documents a string'],
    preview: [{ friendlyName: null, shownName: '+18001231234', selectable: true }],
  },
  {
    name: 'a friendlyName that is an object',
    response: numbers({ e164PhoneNumber: '+18001231234', friendlyName: { en: 'Support' } }),
    verdict: 'invalid',
    problems: ['phoneNumbers[0].friendlyName: is a JSON object; HubSpot documents a string'],
  },
  {
    name: 'an empty friendlyName, which shows the number',
    response: numbers({ e164PhoneNumber: '+18001231234', friendlyName: '' }),
    verdict: 'valid',
    preview: [{ friendlyName: null, shownName: '+18001231234' }],
  },
  {
    name: 'an unknown field on two entries',
    response: numbers({ e164PhoneNumber: '+18001231234', id: 7 }, { e164PhoneNumber: '+18005550000', id: 8 }),
    verdict: 'warnings',
    summary: '2 numbers, 2 selectable, 1 warning',
    warnings: ["phoneNumbers[0].id: unknown field, not in HubSpot's documented answer (also on 1 other entry)"],
  },
  {
    name: 'a field name that misses the case or style',
    response: numbers({ e164PhoneNumber: '+18001231234', friendly_name: 'Support' }),
    verdict: 'warnings',
    warnings: ['phoneNumbers[0].friendly_name: unknown field; did you mean friendlyName? Field names are case-sensitive'],
    preview: [{ friendlyName: null, shownName: '+18001231234' }],
  },
  {
    name: 'a duplicate in the same field',
    response: numbers({ e164PhoneNumber: '+18001231234' }, { e164PhoneNumber: '+18005550000' }, { e164PhoneNumber: '+18001231234' }),
    verdict: 'invalid',
    problems: ['phoneNumbers[2].e164PhoneNumber: "+18001231234" duplicates phoneNumbers[0].e164PhoneNumber'],
    preview: [{ duplicateOf: null }, { duplicateOf: null }, { duplicateOf: 0 }],
  },
  {
    name: 'a duplicate across the two field names',
    response: numbers({ e164PhoneNumber: '+18001231234' }, { e164Number: '+18001231234' }),
    verdict: 'invalid',
    problems: ['phoneNumbers[1].e164Number: "+18001231234" duplicates phoneNumbers[0].e164PhoneNumber'],
    preview: [{ duplicateOf: null }, { duplicateOf: 0 }],
  },
  {
    name: 'a duplicate hidden by formatting',
    response: numbers({ e164PhoneNumber: '+18001231234' }, { e164PhoneNumber: '+1 800-123-1234' }),
    verdict: 'invalid',
    problems: [/contains spaces and dashes/, 'phoneNumbers[1].e164PhoneNumber: "+1 800-123-1234" duplicates phoneNumbers[0].e164PhoneNumber'],
    preview: [{}, { duplicateOf: 0 }],
  },
  {
    name: 'an entry that is not an object',
    response: numbers('+18001231234', null),
    verdict: 'invalid',
    summary: '2 numbers, 0 selectable, 2 problems',
    problems: [
      'phoneNumbers[0]: is a string, not an object like {"e164PhoneNumber": "+18001231234"}',
      'phoneNumbers[1]: is null, not an object like {"e164PhoneNumber": "+18001231234"}',
    ],
    preview: [
      { number: '+18001231234', selectable: false, note: 'not an object: HubSpot cannot read it' },
      { number: '', selectable: false },
    ],
  },
  {
    name: 'an empty phoneNumbers list',
    response: numbers(),
    verdict: 'warnings',
    summary: 'No numbers: HubSpot will show no number to connect',
    warnings: ['phoneNumbers: empty list; HubSpot will show no number to connect'],
    preview: [],
  },
  {
    name: 'phoneNumbers missing',
    response: json({}),
    verdict: 'invalid',
    summary: 'No phoneNumbers list in the body',
    problems: ['phoneNumbers: missing'],
  },
  {
    name: 'phoneNumbers under another spelling',
    response: json({ phone_numbers: [] }),
    verdict: 'invalid',
    problems: ['phoneNumbers: missing; the body has "phone_numbers", and field names are case-sensitive'],
    warnings: ["phone_numbers: top-level field not in HubSpot's documented answer"],
  },
  {
    name: 'phoneNumbers as an object',
    response: json({ phoneNumbers: { e164PhoneNumber: '+18001231234' } }),
    verdict: 'invalid',
    summary: 'phoneNumbers is a JSON object, not a list',
    problems: [/^phoneNumbers: is a JSON object; HubSpot expects a list of/],
  },
  {
    name: 'a body that is a JSON array',
    response: json([{ e164PhoneNumber: '+18001231234' }]),
    verdict: 'invalid',
    summary: 'The body is a JSON array, not an object with phoneNumbers',
    problems: ['body: is a JSON array; HubSpot expects {"phoneNumbers": [...]}'],
  },
  {
    name: 'a body that is a JSON string',
    response: json('+18001231234'),
    verdict: 'invalid',
    summary: 'The body is a string, not an object with phoneNumbers',
    problems: [/^body: is a string/],
  },
  {
    name: 'a body that is null',
    response: raw('null'),
    verdict: 'invalid',
    summary: 'The body is null, not an object with phoneNumbers',
    problems: [/^body: is null/],
  },
  {
    name: 'valid JSON sent as text/plain',
    response: json({ phoneNumbers: [{ e164PhoneNumber: '+18001231234' }] }, 200, 'text/plain'),
    verdict: 'warnings',
    warnings: ['Content-Type is "text/plain"; a JSON answer should be sent as application/json.'],
    preview: [{ selectable: true }],
  },
  {
    name: 'an HTML page with text/html',
    response: raw('<h1>It works!</h1>', 200, 'text/html; charset=utf-8'),
    verdict: 'unusable',
    summary: 'Not JSON: the webhook answered with an HTML page',
    problems: ['body: not JSON, starts with "<h1>It works!</h1>"'],
    preview: [],
  },
  {
    name: 'an HTML page without a content type',
    response: raw('<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Log in first</body></html>', 200, null),
    verdict: 'unusable',
    summary: 'Not JSON: the webhook answered with an HTML page ("Sign in")',
    problems: [/^body: not JSON, starts with "<!DOCTYPE html>\\n<html>/],
  },
  {
    name: 'an HTML page in capitals after blank lines',
    response: raw('\n\n  <HTML><BODY>hi</BODY></HTML>', 200, null),
    verdict: 'unusable',
    summary: 'Not JSON: the webhook answered with an HTML page',
    problems: [/^body: not JSON/],
  },
  {
    name: 'an empty body',
    response: raw('', 200),
    verdict: 'unusable',
    summary: 'Empty body: HubSpot expects JSON with a phoneNumbers list',
    problems: ['body: empty; HubSpot expects {"phoneNumbers": [...]}'],
  },
  {
    name: 'a body of whitespace',
    response: raw(' \n\t', 200, null),
    verdict: 'unusable',
    summary: /^Empty body/,
    problems: [/^body: empty/],
  },
  {
    name: '204 with no body',
    response: raw('', 204, null),
    verdict: 'unusable',
    summary: 'No content (204): HubSpot expects JSON with a phoneNumbers list',
    problems: [/^body: empty/],
  },
  {
    name: 'plain text',
    response: raw('OK', 200, 'text/plain; charset=utf-8'),
    verdict: 'unusable',
    summary: 'Not JSON: the webhook answered with text that is neither JSON nor HTML (text/plain)',
    problems: ['body: not JSON, starts with "OK"'],
  },
  {
    name: 'long plain text, quoted to its first 200 characters',
    response: raw(`${'x'.repeat(200)}TAIL`, 200, null),
    verdict: 'unusable',
    summary: 'Not JSON: the webhook answered with text that is neither JSON nor HTML',
    problems: [`body: not JSON, starts with "${'x'.repeat(200)}"`],
  },
  {
    name: 'a 301 redirect',
    response: raw('', 301, null),
    verdict: 'unusable',
    summary: 'Redirected with 301: HubSpot expects the answer itself and does not follow a redirect',
    problems: [/^status: 301 redirect; answer HubSpot's POST directly/],
  },
  {
    name: 'a 302 redirect with an HTML body',
    response: raw('<html><body>Moved</body></html>', 302, 'text/html'),
    verdict: 'unusable',
    summary: 'Redirected with 302: HubSpot expects the answer itself and does not follow a redirect',
    problems: [/^status: 302 redirect/],
  },
  {
    name: '401 with a HubSpot-style JSON error',
    response: json({ status: 'error', message: 'Invalid signature', correlationId: 'abc', category: 'UNAUTHORIZED' }, 401),
    verdict: 'unusable',
    summary: 'Refused with 401: Invalid signature',
    problems: ['status: 401; HubSpot shows no number when the webhook refuses the request'],
  },
  {
    name: '401 with an OAuth-style JSON error',
    response: json({ error: 'invalid_token', error_description: 'The signature has expired' }, 401),
    verdict: 'unusable',
    summary: 'Refused with 401: The signature has expired',
    problems: [/^status: 401/],
  },
  {
    name: '403 with no body',
    response: raw('', 403, null),
    verdict: 'unusable',
    summary: 'Refused with 403: Forbidden',
    problems: [/^status: 403/],
  },
  {
    name: '404 with an HTML page',
    response: raw('<!doctype html><title>Not Found</title><p>nope</p>', 404, 'text/html'),
    verdict: 'unusable',
    summary: 'Refused with 404: HTML page "Not Found"',
    problems: [/^status: 404/],
  },
  {
    name: '500 with no body',
    response: raw('', 500, null),
    verdict: 'unusable',
    summary: 'Server error 500',
    problems: ['status: 500; HubSpot shows no number when the webhook fails'],
  },
  {
    name: '503 with no body',
    response: raw('', 503, null),
    verdict: 'unusable',
    summary: 'Server error 503',
    problems: [/^status: 503/],
  },
  {
    name: '503 with a line of text',
    response: raw('upstream connect error\n  or disconnect', 503, 'text/plain'),
    verdict: 'unusable',
    summary: 'Server error 503: upstream connect error or disconnect',
    problems: [/^status: 503/],
  },
  {
    name: 'a status that is not HTTP',
    response: raw('', 0, null),
    verdict: 'unusable',
    summary: 'No valid HTTP status (0)',
    problems: [/^status: HubSpot needs a 2xx answer/],
  },
];

function expectLines(actual: string[], expected: (string | RegExp)[] = []) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((line, index) => {
    if (typeof line === 'string') expect(actual[index]).toBe(line);
    else expect(actual[index]).toMatch(line);
  });
}

describe('analyzeWebhookResponse', () => {
  it.each(CASES)('$name → $verdict', (testCase) => {
    const analysis = analyzeWebhookResponse(testCase.response);

    expect(analysis.verdict).toBe(testCase.verdict);
    if (typeof testCase.summary === 'string') expect(analysis.summary).toBe(testCase.summary);
    else if (testCase.summary) expect(analysis.summary).toMatch(testCase.summary);
    expectLines(analysis.problems, testCase.problems);
    expectLines(analysis.warnings, testCase.warnings);
    if (testCase.fieldsUsed) expect(analysis.fieldsUsed).toEqual(testCase.fieldsUsed);
    if (typeof testCase.fieldNote === 'string' || testCase.fieldNote === null) expect(analysis.fieldNote).toBe(testCase.fieldNote);
    else if (testCase.fieldNote) expect(analysis.fieldNote).toMatch(testCase.fieldNote);
    if (testCase.preview) {
      expect(analysis.preview).toHaveLength(testCase.preview.length);
      testCase.preview.forEach((entry, index) => expect(analysis.preview[index]).toMatchObject(entry));
    }
  });

  it('judges 10,000 entries, one preview row each, with one warning line for a field repeated on every entry', () => {
    const phoneNumbers = Array.from({ length: 10_000 }, (_, index) => ({
      e164PhoneNumber: `+1800${String(index).padStart(7, '0')}`,
      friendlyName: `Line ${index}`,
      ...(index % 10 === 0 ? { extension: String(index) } : {}),
      teamId: index,
    }));

    const analysis = analyzeWebhookResponse(json({ phoneNumbers }));

    expect(analysis.verdict).toBe('warnings');
    expect(analysis.summary).toBe('10000 numbers, 9000 selectable, 1 warning');
    expect(analysis.problems).toEqual([]);
    expect(analysis.warnings).toEqual([
      "phoneNumbers[0].teamId: unknown field, not in HubSpot's documented answer (also on 9999 other entries)",
    ]);
    expect(analysis.preview).toHaveLength(10_000);
    expect(analysis.preview.filter((entry) => entry.selectable)).toHaveLength(9_000);
    expect(analysis.preview.filter((entry) => entry.duplicateOf !== null)).toHaveLength(0);
    expect(analysis.preview[9_999]).toMatchObject({ index: 9_999, number: '+18000009999', shownName: 'Line 9999' });
  });

  it('names every duplicate among 10,000 entries that repeat one number', () => {
    const phoneNumbers = Array.from({ length: 10_000 }, () => ({ e164PhoneNumber: '+18001231234' }));

    const analysis = analyzeWebhookResponse(json({ phoneNumbers }));

    expect(analysis.verdict).toBe('invalid');
    expect(analysis.problems).toHaveLength(9_999);
    expect(analysis.problems[9_998]).toBe('phoneNumbers[9999].e164PhoneNumber: "+18001231234" duplicates phoneNumbers[0].e164PhoneNumber');
    expect(analysis.preview.every((entry, index) => entry.duplicateOf === (index === 0 ? null : 0))).toBe(true);
  });

  it('does not throw on input that breaks its types at run time', () => {
    const odd = [null, undefined, {}, { status: '200', contentType: 5, body: null }, { status: 200, contentType: null, body: 42 }];
    for (const response of odd) {
      expect(() => analyzeWebhookResponse(response as never)).not.toThrow();
      expect(analyzeWebhookResponse(response as never).verdict).toBe('unusable');
    }
  });
});

describe('cutFriendlyName', () => {
  it.each([
    ['', '', false],
    ['Support', 'Support', false],
    ['A'.repeat(24), 'A'.repeat(24), false],
    [`${'A'.repeat(24)}Z`, 'A'.repeat(24), true],
    [ACCENTED.repeat(24), ACCENTED.repeat(24), false],
    [ACCENTED.repeat(25), ACCENTED.repeat(24), true],
    [EMOJI.repeat(24), EMOJI.repeat(24), false],
    [EMOJI.repeat(30), EMOJI.repeat(24), true],
    [`${'a'.repeat(23)}${EMOJI}${EMOJI}`, `${'a'.repeat(23)}${EMOJI}`, true],
    ['Kundendienst Zürich – Hauptnummer', 'Kundendienst Zürich – Ha', true],
  ])('%j → %j (truncated: %s)', (name, text, truncated) => {
    expect(cutFriendlyName(name)).toEqual({ text, truncated });
  });
});
