// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPointPicker, type PointPicker, type PointPickerOptions } from '../pointPicker';
import { POINT_PICKER_TAG } from '../providerDetection';

const PAGE = `
  <h1 tabindex="-1">Connect a calling provider</h1>
  <ul role="listbox">
    <li><button data-testid="provider-northline">Northline</button></li>
    <li><button data-testid="provider-acme" disabled><span id="acme-name">Acme Dialer</span></button></li>
  </ul>`;

let picker: PointPicker | null = null;
const save = vi.fn<PointPickerOptions['save']>();
const onClose = vi.fn<PointPickerOptions['onClose']>();
const pageClicks = vi.fn();
const pageKeys = vi.fn();
const scrolledTo = vi.fn<(this: Element) => void>();

/** jsdom lays nothing out: what is under the pointer is what the test says, the layer on top as in a browser. */
let underPointer: Element[] = [];

beforeEach(() => {
  document.body.innerHTML = PAGE;
  document.body.addEventListener('click', pageClicks);
  document.body.addEventListener('keydown', pageKeys);
  underPointer = [];
  Object.assign(document, { elementsFromPoint: () => underPointer });
  Element.prototype.scrollIntoView = scrolledTo;
  save.mockReset().mockResolvedValue('Saved for Acme (QA).');
  onClose.mockReset();
  pageClicks.mockReset();
  pageKeys.mockReset();
  scrolledTo.mockReset();
});

afterEach(() => {
  picker?.stop();
  picker = null;
  document.body.removeEventListener('click', pageClicks);
  document.body.removeEventListener('keydown', pageKeys);
  document.body.replaceChildren();
  delete (document as Partial<Document>).elementsFromPoint;
  delete (Element.prototype as Partial<Element>).scrollIntoView;
});

/** Starts pointing; events count as the user's unless `trusted` is false, when the browser's own word is taken. */
function start({ trusted = true }: { trusted?: boolean } = {}) {
  const options: PointPickerOptions = { document, name: 'Acme Dialer', profileLabel: 'Acme (QA)', save, onClose };
  picker = startPointPicker(trusted ? { ...options, isTrusted: () => true } : options);
  return picker;
}

const host = () => document.querySelector(POINT_PICKER_TAG);
const part = (name: string) => host()?.shadowRoot?.querySelector<HTMLElement>(`[data-part=${name}]`) ?? null;
const panelText = () => part('panel')?.textContent ?? '';
const byTestId = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement;

const key = (name: string, init: KeyboardEventInit = {}) =>
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, composed: true, ...init }));

/** The pointer over `element`: the event goes where the page would get it, and the layer is on top at that point. */
function pointer(type: 'pointermove' | 'click', element: Element) {
  underPointer = [host() as Element, element, document.body, document.documentElement];
  const init = { bubbles: true, cancelable: true, composed: true, clientX: 120, clientY: 60 };
  document.body.dispatchEvent(type === 'click' ? new MouseEvent(type, init) : new PointerEvent(type, init));
}

/** A click on one of the layer's own buttons, as the browser sends it: from inside its shadow root. */
function clickButton(action: string) {
  const button = host()?.shadowRoot?.querySelector(`[data-action=${action}]`);
  if (!button) throw new Error(`the panel has no ${action} button; it says: ${panelText()}`);
  button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, clientX: 5, clientY: 5 }));
}

/** Lets the save's promise and the panel's update after it run. */
const settled = () => new Promise((resolve) => setTimeout(resolve));

