/**
 * What `npm run sandbox` prints: everything needed to try the extension by hand against the stand-in, offline: the
 * page, what to type into an app profile and the webhook tester, the Chromium command line, and how to change the
 * stand-in's page and put it back.
 */
import { STANDIN_ACCESS_TOKEN, STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import { SLOW_WEBHOOK_DELAY_MS, STANDIN_CLIENT_SECRET, WEBHOOK_HOST } from '../standin/webhooks';
import { HUBSPOT_API_BASE_URLS } from '../utils/platform/hubspotOrigins';

export const SANDBOX_HELP_DESK_URL = 'https://app.hubspot.com/help-desk/123456/channels/calling';

/** The sample webhooks a tester can point at, each with what it shows. */
export const SANDBOX_WEBHOOKS: ReadonlyArray<{ path: string; shows: string }> = [
  { path: '/good', shows: 'checks the signature, answers the sample numbers' },
  { path: '/lax', shows: 'checks nothing: the negative checks flag it' },
  { path: '/slow', shows: `answers after ${SLOW_WEBHOOK_DELAY_MS / 1000} s: a timeout` },
  { path: '/html-error', shows: 'a 502 HTML page' },
  { path: '/redirect', shows: 'a 302, which HubSpot does not follow' },
];

export interface SandboxSetting {
  port: number;
  /** The Chromium command line, already quoted for a shell. */
  chromiumCommand: string;
  /** Where the extension build was looked for, when it is missing. */
  missingBuild: string | null;
}

/** POSIX shell quoting, so the printed commands can be pasted as they are. */
export const shellQuote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

const aligned = (rows: [string, string][]) => {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
};

export function sandboxText({ port, chromiumCommand, missingBuild }: SandboxSetting): string {
  const [app] = STANDIN_APPS;
  const pageControls = (body: string) => [
    `  curl -k --connect-to app.hubspot.com:443:127.0.0.1:${port} https://app.hubspot.com/__standin/help-desk \\`,
    `    -d ${shellQuote(body)}`,
  ];
  const lines = [
    `HubSpot stand-in listening on https://127.0.0.1:${port} (Ctrl-C to stop)`,
    '',
    `Help-desk page:   ${SANDBOX_HELP_DESK_URL}`,
    '',
    'App profile (extension options page):',
    ...aligned([
      ['App ID', String(app.appId)],
      ['App name as HubSpot lists it', app.name],
      ['API generation', 'v3'],
      ['Developer API key', STANDIN_DEVELOPER_API_KEY],
      ['API base URL', `${HUBSPOT_API_BASE_URLS.production} (the default)`],
      ['Client secret', `${STANDIN_CLIENT_SECRET} (signs the webhook tester's requests)`],
      ['This is a test app', 'yes (lets the availability matrix run)'],
      ['(or 2026-03: access token)', STANDIN_ACCESS_TOKEN],
    ]),
    '',
    'Sample webhooks (webhook tester, or register one in the settings panel):',
    ...aligned(SANDBOX_WEBHOOKS.map(({ path, shows }) => [`https://${WEBHOOK_HOST}${path}`, shows])),
    '',
    'Chromium, with HubSpot host names sent here and every other host name unresolvable:',
    `  ${chromiumCommand}`,
    '',
    'Grey out every provider, or switch the page to cards:',
    ...pageControls('{"forceGreyedOut": true, "markup": "cards"}'),
    'Put the page back as it was:',
    ...pageControls('{"forceGreyedOut": false, "markup": "buttons"}'),
  ];
  if (missingBuild) lines.push('', `No extension build at ${missingBuild}: run \`npm run build\` first.`);
  return lines.join('\n');
}
