/**
 * Decides from DOM signals alone whether a calling provider shown on a HubSpot page is selectable or greyed out.
 * HubSpot's markup is unknown and changes, so every rule is general, and anything ambiguous is 'unknown': a wrong
 * 'selectable' or 'greyed-out' would make QA trust a mismatch warning that is not there.
 */

import { hubspotAppOrigin } from '../platform/hubspotOrigins';

export type ObservedState = 'selectable' | 'greyed-out' | 'unknown';

export interface ProviderTarget {
  profileId: string;
  name: string;
  selector?: string;
}

export interface ProviderObservation {
  profileId: string;
  name: string;
  state: ObservedState;
  /** How the provider was found: its name, its name cut with an ellipsis, the user's CSS selector, or not found. */
  matchedBy: 'name' | 'truncated-name' | 'selector' | 'none';
  matches: number;
  /** Why: the signals seen, in words short enough for a popup, e.g. 'disabled', 'aria-disabled', 'inert ancestor', 'disabled fieldset', 'pointer-events: none', 'opacity 0.4', 'hidden', 'not interactive', '2 matches disagree', 'invalid selector'. */
  signals: string[];
}

type MatchedBy = ProviderObservation['matchedBy'];

/** The signal of a provider whose name the page shows, but not on anything a user can choose. */
export const NAME_ONLY_OUTSIDE_CHOICES = 'name only outside choices';
/** How the signals of parts of the page no scan can read start: a provider not found may be there. */
export const UNREADABLE = 'cannot read';
type Classification = { state: ObservedState; signals: string[] };

const FORM_CONTROLS = new Set(['button', 'input', 'select', 'textarea', 'option', 'optgroup', 'fieldset']);
const INTERACTIVE_ROLES = new Set(['button', 'option', 'radio', 'menuitem', 'menuitemradio', 'checkbox', 'tab', 'link', 'switch']);
/** Containers of many choices: a focusable dialog or list around a name is not the choice itself. */
const CONTAINER_TAGS = new Set(['html', 'body', 'form', 'fieldset', 'dialog', 'ul', 'ol', 'table', 'main', 'nav']);
const CONTAINER_ROLES = new Set(['dialog', 'alertdialog', 'listbox', 'menu', 'menubar', 'radiogroup', 'tablist', 'grid', 'tree', 'treegrid', 'toolbar', 'list', 'table']);
/** Their text is never shown as text, and HubSpot inlines app data in scripts. */
const TEXTLESS_TAGS = new Set(['head', 'script', 'style', 'template', 'noscript']);
const MAX_ANCESTORS = 6;
const MIN_TRUNCATED_PREFIX = 4;

/** The element above `node` as the page shows it: its parent, or the host of the shadow root it tops. */
export const parentAcross = (node: Element): Element | null => node.parentElement ?? (node.parentNode as Partial<ShadowRoot> | null)?.host ?? null;

/** What one walk over the page finds besides its light DOM: where a picker may render, or hide. */
interface PageParts {
  /** Every open shadow root, nested ones too: pickers built as web components render there. */
  shadowRoots: ShadowRoot[];
  frames: Element[];
  /** Elements of custom tags, the only ones a page can give a closed shadow root of its own. */
  customElements: Element[];
}

/** The element the point-at layer lives in (utils/providers/pointPicker.ts): never part of the page a scan reads. */
export const POINT_PICKER_TAG = 'cct-point-picker';

function walkPage(root: ParentNode): PageParts {
  const parts: PageParts = { shadowRoots: [], frames: [], customElements: [] };
  const visit = (scope: ParentNode) => {
    for (const element of Array.from(scope.querySelectorAll('*'))) {
      if (element.localName === POINT_PICKER_TAG) continue;
      if (element.localName === 'iframe' || element.localName === 'frame') parts.frames.push(element);
      else if (element.localName.includes('-')) parts.customElements.push(element);
      const shadow = element.shadowRoot;
      if (!shadow) continue;
      parts.shadowRoots.push(shadow);
      visit(shadow);
    }
  };
  visit(root);
  return parts;
}

export const openShadowRoots = (root: ParentNode): ShadowRoot[] => walkPage(root).shadowRoots;

