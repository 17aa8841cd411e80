import type { HubSpotTab } from '@/utils/tabs/hubspotTabs';
import { Field } from '../platform/Field';

interface Props {
  tabs: HubSpotTab[];
  tabId: number | null;
  onChoose: (tabId: number) => void;
  /** Offered when no HubSpot tab is open. */
  onOpenHubSpot: () => void;
}

/** The HubSpot tab an options panel works on; with none open, a way to open one. */
export function HubSpotTabChoice({ tabs, tabId, onChoose, onOpenHubSpot }: Props) {
  return (
    <>
      <Field label="HubSpot tab">
        {(props) => (
          <select {...props} value={tabId ?? ''} onChange={(event) => onChoose(Number(event.target.value))}>
            {tabs.length === 0 && <option value="">No HubSpot tab is open</option>}
            {tabs.map((tab) => (
              <option key={tab.id} value={tab.id}>
                {tab.title} — {tab.url}
              </option>
            ))}
          </select>
        )}
      </Field>
      {tabs.length === 0 && (
        <button type="button" className="secondary" onClick={onOpenHubSpot}>
          Open HubSpot in a new tab
        </button>
      )}
    </>
  );
}
