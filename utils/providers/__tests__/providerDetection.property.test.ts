// @vitest-environment jsdom
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { classifyChoice, observeProviders, type ProviderTarget } from '../providerDetection';

const NAME = 'Stand-in Dialer';
const LOOK_ALIKES = [`${NAME} Pro`, 'Stand-in Dial', `My ${NAME}`, `${NAME}s`];
/** Words that say a choice cannot be taken, as design systems write them beside a name. */
const CUES = ['Upgrade required', 'LOCKED', 'Not available on your plan', 'Requires Sales Hub', 'Coming soon', 'Contact your admin'];
const TEXTS = [NAME, ...LOOK_ALIKES, 'stand-in\u00a0 DIALER', 'Stand-in Dia…', 'Stand-in Dia...', 'Stand-in', ' Dialer', 'Northline Phone', '', ' ', ...CUES];
const TAGS = ['div', 'span', 'button', 'fieldset', 'label', 'input', 'section'] as const;
const INTERACTIVE_ROLES = ['button', 'option', 'radio'];
const RUNS = { numRuns: 200 };
/** jsdom computes styles slowly; hundreds of trees of a few dozen elements take seconds. */
const TIMEOUT_MS = 60_000;

interface Attributes {
  disabled?: true;
  ariaDisabled?: string;
  inert?: true;
  hidden?: true;
  opacity?: string;
  pointerEvents?: string;
  display?: string;
  visibility?: string;
  cursor?: string;
  className?: string;
  role?: string;
  tabindex?: string;
  dataDisabled?: string;
  dataState?: string;
  ariaLabel?: string;
  title?: string;
  dataIcon?: string;
}

interface TreeNode {
  tag: (typeof TAGS)[number];
  attributes: Attributes;
  text: string;
  children: TreeNode[];
}

/** Mostly absent, so that trees without any signal, and so selectable choices, are common too. */
const sometimes = <T,>(...values: T[]) =>
  fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...values) });

function attributesArbitrary(labels: string[]): fc.Arbitrary<Attributes> {
  return fc.record({
    disabled: sometimes(true as const),
    ariaDisabled: sometimes('true', 'false'),
    inert: sometimes(true as const),
    hidden: sometimes(true as const),
    opacity: sometimes('0', '0.3', '0.5', '0.6', '0.8', '1'),
    pointerEvents: sometimes('none', 'auto'),
    display: sometimes('none', 'block', 'inline', 'contents', 'flex'),
    visibility: sometimes('hidden', 'visible'),
    cursor: sometimes('not-allowed', 'pointer'),
    className: sometimes('card', 'is-disabled', 'btn_disabled', 'Disabled', 'disabledish', 'x-disabled-y', 'option selected'),
    role: sometimes(...INTERACTIVE_ROLES, 'presentation', 'dialog', 'radiogroup', 'region'),
    tabindex: sometimes('0', '-1'),
    dataDisabled: sometimes('', 'true', 'false'),
    dataState: sometimes('disabled', 'checked'),
    ariaLabel: sometimes(...labels),
    title: sometimes(...labels),
    dataIcon: sometimes('lock', 'padlock', 'star', 'unlock'),
  });
}

function treeArbitrary(depth: number, texts: string[], labels: string[]): fc.Arbitrary<TreeNode> {
  return fc.record({
    tag: fc.constantFrom(...TAGS),
    attributes: attributesArbitrary(labels),
    text: fc.constantFrom(...texts),
    children: depth === 0 ? fc.constant([]) : fc.array(treeArbitrary(depth - 1, texts, labels), { maxLength: 3 }),
  });
}

const forestArbitrary = (texts = TEXTS, labels = [NAME, ...LOOK_ALIKES]) =>
  fc.array(treeArbitrary(3, texts, labels), { minLength: 1, maxLength: 3 });

