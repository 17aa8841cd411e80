// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { looksGenerated, pointedSelector } from '../pointedSelector';

afterEach(() => {
  document.body.replaceChildren();
});

/** Renders `html`, points at `#pointed` (an id the page would not have: removed before deriving), and derives. */
function derive(html: string) {
  document.body.innerHTML = html;
  const pointed = document.querySelector('[data-pointed]');
  if (!pointed) throw new Error('nothing pointed at');
  pointed.removeAttribute('data-pointed');
  return { pointed, derived: pointedSelector(pointed, document) };
}

describe('pointedSelector', () => {
  it.each([
    [
      'an MUI card with a test id',
      `<div class="css-1x2y3z"><button data-pointed class="MuiButtonBase-root css-8kq1b2" data-testid="provider-stand-in">Stand-in Dialer</button><button data-testid="provider-other">Other</button></div>`,
      { selector: '[data-testid="provider-stand-in"]', basis: 'its data-testid' },
    ],
    [
      'a Radix radio with a generated id and an aria-label',
      `<div role="radiogroup"><button data-pointed id="radix-:r3:" role="radio" aria-label="Stand-in Dialer"></button><button id="radix-:r4:" role="radio" aria-label="Other"></button></div>`,
      { selector: 'button[role="radio"][aria-label="Stand-in Dialer"]', basis: 'its role and accessible name' },
    ],
    [
      'an Ant label for an input with a stable id',
      `<label data-pointed for="provider-stand-in" class="ant-radio-wrapper">Stand-in Dialer</label><input type="radio" id="provider-stand-in">`,
      { selector: 'label[for="provider-stand-in"]', basis: 'the input its label is for' },
    ],
    [
      'a card found through a list test id and its own title',
      `<ul data-testid="calling-providers"><li><div role="option" data-pointed title="Stand-in Dialer" class="sc-bdfBwQ">SD</div></li><li><div role="option" title="Other">O</div></li></ul>`,
      { selector: 'div[role="option"][title="Stand-in Dialer"]', basis: 'its role and title' },
    ],
    [
      "the only choice in a list with a test id, through the list's",
      `<ul data-testid="calling-providers"><li><button data-pointed class="css-19bb58m">Stand-in Dialer</button></li></ul><button>Cancel</button>`,
      { selector: '[data-testid="calling-providers"] button', basis: 'the data-testid of an element around it, and its role' },
    ],
  ])('%s', (_case, html, expected) => {
    const { pointed, derived } = derive(html);
    expect(derived).toEqual(expected);
    expect(document.querySelectorAll(derived!.selector)).toHaveLength(1);
    expect(document.querySelector(derived!.selector)).toBe(pointed);
  });

  it('offers nothing when only generated names or position tell the choice apart', () => {
    expect(
      derive(`<div class="css-1x2y3z"><button data-pointed id=":r5:" class="sc-a1b2c3">Stand-in Dialer</button><button id=":r6:">Other</button></div>`).derived,
    ).toBeNull();
  });

  it('survives a re-render that renews generated ids and classes', () => {
    const render = (generation: number) =>
      `<div class="css-${generation}x9" id=":r${generation}:"><button class="css-${generation}b" data-testid="provider-stand-in">Stand-in Dialer</button><button data-testid="provider-other">Other</button></div>`;
    document.body.innerHTML = render(1);
    const first = pointedSelector(document.querySelector('[data-testid="provider-stand-in"]')!, document);
    document.body.innerHTML = render(2);
    expect(document.querySelector(first!.selector)?.textContent).toBe('Stand-in Dialer');
  });

  it('quotes whatever a value holds', () => {
    const { pointed, derived } = derive(`<button data-pointed aria-label='Acme "Calls" \\ Co'>x</button><button aria-label="Other">y</button>`);
    expect(document.querySelector(derived!.selector)).toBe(pointed);
  });
});

describe('looksGenerated', () => {
  it.each([':r1:', 'ember123', 'react-select-3-option-2', 'css-1x2y3z', 'a3f9c2d1', 'radix-:r3:', 'ticket-100023', 'x7K2pQ9z'])('%s is generated', (value) => {
    expect(looksGenerated(value)).toBe(true);
  });

  it.each(['provider-stand-in', 'calling-providers', 'app-heading', 'feedback', 'provider-choice-stand-in-dialer', 'Stand-in Dialer'])('%s is stable', (value) => {
    expect(looksGenerated(value)).toBe(false);
  });
});
