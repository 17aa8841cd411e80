/**
 * Whether a batch of DOM mutations can change what a provider scan reports. It runs in the mutation observer's
 * callback on pages that change all day, so it only reads what the records point at: a scan is the expensive part,
 * and most of a busy page's changes (feeds, timers, counters, toasts) can be ruled out without one.
 *
 * A change counts when it
 * - happens in or on an element a verdict was read from, or on an ancestor of one (attributes there reach the choice
 *   through inheritance and descendant selectors);
 * - can make a name appear: text or a label that holds a name's keyword, or text next to it in an element short
 *   enough to be a name with a badge (a word removed from "Acme Dialer (legacy)");
 * - adds or removes a stylesheet, or the control a watched label points at;
 * - removes an element a verdict was read from.
 * Siblings are not followed: a verdict that depends on a `+`, `~` or `:nth-child` rule about an unrelated sibling is
 * re-read at the next change that counts.
 */
import { NAME_BADGE_ROOM, normalize, parentAcross, targetKeywords, type ProviderTarget } from './providerDetection';

export interface MutationContext {
  /** Lower-case strings one of which any text showing a target's name holds. */
  keywords: string[];
  /** The longest text, whitespace collapsed, that can still be a target's name, cut or whole. */
  maxNameLength: number;
  /** The elements the last scan read verdicts from. */
  watched: Element[];
  /**
   * The ids watched elements point at, whose elements may not exist yet: a label's control (`<label for>`), a choice's
   * description (`aria-describedby`).
   */
  labelledIds: string[];
  /** A user's CSS selector can start or stop matching after any change, so every change counts. */
  everyChangeCounts: boolean;
}

/**
 * What the watcher observes. Attributes are only those the classifier reads, directly or through a stylesheet or a
 * label: other attribute changes cannot change a verdict.
 */
export const OBSERVED_MUTATIONS: MutationObserverInit = {
  childList: true,
  subtree: true,
  characterData: true,
  attributes: true,
  attributeFilter: [
    'disabled', 'aria-disabled', 'inert', 'hidden', 'class', 'style', 'aria-label', 'title', 'role',
    'data-disabled', 'data-state', 'href', 'type', 'for', 'id', 'rel', 'media', 'aria-describedby', 'data-icon', 'data-testid', 'alt',
  ],
};

/** Room after a name for an ellipsis (" …", "...") or a badge (" · (recommended)"). */
const ROOM_AFTER_NAME = Math.max(4, NAME_BADGE_ROOM);

/**
 * `root`: the page scanned. Besides the watched labels, a label there that names an app but points at a control not
 * there yet is no choice today: adding the control makes it one, so its id is watched too.
 */
