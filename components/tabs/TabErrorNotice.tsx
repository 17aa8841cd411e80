import type { TabError } from '@/utils/tabs/tabState';

interface Props {
  error: TabError;
  onReload: () => void;
  onRetry: () => void;
}

export function TabErrorNotice({ error, onReload, onRetry }: Props) {
  return (
    <section className="card error" role="alert">
      <p>{error.message}</p>
      <div className="actions">
        {error.code === 'not-ready' && (
          <button type="button" onClick={onReload}>
            Reload the tab
          </button>
        )}
        <button type="button" className="secondary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </section>
  );
}