function build(node: TreeNode): Element {
  const element = document.createElement(node.tag);
  const a = node.attributes;
  if (a.disabled) element.setAttribute('disabled', '');
  if (a.ariaDisabled) element.setAttribute('aria-disabled', a.ariaDisabled);
  if (a.inert) element.setAttribute('inert', '');
  if (a.hidden) element.setAttribute('hidden', '');
  if (a.opacity) element.style.setProperty('opacity', a.opacity);
  if (a.pointerEvents) element.style.setProperty('pointer-events', a.pointerEvents);
  if (a.display) element.style.setProperty('display', a.display);
  if (a.visibility) element.style.setProperty('visibility', a.visibility);
  if (a.cursor) element.style.setProperty('cursor', a.cursor);
  if (a.className) element.className = a.className;
  if (a.role) element.setAttribute('role', a.role);
  if (a.tabindex) element.setAttribute('tabindex', a.tabindex);
  if (a.dataDisabled !== undefined) element.setAttribute('data-disabled', a.dataDisabled);
  if (a.dataState) element.setAttribute('data-state', a.dataState);
  if (a.ariaLabel) element.setAttribute('aria-label', a.ariaLabel);
  if (a.title) element.setAttribute('title', a.title);
  if (a.dataIcon) element.setAttribute('data-icon', a.dataIcon);
  // The DOM, unlike the HTML parser, lets any element (an <input> too) hold children, which is what we want here.
  element.append(node.text, ...node.children.map(build));
  return element;
}

function mount(forest: TreeNode[], attach = true): HTMLElement {
  const container = document.createElement('div');
  container.append(...forest.map(build));
  if (attach) document.body.replaceChildren(container);
  return container;
}

/** The chain from an element up to (not including) the test container. */
function chain(element: Element, container: Element): Element[] {
  const elements: Element[] = [];
  for (let node: Element | null = element; node && node !== container; node = node.parentElement) elements.push(node);
  return elements;
}

/** An inherited property's value is the one declared nearest to the element. */
const inherited = (elements: Element[], property: string) =>
  elements.map((node) => (node as HTMLElement).style.getPropertyValue(property)).find((value) => value !== '') ?? '';

/** An oracle written from the rules, independent of the module: does this element carry any signal at all? */
function carriesSignal(element: Element, container: Element): boolean {
  const elements = chain(element, container);
  const opacity = elements.reduce((product, node) => {
    const own = (node as HTMLElement).style.getPropertyValue('opacity');
    return own === '' ? product : product * Number(own);
  }, 1);
  const own = elements.some(
    (node) =>
      node.hasAttribute('disabled') ||
      node.getAttribute('aria-disabled') === 'true' ||
      node.hasAttribute('inert') ||
      node.hasAttribute('hidden') ||
      (node as HTMLElement).style.getPropertyValue('display') === 'none' ||
      [...node.classList].some((token) => /(^|[-_])disabled$/i.test(token)) ||
      (node.hasAttribute('data-disabled') && node.getAttribute('data-disabled') !== 'false') ||
      node.getAttribute('data-state') === 'disabled',
  );
  const control = element instanceof HTMLLabelElement ? element.control : null;
  const text = (element.textContent ?? '').toLowerCase();
  const cue = CUES.some((words) => text.includes(words.toLowerCase()));
  const lockIcon = [...element.querySelectorAll('[data-icon]')].some((icon) => ['lock', 'padlock'].includes(icon.getAttribute('data-icon') ?? ''));
  return (
    own ||
    cue ||
    lockIcon ||
    opacity <= 0.5 ||
    inherited(elements, 'pointer-events') === 'none' ||
    inherited(elements, 'cursor') === 'not-allowed' ||
    inherited(elements, 'visibility') === 'hidden' ||
    (control !== null && control !== element && (control.matches(':disabled') || control.getAttribute('aria-disabled') === 'true'))
  );
}

function isInteractive(element: Element): boolean {
  if (element instanceof HTMLButtonElement || element instanceof HTMLInputElement) return true;
  if (element instanceof HTMLLabelElement && element.control !== null) return true;
  return INTERACTIVE_ROLES.includes(element.getAttribute('role') ?? '');
}

const targetArbitrary: fc.Arbitrary<ProviderTarget> = fc.record(
  {
    profileId: fc.string({ maxLength: 4 }),
    name: fc.constantFrom(NAME, ...LOOK_ALIKES, '', ' ', 'Stand', 'Stand-in Dia…'),
    selector: fc.constantFrom('button', '.is-disabled', '[role=radio]', 'div > span', 'button]', ':::', '[[', '', ' ', '*'),
  },
  { requiredKeys: ['profileId', 'name'] },
);

