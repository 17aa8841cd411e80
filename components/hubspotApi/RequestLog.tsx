import { useState } from 'react';
import { useRequestLogStore } from '@/utils/stores/requestLogStore';

export function RequestLog() {
  const entries = useRequestLogStore((state) => state.entries);
  const [copied, setCopied] = useState<number | null>(null);
  return (
    <section aria-labelledby="log-heading" className="panel">
      <h2 id="log-heading">Request log</h2>
      {entries.length === 0 ? (
        <p className="muted">No request yet.</p>
      ) : (
        <ol className="log">
          {entries.map((entry) => (
            <li key={entry.id} className="card" data-testid="log-entry">
              <div className="actions spread">
                <h3 className="log-title">
                  <strong>{entry.operation}</strong> · <code>{entry.method}</code> · {entry.outcome} · {entry.durationMs} ms
                </h3>
                <button
                  type="button"
                  className="secondary"
                  onClick={async () => {
                    await navigator.clipboard.writeText(entry.curl);
                    setCopied(entry.id);
                  }}
                >
                  {copied === entry.id ? 'Copied' : 'Copy as curl'}
                </button>
              </div>
              <code className="log-url">{entry.url}</code>
              {entry.correlationId && <p className="muted">correlationId {entry.correlationId}</p>}
              <details>
                <summary>Request and response</summary>
                {entry.requestBody !== undefined && (
                  <>
                    <h4>Request body</h4>
                    <pre>{entry.requestBody}</pre>
                  </>
                )}
                <h4>Response{entry.status !== undefined ? ` (HTTP ${entry.status})` : ''}</h4>
                <pre>{entry.responseBody || '(no body)'}</pre>
                <h4>curl</h4>
                <pre>{entry.curl}</pre>
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
