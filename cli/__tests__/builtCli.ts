/**
 * The built command line as the CLI tests run it: built once per test file from the sources as they are now, into a
 * folder of its own (so a `npm pack` beside it rewrites nothing it runs), and run as a child process with only the
 * environment a test gives it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface BuiltCli {
  /** `cwd`: where it runs, the repository unless a test says. */
  run(args: string[], env?: Record<string, string | undefined>, cwd?: string): Promise<CliRun>;
  remove(): Promise<void>;
}

export async function buildCli(): Promise<BuiltCli> {
  const folder = await mkdtemp(join(tmpdir(), 'cct-cli-'));
  const cli = join(folder, 'channel-connection-tester.mjs');
  const built = await new Promise<string | null>((resolve) =>
    execFile('npx', ['tsx', 'cli/build.ts', '--outfile', cli], (error, _stdout, stderr) => resolve(error ? stderr : null)),
  );
  if (built !== null) throw new Error(`the CLI did not build: ${built}`);
  return {
    run: (args, env = {}, cwd) =>
      new Promise((resolve) => {
        execFile(process.execPath, [cli, ...args], { cwd, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
        });
      }),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}
