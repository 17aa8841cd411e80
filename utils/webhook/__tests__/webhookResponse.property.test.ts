import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeWebhookResponse, cutFriendlyName, FRIENDLY_NAME_LIMIT, type ResponseAnalysis } from '../webhookResponse';

const RUNS = { numRuns: 500 };
const E164 = /^\+[1-9]\d{1,14}$/;
const VERDICTS: ResponseAnalysis['verdict'][] = ['valid', 'warnings', 'invalid', 'unusable'];
const FIELDS = ['e164PhoneNumber', 'e164Number'];

const codePoints = (text: string) => Array.from(text).length;

/** Numbers near the E.164 boundaries, so valid and almost-valid ones are both common. */
const numberValue = fc.oneof(
  fc.stringMatching(/^\+[1-9]\d{1,14}$/),
  fc.stringMatching(/^\+?[0-9 ()\-.]{0,18}$/),
  fc.stringMatching(/^\+?[0-9 ()\-.a-z+]{12,30}$/),
  fc.constantFrom('+18001231234', '18001231234', '+1 800 123 1234', '+0441234567', '+1234567890123456', '', '+'),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.double(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 1 }),
);
const optionalText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 20, maxLength: 30 }),
  fc.constant(''),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 1 }),
);
const entry = fc.oneof(
  { weight: 8, arbitrary: fc.record(
    { e164PhoneNumber: numberValue, e164Number: numberValue, extension: optionalText, friendlyName: optionalText, teamId: fc.jsonValue({ maxDepth: 1 }) },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const phoneNumbersBody = fc.oneof(
  fc.array(entry, { maxLength: 12 }).map((phoneNumbers) => JSON.stringify({ phoneNumbers })),
  fc.dictionary(fc.string({ maxLength: 15 }), fc.jsonValue({ maxDepth: 2 })).map((object) => JSON.stringify(object)),
);
const body = fc.oneof(
  { weight: 4, arbitrary: phoneNumbersBody },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '<!DOCTYPE html><title>x</title>', '<html>', '{"phoneNumbers":', 'OK') },
);
const status = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(200, 201, 204) },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 599 }) },
  { weight: 1, arbitrary: fc.integer({ min: -1_000, max: 10_000 }) },
  { weight: 1, arbitrary: fc.double() },
);
const contentType = fc.option(
  fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/html', 'text/plain', ''), fc.string()),
);
const response = fc.record({ status, contentType, body });

function expectWellFormed(analysis: ResponseAnalysis) {
  expect(VERDICTS).toContain(analysis.verdict);
  expect(typeof analysis.summary).toBe('string');
  expect(analysis.summary.length).toBeGreaterThan(0);
  expect(Array.isArray(analysis.problems) && Array.isArray(analysis.warnings) && Array.isArray(analysis.preview)).toBe(true);
  expect(analysis.problems.every((line) => typeof line === 'string' && line.length > 0)).toBe(true);
  expect(analysis.warnings.every((line) => typeof line === 'string' && line.length > 0)).toBe(true);
  expect(analysis.fieldsUsed.every((field) => FIELDS.includes(field))).toBe(true);
  expect(analysis.fieldNote === null || typeof analysis.fieldNote === 'string').toBe(true);
  if (analysis.verdict === 'valid') expect([...analysis.problems, ...analysis.warnings]).toEqual([]);
  if (analysis.verdict === 'warnings') expect(analysis.problems).toEqual([]);
  if (analysis.verdict === 'warnings') expect(analysis.warnings.length).toBeGreaterThan(0);
  if (analysis.verdict === 'invalid' || analysis.verdict === 'unusable') expect(analysis.problems.length).toBeGreaterThan(0);
  if (analysis.verdict === 'unusable') expect(analysis.preview).toEqual([]);
}

describe('analyzeWebhookResponse, for any answer', () => {
  it('never throws and returns a well-formed analysis', () => {
    fc.assert(
      fc.property(response, (answer) => {
        expectWellFormed(analyzeWebhookResponse(answer));
      }),
      RUNS,
    );
  });

  it('never throws on values that break its types at run time', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (anyStatus, anyType, anyBody) => {
        const answer = { status: anyStatus, contentType: anyType, body: anyBody } as never;
        expectWellFormed(analyzeWebhookResponse(answer));
      }),
      RUNS,
    );
  });

  it('calls an answer usable only when it is a 2xx', () => {
    fc.assert(
      fc.property(response, (answer) => {
        const analysis = analyzeWebhookResponse(answer);
        const success = Number.isInteger(answer.status) && answer.status >= 200 && answer.status < 300;
        if (!success) expect(analysis.verdict).toBe('unusable');
      }),
      RUNS,
    );
  });

  it('never offers as selectable a number with an extension or outside E.164', () => {
    fc.assert(
      fc.property(phoneNumbersBody, contentType, (text, type) => {
        const analysis = analyzeWebhookResponse({ status: 200, contentType: type, body: text });
        for (const row of analysis.preview) {
          if (!row.selectable) {
            expect(row.note).toBeTruthy();
            continue;
          }
          expect(row.extension ?? '').toBe('');
          expect(row.number).toMatch(E164);
          expect(row.note).toBeNull();
        }
      }),
      RUNS,
    );
  });

  it('keeps the preview in list order, one row per entry, each duplicate pointing back', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 12 }), (phoneNumbers) => {
        const analysis = analyzeWebhookResponse({ status: 200, contentType: 'application/json', body: JSON.stringify({ phoneNumbers }) });
        expect(analysis.preview.map((row) => row.index)).toEqual(phoneNumbers.map((_, index) => index));
        for (const row of analysis.preview) {
          if (row.duplicateOf !== null) expect(row.duplicateOf).toBeLessThan(row.index);
          const expected = row.friendlyName === null ? { text: row.number, truncated: false } : cutFriendlyName(row.friendlyName);
          expect({ text: row.shownName, truncated: row.truncated }).toEqual(expected);
        }
      }),
      RUNS,
    );
  });
});

/** Lengths cluster around the limit, where an off-by-one or a split surrogate pair would show. */
const names = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'binary', minLength: 20, maxLength: 30 }),
  fc.string({ unit: 'grapheme', minLength: 20, maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);

describe('cutFriendlyName, for any name', () => {
  it(`never returns more than ${FRIENDLY_NAME_LIMIT} code points, and returns a short name whole`, () => {
    fc.assert(
      fc.property(names, (name) => {
        const { text, truncated } = cutFriendlyName(name);
        expect(codePoints(text)).toBeLessThanOrEqual(FRIENDLY_NAME_LIMIT);
        expect(name.startsWith(text)).toBe(true);
        if (codePoints(name) <= FRIENDLY_NAME_LIMIT) expect({ text, truncated }).toEqual({ text: name, truncated: false });
        else expect({ length: codePoints(text), truncated }).toEqual({ length: FRIENDLY_NAME_LIMIT, truncated: true });
      }),
      RUNS,
    );
  });
});
