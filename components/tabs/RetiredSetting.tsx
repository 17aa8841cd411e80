import { CALLING_EXTENSIONS_KEY, RETIRED_CALLING_EXTENSIONS_KEY, type LocalSetting } from '@/utils/flag/channelConnectionFlag';

interface Props {
  settings: LocalSetting[];
  pending: boolean;
  onMove: () => void;
}

/** The retired CallingExtensions key, when the page still holds it: HubSpot ignores it, so it is said, with the move. */
export function RetiredSetting({ settings, pending, onMove }: Props) {
  if (!settings.some((setting) => setting.key === RETIRED_CALLING_EXTENSIONS_KEY)) return null;
  const replaced = settings.some((setting) => setting.key === CALLING_EXTENSIONS_KEY);
  return (
    <section className="warning" data-testid="retired-setting">
      <p>
        <code>{RETIRED_CALLING_EXTENSIONS_KEY}</code> is retired: since 2023 HubSpot reads <code>{CALLING_EXTENSIONS_KEY}</code>{' '}
        instead, so this override does nothing.
        {replaced && ' The new key already holds a value: remove the one you do not want below.'}
      </p>
      {!replaced && (
        <button type="button" className="small" disabled={pending} onClick={onMove}>
          Move it to the new key
        </button>
      )}
    </section>
  );
}
