import { API_GENERATIONS, type ApiGeneration } from '@/utils/profiles/profileFields';
import { maskSecret, type AppProfile, type SecretField } from '@/utils/profiles/appProfiles';
import { type FieldErrors, type ProfileDraft } from '@/utils/profiles/profileEditing';
import { HUBSPOT_API_BASE_URLS } from '@/utils/platform/hubspotOrigins';
import { Field, type FieldInputProps } from '../platform/Field';
import { submitThenFocusFirstInvalid } from '../platform/submitThenFocusFirstInvalid';

interface Props {
  draft: ProfileDraft;
  errors: FieldErrors;
  message: string | null;
  /** What changed elsewhere since the editor opened; told, not an error. */
  notice: string | null;
  existing: AppProfile | null;
  onChange: (patch: Partial<ProfileDraft>) => void;
  onSave: () => Promise<void>;
  onCancel: (() => void) | null;
}

export function ProfileForm({ draft, errors, message, notice, existing, onChange, onSave, onCancel }: Props) {
  const generation = API_GENERATIONS[draft.generation];
  const secretInput = (field: SecretField) => (props: FieldInputProps) => (
    <input
      {...props}
      type="password"
      autoComplete="off"
      spellCheck={false}
      value={draft[field]}
      onChange={(event) => onChange({ [field]: event.target.value })}
    />
  );
  const keepHint = (secret: string | undefined) =>
    existing && secret ? `Stored: ${maskSecret(secret)}. Leave empty to keep it.` : undefined;
  return (
    <form
      className="card profile-form"
      aria-label={existing ? `Edit profile ${existing.label}` : 'New app profile'}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submitThenFocusFirstInvalid(event.currentTarget, onSave);
      }}
    >
      <h3>{existing ? `Edit “${existing.label}”` : 'New app profile'}</h3>
      {message && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="grid">
        <Field label="Label" error={errors.label}>
          {(props) => <input {...props} value={draft.label} onChange={(event) => onChange({ label: event.target.value })} />}
        </Field>
        <Field label="App ID" error={errors.appId}>
          {(props) => (
            <input {...props} inputMode="numeric" value={draft.appId} onChange={(event) => onChange({ appId: event.target.value })} />
          )}
        </Field>
        <Field label="API generation" error={errors.generation}>
          {(props) => (
            <select
              {...props}
              value={draft.generation}
              onChange={(event) => onChange({ generation: event.target.value as ApiGeneration })}
            >
              {Object.entries(API_GENERATIONS).map(([value, { label }]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={generation.credentialLabel} error={errors.credential} hint={keepHint(existing?.credential)}>
          {secretInput('credential')}
        </Field>
        <Field
          label="API base URL"
          error={errors.apiBaseUrl}
          hint="HubSpot: https://api.hubapi.com · QA: https://api.hubapiqa.com · another https host asks for access first."
        >
          {(props) => (
            <>
              <input
                {...props}
                list="api-base-urls"
                value={draft.apiBaseUrl}
                onChange={(event) => onChange({ apiBaseUrl: event.target.value })}
              />
              <datalist id="api-base-urls">
                {Object.values(HUBSPOT_API_BASE_URLS).map((url) => (
                  <option key={url} value={url} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="App name as HubSpot lists it" error={errors.appDisplayName}>
          {(props) => (
            <input {...props} value={draft.appDisplayName} onChange={(event) => onChange({ appDisplayName: event.target.value })} />
          )}
        </Field>
        <Field
          label="Client secret"
          error={errors.clientSecret}
          hint={keepHint(existing?.clientSecret) ?? 'Optional: the webhook tester signs requests with it.'}
        >
          {secretInput('clientSecret')}
        </Field>
        <Field
          label="Provider CSS selector (optional)"
          error={errors.providerSelector}
          hint="Only if the app is not found by its name on HubSpot's page, e.g. [data-provider-id='3141592']."
        >
          {(props) => (
            <input
              {...props}
              spellCheck={false}
              value={draft.providerSelector}
              onChange={(event) => onChange({ providerSelector: event.target.value })}
            />
          )}
        </Field>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={draft.isTestApp} onChange={(event) => onChange({ isTestApp: event.target.checked })} />
        This is a test app (the QA matrix may release and withdraw it)
      </label>
      <div className="actions">
        <button type="submit">Save profile</button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
