/**
 * Every message exchanged between extension contexts, with its payload and reply types.
 * Senders and receivers go through the helpers below; nothing else calls `sendMessage` or `onMessage`.
 */
import { browser, type Browser } from 'wxt/browser';
import type { TabReport } from '../providers/availability';
import type { LocalSettingsSnapshot } from '../flag/channelConnectionFlag';
import type { IsReadyStatus } from '../hubspotApi/isReadyStatus';
import type { MatrixStart } from '../matrix/matrixJournal';
import type { ProviderObservation, ProviderTarget } from '../providers/providerDetection';
import type { ReloadOutcome, Result, TabError } from '../tabs/tabState';
import type { HubSpotAppOrigin } from './hubspotOrigins';


/**
 * Requests the extension sends to the content script of a HubSpot tab (`tabs.sendMessage`). A change names the
 * origin it is meant for: a tab can move to another HubSpot origin between the sender's look and the message, and the
 * page there refuses rather than change that origin's settings.
 */
export interface ContentScriptProtocol {
  readLocalSettings: { payload: null; reply: Result<LocalSettingsSnapshot> };
  setFlag: { payload: { origin: string; enabled: boolean }; reply: Result<LocalSettingsSnapshot> };
  removeLocalSetting: { payload: { origin: string; key: string }; reply: Result<LocalSettingsSnapshot> };
  /** Moves the retired `LocalSettings:Sales:CallingExtensions` to the name HubSpot reads now, refusing to overwrite. */
  moveRetiredKey: { payload: { origin: string }; reply: Result<LocalSettingsSnapshot> };
  /** Sets a test switch (utils/flag/testSwitches.ts) to one of the values HubSpot knows for it, and nothing else. */
  setTestSwitch: { payload: { origin: string; key: string; value: string }; reply: Result<LocalSettingsSnapshot> };
  /** Puts back a raw value exactly as it was (the QA matrix restores even a malformed one). */
  restoreFlag: { payload: { origin: string; value: string | null }; reply: Result<LocalSettingsSnapshot> };
  /** The providers to look for: names and selectors only, never a credential. */
  setProviderTargets: { payload: ProviderTarget[]; reply: null };
}

/** What the point-at script needs: its session, and the names it shows. */
export interface PointingStart {
  session: string;
  name: string;
  profileLabel: string;
}

/** A change a page asks the background to make on a tab. */
export interface TabChangeRequest {
  tabId: number;
  /** The HubSpot origin the change is meant for: a tab that moved to another one meanwhile is left alone. */
  origin: HubSpotAppOrigin;
}

/** How a change ended: whether the tab reloaded to apply it, and the tab as the background now records it. */
export interface TabChangeDone {
  reload: ReloadOutcome;
  report: TabReport | null;
}

