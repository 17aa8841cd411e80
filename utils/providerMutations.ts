/**
 * Whether a batch of DOM mutations can change what a provider scan reports. It runs in the mutation observer's
 * callback on pages that change all day, so it only reads what the records point at: a scan is the expensive part,
 * and most of a busy page's changes (feeds, timers, counters) can be ruled out without one.
 */
import { targetKeywords, type ProviderTarget } from './providerDetection';

export interface MutationContext {
  /** Lower-case strings one of which any text showing a target's name holds. */
  keywords: string[];
  /** The elements the last scan read verdicts from: a change in, around or above them can change a verdict. */
  watched: Element[];
  /** A user's CSS selector can start or stop matching after any change, so every change counts. */
  everyChangeCounts: boolean;
}

export function mutationContext(targets: readonly ProviderTarget[], watched: Element[]): MutationContext {
  return {
    keywords: [...new Set(targets.flatMap(targetKeywords))],
    watched,
    everyChangeCounts: targets.some((target) => Boolean(target.selector?.trim())),
  };
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
/** Stylesheets decide opacity, pointer-events and visibility, which the classifier reads. */
const STYLE_TAGS = new Set(['style', 'link']);
/** Never shown as text; HubSpot inlines app data, names included, in scripts. */
const TEXTLESS_TAGS = new Set(['script', 'template', 'noscript']);
const NAMING_ATTRIBUTES = new Set(['aria-label', 'title']);

const mentionsAny = (text: string | null | undefined, keywords: readonly string[]) => {
  const lower = (text ?? '').toLowerCase();
  return keywords.some((keyword) => lower.includes(keyword));
};

/** Whether an added node can show a target's name, or restyle the page. */
function mayShowTarget(node: Node, keywords: readonly string[]): boolean {
  if (node.nodeType === TEXT_NODE) return mentionsAny(node.nodeValue, keywords);
  if (node.nodeType !== ELEMENT_NODE) return false;
  const element = node as Element;
  if (STYLE_TAGS.has(element.localName)) return true;
  if (TEXTLESS_TAGS.has(element.localName)) return false;
  if (mentionsAny(element.textContent, keywords)) return true;
  const named = [element, ...Array.from(element.querySelectorAll('[aria-label],[title]'))];
  return named.some((candidate) => mentionsAny(candidate.getAttribute('aria-label'), keywords) || mentionsAny(candidate.getAttribute('title'), keywords));
}

export function mayChangeProviders(records: readonly MutationRecord[], context: MutationContext): boolean {
  if (context.everyChangeCounts) return true;
  const { keywords, watched } = context;
  const checkedTargets = new Set<Node>();
  const touchesWatched = (node: Node) =>
    watched.some((element) => element === node || element.contains(node) || node.contains(element));
  let lostWatched: boolean | undefined;

  for (const record of records) {
    const { target } = record;
    if (!checkedTargets.has(target)) {
      checkedTargets.add(target);
      if (touchesWatched(target)) return true;
      const styleElement = target.nodeType === TEXT_NODE ? target.parentElement : target;
      if (styleElement && STYLE_TAGS.has((styleElement as Element).localName)) return true;
    }
    if (record.type === 'characterData') {
      if (mentionsAny(target.nodeValue, keywords)) return true;
    } else if (record.type === 'attributes') {
      if (NAMING_ATTRIBUTES.has(record.attributeName ?? '') && mentionsAny((target as Element).getAttribute(record.attributeName ?? ''), keywords)) return true;
    } else {
      for (const node of Array.from(record.addedNodes)) if (mayShowTarget(node, keywords)) return true;
      if (record.removedNodes.length > 0) {
        lostWatched ??= watched.some((element) => !element.isConnected);
        if (lostWatched) return true;
      }
    }
  }
  return false;
}
