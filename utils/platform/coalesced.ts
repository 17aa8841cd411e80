/**
 * `work` run once after a burst of calls, then again after the next burst: the calls within `ms` of the first share
 * one run, `ms` after it. A page flooding storage events then costs one read and one report per pause, and the last
 * change is reported at most `ms` after it.
 */
export function coalesced(work: () => void, ms: number): () => void {
  let scheduled = false;
  return () => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      work();
    }, ms);
  };
}
