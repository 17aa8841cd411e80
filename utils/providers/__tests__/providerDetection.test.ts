// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import {
  classifyChoice,
  findProviderChoices,
  observeProviders,
  POINT_PICKER_TAG,
  scanProviders,
  type ObservedState,
  type ProviderObservation,
  type ProviderTarget,
} from '../providerDetection';

const NAME = 'Stand-in Dialer';

interface Shape {
  html: string;
  selector?: string;
  state: ObservedState;
  matchedBy: ProviderObservation['matchedBy'];
  matches?: number;
  signals: string[];
}

function observeOne(html: string, target: Partial<ProviderTarget> = {}): ProviderObservation {
  document.body.innerHTML = html;
  const [observation] = observeProviders(document, [{ profileId: 'p1', name: NAME, ...target }]);
  if (!observation) throw new Error('no observation');
  return observation;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('observeProviders over DOM shapes', () => {
  const shapes: Record<string, Shape> = {
    'native disabled button': {
      html: `<button disabled>${NAME}</button>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['disabled'],
    },
    'enabled button': {
      html: `<button type="button">${NAME}</button>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'aria-disabled card (role=button div)': {
      html: `<div role="button" tabindex="0" aria-disabled="true"><span class="logo">SD</span><div><span>${NAME}</span><p>Calls in your help desk</p></div></div>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['aria-disabled'],
    },
    'aria-disabled ancestor': {
      html: `<ul aria-disabled="true"><li><button>${NAME}</button></li></ul>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['aria-disabled ancestor'],
    },
    'disabled fieldset ancestor': {
      html: `<fieldset disabled><legend>Providers</legend><label><input type="radio" name="p"> ${NAME}</label></fieldset>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['disabled fieldset'],
    },
    'control inside the first legend of a disabled fieldset': {
      html: `<fieldset disabled><legend><button>${NAME}</button></legend><button>Other</button></fieldset>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'control inside a second legend of a disabled fieldset': {
      html: `<fieldset disabled><legend>Providers</legend><legend><button>${NAME}</button></legend></fieldset>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['disabled fieldset'],
    },
    'inert ancestor': {
      html: `<section inert><div><button>${NAME}</button></div></section>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['inert ancestor'],
    },
    'pointer-events: none from a <style> class': {
      html: `<style>.locked { pointer-events: none; }</style><div class="locked"><button>${NAME}</button></div>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['pointer-events: none'],
    },
    'pointer-events: none on a wrapper, re-enabled on the button': {
      html: `<div style="pointer-events: none"><button style="pointer-events: auto">${NAME}</button></div>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'opacity 0.4 only, multiplied up the ancestors': {
      html: `<div style="opacity: 0.8"><button style="opacity: 0.5">${NAME}</button></div>`,
      state: 'unknown', matchedBy: 'name', signals: ['opacity 0.4'],
    },
    'opacity 0.6 is not a signal': {
      html: `<button style="opacity: 0.6">${NAME}</button>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'opacity 0.4 and cursor: not-allowed': {
      html: `<button style="opacity: 0.4; cursor: not-allowed">${NAME}</button>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['opacity 0.4', 'cursor: not-allowed'],
    },
    'class is-disabled only': {
      html: `<button class="provider is-disabled">${NAME}</button>`,
      state: 'unknown', matchedBy: 'name', signals: ['class is-disabled'],
    },
    'markup alone (class and data-disabled) counts once': {
      html: `<div role="option" class="Option--disabled" data-disabled="">${NAME}</div>`,
      state: 'unknown', matchedBy: 'name', signals: ['class Option--disabled'],
    },
    'data-state=disabled and a low opacity ancestor': {
      html: `<div style="opacity: 0.5"><div role="radio" tabindex="0" data-state="disabled">${NAME}</div></div>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['data-state=disabled', 'opacity 0.5'],
    },
    'a disabled attribute on a div is not enforced by the browser': {
      html: `<div role="button" disabled>${NAME}</div>`,
      state: 'unknown', matchedBy: 'name', signals: ['disabled attribute'],
    },
    'hidden by a display:none ancestor': {
      html: `<div style="display: none"><button>${NAME}</button></div>`,
      state: 'unknown', matchedBy: 'name', signals: ['hidden'],
    },
    'hidden attribute': {
      html: `<button hidden>${NAME}</button>`,
      state: 'unknown', matchedBy: 'name', signals: ['hidden'],
    },
    'visibility: hidden from a <style> class on an ancestor': {
      html: `<style>.collapsed { visibility: hidden; }</style><div class="collapsed"><button>${NAME}</button></div>`,
      state: 'unknown', matchedBy: 'name', signals: ['hidden'],
    },
    'look-alike names only': {
      html: `<button>${NAME} Pro</button><button>Stand-in Dial</button><button>My ${NAME}</button>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: [],
    },
    'look-alike before the exact name': {
      html: `<div role="radiogroup"><button disabled>${NAME} Pro</button><button>${NAME}</button></div>`,
      state: 'selectable', matchedBy: 'name', matches: 1, signals: [],
    },
    'text split across nodes': {
      html: `<div role="option" aria-selected="false"><span>Stand-in</span> <b>Dialer</b></div>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'name truncated with …': {
      html: `<button><span class="name">Stand-in Dia…</span></button>`,
      state: 'selectable', matchedBy: 'truncated-name', signals: [],
    },
    'name truncated with ...': {
      html: `<button disabled>Stand-in Dia...</button>`,
      state: 'greyed-out', matchedBy: 'truncated-name', signals: ['disabled'],
    },
    'a truncated copy is ignored when the full name is shown': {
      html: `<button disabled>Stand-in Dia…</button><button>${NAME}</button>`,
      state: 'selectable', matchedBy: 'name', matches: 1, signals: [],
    },
    'a truncated look-alike or a too short prefix does not match': {
      html: `<button>${NAME} Pr…</button><button>Sta…</button>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: [],
    },
    'aria-label match': {
      html: `<button aria-label="${NAME}"><img alt="" src="data:,"></button>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'title match on a truncated label': {
      html: `<div role="radio" tabindex="-1" aria-disabled="true" title="${NAME}"><span>SD</span><span>Stand-in D…</span></div>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['aria-disabled'],
    },
    'radio input with label for=': {
      html: `<input type="radio" id="p42" name="provider" disabled><label for="p42">${NAME}</label>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['disabled'],
    },
    'radio input in a wrapping label': {
      html: `<label><input type="radio" name="provider"> ${NAME}</label>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'visually hidden radio named by aria-label inside its label': {
      html: `<label><input type="radio" aria-label="${NAME}" style="opacity: 0"> ${NAME}</label>`,
      state: 'selectable', matchedBy: 'name', matches: 1, signals: [],
    },
    'plain div with the name and no role is no choice': {
      html: `<div class="provider-tile"><span>${NAME}</span></div>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: ['name only outside choices'],
    },
    'plain div with a disabled signal is no choice either': {
      html: `<div aria-disabled="true">${NAME}</div>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: ['name only outside choices'],
    },
    'a focusable dialog is not the choice': {
      html: `<div role="dialog" tabindex="-1"><div><p>${NAME}</p></div></div>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: ['name only outside choices'],
    },
    'two matches disagreeing': {
      html: `<button>${NAME}</button><button disabled>${NAME}</button>`,
      state: 'unknown', matchedBy: 'name', matches: 2, signals: ['2 matches disagree'],
    },
    'two matches agreeing': {
      html: `<button disabled>${NAME}</button><div inert><button>${NAME}</button></div>`,
      state: 'greyed-out', matchedBy: 'name', matches: 2, signals: ['disabled', 'inert ancestor'],
    },
    'a hidden copy outside any choice is no match': {
      html: `<button>${NAME}</button><span hidden>${NAME}</span>`,
      state: 'selectable', matchedBy: 'name', matches: 1, signals: [],
    },
    'a hidden copy of the choice does not outvote the shown one': {
      html: `<button>${NAME}</button><button hidden>${NAME}</button>`,
      state: 'selectable', matchedBy: 'name', matches: 2, signals: ['1 other match ignored'],
    },
    'a nested choice counts once, as the innermost': {
      html: `<div role="option" aria-label="${NAME}" aria-disabled="true"><button tabindex="-1">${NAME}</button></div>`,
      state: 'greyed-out', matchedBy: 'name', matches: 1, signals: ['aria-disabled ancestor'],
    },
    'user selector match': {
      html: `<div data-app-id="42" class="tile" role="button" aria-disabled="true">Acme Calls</div>`,
      selector: '[data-app-id="42"]',
      state: 'greyed-out', matchedBy: 'selector', signals: ['aria-disabled'],
    },
    'user selector matching nothing falls back to the name': {
      html: `<button>${NAME}</button>`,
      selector: '.no-such-provider',
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'invalid selector falls back to the name': {
      html: `<button>${NAME}</button>`,
      selector: 'button]',
      state: 'selectable', matchedBy: 'name', signals: ['invalid selector'],
    },
    'invalid selector and no name on the page': {
      html: `<button>Other</button>`,
      selector: ':::',
      state: 'unknown', matchedBy: 'none', matches: 0, signals: ['invalid selector'],
    },
    'case, whitespace and NBSP differences': {
      html: `<button>  stand-IN&nbsp;\n   DIALER </button>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'link a[href]': {
      html: `<a href="/help-desk/123/channels/calling/42">${NAME}</a>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'link without href is no choice': {
      html: `<a>${NAME}</a>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: ['name only outside choices'],
    },
    '<option disabled> inside a select': {
      html: `<select><option>Other</option><option disabled>${NAME}</option></select>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['disabled'],
    },
    '<option> inside a disabled optgroup': {
      html: `<select><optgroup label="Calling" disabled><option>${NAME}</option></optgroup></select>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['disabled optgroup'],
    },
    'name in a script or style is not shown text': {
      html: `<script type="application/json">{"name":"${NAME}"}</script><button>${NAME}</button>`,
      state: 'selectable', matchedBy: 'name', matches: 1, signals: [],
    },
    'name not present at all': {
      html: `<button>Northline Phone</button>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: [],
    },
  };

  it.each(Object.entries(shapes))('%s', (_label, shape) => {
    const observation = observeOne(shape.html, shape.selector === undefined ? {} : { selector: shape.selector });
    expect(observation).toEqual({
      profileId: 'p1',
      name: NAME,
      state: shape.state,
      matchedBy: shape.matchedBy,
      matches: shape.matches ?? (shape.matchedBy === 'none' ? 0 : 1),
      signals: shape.signals,
    });
  });
});

/** The rules of unavailability, choices and badges, each written the way several design systems render them. */
describe('observeProviders over design-system markup', () => {
  const shapes: Record<string, Shape> = {
    // An unavailability cue is never selectable.
    'MUI card button with a LockIcon and an "Upgrade required" chip': {
      html: `<button class="MuiButtonBase-root MuiCardActionArea-root"><svg class="MuiSvgIcon-root" data-testid="LockIcon" aria-hidden="true"></svg><span class="MuiTypography-root">${NAME}</span><span class="MuiChip-label">Upgrade required</span></button>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['says "upgrade required"', 'lock icon'],
    },
    'Ant Design radio button with an anticon-lock named "lock"': {
      html: `<label class="ant-radio-button-wrapper"><span class="ant-radio-button"><input type="radio" class="ant-radio-button-input" value="sd"></span><span>${NAME} <span role="img" aria-label="lock" class="anticon anticon-lock"><svg></svg></span></span></label>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['lock icon "lock"'],
    },
    'Chakra-style radio card described as not available': {
      html: `<div role="radiogroup"><div role="radio" aria-checked="false" tabindex="0" aria-describedby="sd-note"><span>${NAME}</span></div></div><p id="sd-note">Not available: contact your admin to add a paid seat.</p>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['description says "not available"'],
    },
    'Material Symbols lock ligature in a button': {
      html: `<button class="mdc-button"><span class="material-symbols-outlined" aria-hidden="true">lock</span><span class="mdc-button__label">${NAME}</span></button>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['lock icon'],
    },
    'Font Awesome lock and "Coming soon" in a link card': {
      html: `<a href="/apps/42" class="provider-card"><i class="fa-solid fa-lock" aria-hidden="true"></i><span class="card-title">${NAME}</span><small>Coming soon</small></a>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['says "coming soon"', 'lock icon'],
    },
    'Bootstrap list item titled "Upgrade required" with bi-lock-fill': {
      html: `<div class="list-group"><button type="button" class="list-group-item list-group-item-action" title="Upgrade required">${NAME} <svg class="bi bi-lock-fill"></svg></button></div>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['title says "upgrade required"', 'lock icon'],
    },
    'an svg titled "Locked" in a role=option': {
      html: `<ul role="listbox"><li role="option" aria-selected="false"><span>${NAME}</span><svg role="img"><title>Locked</title></svg></li></ul>`,
      state: 'greyed-out', matchedBy: 'name', signals: ['says "locked"', 'lock icon "locked"'],
    },
    '"Requires …" is a weak cue: never selectable, not proof of greyed out': {
      html: `<button><strong>${NAME}</strong><span class="hint">Requires Sales Hub Professional</span></button>`,
      state: 'unknown', matchedBy: 'name', signals: ['says "requires"'],
    },
    'an "Upgrade" link inside the choice is a weak cue': {
      html: `<div role="button" tabindex="0"><span>${NAME}</span> <a href="/pricing">Upgrade</a></div>`,
      state: 'unknown', matchedBy: 'name', signals: ['says "upgrade"'],
    },
    'an unlock or clock icon is no lock': {
      html: `<button>${NAME}<i class="fa fa-unlock"></i><i class="icon-clock"></i></button>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    // Only choices are choices.
    'a heading the single-page app focuses after navigation (tabindex=-1)': {
      html: `<main><h1 tabindex="-1">${NAME}</h1><p>Connect the app to your help desk.</p></main>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: ['name only outside choices'],
    },
    'a breadcrumb link to the app': {
      html: `<nav aria-label="Breadcrumb"><ol><li><a href="/apps">Apps</a></li><li><a href="/apps/42" aria-current="page">${NAME}</a></li></ol></nav>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: ['name only outside choices'],
    },
    'a link that is the page title': {
      html: `<header><h2><a href="/apps/42">${NAME}</a></h2></header>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: ['name only outside choices'],
    },
    'a dialog title': {
      html: `<div role="dialog" aria-labelledby="dialog-title"><h2 id="dialog-title">${NAME}</h2><button>Close</button></div>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: ['name only outside choices'],
    },
    'a card focusable by tabindex="0" alone, without a role': {
      html: `<div class="v-card" tabindex="0"><div class="v-card-title">${NAME}</div></div>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: ['name only outside choices'],
    },
    'a heading inside a radio card is part of the choice': {
      html: `<div role="radiogroup"><div role="radio" aria-checked="false" tabindex="0"><h3 class="card-title">${NAME}</h3><p>Calls in your help desk</p></div></div>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'the heading is no choice, the button below it is': {
      html: `<h2 tabindex="-1">${NAME}</h2><ul role="listbox"><li><button aria-disabled="true">${NAME}</button></li></ul>`,
      state: 'greyed-out', matchedBy: 'name', matches: 1, signals: ['aria-disabled'],
    },
    // A badge after the name still matches; look-alikes never do.
    'a BETA badge in its own span': {
      html: `<button class="chakra-button">${NAME}<span class="chakra-badge">BETA</span></button>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'an "(installed)" suffix in the same text': {
      html: `<div role="radio" aria-checked="true" tabindex="0">${NAME} (installed)</div>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'a "· Recommended" badge after a radio label': {
      html: `<label><input type="radio" name="provider"> ${NAME} · Recommended</label>`,
      state: 'selectable', matchedBy: 'name', signals: [],
    },
    'a Connected tag, and a New badge on a disabled choice': {
      html: `<button>${NAME} <span class="tag">Connected</span></button><button disabled>${NAME} <span class="badge">New</span></button>`,
      state: 'unknown', matchedBy: 'name', matches: 2, signals: ['2 matches disagree'],
    },
    'look-alikes with words after the name': {
      html: `<button>${NAME} Pro</button><button>${NAME} for Salesforce</button><button>${NAME}<span>Pro</span></button><button>${NAME} (legacy)</button>`,
      state: 'unknown', matchedBy: 'none', matches: 0, signals: [],
    },
  };

  it.each(Object.entries(shapes))('%s', (_name, { html, selector, state, matchedBy, matches = 1, signals }) => {
    const observation = observeOne(html, selector ? { selector } : {});
    expect(observation).toEqual({ profileId: 'p1', name: NAME, state, matchedBy, matches, signals });
  });

  it("leaves the provider's own name out of the words it reads as cues", () => {
    const name = 'Locked In Calls';
    expect(observeOne(`<button>${name}</button>`, { name })).toMatchObject({ state: 'selectable', signals: [] });
    expect(observeOne(`<button title="${name}">${name} <small>Unavailable</small></button>`, { name })).toMatchObject({
      state: 'greyed-out',
      signals: ['says "unavailable"'],
    });
  });
});

describe('observeProviders across open shadow roots', () => {
  const hostWith = (html: string, tag = 'provider-picker') => {
    const host = document.createElement(tag);
    host.attachShadow({ mode: 'open' }).innerHTML = html;
    return host;
  };
  const observe = () => observeProviders(document, [{ profileId: 'p1', name: NAME }])[0];

  it('finds a choice in a web component, and says where it was', () => {
    document.body.append(hostWith(`<div role="radiogroup"><div role="radio" aria-checked="false" tabindex="0"><span>${NAME}</span></div></div>`));
    expect(observe()).toMatchObject({ state: 'selectable', matchedBy: 'name', matches: 1, signals: ['in the shadow root of <provider-picker>'] });
  });

  it('finds one in nested web components, by aria-label too, and reads disabled states inside', () => {
    const outer = hostWith('<section><slot></slot></section>', 'app-shell');
    outer.shadowRoot?.append(hostWith(`<button disabled aria-label="${NAME}"><img alt=""></button>`, 'provider-tile'));
    document.body.append(outer);
    expect(observe()).toMatchObject({ state: 'greyed-out', matchedBy: 'name', signals: ['in the shadow root of <provider-tile>', 'disabled'] });
  });

  it('reads signals on the host and above it, across the shadow boundary', () => {
    const wrapper = document.createElement('div');
    wrapper.setAttribute('aria-disabled', 'true');
    wrapper.append(hostWith(`<button>${NAME}</button>`));
    document.body.append(wrapper);
    expect(observe()).toMatchObject({ state: 'greyed-out', signals: ['in the shadow root of <provider-picker>', 'aria-disabled ancestor'] });
  });

  it("never reads the extension's own point-at layer, which names the app and has buttons", () => {
    document.body.append(hostWith(`<button data-action="save">Save for ${NAME}</button><p>Point at ${NAME} on the page</p><button>${NAME}</button>`, POINT_PICKER_TAG));
    expect(observe()).toMatchObject({ state: 'unknown', matchedBy: 'none', matches: 0 });
  });

  it('keeps the rules inside: a heading in a shadow root is no choice, a lock in a tile is a cue', () => {
    document.body.append(hostWith(`<h2 tabindex="-1">${NAME}</h2>`));
    expect(observe()).toMatchObject({ matchedBy: 'none', signals: ['name only outside choices'] });
    document.body.replaceChildren(hostWith(`<button><span>${NAME}</span><svg data-icon="lock" aria-label="Locked"></svg></button>`));
    expect(observe()).toMatchObject({ state: 'greyed-out', signals: ['in the shadow root of <provider-picker>', 'lock icon "locked"'] });
  });

  it('a user selector matches inside shadow roots too', () => {
    document.body.append(hostWith(`<div data-app="42" role="button">Acme</div>`));
    expect(observeProviders(document, [{ profileId: 'p1', name: NAME, selector: '[data-app="42"]' }])[0]).toMatchObject({
      matchedBy: 'selector',
      state: 'selectable',
    });
  });
});

describe('a target not found, where part of the page cannot be read', () => {
  it('names frames of other origins and closed shadow roots; HubSpot frames are read by their own script', () => {
    document.body.innerHTML = `<iframe src="https://vendor.example.test/picker"></iframe><iframe src="https://app.hubspot.com/help-desk/1"></iframe><iframe src="about:blank"></iframe><vendor-picker></vendor-picker>`;
    const host = document.querySelector('vendor-picker') as Element;
    const closed = host.attachShadow({ mode: 'closed' });
    closed.innerHTML = `<button>${NAME}</button>`;
    const [observation] = scanProviders(document, [{ profileId: 'p1', name: NAME }], (element) => (element === host ? closed : null)).observations;
    expect(observation).toMatchObject({
      state: 'unknown',
      matchedBy: 'none',
      signals: ['cannot read a frame from https://vendor.example.test', 'cannot read the closed shadow root of <vendor-picker>'],
    });
  });

  it('says nothing of them when the target is found, or when the browser cannot tell closed roots', () => {
    document.body.innerHTML = `<button>${NAME}</button><iframe src="https://vendor.example.test/picker"></iframe><vendor-picker></vendor-picker>`;
    document.querySelector('vendor-picker')?.attachShadow({ mode: 'closed' });
    expect(scanProviders(document, [{ profileId: 'p1', name: NAME }], () => null).observations[0]?.signals).toEqual([]);
    document.querySelector('button')?.remove();
    expect(scanProviders(document, [{ profileId: 'p1', name: NAME }]).observations[0]?.signals).toEqual([
      'cannot read a frame from https://vendor.example.test',
    ]);
  });
});

describe('findProviderChoices', () => {
  it('returns the interactive element around the name, not the name element', () => {
    document.body.innerHTML = `<button id="choice"><span><span>Stand-in</span> <b>Dialer</b></span></button>`;
    const found = findProviderChoices(document, { profileId: 'p1', name: NAME });
    expect(found.elements.map((element) => element.id)).toEqual(['choice']);
  });

  it('finds no choice when nothing interactive is near the name, and says the name was only outside choices', () => {
    document.body.innerHTML = `<div id="tile"><span><em>${NAME}</em></span></div>`;
    expect(findProviderChoices(document, { profileId: 'p1', name: NAME })).toMatchObject({
      elements: [],
      matchedBy: 'none',
      signals: ['name only outside choices'],
    });
  });

  it('searches only under the root it is given', () => {
    document.body.innerHTML = `<div id="a"><button>${NAME}</button></div><div id="b"><button>${NAME}</button></div>`;
    const scope = document.getElementById('b');
    if (!scope) throw new Error('missing #b');
    expect(findProviderChoices(scope, { profileId: 'p1', name: NAME }).elements).toHaveLength(1);
  });

  it.each(['', '   '])('a blank name %j matches nothing', (name) => {
    document.body.innerHTML = `<button></button><div>   </div>`;
    expect(findProviderChoices(document, { profileId: 'p1', name })).toEqual({ elements: [], named: [], matchedBy: 'none', signals: [] });
  });
});

describe('classifyChoice', () => {
  it('calls a detached element hidden', () => {
    const button = document.createElement('button');
    button.textContent = NAME;
    expect(classifyChoice(button)).toEqual({ state: 'unknown', signals: ['hidden'] });
  });

  it('calls an element of a document without a window hidden', () => {
    const parsed = new DOMParser().parseFromString(`<button>${NAME}</button>`, 'text/html');
    const button = parsed.querySelector('button');
    if (!button) throw new Error('no button');
    expect(classifyChoice(button).state).toBe('unknown');
  });

  it('never throws, even on something that is not an element', () => {
    expect(classifyChoice(null as unknown as Element)).toEqual({ state: 'unknown', signals: ['detection error'] });
  });
});

describe('observeProviders', () => {
  it('gives one observation per target, in order', () => {
    document.body.innerHTML = `<button>${NAME}</button><button disabled>Northline Phone</button>`;
    const observations = observeProviders(document, [
      { profileId: 'a', name: 'Northline Phone' },
      { profileId: 'b', name: 'Missing App' },
      { profileId: 'c', name: NAME },
    ]);
    expect(observations.map(({ profileId, state, matchedBy }) => [profileId, state, matchedBy])).toEqual([
      ['a', 'greyed-out', 'name'],
      ['b', 'unknown', 'none'],
      ['c', 'selectable', 'name'],
    ]);
  });

  it('returns nothing for no targets', () => {
    expect(observeProviders(document, [])).toEqual([]);
  });

  it('never throws on a malformed target', () => {
    const observations = observeProviders(document, [{ profileId: 'x', name: 42 } as unknown as ProviderTarget]);
    expect(observations).toHaveLength(1);
    expect(observations[0]?.state).toBe('unknown');
  });
});
