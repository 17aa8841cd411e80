/**
 * The fields of a calling app's settings (shared/PRODUCT.md) and the rules a form of them follows. Used by the
 * calling app panel, which registers them with HubSpot, and by the local override (`LocalSettings:Calling:
 * CallingExtensions`), which sets them for one browser. Pure.
 */
import { checkHttpsUrl, type UrlWords } from '../webhook/webhookUrl';

export type TextField = 'name' | 'url';
export type SizeField = 'width' | 'height';
export type FlagField = 'isReady' | 'supportsCustomObjects' | 'supportsInboundCalling' | 'usesCallingWindow' | 'usesRemote';
export type CallingAppField = TextField | SizeField | FlagField;

export type CallingAppValues = Record<TextField, string> & Record<SizeField, number> & Record<FlagField, boolean>;

/** What HubSpot answers: the values and when it stored them. */
export interface CallingAppSettings extends CallingAppValues {
  createdAt: string;
  updatedAt: string;
}

interface FieldInfo {
  label: string;
  /** One line on what HubSpot does with it, from its API reference. */
  what: string;
}

export const TEXT_FIELDS: Record<TextField, FieldInfo> = {
  name: { label: 'Name', what: 'The name users see when they choose how to call.' },
  url: { label: 'Widget URL', what: 'The calling widget HubSpot loads in an iframe.' },
};

export const SIZE_FIELDS: Record<SizeField, FieldInfo> = {
  width: { label: 'Width', what: "The widget's iframe width, in pixels." },
  height: { label: 'Height', what: "The widget's iframe height, in pixels." },
};

export const FLAG_FIELDS: Record<FlagField, FieldInfo> = {
  isReady: { label: 'isReady', what: 'Released: offered to every user of the app, not only for testing.' },
  supportsCustomObjects: { label: 'supportsCustomObjects', what: 'Calls can be placed from custom object records.' },
  supportsInboundCalling: { label: 'supportsInboundCalling', what: 'The app receives inbound calls in HubSpot.' },
  usesCallingWindow: { label: 'usesCallingWindow', what: 'The widget opens in a dedicated calling window.' },
  usesRemote: { label: 'usesRemote', what: "The widget is anchored to HubSpot's navigation bar by the calling remote." },
};

export const CALLING_APP_FIELDS = [
  ...(Object.keys(TEXT_FIELDS) as TextField[]),
  ...(Object.keys(SIZE_FIELDS) as SizeField[]),
  ...(Object.keys(FLAG_FIELDS) as FlagField[]),
] as const;

/** A form as typed: sizes as text, flags possibly unset (null), which only the local override allows. */
export type CallingAppForm = Record<TextField | SizeField, string> & Record<FlagField, boolean | null>;

export type FieldErrors = Partial<Record<CallingAppField, string>>;

export type FormCheck =
  | { ok: true; values: Partial<CallingAppValues>; warnings: FieldErrors }
  | { ok: false; errors: FieldErrors; warnings: FieldErrors };

/** HubSpot declares the sizes as int32. */
const MAX_SIZE = 2 ** 31 - 1;

const WIDGET_URL_WORDS: UrlWords = {
  missing: 'Enter the URL of the calling widget.',
  example: 'https://example.com/calling-widget',
  localNote: "An http URL works only on this computer: HubSpot's page may load a widget from localhost, no other computer can.",
};

export const EMPTY_FORM: CallingAppForm = {
  name: '',
  url: '',
  width: '',
  height: '',
  isReady: null,
  supportsCustomObjects: null,
  supportsInboundCalling: null,
  usesCallingWindow: null,
  usesRemote: null,
};

/** The values HubSpot has, as the form shows them. */
export function formOf(values: Partial<CallingAppValues>): CallingAppForm {
  const form = { ...EMPTY_FORM };
  for (const field of Object.keys(TEXT_FIELDS) as TextField[]) form[field] = values[field] ?? '';
  for (const field of Object.keys(SIZE_FIELDS) as SizeField[]) form[field] = values[field] === undefined ? '' : String(values[field]);
  for (const field of Object.keys(FLAG_FIELDS) as FlagField[]) form[field] = values[field] ?? null;
  return form;
}

/**
 * Checks a form. `required` lists the fields that must hold a value; the others may be left empty (or unset) and are
 * then left out of `values`. Every wrong field gets its own message, so the form can say each at its field.
 */
export function checkCallingAppForm(form: CallingAppForm, required: readonly CallingAppField[]): FormCheck {
  const errors: FieldErrors = {};
  const warnings: FieldErrors = {};
  const values: Partial<CallingAppValues> = {};
  const isRequired = (field: CallingAppField) => required.includes(field);

  const name = form.name.trim();
  if (name) values.name = name;
  else if (isRequired('name')) errors.name = 'Enter the name users see.';

  if (form.url.trim() || isRequired('url')) {
    const url = checkHttpsUrl(form.url, WIDGET_URL_WORDS);
    if (!url.ok) errors.url = url.message;
    else {
      values.url = url.url;
      if (url.warning) warnings.url = url.warning;
    }
  }

  for (const field of Object.keys(SIZE_FIELDS) as SizeField[]) {
    const text = form[field].trim();
    if (!text) {
      if (isRequired(field)) errors[field] = `Enter the ${field} in pixels.`;
      continue;
    }
    const size = /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isInteger(size) && size > 0 && size <= MAX_SIZE) values[field] = size;
    else errors[field] = `The ${field} must be a whole number of pixels above 0.`;
  }

  for (const field of Object.keys(FLAG_FIELDS) as FlagField[]) {
    const flag = form[field];
    if (flag !== null) values[field] = flag;
    else if (isRequired(field)) errors[field] = `Choose true or false for ${field}.`;
  }

  return Object.keys(errors).length > 0 ? { ok: false, errors, warnings } : { ok: true, values, warnings };
}

/** Whether `value` is one HubSpot takes for the field: the same rules as the form's, before the URL's scheme. */
export function isFieldValue(field: string, value: unknown): boolean {
  if (Object.hasOwn(TEXT_FIELDS, field)) return typeof value === 'string' && value.trim() !== '';
  if (Object.hasOwn(SIZE_FIELDS, field)) return Number.isInteger(value) && (value as number) > 0 && (value as number) <= MAX_SIZE;
  return Object.hasOwn(FLAG_FIELDS, field) && typeof value === 'boolean';
}

/** Only the fields that differ, so a PATCH never rewrites what the user did not touch. */
export function changedCallingAppFields(current: CallingAppValues, wanted: Partial<CallingAppValues>): Partial<CallingAppValues> {
  const patch: Partial<CallingAppValues> = {};
  for (const field of CALLING_APP_FIELDS) {
    const value = wanted[field];
    if (value !== undefined && value !== current[field]) Object.assign(patch, { [field]: value });
  }
  return patch;
}

/** A calling app's settings as HubSpot documents them, or null for anything else. */
export function callingAppSettingsOf(body: unknown): CallingAppSettings | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  const settings: Record<string, unknown> = {};
  for (const field of [...Object.keys(TEXT_FIELDS), 'createdAt', 'updatedAt']) {
    if (typeof record[field] !== 'string') return null;
    settings[field] = record[field];
  }
  for (const field of Object.keys(SIZE_FIELDS)) {
    if (!Number.isInteger(record[field])) return null;
    settings[field] = record[field];
  }
  for (const field of Object.keys(FLAG_FIELDS)) {
    if (typeof record[field] !== 'boolean') return null;
    settings[field] = record[field];
  }
  return settings as unknown as CallingAppSettings;
}