/** Text as the page shows it to a reader: whitespace collapsed, case ignored. */
export const normalize = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
const roleOf = (element: Element) => normalize(element.getAttribute('role')).split(' ')[0] ?? '';
const isDisabledControl = (element: Element) =>
  FORM_CONTROLS.has(element.localName) && (element as { disabled?: unknown }).disabled === true;

function isInteractive(element: Element): boolean {
  const tag = element.localName;
  if (tag === 'button' || tag === 'select' || tag === 'textarea' || tag === 'option') return true;
  if (tag === 'input') return (element as HTMLInputElement).type !== 'hidden';
  if (tag === 'a' && element.hasAttribute('href')) return true;
  if (tag === 'label' && (element as HTMLLabelElement).control) return true;
  // A tabindex alone makes an element focusable, not a choice: single-page apps focus headings (tabindex="-1").
  return INTERACTIVE_ROLES.has(roleOf(element));
}

const isContainer = (element: Element) => CONTAINER_TAGS.has(element.localName) || CONTAINER_ROLES.has(roleOf(element));

/**
 * Words that say a choice cannot be taken now, found in the choice's text, its description (`aria-describedby`) or
 * the name of an icon in it. Strong ones say so unambiguously, so the choice is greyed out; weak ones may be about
 * something else (a plan name, a requirement met), so the choice is at best unknown, never selectable.
 */
export const UNAVAILABILITY_CUES: ReadonlyArray<{ words: RegExp; strong: boolean }> = [
  { words: /\bupgrade (?:is )?required\b/, strong: true },
  { words: /\bupgrade to (?:use|connect|unlock)\b/, strong: true },
  { words: /\bnot available\b/, strong: true },
  { words: /\bunavailable\b/, strong: true },
  { words: /\bcoming soon\b/, strong: true },
  { words: /\blocked\b/, strong: true },
  { words: /\bcontact your (?:hubspot )?(?:admin|administrator|account admin)\b/, strong: true },
  { words: /\bupgrade\b/, strong: false },
  { words: /\brequires?\b/, strong: false },
];

/** An icon's class, `data-icon` or test id naming a lock: `fa-lock`, `icon-padlock`, `data-icon="locked"`. */
const LOCK_TOKEN = /(?:^|[-_\s])(?:lock|locked|padlock)(?:$|[-_\s])/i;
const ICONS = 'svg, img, i, [role="img"], [class*="icon" i], [class*="material-symbols" i], [data-icon]';

/** The words a short badge after a provider's name may say; the name still matches with one ("Acme Dialer BETA"). */
export const NAME_BADGES: readonly string[] = ['beta', 'new', 'recommended', 'connected', 'installed', 'preview', 'popular', 'featured'];
const BADGE_AFTER_NAME = new RegExp(`^ ?[·|•–—-]? ?\\(?(?:${NAME_BADGES.join('|')})\\)?$`);
/** The most a badge adds to a name's text: a space, a separator, a space, and the badge in parentheses. */
export const NAME_BADGE_ROOM = Math.max(...NAME_BADGES.map((badge) => badge.length)) + 5;

/**
 * Whether `text` shows `name`: exactly, or followed by one badge. Look-alikes ("Acme Dialer Pro", "Acme Dialer for
 * Salesforce") never match.
 */
export function showsName(text: string, name: string): boolean {
  return text === name || (text.startsWith(name) && BADGE_AFTER_NAME.test(text.slice(name.length)));
}

/** Headings, navigation and page chrome name things; a control in them is never the choice of a provider. */
function inPageChrome(element: Element): boolean {
  for (let node: Element | null = element; node; node = parentAcross(node)) {
    const tag = node.localName;
    const role = roleOf(node);
    if (/^h[1-6]$/.test(tag) || tag === 'nav' || role === 'heading' || role === 'navigation' || role === 'banner' || role === 'contentinfo') {
      return true;
    }
    if (/breadcrumb/i.test(`${node.getAttribute('aria-label') ?? ''} ${node.getAttribute('class') ?? ''}`)) return true;
  }
  return false;
}