describe('startPointPicker: the layer', () => {
  it('puts one host on the page, with an outline and a panel that says what to point at', () => {
    start();

    expect(document.querySelectorAll(POINT_PICKER_TAG)).toHaveLength(1);
    expect(host()?.parentElement).toBe(document.documentElement);
    expect(host()?.shadowRoot?.mode).toBe('open');
    expect(part('outline')).not.toBeNull();
    expect(part('outline')?.style.display).not.toBe('block');
    expect(panelText()).toContain('Point at Acme Dialer on the page');
  });

  it.each([['Escape'], ['Tab'], ['Enter'], ['a'], ['Z']])('keeps the %s key from the page', (name) => {
    start();
    const notCancelled = key(name);
    expect(pageKeys).not.toHaveBeenCalled();
    // Cancelled as well as stopped: the page's focus and text stay as they were.
    expect(notCancelled).toBe(false);
  });

  it('keeps clicks from the page', () => {
    start();
    pointer('click', byTestId('provider-northline'));
    pointer('click', document.querySelector('h1') as Element);
    expect(pageClicks).not.toHaveBeenCalled();
  });

  it('takes events the user did not make, and does nothing with them', async () => {
    start({ trusted: false });

    key('Tab');
    expect(part('outline')?.style.display).not.toBe('block');
    pointer('pointermove', byTestId('provider-northline'));
    expect(part('outline')?.style.display).not.toBe('block');
    pointer('click', byTestId('provider-northline'));
    key('Enter');
    key('Escape');
    await settled();

    expect(host()).not.toBeNull();
    expect(part('selector')).toBeNull();
    expect(panelText()).toContain('Point at Acme Dialer');
    expect(save).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
    expect(pageKeys).not.toHaveBeenCalled();
    expect(pageClicks).not.toHaveBeenCalled();
  });
});

describe('startPointPicker: pointing', () => {
  it('outlines the choice around the element under the pointer', () => {
    const acme = byTestId('provider-acme');
    acme.getBoundingClientRect = () => new DOMRect(100, 50, 80, 20);
    start();

    pointer('pointermove', document.getElementById('acme-name') as Element);

    const outline = part('outline');
    expect(outline?.style.display).toBe('block');
    expect([outline?.style.left, outline?.style.top, outline?.style.width, outline?.style.height]).toEqual(['97px', '47px', '86px', '26px']);
  });

  it('outlines nothing over what is not a choice', () => {
    start();
    pointer('pointermove', byTestId('provider-northline'));
    expect(part('outline')?.style.display).toBe('block');

    pointer('pointermove', document.querySelector('h1') as Element);

    expect(part('outline')?.style.display).toBe('none');
  });

  it('a click picks: the panel shows the selector, what it rests on, and what the page shows of the choice', () => {
    start();

    pointer('click', document.getElementById('acme-name') as Element);

    expect(part('selector')?.textContent).toBe('[data-testid="provider-acme"]');
    expect(panelText()).toContain('by its data-testid');
    expect(panelText()).toContain('The page shows it as greyed-out (disabled).');
    expect(host()?.shadowRoot?.querySelector('[data-action=save]')?.textContent).toBe('Save for “Acme (QA)”');
    expect(save).not.toHaveBeenCalled();
  });

  it('a click on what is not a choice picks nothing', () => {
    start();
    pointer('click', document.querySelector('h1') as Element);
    expect(part('selector')).toBeNull();
    expect(panelText()).toContain('Point at Acme Dialer');
  });

  it('offers no selector for a choice nothing stable tells apart, and Enter saves nothing', async () => {
    document.body.innerHTML = '<ul><li><button>Northline</button></li><li><button>Acme Dialer</button></li></ul>';
    start();

    pointer('click', document.querySelectorAll('button')[1] as Element);
    key('Enter');
    await settled();

    expect(part('selector')).toBeNull();
    expect(panelText()).toContain('Picked “Acme Dialer”');
    expect(panelText()).toContain('no selector is offered');
    expect(host()?.shadowRoot?.querySelector('[data-action=save]')).toBeNull();
    expect(save).not.toHaveBeenCalled();
    expect(host()).not.toBeNull();
  });

  it('finds a choice in an open shadow root, with a selector that holds there', () => {
    const widget = document.createElement('provider-picker');
    const root = widget.attachShadow({ mode: 'open' });
    root.innerHTML = '<button data-testid="provider-acme"><span>Acme Dialer</span></button><button data-testid="provider-other">Other</button>';
    document.body.replaceChildren(widget);
    const inner = root.querySelector('span') as Element;
    const innerButton = root.querySelector('button') as Element;
    // The document sees the layer and the widget's host; only the widget's root sees into it.
    Object.assign(root, { elementsFromPoint: () => [inner, innerButton, widget, document.body] });
    start();

    underPointer = [host() as Element, widget, document.body, document.documentElement];
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, clientX: 10, clientY: 10 }));

    const selector = part('selector')?.textContent ?? '';
    expect(selector).toBe('[data-testid="provider-acme"]');
    expect(root.querySelector(selector)).toBe(innerButton);
    expect(document.querySelector(selector)).toBeNull();
    expect(panelText()).toContain('Picked “Acme Dialer”');
  });
});

