import { request as httpsRequest } from 'node:https';
import { JSDOM } from 'jsdom';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../../utils/flag/channelConnectionFlag';
import { HUBSPOT_APP_ORIGINS } from '../../utils/platform/hubspotOrigins';
import {
  helpDeskPortalId,
  markupFromQuery,
  parseHelpDeskControls,
  providerChoiceState,
  renderHelpDeskPage,
  standinHelpDeskProviders,
  type HelpDeskMarkup,
  type HelpDeskPageOptions,
  type HelpDeskProvider,
} from '../helpDeskPage';
import { STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../hubspotApi';
import { hostResolverRules, startStandin, STANDIN_HOSTS, type Standin } from '../server';

const PAGE_PATH = '/help-desk/123456/channels/calling';
const PAGE_URL = `https://app.hubspot.com${PAGE_PATH}`;
const MARKUPS: HelpDeskMarkup[] = ['buttons', 'cards'];
const [APP, SECOND_APP] = STANDIN_APPS;

type State = 'selectable' | 'greyed-out';

const pages: JSDOM[] = [];
afterEach(() => {
  pages.splice(0).forEach((page) => page.window.close());
});

/** jsdom's `performance` has no User Timing: the page's `performance.mark` gets a stand-in that does nothing. */
function withUserTiming(window: { performance: Performance }) {
  if (typeof window.performance.mark !== 'function') Object.assign(window.performance, { mark: () => undefined });
}

/** Runs the page's inline script in jsdom with `flag` in localStorage, and waits for the provider list. */
async function loadPage(html: string, flag: string | null = null): Promise<Document> {
  const page = new JSDOM(html, {
    url: PAGE_URL,
    runScripts: 'dangerously',
    beforeParse(window) {
      if (flag !== null) window.localStorage.setItem(SUPPORTS_CHANNEL_CONNECTION_KEY, flag);
      withUserTiming(window);
    },
  });
  pages.push(page);
  const { document } = page.window;
  await vi.waitFor(() => expect(document.getElementById('provider-list')?.getAttribute('aria-busy')).toBe('false'));
  return document;
}

const choices = (document: Document) => [...document.querySelectorAll<HTMLElement>('[data-testid="provider-choice"]')];

function choiceNamed(document: Document, name: string): HTMLElement {
  const found = choices(document).filter((choice) => choice.querySelector('.provider-name')?.textContent === name);
  expect(found, `one choice named ${name}`).toHaveLength(1);
  return found[0] as HTMLElement;
}

/** The signals each markup promises, asserted together so a choice can never carry a mix of them. */
function signals(choice: HTMLElement, markup: HelpDeskMarkup) {
  const testModeNote = choice.querySelector('.test-mode-note')?.textContent ?? null;
  if (markup === 'buttons') {
    return {
      tag: choice.tagName,
      type: choice.getAttribute('type'),
      disabled: choice.hasAttribute('disabled'),
      testModeNote,
    };
  }
  return {
    tag: choice.tagName,
    role: choice.getAttribute('role'),
    tabindex: choice.getAttribute('tabindex'),
    ariaDisabled: choice.getAttribute('aria-disabled'),
    opacity: choice.style.opacity,
    cursor: choice.style.cursor,
    testModeNote,
  };
}

function expectedSignals(markup: HelpDeskMarkup, state: State, testModeNote: boolean) {
  const note = testModeNote ? '(test mode)' : null;
  const greyedOut = state === 'greyed-out';
  if (markup === 'buttons') return { tag: 'BUTTON', type: 'button', disabled: greyedOut, testModeNote: note };
  return {
    tag: 'DIV',
    role: 'radio',
    tabindex: '0',
    ariaDisabled: greyedOut ? 'true' : null,
    opacity: greyedOut ? '0.5' : '',
    cursor: greyedOut ? 'not-allowed' : '',
    testModeNote: note,
  };
}

function page(overrides: Partial<HelpDeskPageOptions> = {}): string {
  return renderHelpDeskPage({
    portalId: '123456',
    providers: [{ appId: APP.appId, name: APP.name, isReady: null }],
    forceGreyedOut: false,
    markup: 'buttons',
    ...overrides,
  });
}

/** shared/PRODUCT.md's table, one row per (flag, isReady); `'TRUE'` because HubSpot compares with `'true'` exactly. */
const RULES: { flag: string | null; isReady: boolean | null; state: State; testModeNote: boolean }[] = [
  { flag: 'true', isReady: true, state: 'selectable', testModeNote: false },
  { flag: 'true', isReady: false, state: 'selectable', testModeNote: true },
  { flag: 'true', isReady: null, state: 'selectable', testModeNote: true },
  { flag: null, isReady: true, state: 'selectable', testModeNote: false },
  { flag: null, isReady: false, state: 'greyed-out', testModeNote: false },
  { flag: null, isReady: null, state: 'greyed-out', testModeNote: false },
  { flag: 'TRUE', isReady: false, state: 'greyed-out', testModeNote: false },
];

describe('providerChoiceState', () => {
  it.each(RULES)('flag $flag, isReady $isReady: $state', ({ flag, isReady, state, testModeNote }) => {
    expect(providerChoiceState({ isReady }, flag === 'true', false)).toEqual({
      selectable: state === 'selectable',
      onlyThanksToTestMode: testModeNote,
    });
  });

  it.each([
    { provider: { isReady: true }, testModeOn: true, forceGreyedOut: true, selectable: false },
    { provider: { isReady: null, fixedState: 'selectable' as const }, testModeOn: false, forceGreyedOut: true, selectable: false },
    { provider: { isReady: true, fixedState: 'greyed-out' as const }, testModeOn: true, forceGreyedOut: false, selectable: false },
    { provider: { isReady: null, fixedState: 'selectable' as const }, testModeOn: false, forceGreyedOut: false, selectable: true },
  ])('fixedState and forceGreyedOut override the rules: %o', ({ provider, testModeOn, forceGreyedOut, selectable }) => {
    expect(providerChoiceState(provider, testModeOn, forceGreyedOut)).toEqual({ selectable, onlyThanksToTestMode: false });
  });
});

describe('renderHelpDeskPage with markups that only look different', () => {
  it.each(RULES)('locked-tiles, flag $flag, isReady $isReady: a $state provider stays a button, locked ones show a lock and words', async ({ flag, isReady, state }) => {
    const document = await loadPage(page({ markup: 'locked-tiles', providers: [{ appId: APP.appId, name: APP.name, isReady }] }), flag);
    const [choice] = choices(document);
    expect(choice?.tagName).toBe('BUTTON');
    expect(choice?.hasAttribute('disabled')).toBe(false);
    expect(choice?.querySelector('[data-icon="lock"]')?.getAttribute('aria-label') ?? null).toBe(state === 'greyed-out' ? 'Locked' : null);
    expect(choice?.querySelector('.upsell')?.textContent ?? null).toBe(state === 'greyed-out' ? 'Upgrade required' : null);
  });

  it('locked-tiles: clicking a locked tile asks for an upgrade and chooses nothing', async () => {
    const document = await loadPage(page({ markup: 'locked-tiles', providers: [{ appId: APP.appId, name: APP.name, isReady: false }] }));
    choices(document)[0]?.click();
    expect(document.getElementById('chosen-provider')?.textContent).toBe(`Upgrade required to connect ${APP.name}.`);
    expect((document.getElementById('next-step') as HTMLButtonElement).disabled).toBe(true);
  });

  it('badges: the name is followed by a BETA badge inside its own element', async () => {
    const document = await loadPage(page({ markup: 'badges', providers: [{ appId: APP.appId, name: APP.name, isReady: true }] }));
    const name = choices(document)[0]?.querySelector('.provider-name');
    expect(name?.textContent).toBe(`${APP.name}BETA`);
    expect(name?.querySelector('.name-badge')?.textContent).toBe('BETA');
  });

  it.each(RULES)('logo-tiles, flag $flag, isReady $isReady: a $state tile shows initials only, with a test id', async ({ flag, isReady, state }) => {
    const document = await loadPage(page({ markup: 'logo-tiles', providers: [{ appId: APP.appId, name: APP.name, isReady }] }), flag);
    const tile = document.querySelector('.logo-tile') as HTMLButtonElement | null;
    expect(tile?.getAttribute('data-testid')).toBe(`calling-provider-${APP.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
    expect(tile?.textContent).not.toContain(APP.name);
    expect(document.querySelector('main')?.textContent).not.toContain(APP.name);
    expect(tile?.disabled).toBe(state === 'greyed-out');
  });

  it('app-heading: no picker, only the first app\'s name in a heading the page focuses', async () => {
    const dom = new JSDOM(page({ markup: 'app-heading' }), { url: PAGE_URL, runScripts: 'dangerously', beforeParse: withUserTiming });
    pages.push(dom);
    const { document } = dom.window;
    await vi.waitFor(() => expect(document.querySelector('.app-heading')).not.toBeNull());
    expect(choices(document)).toHaveLength(0);
    expect(document.getElementById('provider-list')).toBeNull();
    const heading = document.querySelector('.app-heading');
    expect(heading?.textContent).toBe(APP.name);
    expect(heading?.getAttribute('tabindex')).toBe('-1');
    expect(document.activeElement).toBe(heading);
  });
});

describe('renderHelpDeskPage with shadow', () => {
  it('renders the buttons in the open shadow root of a <provider-picker>, styled, and chooses there', async () => {
    const providers: HelpDeskProvider[] = [
      { appId: 1, name: 'Greyed', isReady: false },
      { appId: 2, name: 'Released', isReady: true },
    ];
    const document = await loadPage(page({ markup: 'shadow', providers }));
    expect(choices(document)).toHaveLength(0);
    const shadow = document.querySelector('provider-picker')?.shadowRoot;
    const buttons = [...(shadow?.querySelectorAll<HTMLButtonElement>('[data-testid="provider-choice"]') ?? [])];
    expect(buttons.map((button) => [button.querySelector('.provider-name')?.textContent, button.disabled])).toEqual([
      ['Greyed', true],
      ['Released', false],
    ]);
    expect(shadow?.querySelector('style')?.textContent).toContain('.provider-button');
    buttons[1]?.click();
    expect(buttons[1]?.getAttribute('aria-pressed')).toBe('true');
    expect(document.getElementById('chosen-provider')?.textContent).toBe('Selected: Released');
  });
});

describe('markupFromQuery', () => {
  it.each([
    ['?markup=locked-tiles', 'locked-tiles'],
    ['?markup=cards&x=1', 'cards'],
    ['?markup=table', null],
    ['', null],
  ] as const)('%s → %s', (search, markup) => {
    expect(markupFromQuery(search)).toBe(markup);
  });
});

describe.each(MARKUPS)('renderHelpDeskPage with %s', (markup) => {
  it.each(RULES)(
    'flag $flag, isReady $isReady: the choice is $state once the list renders',
    async ({ flag, isReady, state, testModeNote }) => {
      const document = await loadPage(page({ markup, providers: [{ appId: APP.appId, name: APP.name, isReady }] }), flag);
      expect(document.getElementById('flag-on-load')?.textContent).toBe(flag === 'true' ? 'on' : 'off');
      expect(choices(document)).toHaveLength(1);
      expect(signals(choiceNamed(document, APP.name), markup)).toEqual(expectedSignals(markup, state, testModeNote));
    },
  );

  it('forceGreyedOut greys out every provider, whatever the flag and isReady', async () => {
    const providers: HelpDeskProvider[] = [
      { appId: 1, name: 'Released', isReady: true },
      { appId: 2, name: 'Registered', isReady: false },
      { appId: 3, name: 'No webhook', isReady: null },
      { appId: 4, name: 'Always on', isReady: null, fixedState: 'selectable' },
    ];
    const document = await loadPage(page({ markup, providers, forceGreyedOut: true }), 'true');
    expect(choices(document)).toHaveLength(providers.length);
    for (const choice of choices(document)) {
      expect(signals(choice, markup)).toEqual(expectedSignals(markup, 'greyed-out', false));
    }
  });

  it('renders the list only after load, and reads the flag once, on load, as HubSpot does', async () => {
    const dom = new JSDOM(page({ markup }), { url: PAGE_URL, runScripts: 'dangerously', beforeParse: withUserTiming });
    pages.push(dom);
    const { document } = dom.window;
    expect(choices(document)).toHaveLength(0);
    expect(document.querySelector('.loading')?.textContent).toBe('Loading providers…');
    dom.window.localStorage.setItem(SUPPORTS_CHANNEL_CONNECTION_KEY, 'true');
    await vi.waitFor(() => expect(choices(document)).toHaveLength(1));
    expect(document.getElementById('flag-on-load')?.textContent).toBe('off');
    expect(signals(choiceNamed(document, APP.name), markup)).toEqual(expectedSignals(markup, 'greyed-out', false));
  });

  it('selects a selectable provider on click and ignores a greyed-out one', async () => {
    const providers: HelpDeskProvider[] = [
      { appId: 1, name: 'Greyed', isReady: false },
      { appId: 2, name: 'Released', isReady: true },
    ];
    const document = await loadPage(page({ markup, providers }));
    const chosenAttribute = markup === 'cards' ? 'aria-checked' : 'aria-pressed';
    const next = document.getElementById('next-step') as HTMLButtonElement;
    expect(next.disabled).toBe(true);

    choiceNamed(document, 'Greyed').click();
    expect(choiceNamed(document, 'Greyed').getAttribute(chosenAttribute)).toBe('false');
    expect(next.disabled).toBe(true);

    choiceNamed(document, 'Released').click();
    expect(choiceNamed(document, 'Released').getAttribute(chosenAttribute)).toBe('true');
    expect(document.getElementById('chosen-provider')?.textContent).toBe('Selected: Released');
    expect(next.disabled).toBe(false);
  });

  it('shows names, descriptions and the portal id as text, never as markup or script', async () => {
    const name = `</script><img src=x onerror="globalThis.injected=1"> Dialer & 'Co' \u2028"`;
    const description = '<b>bold</b> & </span>';
    const html = page({ markup, portalId: '<i>1</i>', providers: [{ appId: 1, name, description, isReady: true }] });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>1</i>');

    const document = await loadPage(html);
    expect(document.querySelector('img, b, i')).toBeNull();
    expect((document.defaultView as unknown as { injected?: number }).injected).toBeUndefined();
    const choice = choiceNamed(document, name);
    expect(choice.querySelector('.provider-description')?.textContent).toBe(description);
    expect(document.querySelector('.standin-tag')?.textContent).toContain('portal <i>1</i>');
  });
});

describe('the providers the stand-in lists', () => {
  it('are the stand-in apps with their live isReady, a look-alike always greyed out, another vendor released', () => {
    const connection = { url: 'https://webhooks.example.test/hubspot', createdAt: '', updatedAt: '' };
    const providers = standinHelpDeskProviders(new Map([[SECOND_APP.appId, { ...connection, isReady: true }]]));
    expect(providers.map(({ name, isReady, fixedState }) => ({ name, isReady, fixedState }))).toEqual([
      { name: 'Northline Phone', isReady: true, fixedState: undefined },
      { name: `${APP.name} Pro`, isReady: null, fixedState: 'greyed-out' },
      { name: APP.name, isReady: null, fixedState: undefined },
      { name: SECOND_APP.name, isReady: true, fixedState: undefined },
    ]);
    expect(new Set(providers.map((provider) => provider.appId)).size).toBe(providers.length);
  });
});

describe('helpDeskPortalId', () => {
  it.each([
    ['/help-desk/123456/channels/calling', '123456'],
    ['/help-desk/123456/channels/calling/', '123456'],
    ['/help-desk/123456/inbox', null],
    ['/help-desk/abc/channels/calling', null],
    ['/contacts/123456/channels/calling', null],
    ['/help-desk/123456/channels/calling/extra', null],
  ])('%s → %s', (pathname, portalId) => {
    expect(helpDeskPortalId(pathname)).toBe(portalId);
  });
});

describe('parseHelpDeskControls', () => {
  it.each([
    ['{}', {}],
    ['{"forceGreyedOut":true}', { forceGreyedOut: true }],
    ['{"markup":"cards","forceGreyedOut":false}', { markup: 'cards', forceGreyedOut: false }],
    ['not json', 'help-desk takes a JSON object {forceGreyedOut?, markup?}'],
    ['[]', 'help-desk takes a JSON object'],
    ['{"forceGreyedOut":"yes"}', 'forceGreyedOut must be a boolean'],
    ['{"markup":"table"}', 'markup must be one of: buttons, cards, locked-tiles, badges, app-heading, shadow, closed-shadow, frame, vendor-frame, logo-tiles'],
    ['{"markup":"cards","isReady":true}', 'Unknown field(s): isReady'],
  ])('%s → %o', (text, result) => {
    expect(parseHelpDeskControls(text)).toEqual(result);
  });
});

describe('the stand-in server', () => {
  let standin: Standin;

  beforeAll(async () => {
    standin = await startStandin();
  });
  afterAll(() => standin.close());
  beforeEach(() => standin.reset());

  interface Answer {
    status: number;
    contentType: string | undefined;
    text: string;
  }

  /** HTTPS to the stand-in under a HubSpot host name, as Chromium sends it there with `--host-resolver-rules`. */
  function call(host: string, method: string, path: string, body?: unknown): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const outgoing = httpsRequest(
        {
          host: '127.0.0.1',
          port: standin.port,
          servername: host,
          method,
          path,
          headers: { host, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          rejectUnauthorized: false,
        },
        (incoming) => {
          let text = '';
          incoming.setEncoding('utf8');
          incoming.on('data', (chunk: string) => (text += chunk));
          incoming.on('end', () =>
            resolve({ status: incoming.statusCode ?? 0, contentType: incoming.headers['content-type'], text }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
    });
  }

  const connectionSettings = (method: string, body?: unknown) =>
    call(
      'api.hubapi.com',
      method,
      `/crm/v3/extensions/calling/${APP.appId}/settings/channel-connection?hapikey=${STANDIN_DEVELOPER_API_KEY}`,
      body,
    );

  async function loadServedPage(flag: string | null = null): Promise<Document> {
    const answer = await call('app.hubspot.com', 'GET', PAGE_PATH);
    expect(answer.status).toBe(200);
    return loadPage(answer.text, flag);
  }

  const appState = (document: Document, name: string): State => {
    const choice = choiceNamed(document, name);
    const greyedOut = choice.hasAttribute('disabled') || choice.getAttribute('aria-disabled') === 'true';
    return greyedOut ? 'greyed-out' : 'selectable';
  };

  it.each(HUBSPOT_APP_ORIGINS.map((origin) => new URL(origin).host))('serves the help-desk page on %s', async (host) => {
    const answer = await call(host, 'GET', `${PAGE_PATH}?eschannel=calling`);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/html; charset=utf-8');
    expect(answer.text).toContain('<h1 id="connect-heading">Connect a calling provider</h1>');
    expect(answer.text).toContain('portal 123456');
  });

  it('keeps the generic app page for other paths', async () => {
    const answer = await call('app.hubspot.com', 'GET', '/help-desk/123456/inbox');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('<h1>HubSpot stand-in</h1>');
    expect(answer.text).not.toContain('provider-list');
  });

  it('shows what registering, releasing and deleting through the API did, after a reload', async () => {
    let document = await loadServedPage();
    expect(choices(document).map((choice) => choice.querySelector('.provider-name')?.textContent)).toEqual([
      'Northline Phone',
      `${APP.name} Pro`,
      APP.name,
      SECOND_APP.name,
    ]);
    expect(appState(document, 'Northline Phone')).toBe('selectable');
    expect(appState(document, `${APP.name} Pro`)).toBe('greyed-out');
    expect(appState(document, APP.name)).toBe('greyed-out');

    expect((await connectionSettings('POST', { url: 'https://webhooks.example.test/hubspot', isReady: false })).status).toBe(200);
    document = await loadServedPage();
    expect(appState(document, APP.name)).toBe('greyed-out');
    document = await loadServedPage('true');
    expect(appState(document, APP.name)).toBe('selectable');
    expect(appState(document, `${APP.name} Pro`)).toBe('greyed-out');

    expect((await connectionSettings('PATCH', { isReady: true })).status).toBe(200);
    document = await loadServedPage();
    expect(appState(document, APP.name)).toBe('selectable');
    expect(appState(document, SECOND_APP.name)).toBe('greyed-out');

    expect((await connectionSettings('DELETE')).status).toBe(204);
    document = await loadServedPage();
    expect(appState(document, APP.name)).toBe('greyed-out');
  });

  it('reads and sets the page options at /__standin/help-desk, and refuses bad input', async () => {
    const read = await call('app.hubspot.com', 'GET', '/__standin/help-desk');
    expect(read.status).toBe(200);
    expect(read.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(read.text)).toEqual({ forceGreyedOut: false, markup: 'buttons' });

    const set = await call('app-eu1.hubspot.com', 'POST', '/__standin/help-desk', { markup: 'cards', forceGreyedOut: true });
    expect(set.status).toBe(200);
    expect(JSON.parse(set.text)).toEqual({ forceGreyedOut: true, markup: 'cards' });
    expect(standin.helpDesk).toEqual({ forceGreyedOut: true, markup: 'cards' });
    const document = await loadServedPage('true');
    expect(choices(document).every((choice) => choice.getAttribute('role') === 'radio')).toBe(true);
    expect(choices(document).every((choice) => choice.getAttribute('aria-disabled') === 'true')).toBe(true);

    const refused = await call('app.hubspot.com', 'POST', '/__standin/help-desk', { markup: 'table' });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text)).toEqual({ message: 'markup must be one of: buttons, cards, locked-tiles, badges, app-heading, shadow, closed-shadow, frame, vendor-frame, logo-tiles' });
    expect((await call('app.hubspot.com', 'PUT', '/__standin/help-desk', {})).status).toBe(405);
    expect(standin.helpDesk).toEqual({ forceGreyedOut: true, markup: 'cards' });
  });

  it('lets tests set the page options directly, and reset() restores them and the API state', async () => {
    standin.helpDesk.markup = 'cards';
    expect(choices(await loadServedPage()).every((choice) => choice.tagName === 'DIV')).toBe(true);
    await connectionSettings('POST', { url: 'https://webhooks.example.test/hubspot', isReady: true });

    standin.reset();
    expect(standin.helpDesk).toEqual({ forceGreyedOut: false, markup: 'buttons' });
    expect(standin.api.channelConnection.size).toBe(0);
    expect(choices(await loadServedPage()).every((choice) => choice.tagName === 'BUTTON')).toBe(true);
  });

  it('maps every stand-in host name to it and no other host name anywhere, leaving 127.0.0.1 itself reachable', () => {
    const rules = hostResolverRules(standin.port).split(', ');
    expect(rules).toEqual([...STANDIN_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${standin.port}`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1']);
    expect(rules).toContain(`MAP app.hubspot.com 127.0.0.1:${standin.port}`);
  });
});
