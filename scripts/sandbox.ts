/**
 * `npm run sandbox [-- --open]`: the HubSpot stand-in on a fixed port, for trying the extension by hand, offline.
 * Prints what to type into an app profile and the Chromium command line that sends HubSpot's host names here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { STANDIN_ACCESS_TOKEN, STANDIN_APPS, STANDIN_DEVELOPER_API_KEY } from '../standin/hubspotApi';
import { startStandin, type Standin } from '../standin/server';
import { standinArgs } from '../e2e/chromium';
import { HUBSPOT_API_BASE_URLS } from '../utils/platform/hubspotOrigins';

const HELP_DESK_URL = 'https://app.hubspot.com/help-desk/123456/channels/calling';
const EXTENSION_PATH = resolve(process.env.EXTENSION_PATH ?? '.output/chrome-mv3');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function parsePort(text: string | undefined): number {
  if (text === undefined || text === '') return 8443;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`SANDBOX_PORT must be a port number (1-65535), got "${text}".`);
  }
  return port;
}

/** POSIX shell quoting, so the printed command can be pasted as it is. */
const shellQuote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/** Whether a Chromium window can open here: on Linux that needs an X11 or Wayland display. */
function displayProblem(): string | null {
  if (process.platform !== 'linux') return null;
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  return 'no display (DISPLAY and WAYLAND_DISPLAY are unset)';
}

async function main(): Promise<void> {
  const open = process.argv.slice(2).includes('--open');
  const port = parsePort(process.env.SANDBOX_PORT);
  let standin: Standin;
  try {
    standin = await startStandin(port);
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new Error(inUse ? `Port ${port} is in use: set SANDBOX_PORT to another port.` : String(error), {
      cause: error,
    });
  }

  const userDataDir = await mkdtemp(join(tmpdir(), 'cct-sandbox-'));
  const chromiumArgs = [
    ...standinArgs(standin.port),
    `--user-data-dir=${userDataDir}`,
    `--load-extension=${EXTENSION_PATH}`,
    HELP_DESK_URL,
  ];
  const [app] = STANDIN_APPS;
  const profileFields: [string, string][] = [
    ['App ID', String(app.appId)],
    ['App name as HubSpot lists it', app.name],
    ['API generation', 'v3'],
    ['Developer API key', STANDIN_DEVELOPER_API_KEY],
    ['API base URL', `${HUBSPOT_API_BASE_URLS.production} (the default)`],
    ['This is a test app', 'yes (lets the availability matrix run)'],
    ['(or 2026-03: access token)', STANDIN_ACCESS_TOKEN],
  ];
  const labelWidth = Math.max(...profileFields.map(([label]) => label.length));
  const lines = [
    `HubSpot stand-in listening on https://127.0.0.1:${standin.port} (Ctrl-C to stop)`,
    '',
    `Help-desk page:   ${HELP_DESK_URL}`,
    '',
    'App profile (extension options page):',
    ...profileFields.map(([label, value]) => `  ${label.padEnd(labelWidth)}  ${value}`),
    '',
    'Chromium, with HubSpot host names sent here and every other host name unresolvable:',
    `  ${[CHROMIUM_PATH, ...chromiumArgs].map(shellQuote).join(' ')}`,
    '',
    'Grey out every provider, or switch the page to cards:',
    `  curl -k --connect-to app.hubspot.com:443:127.0.0.1:${standin.port} https://app.hubspot.com/__standin/help-desk \\`,
    `    -d '{"forceGreyedOut": true, "markup": "cards"}'`,
  ];
  if (!existsSync(join(EXTENSION_PATH, 'manifest.json'))) {
    lines.push('', `No extension build at ${EXTENSION_PATH}: run \`npm run build\` first.`);
  }
  console.log(lines.join('\n'));

  let stopping = false;
  let chromium: ChildProcess | null = null;
  if (open) {
    const problem = existsSync(CHROMIUM_PATH) ? displayProblem() : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;
    if (problem) {
      console.log(`\n--open: not starting Chromium: ${problem}. Run the command above where a browser can open.`);
    } else {
      chromium = spawn(CHROMIUM_PATH, chromiumArgs, { stdio: 'ignore' });
      chromium.once('error', (error) => console.error(`\nChromium could not start: ${error.message}`));
      chromium.once('exit', () => {
        chromium = null;
        if (!stopping) console.log('\nChromium closed; the stand-in keeps running (Ctrl-C to stop).');
      });
    }
  }

  const stop = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('\nStopping the stand-in.');
    const running = chromium;
    if (running) {
      const exited = new Promise((settle) => running.once('exit', settle));
      running.kill('SIGTERM');
      await exited;
    }
    await standin.close();
    // A Chromium started from the printed command may still use the folder: then only an empty one goes.
    if (open) await rm(userDataDir, { recursive: true, force: true });
    else await rmdir(userDataDir).catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
