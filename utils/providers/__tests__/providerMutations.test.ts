// @vitest-environment jsdom
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { scanProviders, type ProviderTarget } from '../providerDetection';
import { mayChangeProviders, mutationContext, OBSERVED_MUTATIONS } from '../providerMutations';

const NAME = 'Acme Dialer';
const TARGETS: ProviderTarget[] = [{ profileId: 'profile-1', name: NAME }];
const WATCHED_ATTRIBUTES = OBSERVED_MUTATIONS.attributeFilter ?? [];

/** A help desk page: the provider list in a dialog, and the parts of the page that change all day. */
const PAGE = [
  '<div id="dialog" role="dialog">',
  '<ul id="list" role="listbox">',
  '<li id="provider-item"><button id="provider"><span id="inner">Acme Dialer</span></button></li>',
  '<li id="other-item"><button id="other">Other Calls</button></li>',
  '</ul>',
  '</div>',
  '<aside id="inbox"><span id="counter">3</span> unread</aside>',
  '<ul id="feed"><li id="feed-item">Jane replied to your ticket</li></ul>',
  '<div id="empty"></div>',
].join('');

interface Batch {
  records: MutationRecord[];
  mayChange: boolean;
  before: string;
  after: string;
}

/** Scans, applies `mutate` under an observer set up as the watcher's, and scans again. */
function observeBatch(mutate: () => void, targets: ProviderTarget[] = TARGETS): Batch {
  const before = scanProviders(document, targets);
  const context = mutationContext(targets, before.elements, document);
  const observer = new MutationObserver(() => undefined);
  observer.observe(document.documentElement, OBSERVED_MUTATIONS);
  mutate();
  const records = observer.takeRecords();
  observer.disconnect();
  return {
    records,
    mayChange: mayChangeProviders(records, context),
    before: JSON.stringify(before.observations),
    after: JSON.stringify(scanProviders(document, targets).observations),
  };
}

function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`no #${id}`);
  return element;
}

function element(html: string): Element {
  const template = document.createElement('template');
  template.innerHTML = html;
  const first = template.content.firstElementChild;
  if (!first) throw new Error(`no element in ${html}`);
  return first;
}

/** Scripts with a JSON type: jsdom runs JavaScript ones, and HubSpot inlines its app data as JSON. */
function dataScript(text: string): HTMLScriptElement {
  const script = document.createElement('script');
  script.type = 'application/json';
  script.textContent = text;
  return script;
}

function styleElement(css: string): HTMLStyleElement {
  const style = document.createElement('style');
  style.textContent = css;
  return style;
}

afterEach(() => {
  // jsdom keeps the sheet of a <style> removed with its parent, so each one is removed on its own first.
  for (const style of Array.from(document.querySelectorAll('style'))) style.remove();
  document.head.replaceChildren();
  document.body.replaceChildren();
  for (const name of document.body.getAttributeNames()) document.body.removeAttribute(name);
});

interface Case {
  change: string;
  /** The body's markup; the help desk page unless said otherwise. */
  html?: string;
  head?: string;
  targets?: ProviderTarget[];
  mutate: () => void;
  expected: boolean;
}

const DISABLING_ATTRIBUTES: [attribute: string, value: string][] = [
  ['class', 'is-disabled'],
  ['style', 'pointer-events: none'],
  ['hidden', ''],
  ['disabled', ''],
  ['aria-disabled', 'true'],
];
const AROUND_THE_CHOICE: [place: string, id: string | null][] = [
  ['the provider choice', 'provider'],
  ['its list item', 'provider-item'],
  ['its list', 'list'],
  ['body', null],
  ['a span inside the choice', 'inner'],
];
const AWAY_FROM_THE_CHOICE: [place: string, id: string][] = [
  ['the sibling choice "Other Calls"', 'other'],
  ['the sibling list item', 'other-item'],
  ['the unread counter', 'counter'],
  ['a feed item', 'feed-item'],
];
const placed = (id: string | null) => (id === null ? document.body : byId(id));

const attributeCases: Case[] = DISABLING_ATTRIBUTES.flatMap(([attribute, value]) => [
  ...AROUND_THE_CHOICE.map(([place, id]) => ({
    change: `${attribute} set on ${place}`,
    mutate: () => placed(id).setAttribute(attribute, value),
    expected: true,
  })),
  ...AWAY_FROM_THE_CHOICE.map(([place, id]) => ({
    change: `${attribute} set on ${place}`,
    mutate: () => byId(id).setAttribute(attribute, value),
    expected: false,
  })),
]);

