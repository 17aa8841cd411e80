import type { HubSpotTab } from '@/utils/tabs/hubspotTabs';
import { plural } from '@/utils/platform/plural';

interface Props {
  host: string;
  otherTabs: HubSpotTab[];
  reloadAfterChange: boolean;
  onReloadAfterChange: (value: boolean) => void;
  onReloadOtherTabs: () => void;
}

export function ReloadOptions({ host, otherTabs, reloadAfterChange, onReloadAfterChange, onReloadOtherTabs }: Props) {
  const count = otherTabs.length;
  return (
    <details className="fold" data-testid="reload-options">
      <summary>
        Reload options <span className="muted">· {plural(count, 'other tab')}</span>
      </summary>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={reloadAfterChange}
          onChange={(event) => onReloadAfterChange(event.target.checked)}
        />
        Reload the tab after a change (HubSpot reads these settings on load)
      </label>
      <p className="muted" data-testid="other-tabs">
        {count === 0
          ? `No other tab is open on ${host}.`
          : `${plural(count, 'other tab')} on ${host} ${count === 1 ? 'shares' : 'share'} this setting and ${count === 1 ? 'reads' : 'read'} it only on load.`}
      </p>
      {count > 0 && (
        <button type="button" className="secondary" onClick={onReloadOtherTabs}>
          Reload {count === 1 ? 'the other tab' : `the ${count} other tabs`}
        </button>
      )}
    </details>
  );
}
