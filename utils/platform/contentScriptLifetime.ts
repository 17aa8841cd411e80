import { browser } from 'wxt/browser';

/**
 * How long the content script works: until the extension that injected it is gone (updated, disabled, removed),
 * which Chrome shows by `runtime.id` reading undefined in the orphaned script.
 *
 * Not WXT's `ctx`: it also ends on a `<extension id>:<entrypoint>:wxt:content-script-started` event on the document,
 * meant to come from a newer copy of the script, and any page can dispatch that event (the id of a published
 * extension is public), which would leave the HubSpot tab without the extension until it reloads. A manifest content
 * script never has a second copy in one document (an update orphans the old one; WXT's dev mode reloads the tab), so
 * the runtime alone decides.
 */
export interface ContentScriptLifetime {
  /** Listeners given this signal are removed when the lifetime ends. */
  readonly signal: AbortSignal;
  /** Whether the extension is still there; asking is what notices that it is gone. */
  isAlive(): boolean;
  onEnd(stop: () => void): void;
}

export function contentScriptLifetime(extensionId: () => string | undefined = () => browser.runtime?.id): ContentScriptLifetime {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    isAlive() {
      if (!controller.signal.aborted && extensionId() === undefined) controller.abort();
      return !controller.signal.aborted;
    },
    onEnd(stop) {
      controller.signal.addEventListener('abort', stop, { once: true });
    },
  };
}
