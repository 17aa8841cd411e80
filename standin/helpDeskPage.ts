/**
 * HubSpot's help-desk "connect a calling channel" step as the stand-in serves it: a provider list rendered by an
 * inline script shortly after load, each provider selectable or greyed out by the rules in shared/PRODUCT.md.
 * Deliberately independent of `utils/`: the extension's prediction is checked against this page, not derived from it.
 */
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../utils/flag/channelConnectionFlag';
import { escapeHtml } from './appPages';
import { STANDIN_APPS, type ChannelConnectionRecord } from './hubspotApi';

/**
 * How the page renders its providers. `buttons` and `cards` follow the rules with native and ARIA disabled states;
 * `locked-tiles` keeps a greyed-out provider a clickable button that shows a lock icon and "Upgrade required" (as a
 * design system's upsell tile does); `badges` puts a BETA badge after every name; `app-heading` shows no picker at
 * all, only the first stand-in app's name in a heading the page focuses, as a single-page app does after navigating;
 * `shadow` renders the buttons inside the open shadow root of a `<provider-picker>` web component, `closed-shadow`
 * inside a closed one; `frame` shows them in a frame of the same origin (the same page with `?markup=buttons`), and
 * `vendor-frame` shows a frame from another origin instead (a vendor's embedded picker). `logo-tiles` is an icon grid
 * that shows each provider's initials only, with a test id per tile, as pickers do whose names live in a hover card
 * (left out here): no name to find, so the user points at the tile.
 */
export type HelpDeskMarkup =
  | 'buttons'
  | 'cards'
  | 'locked-tiles'
  | 'badges'
  | 'app-heading'
  | 'shadow'
  | 'closed-shadow'
  | 'frame'
  | 'vendor-frame'
  | 'logo-tiles';

export interface HelpDeskProvider {
  appId: number;
  name: string;
  /** The app's channel-connection webhook `isReady`; null when no webhook is registered. */
  isReady: boolean | null;
  description?: string;
  /** Another vendor's app whose settings the stand-in does not model: shown this way whatever the flag says. */
  fixedState?: 'selectable' | 'greyed-out';
}

/** What tests and `npm run sandbox` change on the server, through `Standin.helpDesk` or `/__standin/help-desk`. */
export interface HelpDeskControls {
  /** Greys out every provider, as HubSpot does for a user without a paid seat or the permissions. */
  forceGreyedOut: boolean;
  markup: HelpDeskMarkup;
}

export interface HelpDeskPageOptions extends HelpDeskControls {
  portalId: string | number;
  providers: readonly HelpDeskProvider[];
}

export interface ProviderChoiceState {
  selectable: boolean;
  /** Selectable only because the tab's test-mode flag is on: the page marks it "(test mode)". */
  onlyThanksToTestMode: boolean;
}

export const HELP_DESK_MARKUPS: readonly HelpDeskMarkup[] = [
  'buttons',
  'cards',
  'locked-tiles',
  'badges',
  'app-heading',
  'shadow',
  'closed-shadow',
  'frame',
  'vendor-frame',
  'logo-tiles',
];
/** The other origin `vendor-frame` shows, one the stand-in serves. */
export const VENDOR_FRAME_URL = 'https://webhooks.example.test/vendor/provider-picker';

/** `?markup=` on the page's URL picks the markup for that load, over the server's controls. */
export function markupFromQuery(search: string): HelpDeskMarkup | null {
  const asked = new URLSearchParams(search).get('markup');
  return HELP_DESK_MARKUPS.find((markup) => markup === asked) ?? null;
}
export const DEFAULT_HELP_DESK_CONTROLS: Readonly<HelpDeskControls> = { forceGreyedOut: false, markup: 'buttons' };

/** Like a single-page app, the list appears after load, so a detector has to wait for it rather than read it once. */
export const PROVIDER_LIST_DELAY_MS = 150;
/** The User Timing mark the page sets when its provider list appears: where the benchmark's detection time starts. */
export const PROVIDER_LIST_SHOWN_MARK = 'standin:provider-list-shown';
/**
 * `window.standinChurn(nodesPerSecond, durationMs)` makes the page busy: it adds that many feed items a second, and
 * removes the oldest past a fixed length, for `durationMs`; it resolves to `{added, removed}`.
 */
export const CHURN_FUNCTION = 'standinChurn';
const CHURN_FEED_LENGTH = 200;
const CHURN_TICK_MS = 10;