describe('startPointPicker: the keyboard', () => {
  it('Tab steps through the choices only, Shift+Tab goes back, and Enter picks the one outlined', () => {
    start();
    const northline = byTestId('provider-northline');
    const acme = byTestId('provider-acme');

    key('Tab');
    key('Tab');
    key('Tab');
    key('Tab', { shiftKey: true });
    key('Tab', { shiftKey: true });
    // The heading (tabindex="-1") and the listbox around the buttons are no choices.
    expect(scrolledTo.mock.contexts).toEqual([northline, acme, northline, acme, northline]);
    expect(part('outline')?.style.display).toBe('block');
    expect(part('selector')).toBeNull();

    key('Enter');

    expect(part('selector')?.textContent).toBe('[data-testid="provider-northline"]');
    expect(panelText()).toContain('The page shows it as selectable.');
    expect(save).not.toHaveBeenCalled();
    expect(pageKeys).not.toHaveBeenCalled();
  });

  it('Enter with nothing outlined picks nothing', () => {
    start();
    key('Enter');
    expect(part('selector')).toBeNull();
    expect(host()).not.toBeNull();
  });

  it('Tab after a pick points again, from the next choice', () => {
    start();
    key('Tab');
    key('Enter');
    expect(part('selector')).not.toBeNull();

    key('Tab');

    expect(part('selector')).toBeNull();
    expect(panelText()).toContain('Point at Acme Dialer');
    expect(scrolledTo.mock.contexts.at(-1)).toBe(byTestId('provider-acme'));
  });

  it('a second Enter saves the selector and shows what the save says; Enter then closes, saved', async () => {
    start();
    key('Tab');
    key('Enter');
    key('Enter');

    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledWith('[data-testid="provider-northline"]');
    expect(panelText()).toContain('Saving…');
    await settled();
    expect(panelText()).toContain('Saved for Acme (QA).');
    expect(onClose).not.toHaveBeenCalled();

    key('Enter');

    expect(host()).toBeNull();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onClose).toHaveBeenCalledWith(true);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('Escape after the save closes, saved', async () => {
    start();
    key('Tab');
    key('Enter');
    key('Enter');
    await settled();

    key('Escape');

    expect(host()).toBeNull();
    expect(onClose.mock.calls).toEqual([[true]]);
  });

  it('says why a save failed, and closes unsaved', async () => {
    save.mockRejectedValue(new Error('quota'));
    start();
    key('Tab');
    key('Enter');
    key('Enter');
    await settled();

    expect(panelText()).toContain('Not saved: quota');
    key('Enter');

    expect(host()).toBeNull();
    expect(onClose.mock.calls).toEqual([[false]]);
  });

  it('Enter while saving saves nothing more', async () => {
    save.mockReturnValue(new Promise(() => undefined));
    start();
    key('Tab');
    key('Enter');
    key('Enter');
    key('Enter');
    await settled();

    expect(save).toHaveBeenCalledTimes(1);
    expect(host()).not.toBeNull();
  });
});

describe('startPointPicker: the panel’s buttons', () => {
  it('save saves, and close closes, saved', async () => {
    start();
    pointer('click', byTestId('provider-northline'));

    clickButton('save');
    expect(save).toHaveBeenCalledWith('[data-testid="provider-northline"]');
    await settled();
    expect(panelText()).toContain('Saved for Acme (QA).');
    clickButton('close');

    expect(host()).toBeNull();
    expect(onClose.mock.calls).toEqual([[true]]);
    expect(pageClicks).not.toHaveBeenCalled();
  });

  it('again goes back to pointing, without the selector', () => {
    start();
    pointer('click', byTestId('provider-northline'));
    expect(part('selector')).not.toBeNull();

    clickButton('again');

    expect(part('selector')).toBeNull();
    expect(part('outline')?.style.display).toBe('none');
    expect(panelText()).toContain('Point at Acme Dialer');
    // Pointing again works as the first time.
    pointer('click', byTestId('provider-acme'));
    expect(part('selector')?.textContent).toBe('[data-testid="provider-acme"]');
    expect(save).not.toHaveBeenCalled();
  });

  it.each([['while pointing', false], ['after a pick', true]])('cancel closes unsaved %s', (_case, picked) => {
    start();
    if (picked) pointer('click', byTestId('provider-northline'));

    clickButton('cancel');

    expect(host()).toBeNull();
    expect(onClose.mock.calls).toEqual([[false]]);
    expect(save).not.toHaveBeenCalled();
  });

  it('a click on the panel itself picks nothing behind it', () => {
    start();
    underPointer = [host() as Element, byTestId('provider-northline')];
    part('panel')?.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
    expect(part('selector')).toBeNull();
  });
});

describe('startPointPicker: closing', () => {
  const phases: Array<[string, () => Promise<void>, boolean]> = [
    ['while pointing', async () => undefined, false],
    [
      'after a pick',
      async () => {
        key('Tab');
        key('Enter');
      },
      false,
    ],
    [
      'after the save',
      async () => {
        key('Tab');
        key('Enter');
        key('Enter');
        await settled();
      },
      true,
    ],
  ];

  it.each(phases)('Escape closes %s', async (_case, reach, saved) => {
    start();
    await reach();

    key('Escape');

    expect(host()).toBeNull();
    expect(onClose.mock.calls).toEqual([[saved]]);
  });

  // The layer goes before the answer: `onClose` says what was known then, and is not called again with the answer.
  it('Escape while saving closes at once, unsaved, and the save ending later tells nothing more', async () => {
    let finish: (words: string) => void = () => undefined;
    save.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    start();
    key('Tab');
    key('Enter');
    key('Enter');

    key('Escape');
    finish('Saved for Acme (QA).');
    await settled();

    expect(host()).toBeNull();
    expect(onClose.mock.calls).toEqual([[false]]);
  });

  it('stop closes once, unsaved', () => {
    const started = start();
    started.stop();
    started.stop();
    key('Escape');

    expect(host()).toBeNull();
    expect(onClose.mock.calls).toEqual([[false]]);
  });

  it('gives the page its keys and clicks back once closed', () => {
    start();
    key('Escape');

    key('Tab');
    key('Escape');
    pointer('click', byTestId('provider-northline'));

    expect(pageKeys).toHaveBeenCalledTimes(2);
    expect(pageClicks).toHaveBeenCalledTimes(1);
    expect(scrolledTo).not.toHaveBeenCalled();
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});

describe('startPointPicker: a same-origin frame with the focus', () => {
  it('takes the keys typed in the frame too, so Escape there cancels and the frame hears nothing', () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const frameDocument = frame.contentDocument;
    if (!frameDocument?.defaultView) throw new Error('jsdom gave the frame no document');
    const frameKeys = vi.fn();
    frameDocument.body.addEventListener('keydown', frameKeys);
    start();

    frameDocument.body.dispatchEvent(new frameDocument.defaultView.KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));

    expect(frameKeys).not.toHaveBeenCalled();
    expect(onClose).toHaveBeenCalledWith(false);
    expect(host()).toBeNull();
  });
});
