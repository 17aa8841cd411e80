/**
 * The package as a team runs it: from a checkout after `npm ci` (`prepare` built the bin), and outside it, `npm pack`'s
 * tarball installed into an empty folder and its bin run there. The CLI carries its dependencies inside, so the
 * install needs nothing else.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';

const exec = (command: string, args: string[], cwd: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((done) =>
    execFile(command, args, { cwd, timeout: 120_000 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    ),
  );

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

// One test, in order: `npm pack` rebuilds the bin that `npx` runs in the checkout.
it('in a checkout after npm ci, npx runs the bin; npm pack, installed into an empty folder, gives a working bin and nothing else', async () => {
  const checkout = await exec('npx', ['--no-install', 'channel-connection-tester', 'settings', '--help'], resolve('.'));
  expect(checkout.code, checkout.stderr).toBe(0);
  expect(checkout.stdout).toContain('Usage: channel-connection-tester settings [options] <action>');

  const packed = await mkdtemp(join(tmpdir(), 'cct-pack-'));
  const project = await mkdtemp(join(tmpdir(), 'cct-install-'));
  folders.push(packed, project);

  const pack = await exec('npm', ['pack', '--pack-destination', packed, '--json'], resolve('.'));
  expect(pack.code, pack.stderr).toBe(0);
  const [{ filename, files }] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
  expect(files.map((file) => file.path).sort()).toEqual(['README.md', 'dist/channel-connection-tester.mjs', 'package.json']);

  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'a-team-ci', version: '1.0.0', private: true }));
  const install = await exec('npm', ['install', '--no-audit', '--no-fund', '--offline', join(packed, filename)], project);
  expect(install.code, install.stderr).toBe(0);
  expect(await readdir(join(project, 'node_modules'))).toEqual(['.bin', '.package-lock.json', 'channel-connection-tester']);

  const help = await exec(join(project, 'node_modules', '.bin', 'channel-connection-tester'), ['webhook', '--help'], project);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Usage: channel-connection-tester webhook [options] <url>');
}, 180_000);