function iconName(icon: Element): string {
  const titled = icon.localName === 'svg' ? icon.querySelector('title')?.textContent : null;
  return normalize(icon.getAttribute('aria-label') ?? icon.getAttribute('title') ?? icon.getAttribute('alt') ?? titled);
}

/** The elements that describe a choice (`aria-describedby`, on it or on the control of a label). */
export function descriptionsOf(element: Element): Element[] {
  const root = element.getRootNode() as Document | ShadowRoot;
  const describers = [element, element.localName === 'label' ? (element as HTMLLabelElement).control : null];
  return describers.flatMap((describer) =>
    (describer?.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => root.getElementById?.(id))
      .filter((description): description is HTMLElement => description !== null && description !== undefined),
  );
}

/**
 * An element's text with its pieces apart, as the page lays them out: "Locked" in one span and the name in the next
 * read as two words, where `textContent` runs them together.
 */
function spacedText(element: Element): string {
  const pieces: string[] = [];
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) pieces.push(child.nodeValue ?? '');
      else if (child.nodeType === 1 && !TEXTLESS_TAGS.has((child as Element).localName)) walk(child);
    }
  };
  walk(element);
  return normalize(pieces.join(' '));
}

/** The texts a choice shows about itself besides its name: its own text and its descriptions. */
function cueTexts(element: Element, name: string): Array<{ where: string; text: string }> {
  const withoutName = (text: string) => (name ? text.split(name).join(' ') : text);
  return [
    { where: 'says', text: withoutName(spacedText(element)) },
    { where: 'title says', text: withoutName(normalize(element.getAttribute('title'))) },
    ...descriptionsOf(element).map((description) => ({ where: 'description says', text: spacedText(description) })),
  ];
}

/** The unavailability cues a choice carries, as signals: strong ones grey it out, weak ones keep it from selectable. */
function unavailabilityCues(element: Element, name: string): { strong: string[]; weak: string[] } {
  const cues = { strong: [] as string[], weak: [] as string[] };
  const seen = (signal: string, strong: boolean) => {
    if (!cues.strong.includes(signal) && !cues.weak.includes(signal)) (strong ? cues.strong : cues.weak).push(signal);
  };
  for (const { where, text } of cueTexts(element, name)) {
    const cue = UNAVAILABILITY_CUES.find(({ words }) => words.test(text));
    if (cue) seen(`${where} "${cue.words.exec(text)?.[0]}"`, cue.strong);
  }
  for (const icon of Array.from(element.querySelectorAll(ICONS))) {
    const named = iconName(icon);
    // `LockIcon`, `LockOutlined`: design systems name icons in camel case.
    const tokens = `${icon.getAttribute('class') ?? ''} ${icon.getAttribute('data-icon') ?? ''} ${icon.getAttribute('data-testid') ?? ''}`.replace(
      /([a-z])([A-Z])/g,
      '$1 $2',
    );
    const ligature = /material/i.test(icon.getAttribute('class') ?? '') ? normalize(icon.textContent) : '';
    if (LOCK_TOKEN.test(tokens) || LOCK_TOKEN.test(named) || LOCK_TOKEN.test(ligature)) {
      seen(named ? `lock icon "${named}"` : 'lock icon', true);
    } else if (named) {
      const cue = UNAVAILABILITY_CUES.find(({ words }) => words.test(named));
      if (cue) seen(`icon "${named}"`, cue.strong);
    }
  }
  return cues;
}

/** How a form control is disabled, following the HTML spec's rules for fieldsets (their first legend stays enabled). */
function controlDisabledBy(element: Element): string | undefined {
  if (isDisabledControl(element)) return 'disabled';
  for (let child = element, parent = element.parentElement; parent; child = parent, parent = parent.parentElement) {
    if (!isDisabledControl(parent)) continue;
    if (parent.localName !== 'fieldset') return parent.localName === 'optgroup' ? 'disabled optgroup' : 'disabled ancestor';
    const firstLegend = Array.from(parent.children).find((node) => node.localName === 'legend');
    if (child !== firstLegend) return 'disabled fieldset';
  }
  return undefined;
}

