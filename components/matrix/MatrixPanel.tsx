import { useEffect } from 'react';
import { matrixSummary, matrixToJson, matrixToMarkdown, MATRIX_COMBINATIONS } from '@/utils/matrix/availabilityMatrix';
import { useMatrixStore } from '@/utils/stores/matrixStore';
import { useProfilesStore } from '@/utils/stores/profilesStore';
import { download } from '../platform/download';
import { activeProfile } from '@/utils/profiles/appProfiles';
import { ActionButton } from '../platform/ActionButton';
import { Field } from '../platform/Field';


export function MatrixPanel() {
  const profile = useProfilesStore((state) => activeProfile(state));
  const { tabs, tabId, running, rows, outcome, loadTabs, selectTab, run } = useMatrixStore();
  useEffect(() => {
    void loadTabs();
  }, [loadTabs]);
  // Closing the page mid-run would skip the restore and could leave the app released to every user.
  useEffect(() => {
    if (!running) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [running]);
  if (!profile) return null;
  const finished = outcome?.ok ? outcome.run : null;

  return (
    <section aria-labelledby="matrix-heading" className="panel">
      <h2 id="matrix-heading">QA availability matrix</h2>
      <p className="muted">
        Runs the four isReady × test mode combinations for {profile.appDisplayName} on a HubSpot tab showing the calling
        provider list, reloads after each, records expected vs observed, then puts isReady and the flag back as they were.
      </p>
      <div className="card">
        <div className="actions">
          <Field label="HubSpot tab">
            {(props) => (
              <select {...props} value={tabId ?? ''} onChange={(event) => selectTab(Number(event.target.value))}>
                {tabs.length === 0 && <option value="">No HubSpot tab is open</option>}
                {tabs.map((tab) => (
                  <option key={tab.id} value={tab.id}>
                    {tab.title} — {tab.url}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="button" className="secondary" onClick={() => void loadTabs()}>
            Refresh tabs
          </button>
          <ActionButton unavailable={running} onClick={() => void run(profile)}>
            {running ? 'Running…' : 'Run matrix'}
          </ActionButton>
        </div>
        {!profile.isTestApp && (
          <p className="warning">This profile is not marked as a test app: the matrix will refuse to run on it.</p>
        )}
        {outcome && !outcome.ok && (
          <p className="field-error" role="alert" data-testid="matrix-refusal">
            {outcome.reason}
          </p>
        )}
        {(running || rows.length > 0) && (
          <table className="matrix" data-testid="matrix-table">
            <thead>
              <tr>
                <th scope="col">isReady</th>
                <th scope="col">Test mode</th>
                <th scope="col">Expected</th>
                <th scope="col">Observed</th>
                <th scope="col">Verdict</th>
              </tr>
            </thead>
            <tbody>
              {MATRIX_COMBINATIONS.map((combination, index) => {
                const row = rows[index];
                return (
                  <tr key={index} data-testid="matrix-row">
                    <td>{String(combination.isReady)}</td>
                    <td>{combination.flag ? 'on' : 'off'}</td>
                    <td>{row?.expected ?? ''}</td>
                    <td>{row ? (row.observed ?? 'not found') : running ? '…' : ''}</td>
                    <td className={row ? `verdict-${row.verdict}` : ''} title={row?.message}>
                      {row?.verdict ?? ''}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {finished && (
          <>
            <p role="status" data-testid="matrix-summary">
              {matrixSummary(finished)}
            </p>
            <div className="actions">
              <button
                type="button"
                className="secondary"
                onClick={() => download('availability-matrix.md', 'text/markdown', matrixToMarkdown(finished))}
              >
                Export Markdown
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => download('availability-matrix.json', 'application/json', matrixToJson(finished))}
              >
                Export JSON
              </button>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
