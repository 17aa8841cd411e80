import { useEffect, useState } from 'react';
import type { LogText, RequestLogEntry } from '@/utils/hubspotApi/requestLog';
import { cutNote, keptText } from '@/utils/hubspotApi/requestLogEntry';
import { useRequestLogStore } from '@/utils/stores/requestLogStore';

/** A long text of an entry, with what was cut of it said below it. */
function Kept({ entry, text }: { entry: RequestLogEntry; text: LogText }) {
  const cut = entry.cut[text];
  return (
    <>
      <pre>{entry[text]}</pre>
      {cut !== undefined && <p className="muted">{cutNote(cut)}</p>}
    </>
  );
}

export function RequestLog() {
  const entries = useRequestLogStore((state) => state.entries);
  const storageProblem = useRequestLogStore((state) => state.storageProblem);
  const watch = useRequestLogStore((state) => state.watch);
  const clear = useRequestLogStore((state) => state.clear);
  const [copied, setCopied] = useState<string | null>(null);
  // Other options pages add to the same stored log, and clear it.
  useEffect(() => watch(), [watch]);
  return (
    <section aria-labelledby="log-heading" className="panel">
      <div className="actions spread">
        <h2 id="log-heading">Request log</h2>
        {entries.length > 0 && (
          <button type="button" className="secondary" onClick={() => void clear()}>
            Clear log
          </button>
        )}
      </div>
      {storageProblem && (
        <p className="warning" role="alert" data-testid="log-problem">
          {storageProblem}
        </p>
      )}
      {entries.length === 0 ? (
        <p className="muted">No request yet.</p>
      ) : (
        <ol className="log">
          {entries.map((entry) => (
            <li key={entry.id} className="card" data-testid="log-entry">
              <div className="actions spread">
                <h3 className="log-title">
                  <strong>{keptText(entry, 'operation')}</strong> · <code>{keptText(entry, 'method')}</code> · {keptText(entry, 'outcome')} ·{' '}
                  {entry.durationMs} ms
                </h3>
                {/* A cut command would run another request than the one logged. */}
                {entry.cut.curl === undefined && (
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
                )}
              </div>
              <p className="muted">
                <time dateTime={new Date(entry.startedAt).toISOString()}>{new Date(entry.startedAt).toLocaleString()}</time> · profile{' '}
                <span data-testid="log-profile">{keptText(entry, 'profileLabel')}</span>
              </p>
              <code className="log-url">{keptText(entry, 'url')}</code>
              {entry.correlationId && <p className="muted">correlationId {keptText(entry, 'correlationId')}</p>}
              <details>
                <summary>Request and response</summary>
                {entry.requestBody !== undefined && (
                  <>
                    <h4>Request body</h4>
                    <Kept entry={entry} text="requestBody" />
                  </>
                )}
                <h4>Response{entry.status !== undefined ? ` (HTTP ${entry.status})` : ''}</h4>
                {entry.responseBody ? <Kept entry={entry} text="responseBody" /> : <pre>(no body)</pre>}
                <h4>curl</h4>
                <Kept entry={entry} text="curl" />
              </details>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