/** A class, data attribute or stray `disabled` attribute that names a disabled state without the browser enforcing it. */
function disabledMarkup(element: Element): string | undefined {
  for (const token of Array.from(element.classList)) if (/(^|[-_])disabled$/i.test(token)) return `class ${token}`;
  const data = element.getAttribute('data-disabled');
  if (data !== null && data !== 'false') return 'data-disabled';
  if (element.getAttribute('data-state') === 'disabled') return 'data-state=disabled';
  if (element.hasAttribute('disabled') && !FORM_CONTROLS.has(element.localName)) return 'disabled attribute';
  return undefined;
}

function classify(element: Element, name: string): Classification {
  const strong = new Set<string>();
  /** Opacity, cursor and markup each count once, so that markup alone (class plus data attribute) stays ambiguous. */
  const weak = new Map<'opacity' | 'cursor' | 'markup', string>();
  const view = element.ownerDocument.defaultView;
  const styleOf = (node: Element) => (view && element.isConnected ? view.getComputedStyle(node) : undefined);
  let hidden = !styleOf(element);

  const disabledBy = controlDisabledBy(element);
  if (disabledBy) strong.add(disabledBy);
  const control = element.localName === 'label' ? (element as HTMLLabelElement).control : null;
  if (control && control !== element) {
    const controlDisabled = controlDisabledBy(control);
    if (controlDisabled) strong.add(controlDisabled);
    if (normalize(control.getAttribute('aria-disabled')) === 'true') strong.add('aria-disabled');
  }

  let opacity = 1;
  for (let node: Element | null = element; node; node = parentAcross(node)) {
    const where = node === element ? '' : ' ancestor';
    if (normalize(node.getAttribute('aria-disabled')) === 'true') strong.add(`aria-disabled${where}`);
    if (node.hasAttribute('inert')) strong.add(`inert${where}`);
    if (node.hasAttribute('hidden')) hidden = true;
    // Pages put state classes such as `scroll-disabled` on <body> while a dialog is open.
    const markup = node.localName === 'body' || node.localName === 'html' ? undefined : disabledMarkup(node);
    if (markup && !weak.has('markup')) weak.set('markup', markup);
    const style = styleOf(node);
    if (!style) continue;
    if (style.display === 'none') hidden = true;
    const own = Number.parseFloat(style.opacity);
    if (own >= 0 && own < 1) opacity *= own;
  }
  if (opacity <= 0.5 + 1e-9) weak.set('opacity', `opacity ${Number(opacity.toFixed(2))}`);

  // Inherited properties: the element's own computed value already accounts for its ancestors and any override.
  const style = styleOf(element);
  if (style) {
    if (style.visibility === 'hidden' || style.visibility === 'collapse') hidden = true;
    if (style.pointerEvents === 'none') strong.add('pointer-events: none');
    if (style.cursor === 'not-allowed') weak.set('cursor', 'cursor: not-allowed');
  }

  const cues = unavailabilityCues(element, name);
  for (const cue of cues.strong) strong.add(cue);

  const signals = [...strong, ...weak.values(), ...cues.weak];
  if (hidden) return { state: 'unknown', signals: ['hidden', ...signals] };
  if (strong.size > 0 || weak.size > 1) return { state: 'greyed-out', signals };
  if (!isInteractive(element)) return { state: 'unknown', signals: ['not interactive', ...signals] };
  return { state: weak.size > 0 || cues.weak.length > 0 ? 'unknown' : 'selectable', signals };
}

/**
 * Classifies one choice element; never throws, and anything it cannot read is 'unknown'. `name`, the provider's
 * (normalized), is left out of the text searched for cues, so a provider called "Unlocked Calls" is not read as one.
 */
export function classifyChoice(element: Element, name = ''): Classification {
  try {
    return classify(element, name);
  } catch {
    return { state: 'unknown', signals: ['detection error'] };
  }
}

/**
 * Collects the deepest elements whose text `accepts`. `mayContain` is a cheap test on the raw lower-cased text that
 * prunes subtrees which cannot hold a match, so a scan reads little more than the path down to the provider list.
 */
