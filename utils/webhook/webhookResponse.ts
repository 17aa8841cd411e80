import { plural } from '../platform/plural';

export type PhoneNumberField = 'e164PhoneNumber' | 'e164Number';

export const FRIENDLY_NAME_LIMIT = 24;

export interface PreviewEntry {
  index: number;
  /** As the webhook sent it, stringified if it was a JSON number. */
  number: string;
  extension: string | null;
  friendlyName: string | null;
  /** What HubSpot shows: the friendlyName cut to 24 characters, or the number when there is no name. */
  shownName: string;
  /** The friendlyName was cut. */
  truncated: boolean;
  /** False when it has an extension, or the number is unusable. */
  selectable: boolean;
  /** Why it is not selectable. */
  note: string | null;
  /** Index of the earlier entry with the same number (after normalising). */
  duplicateOf: number | null;
}

export interface ResponseAnalysis {
  verdict: 'valid' | 'warnings' | 'invalid' | 'unusable';
  /** One line in words for the report header, e.g. '3 numbers, 2 selectable', 'Server error 503'. */
  summary: string;
  fieldsUsed: PhoneNumberField[];
  /** Which field name the webhook used and that the other exists; null when no entry had either. */
  fieldNote: string | null;
  /** Each names the entry and the field. */
  problems: string[];
  warnings: string[];
  preview: PreviewEntry[];
}

type WebhookHttpResponse = { status: number; contentType: string | null; body: string };

const E164 = /^\+[1-9]\d{1,14}$/;
const E164_MAX_DIGITS = 15;
const NUMBER_FIELDS: readonly PhoneNumberField[] = ['e164PhoneNumber', 'e164Number'];
const ENTRY_FIELDS: readonly string[] = [...NUMBER_FIELDS, 'extension', 'friendlyName'];
const BODY_START_LENGTH = 200;
const QUOTE_LENGTH = 40;
const EXAMPLE_ENTRY = '{"e164PhoneNumber": "+18001231234"}';

const REASON_PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * HubSpot shows the first 24 characters of a friendlyName. Counted in code points rather than UTF-16 units so that
 * an emoji or an astral character at the boundary is kept whole instead of leaving half a surrogate pair.
 */
export function cutFriendlyName(name: string): { text: string; truncated: boolean } {
  if (typeof name !== 'string') return { text: '', truncated: false };
  return cutCodePoints(name, FRIENDLY_NAME_LIMIT);
}

/**
 * Judges the webhook's answer the way HubSpot reads it when a user connects a number, and lists the numbers as
 * HubSpot would. Never throws: whatever the webhook sends, the report must still be drawn.
 */
export function analyzeWebhookResponse(response: WebhookHttpResponse): ResponseAnalysis {
  try {
    return analyze(response);
  } catch (error) {
    return outcome('unusable', 'Could not analyse the answer', { problems: [`analysis failed: ${errorText(error)}`] });
  }
}

function analyze(response: WebhookHttpResponse): ResponseAnalysis {
  const status = response.status;
  const contentType = typeof response.contentType === 'string' ? response.contentType : null;
  const body = typeof response.body === 'string' ? response.body : '';

  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    return outcome('unusable', `No valid HTTP status (${safeString(status)})`, {
      problems: ['status: HubSpot needs a 2xx answer with a phoneNumbers list'],
    });
  }
  if (status < 200) {
    return outcome('unusable', `Informational status ${status}: HubSpot expects a final 2xx answer`, {
      problems: [`status: ${status} is not a final answer; HubSpot needs a 2xx answer with a phoneNumbers list`],
    });
  }
  if (status >= 300 && status < 400) {
    return outcome('unusable', `Redirected with ${status}: HubSpot expects the answer itself and does not follow a redirect`, {
      problems: [`status: ${status} redirect; answer HubSpot's POST directly with 200 and the phoneNumbers JSON`],
    });
  }
  if (status >= 400) return analyzeRefusal(status, contentType, body);
  return analyzeSuccess(status, contentType, body);
}

function analyzeRefusal(status: number, contentType: string | null, body: string): ResponseAnalysis {
  const detail = refusalDetail(body, contentType);
  if (status >= 500) {
    return outcome('unusable', detail ? `Server error ${status}: ${detail}` : `Server error ${status}`, {
      problems: [`status: ${status}; HubSpot shows no number when the webhook fails`],
    });
  }
  return outcome('unusable', `Refused with ${status}: ${detail ?? REASON_PHRASES[status] ?? 'client error'}`, {
    problems: [`status: ${status}; HubSpot shows no number when the webhook refuses the request`],
  });
}