const cases: Case[] = [
  {
    change: 'a provider button with the exact name added to an empty list',
    html: '<ul id="list" role="listbox"></ul>',
    mutate: () => byId('list').append(element('<li><button>Acme Dialer</button></li>')),
    expected: true,
  },
  {
    change: 'a provider button with the name cut with an ellipsis ("Acme Dia…") added',
    html: '<ul id="list" role="listbox"></ul>',
    mutate: () => byId('list').append(element('<li><button>Acme Dia…</button></li>')),
    expected: true,
  },
  {
    change: 'a provider button named only by its aria-label added',
    html: '<ul id="list" role="listbox"></ul>',
    mutate: () => byId('list').append(element('<li><button aria-label="Acme Dialer"><img alt=""></button></li>')),
    expected: true,
  },
  {
    change: 'a provider button named only by its title added',
    html: '<ul id="list" role="listbox"></ul>',
    mutate: () => byId('list').append(element('<li><button title="Acme Dialer"><img alt=""></button></li>')),
    expected: true,
  },
  {
    change: 'a text node with the name appended into an existing empty button',
    html: '<ul role="listbox"><li><button id="slot"></button></li></ul>',
    mutate: () => byId('slot').append(document.createTextNode(NAME)),
    expected: true,
  },
  {
    change: 'the name set on an existing text node (characterData)',
    html: '<ul role="listbox"><li><button id="slot">Loading</button></li></ul>',
    mutate: () => {
      (byId('slot').firstChild as Text).data = NAME;
    },
    expected: true,
  },
  {
    change: 'the name deep in an added subtree (dialog > list > label > span)',
    mutate: () =>
      byId('empty').append(
        element('<div role="dialog"><ul><li><label><input type="radio" name="p"> <span>Acme Dialer</span></label></li></ul></div>'),
      ),
    expected: true,
  },
  {
    change: 'the name in upper case ("ACME DIALER") set on an unrelated text node',
    html: '<ul role="listbox"><li><button id="slot">Loading</button></li></ul>',
    mutate: () => {
      (byId('slot').firstChild as Text).data = 'ACME DIALER';
    },
    expected: true,
  },
  {
    change: 'a feed item added',
    mutate: () => byId('feed').prepend(element('<li>Sam opened a ticket <time>now</time></li>')),
    expected: false,
  },
  {
    change: 'a feed item removed',
    mutate: () => byId('feed-item').remove(),
    expected: false,
  },
  {
    change: 'the unread counter text changed (characterData)',
    mutate: () => {
      (byId('counter').firstChild as Text).data = '4';
    },
    expected: false,
  },
  {
    change: 'the unread counter text replaced (textContent)',
    mutate: () => {
      byId('counter').textContent = '5';
    },
    expected: false,
  },
  {
    change: 'a timer text changed every second',
    html: `${PAGE}<span id="timer">00:01</span>`,
    mutate: () => {
      (byId('timer').firstChild as Text).data = '00:02';
    },
    expected: false,
  },
  {
    change: 'disabled removed from a disabled provider choice',
    html: '<ul role="listbox"><li><button id="provider" disabled>Acme Dialer</button></li></ul>',
    mutate: () => byId('provider').removeAttribute('disabled'),
    expected: true,
  },
  {
    change: 'role set on the provider list',
    mutate: () => byId('list').setAttribute('role', 'radiogroup'),
    expected: true,
  },
  {
    change: 'role set on a feed item',
    mutate: () => byId('feed-item').setAttribute('role', 'article'),
    expected: false,
  },
  {
    change: 'aria-label set to the name on an unrelated element',
    mutate: () => byId('feed-item').setAttribute('aria-label', NAME),
    expected: true,
  },
  {
    change: 'title set to the name on an unrelated element',
    mutate: () => byId('counter').setAttribute('title', NAME),
    expected: true,
  },
  {
    change: 'aria-label set to other text on an unrelated element',
    mutate: () => byId('feed-item').setAttribute('aria-label', 'New reply'),
    expected: false,
  },
  {
    change: 'title set to other text on an unrelated element',
    mutate: () => byId('counter').setAttribute('title', '3 unread conversations'),
    expected: false,
  },
  {
    change: 'the provider choice removed',
    mutate: () => byId('provider').remove(),
    expected: true,
  },
  {
    change: "the provider choice's list item removed",
    mutate: () => byId('provider-item').remove(),
    expected: true,
  },
  {
    change: 'the sibling choice "Other Calls" removed (the record names the provider list)',
    mutate: () => byId('other-item').remove(),
    expected: true,
  },
  {
    change: 'an unrelated text node removed',
    mutate: () => byId('inbox').lastChild?.remove(),
    expected: false,
  },
  {
    change: 'a <style> added to head',
    mutate: () => document.head.append(styleElement('#provider { pointer-events: none }')),
    expected: true,
  },
  {
    change: 'a <link rel=stylesheet> added to head',
    mutate: () => document.head.append(element('<link rel="stylesheet" href="https://static.hsappstatic.net/app.css">')),
    expected: true,
  },
  {
    change: 'the text of a <style> in head replaced',
    head: '<style id="sheet">.nothing {}</style>',
    mutate: () => {
      byId('sheet').textContent = '#provider { pointer-events: none }';
    },
    expected: true,
  },
  {
    change: 'the text node of a <style> in head changed (characterData)',
    head: '<style id="sheet">.nothing {}</style>',
    mutate: () => {
      (byId('sheet').firstChild as Text).data = '#provider { opacity: 0.3; cursor: not-allowed }';
    },
    expected: true,
  },
  {
    change: 'a JSON <script> holding the name added',
    mutate: () => byId('empty').append(dataScript(JSON.stringify({ apps: [{ name: NAME, id: 1 }] }))),
    expected: false,
  },
  {
    change: 'a JSON <script> holding the name added to head',
    mutate: () => document.head.append(dataScript(JSON.stringify({ apps: [{ name: NAME, id: 1 }] }))),
    expected: false,
  },
  {
    change: 'the control of a <label for> that lives elsewhere disabled',
    html: '<div role="radiogroup"><label for="acme-radio">Acme Dialer</label></div><form><input type="radio" id="acme-radio" name="p"><input type="radio" id="other-radio" name="p"></form>',
    mutate: () => byId('acme-radio').setAttribute('disabled', ''),
    expected: true,
  },
  {
    change: 'the control of a <label for> that lives elsewhere marked aria-disabled',
    html: '<div role="radiogroup"><label for="acme-radio">Acme Dialer</label></div><form><input type="radio" id="acme-radio" name="p"><input type="radio" id="other-radio" name="p"></form>',
    mutate: () => byId('acme-radio').setAttribute('aria-disabled', 'true'),
    expected: true,
  },
  {
    change: 'another control next to the control of a <label for> disabled',
    html: '<div role="radiogroup"><label for="acme-radio">Acme Dialer</label></div><form><input type="radio" id="acme-radio" name="p"><input type="radio" id="other-radio" name="p"></form>',
    mutate: () => byId('other-radio').setAttribute('disabled', ''),
    expected: false,
  },
  {
    change: 'the control of a <label for> that lives elsewhere removed',
    html: '<div role="radiogroup"><label for="acme-radio">Acme Dialer</label></div><form><input type="radio" id="acme-radio" name="p"></form>',
    mutate: () => byId('acme-radio').remove(),
    expected: true,
  },
  {
    change: 'an unrelated counter changed with a CSS selector target (every change counts)',
    targets: [{ profileId: 'profile-1', name: NAME, selector: '.provider' }],
    mutate: () => {
      (byId('counter').firstChild as Text).data = '4';
    },
    expected: true,
  },
  ...attributeCases,
];

