import { describe, expect, it, vi } from 'vitest';
import { latestWins } from '../latestWins';

/** An application the test finishes by hand, so requests can be made while it is in flight. */
function controlledApply() {
  const calls: { value: string; finish(ok?: boolean): Promise<void> }[] = [];
  const apply = vi.fn(
    (value: string) =>
      new Promise<boolean>((resolve) => {
        calls.push({
          value,
          // Lets the drain loop take the next request before the test looks again.
          finish: async (ok = true) => {
            resolve(ok);
            await new Promise((settled) => setTimeout(settled, 0));
          },
        });
      }),
  );
  return { apply, calls, applied: () => calls.map((call) => call.value) };
}

describe('latestWins', () => {
  it('applies a request at once and settles when it is applied', async () => {
    const { apply, calls, applied } = controlledApply();
    const onIdle = vi.fn();
    const request = latestWins(apply, onIdle);

    const done = request('on');
    expect(applied()).toEqual(['on']);
    expect(onIdle).not.toHaveBeenCalled();
    await calls[0]!.finish();

    await expect(done).resolves.toBeUndefined();
    expect(onIdle).toHaveBeenCalledOnce();
  });

  it('applies only the newest of the requests made while one is in flight, after it', async () => {
    const { apply, calls, applied } = controlledApply();
    const request = latestWins(apply, () => undefined);

    const all = ['on', 'off', 'on', 'off'].map((value) => request(value));
    expect(applied()).toEqual(['on']);
    await calls[0]!.finish();
    expect(applied()).toEqual(['on', 'off']);
    await calls[1]!.finish();

    await Promise.all(all);
    expect(applied()).toEqual(['on', 'off']);
  });

  it('keeps taking the newest request while each application is in flight: the last request wins', async () => {
    const { apply, calls, applied } = controlledApply();
    const request = latestWins(apply, () => undefined);

    const first = request('1');
    request('2');
    await calls[0]!.finish();
    request('3');
    request('4');
    await calls[1]!.finish();
    await calls[2]!.finish();

    await first;
    expect(applied()).toEqual(['1', '2', '4']);
  });

  it('does not apply again the value just applied', async () => {
    const { apply, calls, applied } = controlledApply();
    const request = latestWins(apply, () => undefined);

    const done = Promise.all(['on', 'off', 'on'].map((value) => request(value)));
    await calls[0]!.finish();

    await done;
    expect(applied()).toEqual(['on']);
  });

  it('drops the requests made during a failed application', async () => {
    const { apply, calls, applied } = controlledApply();
    const onIdle = vi.fn();
    const request = latestWins(apply, onIdle);

    const done = Promise.all([request('on'), request('off')]);
    await calls[0]!.finish(false);

    await done;
    expect(applied()).toEqual(['on']);
    expect(onIdle).toHaveBeenCalledOnce();
  });

  it('starts afresh once idle, even with the value applied last: the world may have changed since', async () => {
    const { apply, calls, applied } = controlledApply();
    const onIdle = vi.fn();
    const request = latestWins(apply, onIdle);

    const first = request('on');
    await calls[0]!.finish();
    await first;
    const second = request('on');
    await calls[1]!.finish();
    await second;

    expect(applied()).toEqual(['on', 'on']);
    expect(onIdle).toHaveBeenCalledTimes(2);
  });
});