function collectByText(
  parent: ParentNode,
  mayContain: (lower: string) => boolean,
  accepts: (text: string, element: Element) => boolean,
  found: Element[],
): boolean {
  let any = false;
  for (const child of Array.from(parent.children)) {
    if (TEXTLESS_TAGS.has(child.localName)) continue;
    const raw = child.textContent ?? '';
    if (!mayContain(raw.toLowerCase())) continue;
    if (collectByText(child, mayContain, accepts, found)) any = true;
    else if (accepts(normalize(raw), child)) {
      found.push(child);
      any = true;
    }
  }
  return any;
}

/** Words have no whitespace inside, so the longest one appears verbatim in the raw text of any element that matches. */
const longestWord = (name: string) => name.split(' ').reduce((longest, next) => (next.length > longest.length ? next : longest), '');
/** A name cut with an ellipsis keeps at least its first word's first letters. */
const truncationStart = (name: string) => (name.split(' ')[0] ?? '').slice(0, MIN_TRUNCATED_PREFIX);

/**
 * Lower-case strings of which any text that can show the target's name holds at least one, so a change that adds
 * none of them cannot make the name appear. Empty when the target has no name to look for.
 */
export function targetKeywords(target: ProviderTarget): string[] {
  const name = normalize(target.name);
  return name ? [...new Set([longestWord(name), truncationStart(name)])] : [];
}

function exactNameElements(root: ParentNode, name: string): Element[] {
  const word = longestWord(name);
  const found: Element[] = [];
  // A badge in its own element runs into the name in `textContent` ("Acme DialerBETA"): read it apart then.
  const accepts = (text: string, element: Element) =>
    showsName(text, name) || (text.startsWith(name) && text.length <= name.length + NAME_BADGE_ROOM && showsName(spacedText(element), name));
  collectByText(root, (lower) => lower.includes(word), accepts, found);
  for (const element of Array.from(root.querySelectorAll('[aria-label],[title]'))) {
    if (showsName(normalize(element.getAttribute('aria-label')), name) || showsName(normalize(element.getAttribute('title')), name)) found.push(element);
  }
  return found;
}

function truncatedNameElements(root: ParentNode, name: string): Element[] {
  const start = truncationStart(name);
  const found: Element[] = [];
  collectByText(
    root,
    (lower) => lower.includes(start) && (lower.includes('…') || lower.includes('...')),
    (text) => {
      const prefix = /^(.*?)\s*(…|\.\.\.)$/.exec(text)?.[1] ?? '';
      return prefix.length >= MIN_TRUNCATED_PREFIX && name.startsWith(prefix);
    },
    found,
  );
  return found;
}

/**
 * The nearest choice around a name, or null: plain text and a focusable heading are not choices, and neither is a
 * link in a heading, a breadcrumb or navigation. A heading inside a choice (a card's title) is part of the choice.
 */
function choiceAround(nameElement: Element): Element | null {
  let node: Element | null = nameElement;
  for (let level = 0; node && level <= MAX_ANCESTORS && !isContainer(node); level++, node = parentAcross(node)) {
    if (isInteractive(node)) return inPageChrome(node) ? null : node;
  }
  return null;
}

/** The choice a user points at: the nearest one around the element under the pointer, or null. */
export const choiceFor = (pointed: Element): Element | null => choiceAround(pointed);

/** A frame's document when the page may read it (same origin), else null. */
export function frameDocument(element: Element): Document | null {
  if (element.localName !== 'iframe' && element.localName !== 'frame') return null;
  try {
    return (element as HTMLIFrameElement).contentDocument;
  } catch {
    return null;
  }
}

/** The documents of the page's same-origin frames, nested ones too. */
export function framesOf(root: Document): Document[] {
  const documents = walkPage(root).frames.map(frameDocument).filter((document): document is Document => document !== null);
  return documents.flatMap((document) => [document, ...framesOf(document)]);
}

/**
 * What a keyboard user can step through to point at a choice: every choice on the page, in its open shadow roots and
 * in its same-origin frames.
 */
export function choicesOn(root: Document): Element[] {
  return [root, ...framesOf(root)].flatMap((document) =>
    [document, ...walkPage(document).shadowRoots].flatMap((scope) =>
      Array.from(scope.querySelectorAll('button, input, select, option, a[href], label, [role]')).filter((element) => choiceAround(element) === element),
    ),
  );
}