describe('mayChangeProviders on one change', () => {
  it.each(cases)('$change: $expected', ({ html = PAGE, head = '', targets = TARGETS, mutate, expected }) => {
    document.head.innerHTML = head;
    document.body.innerHTML = html;
    const batch = observeBatch(mutate, targets);
    expect(batch.records.length).toBeGreaterThan(0);
    if (batch.after !== batch.before) expect(batch.mayChange, `scan changed:\n${batch.before}\n${batch.after}`).toBe(true);
    expect(batch.mayChange).toBe(expected);
  });
});

/**
 * Changes after which the scan reports something else although none of the changed nodes shows a keyword, touches a
 * watched element or is a stylesheet. Each is sound only if `mayChangeProviders` answers true.
 */
const indirectCases: Case[] = [
  {
    change: 'a badge removed from the provider button, leaving exactly the name',
    html: '<ul role="listbox"><li><button>Acme Dialer<span id="badge"> (legacy)</span></button></li></ul>',
    mutate: () => byId('badge').remove(),
    expected: true,
  },
  {
    change: 'the text of a badge in the provider button emptied (characterData)',
    html: '<ul role="listbox"><li><button>Acme Dialer<span id="badge"> Loading…</span></button></li></ul>',
    mutate: () => {
      (byId('badge').firstChild as Text).data = '';
    },
    expected: true,
  },
  {
    change: 'the space between the name\'s words rendered as its own text node',
    html: '<ul role="listbox"><li><button>Acme<span id="gap"></span>Dialer</button></li></ul>',
    mutate: () => byId('gap').append(document.createTextNode(' ')),
    expected: true,
  },
  {
    change: 'a <style> added inside an added element',
    html: '<ul role="listbox"><li><button>Acme Dialer</button></li></ul><div id="widgets"></div>',
    mutate: () => {
      const widget = document.createElement('section');
      widget.append(styleElement('button { pointer-events: none }'));
      byId('widgets').append(widget);
    },
    expected: true,
  },
  {
    change: 'a <style> removed from head',
    head: '<style id="sheet">button { pointer-events: none }</style>',
    html: '<ul role="listbox"><li><button>Acme Dialer</button></li></ul>',
    mutate: () => byId('sheet').remove(),
    expected: true,
  },
  {
    change: 'the control of a <label for> added after the label',
    html: '<div role="radiogroup"><div><label for="acme-radio">Acme Dialer</label></div></div><form id="controls"></form>',
    mutate: () => byId('controls').append(element('<input type="radio" id="acme-radio" name="p" disabled>')),
    expected: true,
  },
  {
    // Found by the property test below: the label was no choice, so not watched, while another element matched.
    change: 'the control of a <label for> added while another element shows the name',
    html: '<div id="picker"><button>Acme Dialer</button><label for="linked">Acme <span>Acme Dialer</span></label></div>',
    mutate: () => byId('picker').append(element('<input id="linked">')),
    expected: true,
  },
  {
    change: 'a JSON <script> whose whole text is the name added into an empty element',
    html: '<div id="slot"></div>',
    mutate: () => byId('slot').append(dataScript(NAME)),
    expected: true,
  },
  {
    change: 'role set on an icon named by aria-label next to the provider button (its choice was set aside as an outer one)',
    html: '<ul role="listbox"><li><div class="row"><span id="icon" aria-label="Acme Dialer">i</span><button disabled>Acme Dialer</button></div></li></ul>',
    mutate: () => byId('icon').setAttribute('role', 'button'),
    expected: true,
  },
  {
    change: 'hidden set on a link named by aria-label next to the provider button',
    html: '<ul role="listbox"><li><div class="row"><a id="icon" href="#" aria-label="Acme Dialer">i</a><button>Acme Dialer</button></div></li></ul>',
    mutate: () => byId('icon').setAttribute('hidden', ''),
    expected: true,
  },
  {
    change: 'data-disabled set on the provider choice',
    html: '<ul role="listbox"><li><button id="provider">Acme Dialer</button></li></ul>',
    mutate: () => byId('provider').setAttribute('data-disabled', 'true'),
    expected: true,
  },
  {
    change: 'role removed from a div choice',
    html: '<ul role="listbox"><li><div id="provider" role="option">Acme Dialer</div></li></ul>',
    mutate: () => byId('provider').removeAttribute('role'),
    expected: true,
  },
  {
    change: 'the text of the description a choice points at says it is unavailable',
    html: '<ul role="listbox"><li><button aria-describedby="why">Acme Dialer</button></li></ul><p id="why">Ready to connect</p>',
    mutate: () => {
      byId('why').textContent = 'Upgrade required';
    },
    expected: true,
  },
  {
    change: 'aria-describedby set on the choice, pointing at words that lock it',
    html: '<ul role="listbox"><li><button id="provider">Acme Dialer</button></li></ul><p id="why">Not available on your plan</p>',
    mutate: () => byId('provider').setAttribute('aria-describedby', 'why'),
    expected: true,
  },
  {
    change: 'a frame of another origin added where the picker is not found: the report then says it cannot be read',
    html: '<div id="slot"></div>',
    mutate: () => byId('slot').append(element('<iframe src="https://vendor.example.test/picker"></iframe>')),
    expected: true,
  },
  {
    change: 'a lock icon named by data-icon inside the choice',
    html: '<ul role="listbox"><li><button>Acme Dialer <svg id="icon"></svg></button></li></ul>',
    mutate: () => byId('icon').setAttribute('data-icon', 'locked'),
    expected: true,
  },
];

