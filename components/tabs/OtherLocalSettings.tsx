import { shortSettingName, type LocalSetting } from '@/utils/flag/channelConnectionFlag';

interface Props {
  settings: LocalSetting[];
  pendingKey: string | null;
  onRemove: (key: string) => void;
}

export function OtherLocalSettings({ settings, pendingKey, onRemove }: Props) {
  if (settings.length === 0) {
    return <p className="muted">No other LocalSettings:Calling keys on this origin.</p>;
  }
  return (
    <details className="fold" data-testid="other-settings">
      <summary>
        Other LocalSettings:Calling keys <span className="muted">· {settings.length}</span>
      </summary>
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
              className="secondary small"
              aria-label={`Remove ${key}`}
              disabled={pendingKey !== null}
              onClick={() => onRemove(key)}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
