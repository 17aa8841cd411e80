/** Walking a page with Tab or Shift+Tab as a keyboard user does, and what each stop looks like. */
import type { Locator, Page } from '@playwright/test';

export interface FocusStop {
  /** Role and accessible name, as Playwright's ARIA snapshot gives them: `button "Refresh isReady status"`. */
  name: string;
  /** Whether the element (or, for a hidden input, the label wrapping it) looked different while it had focus. */
  focusShown: boolean;
}

export interface FocusWalk {
  stops: FocusStop[];
  /** The stops' names in document order, from every visible control a Tab should reach: only the checked radio of a group. */
  tabbableInDocumentOrder: string[];
}

declare global {
  interface Window {
    __focusWalk?: { element: Element; rings: string[] }[];
  }
}

const MAX_STOPS = 100;

/**
 * Walks the page once round with `key` (Tab or Shift+Tab), from its start (or its end, going back) to where focus
 * leaves the page or comes back to the first stop. Focus coming back to any other stop is a keyboard trap: it throws.
 */
export async function walkFocus(page: Page, key: 'Tab' | 'Shift+Tab'): Promise<FocusWalk> {
  await page.evaluate((fromEnd) => {
    // Focus on a node at the start (or end) of the page moves where sequential navigation starts, as on a fresh load.
    const start = document.createElement('span');
    start.tabIndex = -1;
    if (fromEnd) document.body.append(start);
    else document.body.prepend(start);
    start.focus();
    start.remove();
    window.__focusWalk = [];
  }, key === 'Shift+Tab');
  const names: string[] = [];
  const shown: boolean[] = [];
  for (;;) {
    await page.keyboard.press(key);
    const step = await page.evaluate(() => {
      // The outline and box-shadow of an element and of its parent: a visually hidden input shows focus on its label.
      const ringsOf = (element: Element) =>
        [element, element.parentElement].map((each) => {
          if (!each) return '';
          const style = getComputedStyle(each);
          return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} / ${style.boxShadow}`;
        });
      const walk = window.__focusWalk ?? [];
      const previous = walk.at(-1);
      const previousShown = previous
        ? previous.rings.some((ring, index) => ring !== ringsOf(previous.element)[index])
        : null;
      const active = document.activeElement;
      const visited = walk.findIndex((stop) => stop.element === active);
      const inPage = active !== null && active !== document.body && visited === -1;
      if (visited > 0) throw new Error(`Focus came back to ${active?.outerHTML.slice(0, 80)}: a keyboard trap`);
      if (inPage) {
        if (!active.matches(':focus-visible')) throw new Error(`${active.outerHTML.slice(0, 80)} has focus but not :focus-visible`);
        walk.push({ element: active, rings: ringsOf(active) });
      }
      return { previousShown, inPage };
    });
    if (step.previousShown !== null) shown.push(step.previousShown);
    if (!step.inPage) break;
    if (names.length >= MAX_STOPS) throw new Error(`${key} keeps focus in the page after ${MAX_STOPS} stops: a keyboard trap`);
    names.push(await nameOf(page.locator(':focus')));
  }
  const tabbable = page.locator('[data-focus-walk-tabbable]');
  await page.evaluate(() => {
    const candidates = document.querySelectorAll<HTMLElement>(
      'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])',
    );
    for (const element of candidates) {
      const disabled = (element as HTMLButtonElement).disabled === true;
      const radio = element instanceof HTMLInputElement && element.type === 'radio';
      const otherRadioTakesTheStop =
        radio &&
        !element.checked &&
        [...document.getElementsByName(element.name)].some((other) => (other as HTMLInputElement).checked);
      // A visually hidden file input is still a stop: its label shows the focus (when the label itself is shown).
      const label = element.parentElement?.tagName === 'LABEL' ? element.parentElement : null;
      const visible =
        element.checkVisibility({ visibilityProperty: true }) || label?.checkVisibility({ visibilityProperty: true }) === true;
      if (!disabled && !otherRadioTakesTheStop && visible) element.setAttribute('data-focus-walk-tabbable', '');
    }
  });
  const tabbableInDocumentOrder: string[] = [];
  for (const element of await tabbable.all()) tabbableInDocumentOrder.push(await nameOf(element));
  await page.evaluate(() => {
    for (const element of document.querySelectorAll('[data-focus-walk-tabbable]')) element.removeAttribute('data-focus-walk-tabbable');
  });
  if (key === 'Shift+Tab') tabbableInDocumentOrder.reverse();
  return { stops: names.map((name, index) => ({ name, focusShown: shown[index] ?? false })), tabbableInDocumentOrder };
}

/** Role and name from the element's ARIA snapshot, without its states (`[checked]`) or children. */
async function nameOf(locator: Locator): Promise<string> {
  const snapshot = await locator.ariaSnapshot();
  // `- button "Refresh" [disabled]: Refresh` or, for an element named by its text only, `- text: Request and response`.
  const [, role, name, text] = /^- ([\w-]+)(?: ("(?:[^"\\]|\\.)*"))?(?: \[[^\]]*\])*(?:: (.*))?/.exec(snapshot) ?? [];
  if (!role) return snapshot;
  return name ? `${role} ${name}` : text ? `${role} "${text}"` : role;
}

/** Presses Tab until `target` has focus, as a keyboard user reaches a control; throws when it is never reached. */
export async function tabTo(target: Locator): Promise<void> {
  const page = target.page();
  for (let presses = 0; !(await target.evaluate((element) => element === document.activeElement)); presses++) {
    if (presses > MAX_STOPS) throw new Error(`Tab never reaches ${target}`);
    await page.keyboard.press('Tab');
  }
}

/** The text of the elements a control's aria-describedby points at: what a screen reader reads after its name. */
export function describedBy(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim(),
  );
}