describe('mayChangeProviders and siblings, which it does not follow (see utils/providers/providerMutations.ts)', () => {
  it('misses a class on a sibling that a sibling-combinator rule reads; the verdict is re-read at the next change that counts', () => {
    document.head.innerHTML = '<style>.locked + li button { pointer-events: none }</style>';
    document.body.innerHTML = '<ul role="listbox"><li id="previous">Recommended</li><li><button id="choice">Acme Dialer</button></li></ul>';
    const sibling = observeBatch(() => byId('previous').classList.add('locked'), TARGETS);
    expect(sibling.after).not.toBe(sibling.before);
    expect(sibling.mayChange).toBe(false);

    const onTheChoice = observeBatch(() => byId('choice').setAttribute('title', 'Acme Dialer'), TARGETS);
    expect(onTheChoice.mayChange).toBe(true);
    expect(onTheChoice.before).toContain('pointer-events: none');
  });
});

describe('mayChangeProviders on changes that change the scan indirectly', () => {
  it.each(indirectCases)('$change', ({ html = PAGE, head = '', targets = TARGETS, mutate, expected }) => {
    document.head.innerHTML = head;
    document.body.innerHTML = html;
    const batch = observeBatch(mutate, targets);
    expect(batch.after, 'the change must change the scan for this case to say anything').not.toBe(batch.before);
    expect(batch.mayChange, `scan changed:\n${batch.before}\n${batch.after}\nrecords: ${batch.records.length}`).toBe(expected);
  });
});

