import { useId, type ReactNode } from 'react';

export interface FieldInputProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

interface Props {
  label: string;
  error?: string | null;
  warning?: string | null;
  hint?: ReactNode;
  children: (props: FieldInputProps) => ReactNode;
}

/** A labelled form field with its message beside it, linked for assistive technology. */
export function Field({ label, error, warning, hint, children }: Props) {
  const id = useId();
  const messageId = `${id}-message`;
  const message = error ?? warning ?? null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': message || hint ? messageId : undefined })}
      {(message || hint) && (
        <p id={messageId} className={error ? 'field-error' : warning ? 'field-warning' : 'muted'} role={error ? 'alert' : undefined}>
          {message ?? hint}
        </p>
      )}
    </div>
  );
}