/** Messages the background receives (`runtime.sendMessage`). */
export interface BackgroundProtocol {
  /** Sent once by a content script as its page starts: what HubSpot reads on this load. */
  pageLoaded: { payload: LocalSettingsSnapshot; reply: null };
  /** Sent by a content script whenever the `LocalSettings:Calling:*` keys change afterwards. */
  localSettingsChanged: { payload: LocalSettingsSnapshot; reply: null };
  /** Sent by a content script when what it sees of the calling providers changes. */
  providersObserved: { payload: ProviderObservation[]; reply: null };
  /** Asked by a content script when it starts. */
  getProviderTargets: { payload: null; reply: ProviderTarget[] };
  /**
   * Asked by the popup: let the user point at the active profile's app on the tab's page. The popup closes then, so
   * the background holds the session and saves what the user confirms on the page.
   */
  startPointing: { payload: { tabId: number }; reply: Result<null> };
  /**
   * Asked by the point-at script (entrypoints/point-picker.ts) as the background puts it on a page: what to point at,
   * for the session started on that tab; null when none is.
   */
  pointingSession: { payload: null; reply: PointingStart | null };
  /**
   * Sent by the point-at script when the user confirms a selector: saved to the profile the session was started for;
   * the reply says so, or why not, in words. `session` is the one `pointingSession` gave it.
   */
  pointPicked: { payload: { session: string; selector: string }; reply: Result<string, string> };
  /** Sent by the point-at script when its layer closes: the session ends. */
  pointingEnded: { payload: { session: string }; reply: null };
  /**
   * Asked by the popup: the tab's settings read afresh from its page and recorded, with the verdict; or why the page
   * cannot answer.
   */
  readTab: { payload: { tabId: number }; reply: Result<TabReport> };
  /**
   * Asked by the popup, as the keyboard command does in the background itself: set test mode on a tab and reload it
   * when the preference says so. The background does it, so it finishes when the popup closes meanwhile.
   */
  changeTestMode: { payload: TabChangeRequest & { enabled: boolean }; reply: Result<TabChangeDone> };
  /** Asked by the popup: remove one `LocalSettings:Calling:*` key, then reload as for test mode. */
  removeTabSetting: { payload: TabChangeRequest & { key: string }; reply: Result<TabChangeDone> };
  /** Asked by the popup: move the retired CallingExtensions key to its new name, then reload as for test mode. */
  moveRetiredSetting: { payload: TabChangeRequest; reply: Result<TabChangeDone> };
  /** Asked by the popup: set a test switch to a value (null removes it), then reload as for test mode. */
  changeTestSwitch: { payload: TabChangeRequest & { key: string; value: string | null }; reply: Result<TabChangeDone> };
  /** Asked by the popup: reload a tab and answer once it has loaded, or why it could not. */
  reloadTab: { payload: { tabId: number }; reply: Result<null> };
  /**
   * Asked by the popup: fetch the active profile's isReady status, cache it, and answer it (`null`: no active
   * profile). The background does the request so that it finishes even when the popup closes meanwhile.
   */
  refreshIsReadyStatus: { payload: null; reply: IsReadyStatus | null };
  /**
   * Asked by the options page: run the QA matrix for a profile's app on a tab. The background runs it, so closing
   * the page does not stop it; the run's progress is in `matrixRunsItem`. Refused, with the reason, when another run
   * of the same app is going.
   */
  startMatrix: { payload: { profileId: string; tabId: number }; reply: MatrixStart };
  /** Asked by the options page: stop a run before its next row; it restores as always. */
  stopMatrix: { payload: { runId: string }; reply: null };
}

/**
 * Background messages that make it use a credential or act on a tab. A content script runs inside HubSpot's page, so
 * only the extension's own pages may ask for them.
 */
const EXTENSION_PAGES_ONLY: ReadonlySet<string> = new Set<keyof BackgroundProtocol>([
  'refreshIsReadyStatus',
  'startMatrix',
  'stopMatrix',
  'readTab',
  'changeTestMode',
  'removeTabSetting',
  'changeTestSwitch',
  'moveRetiredSetting',
  'reloadTab',
  'startPointing',
]);

/** Messages extension pages (popup, options) receive from the background. */
export interface ExtensionPageProtocol {
  /** Sent when a tab's record changes, and to every tab's when isReady or the active profile does. */
  tabReportChanged: { payload: { tabId: number; report: TabReport }; reply: null };
  /** Sent when a change a page asked for is written and the tab's reload begins. */
  tabReloading: { payload: { tabId: number }; reply: null };
}

type Protocol<P> = { [K in keyof P]: { payload: unknown; reply: unknown } };

export type Handlers<P extends Protocol<P>> = {
  [K in keyof P]: (payload: P[K]['payload'], sender: Browser.runtime.MessageSender) => P[K]['reply'] | Promise<P[K]['reply']>;
};

/** Words for a message the background did not answer (it was restarting, or the extension was updated meanwhile). */
export function backgroundDidNotAnswer(error: unknown): string {
  return `The extension's background did not answer: ${error instanceof Error ? error.message : String(error)}`;
}

