// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { contentScriptLifetime } from '../contentScriptLifetime';

function setup() {
  let extensionId: string | undefined = 'extension-id';
  const lifetime = contentScriptLifetime(() => extensionId);
  const stop = vi.fn();
  lifetime.onEnd(stop);
  return { lifetime, stop, removeExtension: () => (extensionId = undefined), restoreExtension: () => (extensionId = 'extension-id') };
}

describe('contentScriptLifetime', () => {
  it('lives as long as the extension does', () => {
    const { lifetime, stop } = setup();
    expect(lifetime.isAlive()).toBe(true);
    expect(lifetime.isAlive()).toBe(true);
    expect(stop).not.toHaveBeenCalled();
    expect(lifetime.signal.aborted).toBe(false);
  });

  it('ends once, when it notices the extension is gone, and stays ended', () => {
    const { lifetime, stop, removeExtension, restoreExtension } = setup();
    removeExtension();
    expect(lifetime.isAlive()).toBe(false);
    expect(lifetime.isAlive()).toBe(false);
    restoreExtension();
    expect(lifetime.isAlive()).toBe(false);
    expect(stop).toHaveBeenCalledTimes(1);
    expect(lifetime.signal.aborted).toBe(true);
  });

  it('removes the listeners given its signal when it ends', () => {
    const { lifetime, removeExtension } = setup();
    const onStorage = vi.fn();
    window.addEventListener('storage', onStorage, { signal: lifetime.signal });
    window.dispatchEvent(new StorageEvent('storage', { key: 'LocalSettings:Calling:supportsChannelConnection' }));
    removeExtension();
    lifetime.isAlive();
    window.dispatchEvent(new StorageEvent('storage', { key: 'LocalSettings:Calling:supportsChannelConnection' }));
    expect(onStorage).toHaveBeenCalledTimes(1);
  });
});