/** Changes busy pages make all day that leave every verdict as it was: each true costs a full scan. A <link> styles the page only as a stylesheet. */
const idleCases: Case[] = [
  {
    change: 'a favicon swapped for one with an unread count',
    head: '<link id="icon" rel="icon" href="/favicon.ico">',
    mutate: () => {
      byId('icon').remove();
      document.head.append(element('<link rel="icon" href="/favicon-unread.ico">'));
    },
    expected: false,
  },
  {
    change: 'a code-split chunk preloaded with <link rel=modulepreload>',
    mutate: () => document.head.append(element('<link rel="modulepreload" href="/chunk-42.js">')),
    expected: false,
  },
  {
    change: 'a font preloaded with <link rel=preload as=font>',
    mutate: () => document.head.append(element('<link rel="preload" as="font" href="/lexend.woff2" crossorigin>')),
    expected: false,
  },
];

describe('mayChangeProviders on changes that cannot matter', () => {
  it.each(idleCases)('$change', ({ html = PAGE, head = '', targets = TARGETS, mutate, expected }) => {
    document.head.innerHTML = head;
    document.body.innerHTML = html;
    const batch = observeBatch(mutate, targets);
    expect(batch.after).toBe(batch.before);
    expect(batch.mayChange).toBe(expected);
  });
});

/** The name's words and the pieces a page splits it into, a truncation, a shout, and text that has nothing to do with it. */
const WORDS = ['Acme', 'Dialer', 'Acme ', ' Dialer', 'Acme Dialer', 'Acme Dia…', 'ACME DIALER', 'Other Calls', '3', ' (beta)', ' (legacy)', 'Upgrade required', 'Requires', ' ', ''];
const TAGS = ['button', 'div', 'span', 'label', 'li', 'input'] as const;
const ATTRIBUTE_VALUES: Record<string, string[]> = {
  disabled: [''],
  'aria-disabled': ['true', 'false'],
  inert: [''],
  hidden: [''],
  class: ['is-disabled', 'card'],
  style: ['opacity: 0.4', 'pointer-events: none', 'display: none', 'cursor: not-allowed', ''],
  'aria-label': WORDS,
  title: WORDS,
  role: ['button', 'option', 'listbox', 'presentation'],
  'aria-describedby': ['described'],
  'data-icon': ['lock', 'star'],
  alt: ['Locked', 'logo'],
  id: ['described'],
};

interface TreeNode {
  tag: (typeof TAGS)[number];
  attributes: [string, string][];
  /** Ties a label to an input elsewhere with `for`/`id`. */
  linked: boolean;
  text: string;
  children: TreeNode[];
}

