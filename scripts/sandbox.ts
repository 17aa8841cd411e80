/**
 * `npm run sandbox [-- --open]`: the HubSpot stand-in on a fixed port, for trying the extension by hand, offline.
 * Prints what scripts/sandboxText.ts says: what to type, the sample webhooks, the Chromium command line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, rmdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startStandin, type Standin } from '../standin/server';
import { standinArgs } from '../e2e/chromium';
import { SANDBOX_HELP_DESK_URL, sandboxText, shellQuote } from './sandboxText';
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
    SANDBOX_HELP_DESK_URL,
  ];
  console.log(
    sandboxText({
      port: standin.port,
      chromiumCommand: [CHROMIUM_PATH, ...chromiumArgs].map(shellQuote).join(' '),
      missingBuild: existsSync(join(EXTENSION_PATH, 'manifest.json')) ? null : EXTENSION_PATH,
    }),
  );

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
