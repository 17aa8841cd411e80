import { shortSettingName, type LocalSetting } from '@/utils/channelConnectionFlag';

interface Props {
  settings: LocalSetting[];
  pendingKey: string | null;
  onRemove: (key: string) => void;
}

export function OtherLocalSettings({ settings, pendingKey, onRemove }: Props) {
  return (
    <section className="card" aria-labelledby="other-settings-heading">
      <h2 id="other-settings-heading">Other LocalSettings:Calling keys</h2>
      {settings.length === 0 ? (
        <p className="muted">None on this origin.</p>
      ) : (
        <ul className="settings-list">
          {settings.map(({ key, value }) => (
            <li key={key} data-testid="local-setting">
              <div className="setting-text">
                <code className="key" title={key}>
                  {shortSettingName(key)}
                </code>
                <code className="value" title={value}>
                  {value}
                </code>
              </div>
              <button
                type="button"
                className="secondary"
                aria-label={`Remove ${key}`}
                disabled={pendingKey !== null}
                onClick={() => onRemove(key)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
