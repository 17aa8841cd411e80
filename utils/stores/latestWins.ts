/**
 * Applies a stream of requests where only the newest matters, one application at a time: requests made while one
 * is being applied replace each other, and the newest is applied next unless it is the value just applied. A failed
 * application drops the requests made meanwhile, which were made against an outcome that did not come about.
 *
 * Returns the function to request with; its promise settles once nothing is left to apply, after `onIdle`.
 */
export function latestWins<T>(apply: (value: T) => Promise<boolean>, onIdle: () => void): (value: T) => Promise<void> {
  let requested: { value: T } | null = null;
  let draining: Promise<void> | null = null;

  const drain = async () => {
    let applied: { value: T } | null = null;
    try {
      while (requested) {
        const { value } = requested;
        requested = null;
        if (applied && Object.is(applied.value, value)) continue;
        if (!(await apply(value))) {
          requested = null;
          return;
        }
        applied = { value };
      }
    } finally {
      draining = null;
      onIdle();
    }
  };

  return (value) => {
    requested = { value };
    draining ??= drain();
    return draining;
  };
}
