import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useProfilesStore } from '@/utils/stores/profilesStore';
import { useSettingsStore } from '@/utils/stores/settingsStore';
import { activeProfile } from '@/utils/profiles/appProfiles';
import { headline, shownRows } from '@/utils/webhook/webhookReport';
import { checkWebhookUrl } from '@/utils/webhook/webhookUrl';
import { useWebhookTesterStore, type TesterField } from '@/utils/stores/webhookTesterStore';
import { ActionButton } from '../platform/ActionButton';
import { Field, type FieldInputProps } from '../platform/Field';
import { submitThenFocusFirstInvalid } from '../platform/submitThenFocusFirstInvalid';

const REQUIRED_REQUEST = 'POST JSON {appId, portalId, userId}, signed with X-HubSpot-Signature-v3 and the legacy v2 signature';

export function WebhookTester() {
  const profile = useProfilesStore((state) => activeProfile(state));
  const registeredUrl = useSettingsStore(({ remote }) => (remote.status === 'loaded' ? (remote.settings?.url ?? null) : null));
  const { form, errors, running, waitingForAccess, message, result, negatives, history } = useWebhookTesterStore(
    useShallow(({ form, errors, running, waitingForAccess, message, result, negatives, history }) => ({
      form,
      errors,
      running,
      waitingForAccess,
      message,
      result,
      negatives,
      history,
    })),
  );
  const update = useWebhookTesterStore((state) => state.update);
  const test = useWebhookTesterStore((state) => state.test);
  const checkForgeries = useWebhookTesterStore((state) => state.checkForgeries);
  const markdown = useWebhookTesterStore((state) => state.markdown);
  const [copied, setCopied] = useState(false);
  const profileId = profile?.id;

  useEffect(() => {
    if (profileId) void useWebhookTesterStore.getState().load(profileId, registeredUrl);
  }, [profileId, registeredUrl]);

  if (!profile) return null;
  const input = (field: TesterField, extra: Partial<FieldInputProps> & { inputMode?: 'numeric' | 'decimal'; placeholder?: string } = {}) =>
    (props: FieldInputProps) => (
      <input {...props} {...extra} value={form[field]} onChange={(event) => update({ [field]: event.target.value })} />
    );
  let host: string | null = null;
  try {
    host = new URL(form.url).host;
  } catch {
    host = null;
  }
  const urlCheck = checkWebhookUrl(form.url);
  // A webhook on this computer over http: tested here, though HubSpot would not call it.
  const localNote = urlCheck.ok ? (urlCheck.warning ?? null) : null;
  const analysis = result?.analysis ?? null;
  const problems = shownRows(analysis?.problems ?? [], 'problem');
  const warnings = shownRows(analysis?.warnings ?? [], 'warning');
  const preview = shownRows(analysis?.preview ?? [], 'number');

  return (
    <section aria-labelledby="webhook-heading" className="panel">
      <h2 id="webhook-heading">Webhook tester</h2>
      <p className="muted">
        Sends what HubSpot sends when a user connects a number ({REQUIRED_REQUEST}) and judges the answer as HubSpot would.
      </p>
      <form
        className="card"
        aria-label="Webhook test request"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submitThenFocusFirstInvalid(event.currentTarget, () => test(profile));
        }}
      >
        <div className="grid">
          <Field
            label="URL to test"
            error={errors.url}
            hint={[registeredUrl && `Registered: ${registeredUrl}`, localNote].filter(Boolean).join(' · ') || undefined}
          >
            {input('url', { placeholder: registeredUrl ?? 'https://example.com/hubspot/channel-connection' })}
          </Field>
          <Field label="Portal ID" error={errors.portalId}>
            {input('portalId', { inputMode: 'numeric' })}
          </Field>
          <Field label="User ID" error={errors.userId}>
            {input('userId', { inputMode: 'numeric' })}
          </Field>
          <Field label="Timeout (seconds)" error={errors.timeoutSeconds}>
            {input('timeoutSeconds', { inputMode: 'decimal' })}
          </Field>
        </div>
        <p className="muted" aria-live="polite">
          {waitingForAccess
            ? `Waiting for your answer to the browser’s prompt for access to ${waitingForAccess}; the timeout starts once access is granted.`
            : host
              ? `Sending needs access to ${host}; if it is not granted yet, the browser asks you once, for that host only.`
              : 'The browser asks for access to the webhook’s host the first time you send to it.'}
        </p>
        <div className="actions">
          <ActionButton type="submit" unavailable={running !== null}>
            {running === 'test' ? 'Sending…' : 'Send test request'}
          </ActionButton>
          <ActionButton className="secondary" unavailable={running !== null} onClick={() => void checkForgeries(profile)}>
            {running === 'negative' ? 'Checking…' : 'Run negative checks'}
          </ActionButton>
          <button
            type="button"
            className="secondary"
            disabled={!result && !negatives}
            onClick={async () => {
              await navigator.clipboard.writeText(markdown(profile));
              setCopied(true);
            }}
          >
            {copied ? 'Copied' : 'Copy report as Markdown'}
          </button>
        </div>
        {message && (
          <p className="field-error" role="alert">
            {message}
          </p>
        )}
      </form>

      {result && (
        <div className="card" data-testid="webhook-report" aria-live="polite">
          <h3>Report</h3>
          <dl className="settings">
            <dt>status</dt>
            <dd data-testid="webhook-status">{result.exchange.status ?? 'no answer'}</dd>
            <dt>time</dt>
            <dd>{result.exchange.durationMs} ms</dd>
            <dt>content type</dt>
            <dd>{result.exchange.contentType ?? 'none'}</dd>
            <dt>verdict</dt>
            <dd>
              <strong data-testid="webhook-verdict">{result.analysis?.verdict ?? 'failed'}</strong>: <span data-testid="webhook-summary">{headline(result)}</span>
            </dd>
          </dl>
          {analysis?.fieldNote && <p className="muted" data-testid="field-note">{analysis.fieldNote}</p>}
          {problems.rows.length > 0 && (
            <>
              <h4>Problems</h4>
              <ul className="causes" data-testid="webhook-problems">
                {problems.rows.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
              {problems.more && <p className="muted" data-testid="webhook-problems-more">{problems.more}</p>}
            </>
          )}
          {warnings.rows.length > 0 && (
            <>
              <h4>Warnings</h4>
              <ul className="causes">
                {warnings.rows.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
              {warnings.more && <p className="muted">{warnings.more}</p>}
            </>
          )}
          {preview.rows.length > 0 && (
            <>
              <h4>As HubSpot would list the numbers</h4>
              <table className="matrix" data-testid="webhook-preview">
                <thead>
                  <tr>
                    <th scope="col">Shown as</th>
                    <th scope="col">Number</th>
                    <th scope="col">Extension</th>
                    <th scope="col">Selectable</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.rows.map((entry) => (
                    <tr key={entry.index}>
                      <td>
                        {entry.shownName}
                        {entry.truncated && <span title="HubSpot cuts names at 24 characters">…</span>}
                      </td>
                      <td>{entry.number}</td>
                      <td>{entry.extension ?? ''}</td>
                      <td>{entry.selectable ? 'yes' : `no${entry.note ? ` (${entry.note})` : ''}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {preview.more && <p className="muted" data-testid="webhook-preview-more">{preview.more}</p>}
            </>
          )}
          <details>
            <summary>Request and response</summary>
            <h4>Request headers</h4>
            <pre>{Object.entries(result.exchange.requestHeaders).map(([name, value]) => `${name}: ${value}`).join('\n')}</pre>
            <h4>Request body</h4>
            <pre>{result.exchange.requestBody}</pre>
            <h4>Response body</h4>
            <pre>{result.exchange.responseBody || '(no body)'}</pre>
          </details>
        </div>
      )}

      {negatives && (
        <div className="card" data-testid="negative-checks">
          <h3>Negative checks</h3>
          <ul className="causes">
            {negatives.map((check) => (
              <li key={check.kind} className={check.outcome === 'accepted' ? 'field-error' : undefined} data-testid={`negative-${check.kind}`}>
                <strong>{check.outcome}</strong>: {check.message}
              </li>
            ))}
          </ul>
        </div>
      )}

      {history.length > 0 && (
        <details className="card">
          <summary>Last {history.length} runs for this profile</summary>
          <ul className="causes">
            {history.map((run) => (
              <li key={run.at}>
                {new Date(run.at).toLocaleString()} · {run.url} · {run.status ?? 'no answer'} · {run.verdict}: {run.summary}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
