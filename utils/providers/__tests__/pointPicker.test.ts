// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPointPicker, type PointPicker } from '../pointPicker';

let picker: PointPicker | null = null;
const onPick = vi.fn<(choice: Element) => void>();
const onCancel = vi.fn<() => void>();
const pageClicks = vi.fn();
const pageKeys = vi.fn();

/** jsdom lays nothing out: what is under the pointer is said by the test. */
let underPointer: Element[] = [];

beforeEach(() => {
  document.body.innerHTML = `<h1 tabindex="-1">Connect</h1><ul role="listbox"><li><button id="northline">Northline</button></li><li><button id="acme"><span id="acme-name">Acme Dialer</span></button></li></ul>`;
  document.body.addEventListener('click', pageClicks);
  document.body.addEventListener('keydown', pageKeys);
  Object.assign(document, { elementsFromPoint: () => underPointer });
  Element.prototype.scrollIntoView = () => undefined;
  onPick.mockReset();
  onCancel.mockReset();
  pageClicks.mockReset();
  pageKeys.mockReset();
  picker = startPointPicker({ document, name: 'Acme Dialer', onPick, onCancel });
});

afterEach(() => {
  picker?.stop();
  document.body.replaceChildren();
});

const host = () => document.querySelector('cct-point-picker');
const key = (name: string, init: KeyboardEventInit = {}) =>
  document.body.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...init }));

/** The layer is in a closed shadow root: its pointer events come out at the host, where this sends them. */
function pointerOnLayer(type: 'pointermove' | 'click') {
  host()?.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, composed: true, clientX: 10, clientY: 10 }));
}

describe('startPointPicker', () => {
  it('covers the page with its own layer and says what to point at', () => {
    expect(host()).not.toBeNull();
    expect(host()?.shadowRoot).toBeNull();
  });

  it('Escape cancels, takes the layer away, and the page hears no key while pointing', () => {
    key('Escape');
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onPick).not.toHaveBeenCalled();
    expect(host()).toBeNull();
    expect(pageKeys).not.toHaveBeenCalled();
  });

  it('Tab steps through the choices only, Shift+Tab back, and Enter picks the one outlined', () => {
    // The heading and the list are no choices: Tab goes Northline, Acme, and back to Northline.
    key('Tab');
    key('Tab');
    key('Tab');
    key('Tab', { shiftKey: true });
    key('Tab', { shiftKey: true });
    key('Enter');
    expect(onPick).toHaveBeenCalledWith(document.getElementById('northline'));
    expect(pageKeys).not.toHaveBeenCalled();
    expect(host()).toBeNull();
  });

  it('Enter with nothing outlined picks nothing and lets the key through', () => {
    key('Enter');
    expect(onPick).not.toHaveBeenCalled();
    expect(pageKeys).toHaveBeenCalledTimes(1);
  });

  it('a click on the layer picks the choice around the element under the pointer, and clicks nothing on the page', () => {
    underPointer = [host() as Element, document.getElementById('acme-name') as Element, document.body];
    pointerOnLayer('click');
    expect(onPick).toHaveBeenCalledWith(document.getElementById('acme'));
    expect(pageClicks).not.toHaveBeenCalled();
  });
});
