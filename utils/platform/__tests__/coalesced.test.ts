import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesced } from '../coalesced';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('coalesced', () => {
  it('runs a flood of calls as one run, and the last call is never more than the pause late', () => {
    const work = vi.fn();
    const call = coalesced(work, 50);

    for (let index = 0; index < 20_000; index++) call();
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(work).toHaveBeenCalledTimes(1);

    // A flood that goes on for 100 ms: one run per pause (at 100 and 150 ms), each within the pause of its calls.
    for (let tick = 0; tick < 10; tick++) {
      call();
      vi.advanceTimersByTime(10);
    }
    expect(work).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(1_000);
    expect(work).toHaveBeenCalledTimes(3);

    // Quiet since: the next call runs exactly one pause later.
    call();
    vi.advanceTimersByTime(49);
    expect(work).toHaveBeenCalledTimes(3);
    vi.advanceTimersByTime(1);
    expect(work).toHaveBeenCalledTimes(4);
  });
});