const choicesAround = (named: Element[]) => innermost(named.map(choiceAround).filter((choice): choice is Element => choice !== null));

/**
 * Distinct choices, keeping the innermost when one choice holds another: its classification sees both. A label
 * stands for its control, which is often a visually hidden radio button.
 */
function innermost(elements: Element[]): Element[] {
  const unique = [...new Set(elements)];
  const labelled = new Set(unique.map((element) => (element.localName === 'label' ? (element as HTMLLabelElement).control : null)));
  const kept = unique.filter((element) => !labelled.has(element as HTMLElement));
  return kept.filter((element) => !kept.some((other) => other !== element && element.contains(other)));
}

/** The elements that show the target's provider, and how they were found. Never throws. */
export interface ProviderChoices {
  elements: Element[];
  /** The elements whose text, label or title matched, before each was widened to its choice. */
  named: Element[];
  matchedBy: MatchedBy;
  signals: string[];
}

/**
 * `roots`: where to look, `root` and the open shadow roots under it unless the caller found them already (a scan of
 * several targets looks for them once).
 */
export function findProviderChoices(root: ParentNode, target: ProviderTarget, roots: ParentNode[] = [root, ...openShadowRoots(root)]): ProviderChoices {
  const signals: string[] = [];
  try {
    const selector = target.selector?.trim();
    if (selector) {
      let selected: Element[] = [];
      try {
        selected = roots.flatMap((scope) => Array.from(scope.querySelectorAll(selector)));
      } catch {
        signals.push('invalid selector');
      }
      if (selected.length > 0) return { elements: selected, named: selected, matchedBy: 'selector', signals };
    }
    const name = normalize(target.name);
    if (name) {
      const exact = roots.flatMap((scope) => exactNameElements(scope, name));
      const exactChoices = choicesAround(exact);
      if (exactChoices.length > 0) return { elements: exactChoices, named: exact, matchedBy: 'name', signals };
      const truncated = roots.flatMap((scope) => truncatedNameElements(scope, name));
      const truncatedChoices = choicesAround(truncated);
      if (truncatedChoices.length > 0) return { elements: truncatedChoices, named: truncated, matchedBy: 'truncated-name', signals };
      // Shown, but not as anything a user can choose: not a verdict on the provider.
      const named = [...exact, ...truncated];
      if (named.length > 0) return { elements: [], named, matchedBy: 'none', signals: [...signals, NAME_ONLY_OUTSIDE_CHOICES] };
    }
    return { elements: [], named: [], matchedBy: 'none', signals };
  } catch {
    return { elements: [], named: [], matchedBy: 'none', signals: [...signals, 'detection error'] };
  }
}

/**
 * Hidden copies (tooltips, text measured for truncation) and bare text elsewhere on the page say nothing about the
 * choice, so they are set aside when another match does say something.
 */
const saysNothing = ({ signals }: Classification) => signals[0] === 'hidden' || (signals.length === 1 && signals[0] === 'not interactive');

export interface ProviderScan {
  /** One per target, in the targets' order. */
  observations: ProviderObservation[];
  /** The open shadow roots the scan looked in: changes there are not seen by an observer of the document. */
  shadowRoots: ShadowRoot[];
  /**
   * Every element a verdict was read from: the matches, the choices around them, and the controls of labels among
   * those. A change that touches none of them, and adds no name, cannot change a verdict.
   */
  elements: Element[];
}

/** Where a choice inside a web component is, for the reasons shown: `in the shadow root of <provider-picker>`. */
function shadowHostsOf(elements: Element[]): string[] {
  const hosts = elements.map((element) => (element.getRootNode() as Partial<ShadowRoot>).host?.localName).filter((host): host is string => Boolean(host));
  return [...new Set(hosts)].map((host) => `in the shadow root of <${host}>`);
}

