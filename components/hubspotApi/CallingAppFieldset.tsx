import { Fragment, useId } from 'react';
import {
  FLAG_FIELDS,
  SIZE_FIELDS,
  TEXT_FIELDS,
  type CallingAppForm,
  type FieldErrors,
  type FlagField,
} from '@/utils/hubspotApi/callingAppFields';
import { Field } from '../platform/Field';

interface Props {
  form: CallingAppForm;
  errors: FieldErrors;
  warnings: FieldErrors;
  onChange(patch: Partial<CallingAppForm>): void;
  /** Flags as checkboxes (HubSpot's settings need every one), or as "not set / true / false" (a local override). */
  flags: 'required' | 'optional';
}

const FLAG_CHOICES = [
  { value: '', label: 'not set' },
  { value: 'true', label: 'true' },
  { value: 'false', label: 'false' },
] as const;

/** A calling app's nine settings, each with what HubSpot does with it and its own message. */
export function CallingAppFieldset({ form, errors, warnings, onChange, flags }: Props) {
  const idBase = useId();
  const placeholders = { name: 'My Dialer', url: 'https://example.com/calling-widget' };
  return (
    <>
      <div className="grid">
        {(Object.keys(TEXT_FIELDS) as (keyof typeof TEXT_FIELDS)[]).map((field) => (
          <Field key={field} label={TEXT_FIELDS[field].label} error={errors[field]} warning={warnings[field]} hint={TEXT_FIELDS[field].what}>
            {(props) => (
              <input
                {...props}
                aria-required
                type={field === 'url' ? 'url' : 'text'}
                placeholder={placeholders[field]}
                value={form[field]}
                onChange={(event) => onChange({ [field]: event.target.value })}
              />
            )}
          </Field>
        ))}
        {(Object.keys(SIZE_FIELDS) as (keyof typeof SIZE_FIELDS)[]).map((field) => (
          <Field key={field} label={`${SIZE_FIELDS[field].label} (px)`} error={errors[field]} hint={SIZE_FIELDS[field].what}>
            {(props) => (
              <input
                {...props}
                aria-required={flags === 'required'}
                inputMode="numeric"
                value={form[field]}
                onChange={(event) => onChange({ [field]: event.target.value })}
              />
            )}
          </Field>
        ))}
      </div>
      <div className="flags">
        {(Object.keys(FLAG_FIELDS) as FlagField[]).map((field) => {
          const whatId = `${idBase}-${field}`;
          const error = errors[field];
          return flags === 'required' ? (
            <Fragment key={field}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  aria-describedby={whatId}
                  checked={form[field] === true}
                  onChange={(event) => onChange({ [field]: event.target.checked })}
                />
                <code>{FLAG_FIELDS[field].label}</code>
              </label>
              <p id={whatId} className="muted">
                {FLAG_FIELDS[field].what}
              </p>
            </Fragment>
          ) : (
            <Fragment key={field}>
              <label htmlFor={`${whatId}-select`}>
                <code>{FLAG_FIELDS[field].label}</code>
              </label>
              <div>
                <select
                  id={`${whatId}-select`}
                  aria-describedby={whatId}
                  aria-invalid={Boolean(error)}
                  value={form[field] === null ? '' : String(form[field])}
                  onChange={(event) => onChange({ [field]: event.target.value === '' ? null : event.target.value === 'true' })}
                >
                  {FLAG_CHOICES.map((choice) => (
                    <option key={choice.value} value={choice.value}>
                      {choice.label}
                    </option>
                  ))}
                </select>
                <p id={whatId} className={error ? 'field-error' : 'muted'}>
                  {error ?? FLAG_FIELDS[field].what}
                </p>
              </div>
            </Fragment>
          );
        })}
      </div>
    </>
  );
}
