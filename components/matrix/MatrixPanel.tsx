import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { matrixSummary, matrixTally, matrixToJson, matrixToMarkdown, MATRIX_COMBINATIONS } from '@/utils/matrix/availabilityMatrix';
import { OUTSIDE_CAUSES } from '@/utils/providers/availability';
import { matrixView } from '@/utils/matrix/matrixJournal';
import { useMatrixStore } from '@/utils/stores/matrixStore';
import { useProfilesStore } from '@/utils/stores/profilesStore';
import { download } from '../platform/download';
import { reportOrigin } from '@/utils/platform/reportOrigin';
import { activeProfile } from '@/utils/profiles/appProfiles';
import { ActionButton } from '../platform/ActionButton';
import { HubSpotTabChoice } from '../tabs/HubSpotTabChoice';


const exportContext = () => ({ ...reportOrigin(), exportedAt: new Date().toISOString() });

export function MatrixPanel() {
  const profile = useProfilesStore((state) => activeProfile(state));
  const { tabs, tabId, journal, refusal, starting } = useMatrixStore(
    useShallow(({ tabs, tabId, journal, refusal, starting }) => ({ tabs, tabId, journal, refusal, starting })),
  );
  const followTabs = useMatrixStore((state) => state.followTabs);
  const openHubSpot = useMatrixStore((state) => state.openHubSpot);
  const selectTab = useMatrixStore((state) => state.selectTab);
  const follow = useMatrixStore((state) => state.follow);
  const run = useMatrixStore((state) => state.run);
  const stop = useMatrixStore((state) => state.stop);
  useEffect(() => followTabs(), [followTabs]);
  const followed = profile && { apiBaseUrl: profile.apiBaseUrl, appId: profile.appId };
  useEffect(() => follow(followed), [follow, followed?.apiBaseUrl, followed?.appId]);
  if (!profile) return null;
  const { running, stopping, rows, finished, reason, resumed } = matrixView(journal, refusal);

  return (
    <section aria-labelledby="matrix-heading" className="panel">
      <h2 id="matrix-heading">QA availability matrix</h2>
      <p className="muted">
        Runs the four isReady × test mode combinations for {profile.appDisplayName} on a HubSpot tab showing the calling
        provider list, reloads after each, records expected vs observed, then puts isReady and the flag back as they were.
      </p>
      <div className="card">
        <div className="actions">
          <HubSpotTabChoice tabs={tabs} tabId={tabId} onChoose={selectTab} onOpenHubSpot={() => void openHubSpot(profile.apiBaseUrl)} />
          <ActionButton unavailable={starting} onClick={() => void run(profile)}>
            Run matrix
          </ActionButton>
          {running && (
            <ActionButton unavailable={stopping} onClick={() => void stop()}>
              {stopping ? 'Stopping…' : 'Stop and restore'}
            </ActionButton>
          )}
        </div>
        {!profile.isTestApp && (
          <p className="warning">This profile is not marked as a test app: the matrix will refuse to run on it.</p>
        )}
        {reason && (
          <p className="field-error" role="alert" data-testid="matrix-refusal">
            {reason}
          </p>
        )}
        {running && (
          <p className="muted" role="status">
            The extension runs the matrix in the background: closing this page does not stop it, and isReady and the flag
            are put back at the end.
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
                <th scope="col">Why</th>
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
                    <td className={row ? `verdict-${row.verdict}` : ''}>{row?.verdict ?? ''}</td>
                    <td className="matrix-why">{row?.message ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {finished && (
          <>
            <p className="matrix-tally" data-testid="matrix-tally">
              {matrixTally(finished)}
            </p>
            {finished.rows.some((row) => row.verdict === 'mismatch') && (
              <details className="fold" data-testid="matrix-outside-causes">
                <summary>Other reasons HubSpot greys out an app</summary>
                <ul>
                  {OUTSIDE_CAUSES.map((cause) => (
                    <li key={cause}>{cause}</li>
                  ))}
                </ul>
              </details>
            )}
            <p role="status" data-testid="matrix-summary">
              {matrixSummary(finished)}
            </p>
            {resumed && (
              <p className="warning" data-testid="matrix-resumed">
                The extension’s background stopped during this run. When it started again it went back over what the
                run had changed and reloaded the tab; anything it could not put back is named above.
              </p>
            )}
            <div className="actions">
              <button
                type="button"
                className="secondary"
                onClick={() => download('availability-matrix.md', 'text/markdown', matrixToMarkdown(finished, exportContext()))}
              >
                Export Markdown
              </button>
              <button
                type="button"
                className="secondary"
                onClick={() => download('availability-matrix.json', 'application/json', matrixToJson(finished, exportContext()))}
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
