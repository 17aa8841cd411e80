/**
 * `LocalSettings:Calling:CallingExtensions`: a JSON override of the calling app's settings in one browser (HubSpot's
 * docs and the calling-extensions SDK), edited as a form of the same fields as the app's registration. Pure.
 */
import {
  CALLING_APP_FIELDS,
  EMPTY_FORM,
  formOf,
  isFieldValue,
  type CallingAppField,
  type CallingAppForm,
  type CallingAppValues,
} from '../hubspotApi/callingAppFields';
import { isRecord } from '../platform/isRecord';

/** HubSpot's docs name these two for the override; any other field may be left out. */
export const OVERRIDE_REQUIRED: readonly CallingAppField[] = ['name', 'url'];

export interface OverrideRead {
  form: CallingAppForm;
  /** What in the stored value the form cannot show, which saving the form replaces; null when it shows all. */
  problem: string | null;
}

/** The stored override as the form shows it. */
export function readOverride(raw: string): OverrideRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch {
    return { form: { ...EMPTY_FORM }, problem: 'The stored value is not JSON, so HubSpot cannot read it; saving the form replaces it.' };
  }
  if (!isRecord(parsed)) {
    return { form: { ...EMPTY_FORM }, problem: 'The stored value is not a JSON object, so HubSpot cannot read it; saving the form replaces it.' };
  }
  const known: Partial<CallingAppValues> = {};
  const dropped: string[] = [];
  for (const [field, value] of Object.entries(parsed)) {
    if (isFieldValue(field, value)) Object.assign(known, { [field]: value });
    else dropped.push(field);
  }
  const problem = dropped.length > 0 ? `The form does not show ${dropped.join(', ')}: not a field it edits, or not a value HubSpot accepts; saving replaces them.` : null;
  return { form: formOf(known), problem };
}

/** The value to store, fields in the registration's order. */
export function overrideValueOf(values: Partial<CallingAppValues>): string {
  const ordered: Partial<Record<CallingAppField, unknown>> = {};
  for (const field of CALLING_APP_FIELDS) if (values[field] !== undefined) ordered[field] = values[field];
  return JSON.stringify(ordered);
}