export function mutationContext(targets: readonly ProviderTarget[], watched: Element[], root?: ParentNode): MutationContext {
  const keywords = [...new Set(targets.flatMap(targetKeywords))];
  const naming = root ? Array.from(root.querySelectorAll('label[for]')).filter((label) => mentionsAny(label.textContent, keywords)) : [];
  const labels = [...watched.filter((element) => element.localName === 'label'), ...naming] as HTMLLabelElement[];
  return {
    keywords,
    maxNameLength: Math.max(0, ...targets.map((target) => normalize(target.name).length)) + ROOM_AFTER_NAME,
    watched,
    labelledIds: [
      ...new Set([
        ...labels.map((label) => label.htmlFor),
        ...watched.flatMap((element) => (element.getAttribute('aria-describedby') ?? '').split(/\s+/)),
      ]),
    ].filter(Boolean),
    everyChangeCounts: targets.some((target) => Boolean(target.selector?.trim())),
  };
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
/** Never shown as text; HubSpot inlines app data, names included, in scripts. */
const TEXTLESS_TAGS = new Set(['script', 'template', 'noscript', 'style']);
const NAMING_ATTRIBUTES = new Set(['aria-label', 'title']);
const STYLESHEETS = 'style, link[rel~="stylesheet" i]';

const mentionsAny = (text: string | null | undefined, keywords: readonly string[]) => {
  const lower = (text ?? '').toLowerCase();
  return keywords.some((keyword) => lower.includes(keyword));
};

/** Stylesheets decide opacity, pointer-events and visibility, which the classifier reads. */
export function isStylesheet(node: Node | EventTarget | null): boolean {
  if (!node || (node as Node).nodeType !== ELEMENT_NODE) return false;
  const element = node as Element;
  return element.localName === 'style' || (element.localName === 'link' && /(^|\s)stylesheet(\s|$)/i.test(element.getAttribute('rel') ?? ''));
}

/** Whether `ancestor` holds `element`, across shadow roots: an attribute on a host reaches the choices in its shadow. */
function holdsAcross(ancestor: Node, element: Element): boolean {
  for (let current: Element | null = element; current; current = parentAcross(current)) if (current === ancestor) return true;
  return false;
}

/**
 * An added element whose content its `textContent` does not show: a host of a shadow root (open, or closed and seen
 * only as a custom element), or a frame. It may hold the picker, or hide it, which a report then says.
 */
function holdsHiddenContent(node: Node): boolean {
  if (node.nodeType !== ELEMENT_NODE) return false;
  const hides = (element: Element) => element.shadowRoot !== null || element.localName.includes('-') || element.localName === 'iframe' || element.localName === 'frame';
  const element = node as Element;
  return hides(element) || Array.from(element.querySelectorAll('*')).some(hides);
}

const holdsStylesheet = (node: Node) => node.nodeType === ELEMENT_NODE && (isStylesheet(node) || (node as Element).querySelector(STYLESHEETS) !== null);

/** Whether an added node shows a target's name, in its text or in a label or title. */
function mayShowTarget(node: Node, keywords: readonly string[]): boolean {
  if (node.nodeType === TEXT_NODE) return mentionsAny(node.nodeValue, keywords);
  if (node.nodeType !== ELEMENT_NODE) return false;
  const element = node as Element;
  if (TEXTLESS_TAGS.has(element.localName)) return false;
  if (mentionsAny(element.textContent, keywords)) return true;
  const named = [element, ...Array.from(element.querySelectorAll('[aria-label],[title]'))];
  return named.some((candidate) => mentionsAny(candidate.getAttribute('aria-label'), keywords) || mentionsAny(candidate.getAttribute('title'), keywords));
}

/** Whether a change of text under `node` can complete a name: some element up from it is short enough and holds a keyword. */
function mayCompleteName(node: Node, context: MutationContext): boolean {
  for (let element = node.nodeType === ELEMENT_NODE ? (node as Element) : node.parentElement; element; element = element.parentElement) {
    const text = normalize(element.textContent);
    if (text.length > context.maxNameLength) return false;
    if (context.keywords.some((keyword) => text.includes(keyword))) return true;
  }
  return false;
}

export function mayChangeProviders(records: readonly MutationRecord[], context: MutationContext): boolean {
  if (context.everyChangeCounts) return true;
  const { keywords, watched, labelledIds } = context;
  const inWatched = (node: Node) => watched.some((element) => element.contains(node));
  const aroundWatched = (node: Node) => watched.some((element) => element.contains(node) || holdsAcross(node, element));
  const holdsLabelledControl = (node: Node) =>
    labelledIds.some((id) => {
      const control = node.ownerDocument?.getElementById(id);
      return control !== null && control !== undefined && node.contains(control);
    });
  const textTargets = new Set<Node>();
  let lostWatched: boolean | undefined;

  for (const record of records) {
    const { target } = record;
    if (record.type === 'attributes') {
      const name = record.attributeName ?? '';
      if (aroundWatched(target) || isStylesheet(target)) return true;
      if (NAMING_ATTRIBUTES.has(name) && mentionsAny((target as Element).getAttribute(name), keywords)) return true;
      if (name === 'id' && labelledIds.includes((target as Element).id)) return true;
      continue;
    }
    if (!textTargets.has(target)) {
      textTargets.add(target);
      if (inWatched(target) || mayCompleteName(target, context)) return true;
      if (isStylesheet(target.nodeType === TEXT_NODE ? target.parentElement : target)) return true;
    }
    if (record.type === 'characterData') {
      if (mentionsAny(target.nodeValue, keywords)) return true;
      continue;
    }
    for (const node of Array.from(record.addedNodes)) {
      if (mayShowTarget(node, keywords) || holdsStylesheet(node) || holdsLabelledControl(node) || holdsHiddenContent(node)) return true;
    }
    if (record.removedNodes.length > 0) {
      if (Array.from(record.removedNodes).some(holdsStylesheet)) return true;
      lostWatched ??= watched.some((element) => !element.isConnected);
      if (lostWatched) return true;
    }
  }
  return false;
}