afterEach(() => {
  document.body.replaceChildren();
});

describe('providerDetection over random DOM trees', () => {
  it('observeProviders and classifyChoice never throw and always answer in shape', () => {
    fc.assert(
      fc.property(forestArbitrary(), fc.array(targetArbitrary, { maxLength: 4 }), (forest, targets) => {
        const container = mount(forest);
        const observations = observeProviders(document, targets);
        expect(observations).toHaveLength(targets.length);
        observations.forEach((observation, index) => {
          expect(observation.profileId).toBe(targets[index]?.profileId);
          expect(['selectable', 'greyed-out', 'unknown']).toContain(observation.state);
          expect(observation.matches === 0).toBe(observation.matchedBy === 'none');
          expect(observation.signals).not.toContain('detection error');
        });
        for (const element of container.querySelectorAll('*')) {
          const { state, signals } = classifyChoice(element);
          expect(['selectable', 'greyed-out', 'unknown']).toContain(state);
          expect(signals).not.toContain('detection error');
        }
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('never calls an element carrying a disabled signal, or hidden, selectable', () => {
    fc.assert(
      fc.property(forestArbitrary(), (forest) => {
        const container = mount(forest);
        for (const element of container.querySelectorAll('*')) {
          if (carriesSignal(element, container)) expect(classifyChoice(element).state, element.outerHTML).not.toBe('selectable');
        }
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('calls selectable exactly the visible interactive elements without any signal', () => {
    fc.assert(
      fc.property(forestArbitrary(), (forest) => {
        const container = mount(forest);
        for (const element of container.querySelectorAll('*')) {
          const expected = isInteractive(element) && !carriesSignal(element, container);
          expect(classifyChoice(element).state === 'selectable', element.outerHTML).toBe(expected);
        }
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('calls nothing in a detached tree anything but unknown', () => {
    fc.assert(
      fc.property(forestArbitrary(), (forest) => {
        const container = mount(forest, false);
        for (const element of container.querySelectorAll('*')) expect(classifyChoice(element).state).toBe('unknown');
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('never takes a name outside interactive controls for a choice: headings, focusable blocks, plain text', () => {
    const PLAIN_TAGS = ['div', 'span', 'section', 'h2', 'p', 'nav', 'li'];
    const plain = (depth: number): fc.Arbitrary<HTMLElement> =>
      fc
        .record({
          tag: fc.constantFrom(...PLAIN_TAGS),
          text: fc.constantFrom(NAME, `${NAME} BETA`, 'Stand-in Dia…', 'Other', ''),
          tabindex: sometimes('-1', '0'),
          ariaDisabled: sometimes('true'),
          role: sometimes('heading', 'region', 'presentation', 'group', 'navigation'),
          children: depth === 0 ? fc.constant([]) : fc.array(plain(depth - 1), { maxLength: 3 }),
        })
        .map(({ tag, text, tabindex, ariaDisabled, role, children }) => {
          const element = document.createElement(tag);
          if (tabindex) element.setAttribute('tabindex', tabindex);
          if (ariaDisabled) element.setAttribute('aria-disabled', ariaDisabled);
          if (role) element.setAttribute('role', role);
          element.append(text, ...children);
          return element;
        });
    fc.assert(
      fc.property(fc.array(plain(3), { minLength: 1, maxLength: 3 }), (forest) => {
        document.body.replaceChildren(...forest);
        const [observation] = observeProviders(document, [{ profileId: 'p', name: NAME }]);
        expect(observation, document.body.innerHTML).toMatchObject({ matchedBy: 'none', state: 'unknown', matches: 0 });
      }),
      RUNS,
    );
  }, TIMEOUT_MS);

  it('never matches a look-alike name', () => {
    const pieces = [...LOOK_ALIKES, 'Northline Phone', '', ' '];
    fc.assert(
      fc.property(forestArbitrary(pieces, LOOK_ALIKES), (forest) => {
        mount(forest);
        const [observation] = observeProviders(document, [{ profileId: 'p', name: NAME }]);
        expect(observation?.matchedBy).toBe('none');
      }),
      RUNS,
    );
  }, TIMEOUT_MS);
});
