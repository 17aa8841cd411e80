import type { ComponentProps } from 'react';

interface Props extends ComponentProps<'button'> {
  unavailable: boolean;
}

/**
 * A button that its own action makes unavailable for a while (a request, a run). It stays focusable, marked
 * aria-disabled, because a disabled button drops keyboard focus to the page the moment it is pressed; a press while it
 * is unavailable does nothing, a submit included.
 */
export function ActionButton({ unavailable, onClick, type = 'button', ...rest }: Props) {
  return (
    <button
      {...rest}
      type={type}
      aria-disabled={unavailable}
      onClick={(event) => {
        if (unavailable) event.preventDefault();
        else onClick?.(event);
      }}
    />
  );
}