function analyzeSuccess(status: number, contentType: string | null, body: string): ResponseAnalysis {
  if (body.trim() === '') {
    const summary = status === 204 ? 'No content (204)' : 'Empty body';
    return outcome('unusable', `${summary}: HubSpot expects JSON with a phoneNumbers list`, {
      problems: ['body: empty; HubSpot expects {"phoneNumbers": [...]}'],
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return notJson(body, contentType);
  }

  const warnings: string[] = [];
  if (contentType !== null && !/json/i.test(contentType)) {
    warnings.push(`Content-Type is ${quote(contentType)}; a JSON answer should be sent as application/json.`);
  }
  if (!isObject(parsed)) {
    return outcome('invalid', `The body is ${describe(parsed)}, not an object with phoneNumbers`, {
      problems: [`body: is ${describe(parsed)}; HubSpot expects {"phoneNumbers": [...]}`],
      warnings,
    });
  }
  for (const key of Object.keys(parsed)) {
    if (key !== 'phoneNumbers') warnings.push(`${fieldLabel('', key)}: top-level field not in HubSpot's documented answer`);
  }
  if (!hasOwn(parsed, 'phoneNumbers')) {
    const lookAlike = Object.keys(parsed).find((key) => looseName(key) === 'phonenumbers');
    const hint = lookAlike === undefined ? '' : `; the body has ${quote(lookAlike)}, and field names are case-sensitive`;
    return outcome('invalid', 'No phoneNumbers list in the body', { problems: [`phoneNumbers: missing${hint}`], warnings });
  }
  const list = parsed.phoneNumbers;
  if (!Array.isArray(list)) {
    return outcome('invalid', `phoneNumbers is ${describe(list)}, not a list`, {
      problems: [`phoneNumbers: is ${describe(list)}; HubSpot expects a list of ${EXAMPLE_ENTRY}`],
      warnings,
    });
  }
  if (list.length === 0) {
    warnings.push('phoneNumbers: empty list; HubSpot will show no number to connect');
    return outcome('warnings', 'No numbers: HubSpot will show no number to connect', { warnings });
  }
  return analyzeList(list, warnings);
}

interface NumberReading {
  field: PhoneNumberField;
  /** As sent; a JSON number stringified. */
  text: string;
  /** The same number whatever the formatting or field, for duplicates; null when there is no number to compare. */
  key: string | null;
  valid: boolean;
  jsonNumber: boolean;
}

interface ListContext {
  problems: string[];
  grouped: GroupedWarnings;
  fieldCounts: Map<PhoneNumberField, number>;
  bothFields: number;
}

function analyzeList(list: unknown[], warnings: string[]): ResponseAnalysis {
  const context: ListContext = { problems: [], grouped: new GroupedWarnings(), fieldCounts: new Map(), bothFields: 0 };
  const firstByKey = new Map<string, NumberReading & { index: number }>();
  const preview: PreviewEntry[] = [];

  for (let index = 0; index < list.length; index++) {
    const { entry, reading } = analyzeEntry(list[index], index, context);
    if (reading?.key) {
      const first = firstByKey.get(reading.key);
      if (first) {
        entry.duplicateOf = first.index;
        context.problems.push(
          `phoneNumbers[${index}].${reading.field}: ${shown(reading)} duplicates phoneNumbers[${first.index}].${first.field}`,
        );
      } else {
        firstByKey.set(reading.key, { ...reading, index });
      }
    }
    preview.push(entry);
  }

  const problems = context.problems;
  warnings.push(...context.grouped.lines());
  const fieldsUsed = NUMBER_FIELDS.filter((field) => context.fieldCounts.has(field));
  const selectable = preview.filter((entry) => entry.selectable).length;
  const counts = [`${plural(list.length, 'number')}`, `${selectable} selectable`];
  if (problems.length) counts.push(plural(problems.length, 'problem'));
  if (warnings.length) counts.push(plural(warnings.length, 'warning'));
  return {
    verdict: problems.length ? 'invalid' : warnings.length ? 'warnings' : 'valid',
    summary: counts.join(', '),
    fieldsUsed,
    fieldNote: fieldNote(context),
    problems,
    warnings,
    preview,
  };
}

function analyzeEntry(
  value: unknown,
  index: number,
  context: ListContext,
): { entry: PreviewEntry; reading: NumberReading | null } {
  const label = `phoneNumbers[${index}]`;
  if (!isObject(value)) {
    // A bare "+18001231234" in the list is a common slip: show what was sent so the row is recognisable.
    const number = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
    context.problems.push(`${label}: is ${describe(value)}, not an object like ${EXAMPLE_ENTRY}`);
    const entry = previewEntry(index, number, null, null, ['not an object: HubSpot cannot read it']);
    return { entry, reading: null };
  }

  const reasons: string[] = [];
  const readings: NumberReading[] = [];
  for (const field of NUMBER_FIELDS) {
    if (!hasOwn(value, field)) continue;
    context.fieldCounts.set(field, (context.fieldCounts.get(field) ?? 0) + 1);
    readings.push(readNumber(value[field], field, `${label}.${field}`, context.problems));
  }
  const [reading, other] = readings;
  if (!reading) {
    context.problems.push(`${label}: has no e164PhoneNumber (older HubSpot docs: e164Number)`);
    reasons.push('no number: HubSpot cannot list it');
  } else {
    if (!reading.valid) {
      reasons.push(reading.jsonNumber ? 'the number is a JSON number, not an E.164 string' : 'the number is not in E.164');
    }
    if (other) {
      context.bothFields++;
      if ((reading.key ?? reading.text) !== (other.key ?? other.text)) {
        const pair = `e164PhoneNumber ${shown(reading)} and e164Number ${shown(other)}`;
        context.problems.push(`${label}: ${pair} differ; send one number, in e164PhoneNumber`);
        reasons.push('e164PhoneNumber and e164Number differ');
      }
    }
  }

  const extension = readExtension(value, label, context);
  if (extension !== null) reasons.push('has an extension: shown but not selectable');
  const friendlyName = readFriendlyName(value, label, context);

  for (const key of Object.keys(value)) {
    if (ENTRY_FIELDS.includes(key)) continue;
    const meant = ENTRY_FIELDS.find((field) => looseName(field) === looseName(key));
    const hint = meant ? `; did you mean ${meant}? Field names are case-sensitive` : ", not in HubSpot's documented answer";
    context.grouped.add(`unknown:${key}`, `${fieldLabel(label, key)}: unknown field${hint}`);
  }

  const entry = previewEntry(index, reading?.text ?? '', extension, friendlyName, reasons);
  return { entry, reading: reading ?? null };
}

function readNumber(value: unknown, field: PhoneNumberField, label: string, problems: string[]): NumberReading {
  if (typeof value === 'string') {
    const valid = E164.test(value);
    if (!valid) problems.push(`${label}: ${value === '' ? 'is empty' : `${quote(value)} ${e164Faults(value)}`}`);
    return { field, text: value, key: normaliseNumber(value), valid, jsonNumber: false };
  }
  if (typeof value === 'number') {
    const text = String(value);
    const whole = Number.isSafeInteger(value) && value > 0;
    const caveat = E164.test(`+${text}`) ? '' : '; even with a + it would not be E.164';
    problems.push(`${label}: ${text} is a JSON number; HubSpot documents a string in E.164${caveat}`);
    return { field, text, key: whole ? `+${text}` : null, valid: false, jsonNumber: true };
  }
  problems.push(`${label}: is ${describe(value)}; HubSpot documents a string in E.164`);
  return { field, text: '', key: null, valid: false, jsonNumber: false };
}

/** Names every fault at once, so one report is enough to fix the number. */
function e164Faults(value: string): string {
  const faults: string[] = [];
  const hasPlus = value.startsWith('+');
  if (!hasPlus) faults.push('lacks the leading +');
  const separators = [
    [/\s/, 'spaces'],
    [/-/, 'dashes'],
    [/[()]/, 'parentheses'],
    [/\./, 'dots'],
  ] as const;
  const found = separators.filter(([pattern]) => pattern.test(value)).map(([, name]) => name);
  if (found.length) faults.push(`contains ${joinWords(found)}; E.164 is + and digits only`);
  const digits = (hasPlus ? value.slice(1) : value).replace(/[\s\-().]/g, '');
  if (!/^\d*$/.test(digits)) {
    faults.push('contains characters other than digits');
  } else {
    if (digits.length > E164_MAX_DIGITS) faults.push(`has ${digits.length} digits; E.164 allows at most ${E164_MAX_DIGITS}`);
    if (digits.length < 2) faults.push(`has ${plural(digits.length, 'digit')}; E.164 needs a country code and a number`);
    if (digits.startsWith('0')) faults.push('starts with 0; E.164 country codes start with 1-9');
  }
  return faults.length ? faults.join(', ') : 'is not in E.164 (+ followed by up to 15 digits)';
}

/** Formatting should not hide a duplicate: "+1 800 123 1234", "18001231234" and "+18001231234" are one line. */
function normaliseNumber(value: string): string | null {
  const stripped = value.replace(/[\s\-().]/g, '');
  if (stripped === '' || stripped === '+') return null;
  return /^\d+$/.test(stripped) ? `+${stripped}` : stripped;
}

function notAString(where: string, value: unknown): string {
  return typeof value === 'number'
    ? `${where}: ${String(value)} is a JSON number; HubSpot documents a string`
    : `${where}: is ${describe(value)}; HubSpot documents a string`;
}

function readExtension(entry: Record<string, unknown>, label: string, context: ListContext): string | null {
  if (!hasOwn(entry, 'extension')) return null;
  const value = entry.extension;
  if (typeof value === 'string') return value === '' ? null : value;
  if (value === null) {
    // Serialisers often write null for an absent optional; HubSpot documents no null, so only a warning.
    context.grouped.add('null:extension', `${label}.extension: is null; leave the field out when there is no extension`);
    return null;
  }
  context.problems.push(notAString(`${label}.extension`, value));
  // Whatever its type, something was sent as an extension, so the number stays unselectable.
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return cutCodePoints(safeJson(value), QUOTE_LENGTH).text;
}

function readFriendlyName(entry: Record<string, unknown>, label: string, context: ListContext): string | null {
  if (!hasOwn(entry, 'friendlyName')) return null;
  const value = entry.friendlyName;
  if (typeof value === 'string') {
    if (value.length > FRIENDLY_NAME_LIMIT && cutFriendlyName(value).truncated) {
      const length = `has ${countCodePoints(value)} characters`;
      context.grouped.add(
        'long:friendlyName',
        `${label}.friendlyName: ${quote(value)} ${length}; HubSpot shows the first ${FRIENDLY_NAME_LIMIT}`,
      );
    }
    return value === '' ? null : value;
  }
  if (value === null) {
    context.grouped.add('null:friendlyName', `${label}.friendlyName: is null; leave the field out when there is no name`);
    return null;
  }
  context.problems.push(notAString(`${label}.friendlyName`, value));
  return null;
}

function previewEntry(
  index: number,
  number: string,
  extension: string | null,
  friendlyName: string | null,
  reasons: string[],
): PreviewEntry {
  const cut = friendlyName === null ? { text: number, truncated: false } : cutFriendlyName(friendlyName);
  return {
    index,
    number,
    extension,
    friendlyName,
    shownName: cut.text,
    truncated: cut.truncated,
    selectable: reasons.length === 0,
    note: reasons.length ? reasons.join('; ') : null,
    duplicateOf: null,
  };
}

function fieldNote(context: ListContext): string | null {
  const current = context.fieldCounts.get('e164PhoneNumber') ?? 0;
  const older = context.fieldCounts.get('e164Number') ?? 0;
  if (current && older) {
    const both = context.bothFields ? `, ${plural(context.bothFields, 'entry has', 'entries have')} both` : '';
    return (
      `The webhook mixes e164PhoneNumber (current HubSpot docs) and e164Number (older docs): ` +
      `${plural(current, 'entry uses', 'entries use')} e164PhoneNumber, ${older} e164Number${both}.`
    );
  }
  if (older) return 'The webhook uses e164Number, the field name of older HubSpot docs; current docs name it e164PhoneNumber.';
  if (current) return 'The webhook uses e164PhoneNumber, the field name of current HubSpot docs; older docs name it e164Number.';
  return null;
}

function notJson(body: string, contentType: string | null): ResponseAnalysis {
  const start = `body: not JSON, starts with ${JSON.stringify(cutCodePoints(body, BODY_START_LENGTH).text)}`;
  if (looksLikeHtml(body, contentType)) {
    const title = htmlTitle(body);
    const titled = title ? ` (${quote(title)})` : '';
    return outcome('unusable', `Not JSON: the webhook answered with an HTML page${titled}`, { problems: [start] });
  }
  const mediaType = contentType?.split(';')[0]?.trim();
  const typed = mediaType ? ` (${mediaType})` : '';
  return outcome('unusable', `Not JSON: the webhook answered with text that is neither JSON nor HTML${typed}`, {
    problems: [start],
  });
}

/** What a refusal says about itself: HubSpot-style JSON errors carry `message`, others `error` or `detail`. */
function refusalDetail(body: string, contentType: string | null): string | null {
  const text = body.trim();
  if (text === '') return null;
  try {
    const parsed: unknown = JSON.parse(text);
    const message = errorMessage(parsed);
    return message === null ? null : oneLine(message);
  } catch {
    // Not JSON: fall through to HTML or text.
  }
  if (looksLikeHtml(text, contentType)) {
    const title = htmlTitle(text);
    return title ? `HTML page ${quote(title)}` : 'HTML page';
  }
  return oneLine(text);
}

function errorMessage(parsed: unknown): string | null {
  if (typeof parsed === 'string') return parsed;
  if (!isObject(parsed)) return null;
  for (const key of ['message', 'error_description', 'error', 'detail', 'title']) {
    const value = parsed[key];
    if (typeof value === 'string' && value.trim()) return value;
    if (isObject(value) && typeof value.message === 'string' && value.message.trim()) return value.message;
  }
  return null;
}

function looksLikeHtml(body: string, contentType: string | null): boolean {
  if (contentType !== null && /text\/html|application\/xhtml/i.test(contentType)) return true;
  const start = body.trimStart().slice(0, 9).toLowerCase();
  return start.startsWith('<!doctype') || start.startsWith('<html');
}

function htmlTitle(body: string): string | null {
  // Bounded so that a huge page costs nothing; the title sits in the head.
  const match = /<title[^>]*>([^<]*)<\/title>/i.exec(body.slice(0, 10_000));
  const title = match?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? title : null;
}

type Verdict = ResponseAnalysis['verdict'];

function outcome(
  verdict: Verdict,
  summary: string,
  parts: { problems?: string[]; warnings?: string[] } = {},
): ResponseAnalysis {
  return {
    verdict,
    summary,
    fieldsUsed: [],
    fieldNote: null,
    problems: parts.problems ?? [],
    warnings: parts.warnings ?? [],
    preview: [],
  };
}

/** The same warning on every entry of a long list is one line with a count, not thousands. */
class GroupedWarnings {
  private readonly groups = new Map<string, { first: string; count: number }>();

  add(key: string, message: string): void {
    const group = this.groups.get(key);
    if (group) group.count++;
    else this.groups.set(key, { first: message, count: 1 });
  }

  lines(): string[] {
    return [...this.groups.values()].map(({ first, count }) =>
      count > 1 ? `${first} (also on ${plural(count - 1, 'other entry', 'other entries')})` : first,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOwn(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a JSON number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'a JSON object';
    default:
      return 'not a JSON value';
  }
}

/** Lowercase without separators, to recognise `phone_numbers` or `FriendlyName` as a near miss. */
function looseName(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, '');
}

function fieldLabel(parent: string, key: string): string {
  const plain = /^[A-Za-z_$][\w$]*$/.test(key) && key.length <= QUOTE_LENGTH;
  if (plain) return parent ? `${parent}.${key}` : key;
  return `${parent}[${quote(key)}]`;
}

function shown(reading: NumberReading): string {
  return reading.jsonNumber ? reading.text : quote(reading.text);
}

function quote(text: string): string {
  const cut = cutCodePoints(text, QUOTE_LENGTH);
  return JSON.stringify(cut.text + (cut.truncated ? '…' : ''));
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const cut = cutCodePoints(line, BODY_START_LENGTH);
  return cut.text + (cut.truncated ? '…' : '');
}

function joinWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Stops after `limit` code points, so a megabyte-long string costs no more than a short one. */
function cutCodePoints(text: string, limit: number): { text: string; truncated: boolean } {
  let count = 0;
  let end = 0;
  for (const char of text) {
    if (count === limit) return { text: text.slice(0, end), truncated: true };
    count++;
    end += char.length;
  }
  return { text, truncated: false };
}

function countCodePoints(text: string): number {
  return text.length - (text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return describe(value);
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : safeString(error);
}