const DEFAULT_DESCRIPTION = 'Connect a phone number from this calling app.';
const LOGO_COLOURS = ['#ff7a59', '#00a4bd', '#7b61ff', '#00bda5', '#f5c26b', '#516f90'];
const HELP_DESK_CALLING_PATH = /^\/help-desk\/(\d+)\/channels\/calling\/?$/;

/** The portal id when `pathname` is the help desk's calling-channel page, else null. */
export function helpDeskPortalId(pathname: string): string | null {
  return HELP_DESK_CALLING_PATH.exec(pathname)?.[1] ?? null;
}

/** The rules table of shared/PRODUCT.md, plus the stand-in's own overrides (`forceGreyedOut`, `fixedState`). */
export function providerChoiceState(
  provider: Pick<HelpDeskProvider, 'isReady' | 'fixedState'>,
  testModeOn: boolean,
  forceGreyedOut: boolean,
): ProviderChoiceState {
  if (forceGreyedOut || provider.fixedState === 'greyed-out') return { selectable: false, onlyThanksToTestMode: false };
  if (provider.fixedState === 'selectable' || provider.isReady === true) {
    return { selectable: true, onlyThanksToTestMode: false };
  }
  return { selectable: testModeOn, onlyThanksToTestMode: testModeOn };
}

/**
 * The providers HubSpot would list for the stand-in's portal: the stand-in apps with their live `isReady`, a
 * look-alike whose name contains the first app's name, and another vendor's app released to everyone. The
 * look-alike comes first, so a detector that takes the first element containing the name picks the wrong one.
 */
export function standinHelpDeskProviders(
  channelConnection: ReadonlyMap<number, ChannelConnectionRecord>,
): HelpDeskProvider[] {
  const [firstApp] = STANDIN_APPS;
  return [
    {
      appId: 8675309,
      name: 'Northline Phone',
      isReady: true,
      description: 'Cloud phone system for support teams.',
    },
    {
      appId: 1618033,
      name: `${firstApp.name} Pro`,
      isReady: null,
      description: 'Power dialer for high-volume sales teams.',
      fixedState: 'greyed-out',
    },
    ...STANDIN_APPS.map((app) => ({
      appId: app.appId,
      name: app.name,
      isReady: channelConnection.get(app.appId)?.isReady ?? null,
    })),
  ];
}