/** A tab change the background did not answer, as the result a page shows. */
export const unansweredChange = (error: unknown): { ok: false; error: TabError } => ({
  ok: false,
  error: { code: 'unknown', message: backgroundDidNotAnswer(error) },
});

/** Marks our envelopes so a stray message from another source is never mistaken for one of ours. */
const CHANNEL = 'channel-connection-tester';

interface Envelope {
  channel: typeof CHANNEL;
  type: string;
  payload: unknown;
}

function isEnvelope(message: unknown): message is Envelope {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as Partial<Envelope>).channel === CHANNEL &&
    typeof (message as Partial<Envelope>).type === 'string'
  );
}

/**
 * Messages every frame's content script takes: the providers may be shown in a frame. The others are about the
 * tab's page (its flag, its local settings) and go to its top frame only, so no frame can answer for it.
 */
const TO_EVERY_FRAME: ReadonlySet<keyof ContentScriptProtocol> = new Set(['setProviderTargets']);

/** The content script's reply; a handler's error rejects with its message. */
export async function sendToContentScript<K extends keyof ContentScriptProtocol>(
  tabId: number,
  type: K,
  payload: ContentScriptProtocol[K]['payload'],
): Promise<ContentScriptProtocol[K]['reply']> {
  const envelope: Envelope = { channel: CHANNEL, type, payload };
  return TO_EVERY_FRAME.has(type) ? browser.tabs.sendMessage(tabId, envelope) : browser.tabs.sendMessage(tabId, envelope, { frameId: 0 });
}

/** Tells open extension pages; none being open is not an error. */
export function sendToExtensionPages<K extends keyof ExtensionPageProtocol>(
  type: K,
  payload: ExtensionPageProtocol[K]['payload'],
): Promise<void> {
  const envelope: Envelope = { channel: CHANNEL, type, payload };
  return browser.runtime.sendMessage(envelope).then(
    () => undefined,
    () => undefined,
  );
}

/** The background's reply; a handler's error rejects with its message. */
export async function sendToBackground<K extends keyof BackgroundProtocol>(
  type: K,
  payload: BackgroundProtocol[K]['payload'],
): Promise<BackgroundProtocol[K]['reply']> {
  const envelope: Envelope = { channel: CHANNEL, type, payload };
  return browser.runtime.sendMessage(envelope);
}

/** A page of this extension (popup, options), as opposed to a content script, whose sender URL is the web page's. */
function isExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  return sender.url !== undefined && sender.url.startsWith(browser.runtime.getURL('/'));
}

/**
 * Answers messages of one protocol. Only messages sent by this extension (`sender.id`) are answered, and those in
 * `EXTENSION_PAGES_ONLY` only when they come from one of its pages; anything else, including messages from other
 * extensions, gets no reply at all. Returns a function that stops listening.
 */
function listen<P extends Protocol<P>>(handlers: Handlers<P>, pagesOnly: ReadonlySet<string> = new Set()): () => void {
  // A returned promise is the reply, and its rejection reaches the sender as one, with the error's message (Firefox,
  // Chrome 148+, and webextension-polyfill in older Chrome). `undefined` is no reply, so another listener may answer.
  const listener = (message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> | undefined => {
    if (sender.id !== browser.runtime.id || !isEnvelope(message) || !Object.hasOwn(handlers, message.type)) {
      return undefined;
    }
    if (pagesOnly.has(message.type) && !isExtensionPage(sender)) return undefined;
    const handler = handlers[message.type as keyof P] as (payload: unknown, sender: Browser.runtime.MessageSender) => unknown;
    // The executor turns a handler that throws into a rejection too.
    return new Promise((resolve) => resolve(handler(message.payload, sender)));
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

export const onContentScriptMessage = (handlers: Handlers<ContentScriptProtocol>) => listen(handlers);
export const onBackgroundMessage = (handlers: Handlers<BackgroundProtocol>) => listen(handlers, EXTENSION_PAGES_ONLY);
export const onExtensionPageMessage = (handlers: Handlers<ExtensionPageProtocol>) => listen(handlers);
