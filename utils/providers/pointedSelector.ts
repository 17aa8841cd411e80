/**
 * A CSS selector for a provider choice a user pointed at, made to survive the page rendering it again: it rests on
 * what a page keeps stable (test ids, ARIA names and roles, labels, plain ids), never on generated class names or on
 * position alone. It must match the choice and nothing else on the page, or it is not offered.
 */

export interface PointedSelector {
  selector: string;
  /** What it rests on, in words for the confirmation: "its test id", "its role and accessible name". */
  basis: string;
}

/** Attributes design systems and test suites put on elements so that tests can find them across renders. */
const TEST_ID_ATTRIBUTES = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy', 'data-selenium', 'data-key', 'data-value', 'data-app-id'];

/**
 * Whether a value looks generated per render or per build, and so will not be there next time: React's `:r1:`,
 * `ember123`, `react-select-3-option-2`, `css-1x2y3z`, counters and hashes.
 */
export function looksGenerated(value: string): boolean {
  // React's useId, alone or inside a library's id: `:r1:`, `radix-:R2a:`.
  if (/^:.*:$/.test(value) || /:[^:]*\d[^:]*:/.test(value)) return true;
  if (/^(ember|react|radix|headlessui|mui|downshift|rc)[-_:]?\d/i.test(value)) return true;
  if (/(^|[-_:])\d+([-_:]|$)/.test(value) || /\d{3,}/.test(value)) return true;
  if (/^[a-z]{1,4}-(?=[a-z0-9]*\d)[a-z0-9]{5,}$/i.test(value)) return true;
  // A run of letters and digits mixed as hashes are: `a3f9c2`, `x7K2pQ`.
  return (value.match(/[A-Za-z0-9]{6,}/g) ?? []).some((run) => /\d/.test(run) && /[A-Za-z]/.test(run) && !/^[A-Za-z]+\d{1,2}$/.test(run));
}

const isStable = (value: string | null): value is string => value !== null && value !== '' && value.length <= 120 && !looksGenerated(value);

/** An attribute value quoted for a selector, whatever it holds. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ')}"`;

function roleSelector(element: Element): string {
  const role = element.getAttribute('role');
  return role && isStable(role) ? `${element.localName}[role=${quoted(role)}]` : element.localName;
}

/** The candidates for one element, most stable first. */
function candidatesFor(element: Element): PointedSelector[] {
  const candidates: PointedSelector[] = [];
  for (const attribute of TEST_ID_ATTRIBUTES) {
    const value = element.getAttribute(attribute);
    if (isStable(value)) candidates.push({ selector: `[${attribute}=${quoted(value)}]`, basis: `its ${attribute}` });
  }
  const label = element.getAttribute('aria-label');
  if (isStable(label)) candidates.push({ selector: `${roleSelector(element)}[aria-label=${quoted(label)}]`, basis: 'its role and accessible name' });
  const id = element.getAttribute('id');
  if (isStable(id)) candidates.push({ selector: `[id=${quoted(id)}]`, basis: 'its id' });
  const control = element.localName === 'label' ? (element as HTMLLabelElement).control : null;
  const controlId = control?.getAttribute('id') ?? null;
  if (control && isStable(controlId)) candidates.push({ selector: `label[for=${quoted(controlId)}]`, basis: 'the input its label is for' });
  const title = element.getAttribute('title');
  if (isStable(title)) candidates.push({ selector: `${roleSelector(element)}[title=${quoted(title)}]`, basis: 'its role and title' });
  const value = element.getAttribute('value');
  if (element.localName === 'input' && isStable(value)) candidates.push({ selector: `input[value=${quoted(value)}]`, basis: 'its value' });
  return candidates;
}

const matchesOnly = (root: ParentNode, selector: string, element: Element) => {
  try {
    const found = root.querySelectorAll(selector);
    return found.length === 1 && found[0] === element;
  } catch {
    return false;
  }
};

/**
 * The most stable selector that matches `choice` alone under `root`: the choice's own anchors first, then one of an
 * ancestor's (up to `maxAncestors` levels) narrowed by the choice's role; null when nothing stable tells it apart.
 */
export function pointedSelector(choice: Element, root: ParentNode, maxAncestors = 4): PointedSelector | null {
  for (const candidate of candidatesFor(choice)) if (matchesOnly(root, candidate.selector, choice)) return candidate;
  let ancestor = choice.parentElement;
  for (let level = 0; ancestor && level < maxAncestors; level++, ancestor = ancestor.parentElement) {
    for (const anchor of candidatesFor(ancestor)) {
      const selector = `${anchor.selector} ${roleSelector(choice)}`;
      if (matchesOnly(root, selector, choice)) return { selector, basis: `${anchor.basis.replace(/^its /, 'the ')} of an element around it, and its role` };
    }
  }
  return null;
}