function observe(root: Document, target: ProviderTarget, roots: ParentNode[]): { observation: ProviderObservation; elements: Element[] } {
  const { profileId, name } = target;
  const found = findProviderChoices(root, target, roots);
  const base = { profileId, name, matchedBy: found.matchedBy, matches: found.elements.length };
  const controls = found.elements.map((element) => (element.localName === 'label' ? (element as HTMLLabelElement).control : null));
  const elements = [
    ...new Set([
      ...found.named,
      ...found.elements,
      ...controls.filter((control): control is HTMLElement => control !== null),
      ...found.elements.flatMap(descriptionsOf),
    ]),
  ];
  if (found.elements.length === 0) return { observation: { ...base, state: 'unknown', signals: found.signals }, elements };

  const all = found.elements.map((element) => classifyChoice(element, normalize(name)));
  const telling = all.filter((classification) => !saysNothing(classification));
  const kept = telling.length > 0 ? telling : all;
  const ignored = all.length - kept.length;
  const notes = ignored > 0 ? [...found.signals, `${ignored} other match${ignored > 1 ? 'es' : ''} ignored`] : found.signals;
  const states = new Set(kept.map((classification) => classification.state));
  if (states.size > 1) return { observation: { ...base, state: 'unknown', signals: [...notes, `${kept.length} matches disagree`] }, elements };
  const signals = new Set([...notes, ...shadowHostsOf(found.elements), ...kept.flatMap((classification) => classification.signals)]);
  return { observation: { ...base, state: kept[0]?.state ?? 'unknown', signals: [...signals] }, elements };
}

/**
 * What the browser gives content scripts and pages do not get: a closed shadow root (Chrome's
 * `chrome.dom.openOrClosedShadowRoot`). Only used to say that one is there.
 */
export type ClosedShadowRootOf = (element: Element) => ShadowRoot | null | undefined;

/** The parts of the page a scan cannot read, in words: frames of other origins, closed shadow roots. */
function unreadableParts(root: Document, { frames, customElements }: PageParts, closedShadowRootOf?: ClosedShadowRootOf): string[] {
  const parts = new Set<string>();
  for (const frame of frames) {
    const src = frame.getAttribute('src');
    if (src === null) continue;
    try {
      const url = new URL(src, root.baseURI);
      if (url.protocol.startsWith('http') && !hubspotAppOrigin(url.href)) parts.add(`${UNREADABLE} a frame from ${url.origin}`);
    } catch {
      parts.add(`${UNREADABLE} a frame`);
    }
  }
  if (closedShadowRootOf) {
    for (const element of customElements) {
      if (!element.shadowRoot && closedShadowRootOf(element)) parts.add(`${UNREADABLE} the closed shadow root of <${element.localName}>`);
    }
  }
  return [...parts];
}

/**
 * Observes every target, and says which elements the verdicts came from. A target not found on the page carries the
 * parts of it no scan can read, so "not on this page" is not said where it may be. Never throws.
 */
export function scanProviders(root: Document, targets: ProviderTarget[], closedShadowRootOf?: ClosedShadowRootOf): ProviderScan {
  const scan: ProviderScan = { observations: [], shadowRoots: [], elements: [] };
  if (!Array.isArray(targets) || targets.length === 0) return scan;
  let page: PageParts = { shadowRoots: [], frames: [], customElements: [] };
  try {
    page = walkPage(root);
  } catch {
    // A page that cannot be walked is read in its light DOM only.
  }
  scan.shadowRoots = page.shadowRoots;
  const roots = [root, ...scan.shadowRoots];
  for (const target of targets) {
    try {
      const { observation, elements } = observe(root, target, roots);
      scan.observations.push(observation);
      scan.elements.push(...elements);
    } catch {
      scan.observations.push({ profileId: String(target?.profileId), name: String(target?.name), state: 'unknown', matchedBy: 'none', matches: 0, signals: ['detection error'] });
    }
  }
  const notFound = scan.observations.filter((observation) => observation.matchedBy === 'none');
  if (notFound.length > 0) {
    try {
      const unreadable = unreadableParts(root, page, closedShadowRootOf);
      for (const observation of notFound) observation.signals.push(...unreadable);
    } catch {
      // What cannot be read stays unsaid; the observations stand.
    }
  }
  return scan;
}

/** One observation per target, in the targets' order. Never throws. */
export function observeProviders(root: Document, targets: ProviderTarget[]): ProviderObservation[] {
  return scanProviders(root, targets).observations;
}
