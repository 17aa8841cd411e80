import type { HubSpotTab } from '@/utils/tabs/hubspotTabs';

interface Props {
  tabs: HubSpotTab[];
  onSelect: (tab: HubSpotTab) => void;
}

export function HubSpotTabList({ tabs, onSelect }: Props) {
  return (
    <section className="card" aria-labelledby="not-hubspot-heading">
      <h2 id="not-hubspot-heading">This tab is not a HubSpot app page</h2>
      <p className="muted">Test mode lives in the localStorage of a HubSpot app origin (such as app.hubspot.com).</p>
      {tabs.length === 0 ? (
        <p>No HubSpot tab is open.</p>
      ) : (
        <>
          <p>Open HubSpot tabs:</p>
          <ul className="tab-list">
            {tabs.map((tab) => (
              <li key={tab.id}>
                <button type="button" className="link-button" onClick={() => onSelect(tab)}>
                  <span className="tab-title">{tab.title}</span>
                  <span className="muted">
                    {new URL(tab.origin).host}
                    {tab.portalId ? ` · portal ${tab.portalId}` : ''}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