const attributeArbitrary = fc.constantFrom(...WATCHED_ATTRIBUTES).chain((name) =>
  fc.constantFrom(...(ATTRIBUTE_VALUES[name] ?? [''])).map((value): [string, string] => [name, value]),
);

function treeArbitrary(depth: number): fc.Arbitrary<TreeNode> {
  return fc.record({
    tag: fc.constantFrom(...TAGS),
    attributes: fc.array(attributeArbitrary, { maxLength: 2 }),
    linked: fc.boolean(),
    text: fc.constantFrom(...WORDS),
    children: depth === 0 ? fc.constant([]) : fc.array(treeArbitrary(depth - 1), { maxLength: 2 }),
  });
}

type Mutation =
  | { kind: 'append'; parent: number; tree: TreeNode }
  | { kind: 'insertText'; parent: number; text: string }
  | { kind: 'remove'; node: number }
  | { kind: 'move'; node: number; parent: number }
  | { kind: 'setAttribute'; element: number; attribute: [string, string] }
  | { kind: 'removeAttribute'; element: number; name: string }
  | { kind: 'setText'; node: number; text: string };

const index = fc.nat({ max: 40 });
const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('append' as const), parent: index, tree: treeArbitrary(1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insertText' as const), parent: index, text: fc.constantFrom(...WORDS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), node: index }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), node: index, parent: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('setAttribute' as const), element: index, attribute: attributeArbitrary }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('removeAttribute' as const), element: index, name: fc.constantFrom(...WATCHED_ATTRIBUTES) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('setText' as const), node: index, text: fc.constantFrom(...WORDS) }) },
);

function build(node: TreeNode): Element {
  const built = document.createElement(node.tag);
  for (const [name, value] of node.attributes) built.setAttribute(name, value);
  if (node.linked && node.tag === 'label') built.setAttribute('for', 'linked');
  if (node.linked && node.tag === 'input') built.id = 'linked';
  // An <input> could hold children in the DOM, but a counterexample printed as HTML would not show them.
  if (node.tag !== 'input') built.append(node.text, ...node.children.map(build));
  return built;
}

const pick = <T,>(items: T[], at: number): T | undefined => (items.length === 0 ? undefined : items[at % items.length]);

function apply(mutation: Mutation, container: Element): void {
  const elements = [container, ...Array.from(container.querySelectorAll('*'))];
  const texts: Text[] = [];
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  const nodes: ChildNode[] = [...elements.slice(1), ...texts];
  switch (mutation.kind) {
    case 'append':
      pick(elements, mutation.parent)?.append(build(mutation.tree));
      break;
    case 'insertText':
      pick(elements, mutation.parent)?.prepend(mutation.text);
      break;
    case 'remove':
      pick(nodes, mutation.node)?.remove();
      break;
    case 'move': {
      const node = pick(nodes, mutation.node);
      const parent = pick(elements, mutation.parent);
      if (node && parent && !node.contains(parent)) parent.append(node);
      break;
    }
    case 'setAttribute':
      pick(elements, mutation.element)?.setAttribute(...mutation.attribute);
      break;
    case 'removeAttribute':
      pick(elements, mutation.element)?.removeAttribute(mutation.name);
      break;
    case 'setText': {
      const text = pick(texts, mutation.node);
      if (text) text.data = mutation.text;
      break;
    }
  }
}

describe('mayChangeProviders over random pages and changes', () => {
  it('answers true whenever the changes change the scan', () => {
    fc.assert(
      fc.property(
        fc.array(treeArbitrary(2), { minLength: 1, maxLength: 3 }),
        fc.array(mutationArbitrary, { minLength: 1, maxLength: 3 }),
        (forest, mutations) => {
          const container = document.createElement('div');
          container.append(...forest.map(build));
          document.body.replaceChildren(container);
          const page = container.outerHTML;
          const batch = observeBatch(() => mutations.forEach((mutation) => apply(mutation, container)));
          if (batch.after !== batch.before) {
            const report = `page before: ${page}\npage after: ${container.outerHTML}\nscan before: ${batch.before}\nscan after: ${batch.after}`;
            expect(batch.mayChange, report).toBe(true);
          }
        },
      ),
      // Changes that alter the scan are about one batch in a hundred here, so fewer runs would test little.
      { numRuns: 400 },
    );
  }, 30_000);
});
