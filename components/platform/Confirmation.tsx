import { useEffect, useId, useRef, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  /** Also on Escape; the caller gives focus back to what opened the confirmation. */
  onCancel: () => void;
}

/** Asks before an action that cannot be taken back from here; focus starts on the safe choice (WAI-ARIA alertdialog). */
export function Confirmation({ children, confirmLabel, onConfirm, onCancel }: Props) {
  const textId = useId();
  const keepButton = useRef<HTMLButtonElement>(null);
  useEffect(() => keepButton.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-labelledby={textId}
      className="confirm"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <p id={textId}>{children}</p>
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button ref={keepButton} type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