/** Reads a `POST /__standin/help-desk` body: the controls to change, or why the body is refused. */
export function parseHelpDeskControls(text: string): Partial<HelpDeskControls> | string {
  let input: unknown;
  try {
    input = JSON.parse(text) as unknown;
  } catch {
    return 'help-desk takes a JSON object {forceGreyedOut?, markup?}';
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'help-desk takes a JSON object';
  const fields = input as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((field) => field !== 'forceGreyedOut' && field !== 'markup');
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(', ')}`;
  const controls: Partial<HelpDeskControls> = {};
  if ('forceGreyedOut' in fields) {
    if (typeof fields.forceGreyedOut !== 'boolean') return 'forceGreyedOut must be a boolean';
    controls.forceGreyedOut = fields.forceGreyedOut;
  }
  if ('markup' in fields) {
    const markup = HELP_DESK_MARKUPS.find((candidate) => candidate === fields.markup);
    if (!markup) return `markup must be one of: ${HELP_DESK_MARKUPS.join(', ')}`;
    controls.markup = markup;
  }
  return controls;
}

/** JSON that can sit inside a `<script>` element: nothing in it can close the element or end a JS string. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

function initials(name: string): string {
  const words = name.split(/\s+/).filter((word) => /^\p{L}/u.test(word));
  return words
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

/** The page at `https://app.hubspot.com/help-desk/{portalId}/channels/calling`. */
export function renderHelpDeskPage({ portalId, providers, forceGreyedOut, markup }: HelpDeskPageOptions): string {
  const pageData = {
    markup,
    appHeading: STANDIN_APPS[0].name,
    providers: providers.map((provider, index) => ({
      name: provider.name,
      description: provider.description ?? DEFAULT_DESCRIPTION,
      initials: initials(provider.name),
      slug: provider.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      colour: LOGO_COLOURS[index % LOGO_COLOURS.length],
      withTestMode: providerChoiceState(provider, true, forceGreyedOut),
      withoutTestMode: providerChoiceState(provider, false, forceGreyedOut),
    })),
  };
  const listRole = markup === 'cards' ? 'radiogroup' : 'group';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Connect a calling provider | Help Desk | HubSpot stand-in</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
  <header class="top-bar">
    <span class="sprocket" aria-hidden="true"></span><span class="product">Help Desk</span>
    <span class="standin-tag">Local HubSpot stand-in · portal ${escapeHtml(String(portalId))}</span>
  </header>
  <main class="panel">
    <nav class="breadcrumb" aria-label="Breadcrumb">Help desk › Channels › Calling</nav>
    <h1 id="connect-heading">Connect a calling provider</h1>
    <p class="flag-line">Test mode read on load: <strong id="flag-on-load"></strong></p>
    <p class="intro">Choose the calling app whose phone number customers will call. Calls then arrive in your help desk as tickets.</p>
    <div id="provider-list" class="provider-list provider-list-${escapeHtml(markup)}" role="${listRole}" aria-labelledby="connect-heading" aria-busy="true">
      <p class="loading">Loading providers…</p>
    </div>
    <p id="chosen-provider" class="chosen" role="status"></p>
    <footer class="actions">
      <button type="button" class="secondary">Cancel</button>
      <button type="button" class="primary" id="next-step" disabled>Next</button>
    </footer>
  </main>
  <section class="activity" aria-label="Live activity"><ul id="activity-feed"></ul></section>
  <script>${clientScript(scriptJson(pageData))}</script>
</body>
</html>`;
}

/**
 * Plain ES2017 that runs in the page. Names reach the DOM through `textContent` only. The flag is read once, on
 * load, as HubSpot reads it: changing it later has no effect until a reload.
 */
function clientScript(pageDataJson: string): string {
  return `
(function () {
  var page = ${pageDataJson};
  var testModeOn = localStorage.getItem(${scriptJson(SUPPORTS_CHANNEL_CONNECTION_KEY)}) === 'true';
  document.getElementById('flag-on-load').textContent = testModeOn ? 'on' : 'off';
  var list = document.getElementById('provider-list');
  var chosen = document.getElementById('chosen-provider');
  var nextStep = document.getElementById('next-step');
  var choiceAttribute = page.markup === 'cards' ? 'aria-checked' : 'aria-pressed';
  var chosenName = null;
  var render = { cards: card, 'locked-tiles': lockedTile, badges: badged, 'logo-tiles': logoTile }[page.markup] || button;

  setTimeout(function () {
    if (page.markup === 'frame' || page.markup === 'vendor-frame') {
      var frame = document.createElement('iframe');
      frame.src = page.markup === 'frame' ? location.pathname + '?markup=buttons' : ${scriptJson(VENDOR_FRAME_URL)};
      frame.title = 'Calling providers';
      frame.className = 'provider-frame';
      list.replaceWith(frame);
      performance.mark(${scriptJson(PROVIDER_LIST_SHOWN_MARK)});
      return;
    }
    if (page.markup === 'app-heading') {
      var heading = element('h2', 'app-heading', page.appHeading);
      heading.setAttribute('tabindex', '-1');
      list.replaceWith(heading, element('p', 'intro', 'Calling app details. Choose a provider from the channels page.'));
      heading.focus();
      performance.mark(${scriptJson(PROVIDER_LIST_SHOWN_MARK)});
      return;
    }
    var choices = page.providers.map(function (provider) {
      var state = testModeOn ? provider.withTestMode : provider.withoutTestMode;
      return render(provider, state);
    });
    if (page.markup === 'shadow' || page.markup === 'closed-shadow') {
      var picker = document.createElement('provider-picker');
      var shadow = picker.attachShadow({ mode: page.markup === 'shadow' ? 'open' : 'closed' });
      var style = document.createElement('style');
      // A shadow root keeps the page's styles out: the buttons bring their own.
      style.textContent = Array.prototype.map.call(document.styleSheets[0].cssRules, function (rule) { return rule.cssText; }).join('\\n');
      var inner = element('div', 'provider-list');
      inner.replaceChildren.apply(inner, choices);
      shadow.append(style, inner);
      list.replaceChildren(picker);
    } else {
      list.replaceChildren.apply(list, choices);
    }
    list.setAttribute('aria-busy', 'false');
    performance.mark(${scriptJson(PROVIDER_LIST_SHOWN_MARK)});
  }, ${PROVIDER_LIST_DELAY_MS});

  nextStep.addEventListener('click', function () {
    chosen.textContent = chosenName + ' would be connected next; the stand-in stops here.';
  });

  // A busy single-page app for the benchmark: a feed that adds and removes nodes at a steady rate.
  window.${CHURN_FUNCTION} = function (nodesPerSecond, durationMs) {
    var feed = document.getElementById('activity-feed');
    var start = performance.now();
    var added = 0;
    var removed = 0;
    return new Promise(function (resolve) {
      var timer = setInterval(function () {
        var elapsed = Math.min(performance.now() - start, durationMs);
        var due = Math.floor(elapsed * nodesPerSecond / 1000) - added;
        for (var i = 0; i < due; i++) {
          feed.append(element('li', 'activity-item', 'Ticket #' + (100000 + added) + ' updated by the support team'));
          added++;
          if (feed.childElementCount > ${CHURN_FEED_LENGTH}) {
            feed.firstElementChild.remove();
            removed++;
          }
        }
        if (elapsed >= durationMs) {
          clearInterval(timer);
          resolve({ added: added, removed: removed });
        }
      }, ${CHURN_TICK_MS});
    });
  };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function title(provider, state) {
    var line = element('span', 'provider-title');
    line.append(element('span', 'provider-name', provider.name));
    if (state.onlyThanksToTestMode) line.append(' ', element('span', 'test-mode-note', '(test mode)'));
    return line;
  }

  function button(provider, state) {
    var choice = element('button', 'provider-button');
    choice.type = 'button';
    choice.setAttribute('data-testid', 'provider-choice');
    choice.setAttribute('aria-pressed', 'false');
    choice.disabled = !state.selectable;
    choice.append(title(provider, state), element('span', 'provider-description', provider.description));
    choice.addEventListener('click', function () { choose(choice, provider.name); });
    return choice;
  }

  function lockedTile(provider, state) {
    var choice = element('button', 'provider-button provider-tile');
    choice.type = 'button';
    choice.setAttribute('data-testid', 'provider-choice');
    choice.setAttribute('aria-pressed', 'false');
    choice.append(title(provider, state), element('span', 'provider-description', provider.description));
    if (!state.selectable) {
      var lock = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      lock.setAttribute('data-icon', 'lock');
      lock.setAttribute('aria-label', 'Locked');
      lock.setAttribute('class', 'lock-icon');
      choice.append(lock, element('span', 'upsell', 'Upgrade required'));
    }
    // Still a button: it opens an upgrade prompt rather than choosing the provider.
    choice.addEventListener('click', function () {
      if (state.selectable) choose(choice, provider.name);
      else chosen.textContent = 'Upgrade required to connect ' + provider.name + '.';
    });
    return choice;
  }

  function badged(provider, state) {
    var choice = button(provider, state);
    choice.querySelector('.provider-name').append(element('span', 'name-badge', 'BETA'));
    return choice;
  }

  function logoTile(provider, state) {
    var choice = element('button', 'logo-tile');
    choice.type = 'button';
    choice.setAttribute('data-testid', 'calling-provider-' + provider.slug);
    choice.setAttribute('aria-pressed', 'false');
    choice.disabled = !state.selectable;
    var logo = element('span', 'provider-logo', provider.initials);
    logo.style.background = provider.colour;
    choice.append(logo);
    choice.addEventListener('click', function () { choose(choice, provider.name); });
    return choice;
  }

  function card(provider, state) {
    var choice = element('div', 'provider-card');
    choice.setAttribute('role', 'radio');
    choice.setAttribute('tabindex', '0');
    choice.setAttribute('aria-checked', 'false');
    choice.setAttribute('data-testid', 'provider-choice');
    if (!state.selectable) {
      choice.setAttribute('aria-disabled', 'true');
      choice.style.opacity = '0.5';
      choice.style.cursor = 'not-allowed';
    }
    var logo = element('span', 'provider-logo', provider.initials);
    logo.setAttribute('aria-hidden', 'true');
    logo.style.background = provider.colour;
    var text = element('span', 'provider-text');
    text.append(title(provider, state), element('span', 'provider-description', provider.description));
    choice.append(logo, text);
    choice.addEventListener('click', function () { choose(choice, provider.name); });
    choice.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      choose(choice, provider.name);
    });
    return choice;
  }

  function choose(choice, name) {
    if (choice.disabled || choice.getAttribute('aria-disabled') === 'true') return;
    Array.prototype.forEach.call(choice.parentElement.children, function (other) {
      other.setAttribute(choiceAttribute, String(other === choice));
    });
    chosenName = name;
    chosen.textContent = 'Selected: ' + name;
    nextStep.disabled = false;
  }
})();
`;
}

const PAGE_STYLE = `
  :root { color-scheme: light; }
  * { box-sizing: border-box; }
  body { margin: 0; background: #f5f8fa; color: #33475b; font: 14px/1.5 "Lexend Deca", "Helvetica Neue", Helvetica, Arial, sans-serif; }
  button { font: inherit; }
  .top-bar { display: flex; align-items: center; gap: 10px; height: 48px; padding: 0 24px; background: #2d3e50; color: #fff; }
  .sprocket { width: 18px; height: 18px; border-radius: 50%; border: 4px solid #ff7a59; }
  .product { font-weight: 600; }
  .standin-tag { margin-left: auto; padding: 2px 10px; border-radius: 12px; background: rgba(255, 255, 255, 0.14); font-size: 12px; }
  .panel { max-width: 760px; margin: 32px auto; padding: 28px 32px 24px; background: #fff; border: 1px solid #dfe3eb; border-radius: 6px; }
  .breadcrumb { color: #516f90; font-size: 13px; }
  h1 { margin: 6px 0 2px; font-size: 24px; font-weight: 600; color: #213343; }
  .flag-line { margin: 0 0 14px; color: #516f90; font-size: 13px; }
  .flag-line strong { color: #33475b; }
  .intro { margin: 0 0 20px; }
  .provider-list { display: grid; gap: 10px; min-height: 120px; }
  .provider-list-cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 14px; }
  .loading { margin: 0; color: #7c98b6; }
  .provider-title { display: block; }
  .provider-name { font-weight: 600; color: #213343; }
  .provider-description { display: block; color: #516f90; font-size: 13px; }
  .test-mode-note { padding: 0 6px; border: 1px solid #f5c26b; border-radius: 3px; background: #fef8f0; color: #8a5a00; font-size: 12px; }
  .provider-button { display: block; width: 100%; padding: 14px 16px; text-align: left; color: inherit; background: #fff; border: 1px solid #cbd6e2; border-radius: 4px; cursor: pointer; }
  .provider-button:hover:enabled, .provider-card:hover:not([aria-disabled="true"]) { border-color: #00a4bd; background: #f5fcfd; }
  .provider-button[aria-pressed="true"], .provider-card[aria-checked="true"] { border-color: #00a4bd; box-shadow: 0 0 0 1px #00a4bd; background: #e5f5f8; }
  .provider-button:disabled { background: #f5f8fa; border-color: #eaf0f6; cursor: not-allowed; }
  .provider-button:disabled .provider-name, .provider-button:disabled .provider-description { color: #b0c1d4; }
  .provider-card { display: flex; align-items: center; gap: 14px; padding: 16px; border: 1px solid #cbd6e2; border-radius: 8px; background: #fff; cursor: pointer; }
  .provider-button:focus-visible, .provider-card:focus-visible { outline: 2px solid #0091ae; outline-offset: 2px; }
  .provider-list-logo-tiles { grid-template-columns: repeat(auto-fill, 64px); }
  .logo-tile { display: grid; place-items: center; width: 64px; height: 64px; padding: 0; border: 1px solid #cbd6e2; border-radius: 8px; background: #fff; cursor: pointer; }
  .logo-tile:disabled { opacity: 0.45; cursor: not-allowed; }
  .logo-tile[aria-pressed="true"] { border-color: #00a4bd; box-shadow: 0 0 0 1px #00a4bd; }
  .provider-logo { flex: none; display: grid; place-items: center; width: 40px; height: 40px; border-radius: 8px; color: #fff; font-weight: 600; }
  .provider-text { min-width: 0; }
  .chosen { min-height: 21px; margin: 16px 0 0; color: #516f90; }
  .actions { display: flex; justify-content: flex-end; gap: 10px; margin-top: 12px; padding-top: 16px; border-top: 1px solid #eaf0f6; }
  .actions button { padding: 8px 18px; border-radius: 3px; cursor: pointer; }
  .secondary { border: 1px solid #cbd6e2; background: #fff; color: #33475b; }
  .primary { border: 1px solid #ff7a59; background: #ff7a59; color: #fff; }
  .activity { max-width: 760px; margin: 0 auto 32px; max-height: 240px; overflow: hidden; color: #7c98b6; font-size: 12px; }
  .activity ul { margin: 0; padding: 0 32px; list-style: none; }
  .lock-icon { display: inline-block; width: 12px; height: 12px; margin-left: 8px; border: 2px solid #7c98b6; border-radius: 2px; }
  .upsell { margin-left: 6px; color: #8a5a00; font-size: 12px; }
  .name-badge { margin-left: 6px; padding: 0 5px; border-radius: 3px; background: #eaf0f6; font-size: 11px; }
  .app-heading { margin: 12px 0 4px; font-size: 20px; }
  .provider-frame { width: 100%; height: 420px; border: 1px solid #dfe3eb; border-radius: 4px; }
  .primary:disabled { border-color: #eaf0f6; background: #eaf0f6; color: #b0c1d4; cursor: not-allowed; }
`;
