/**
 * The copied curl command, pasted into a real bash with a stub `curl` that records the arguments it gets: whatever a
 * profile or a request holds, nothing else runs, and curl gets exactly the request, the credential's variable expanded.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { curlFor, resourceUrl, type ApiTarget } from '../channelConnectionApi';

const KEY = 'key-from-the-environment';
const TOKEN = 'token-from-the-environment';
const ACCEPT = 'Accept: application/json, */*;q=0.8';
const folder = mkdtempSync(join(tmpdir(), 'cct-curl-'));
const recorded = join(folder, 'args');
const canary = join(folder, 'PWNED');
writeFileSync(join(folder, 'curl'), `#!/bin/sh\nfor argument in "$@"; do printf '%s\\0' "$argument"; done > "${recorded}"\n`);
chmodSync(join(folder, 'curl'), 0o755);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the command as a user pasting it would, in bash, and answers the arguments curl got. */
function paste(command: string): string[] {
  rmSync(recorded, { force: true });
  execFileSync('bash', ['-c', command], {
    cwd: folder,
    env: { PATH: `${folder}:/usr/bin:/bin`, HUBSPOT_DEVELOPER_API_KEY: KEY, HUBSPOT_ACCESS_TOKEN: TOKEN },
  });
  return readFileSync(recorded, 'utf8').split('\0').slice(0, -1);
}

const target = (generation: ApiTarget['generation'], baseUrl = 'https://api.hubapi.com'): ApiTarget => ({
  baseUrl,
  appId: 3141592,
  generation,
  credential: 'the-real-secret-never-in-a-command',
});

/** What curl must get: the request exactly, with the credential from the environment. */
function expected(api: ApiTarget, method: string, body?: string): string[] {
  const url = resourceUrl(api, 'settings/channel-connection');
  const withKey = api.generation === 'v3' ? (() => {
    const parsed = new URL(url);
    parsed.searchParams.set('hapikey', KEY);
    return parsed.toString();
  })() : url;
  const args = ['-X', method, withKey, '-H', ACCEPT];
  if (api.generation !== 'v3') args.push('-H', `Authorization: Bearer ${TOKEN}`);
  if (body !== undefined) args.push('-H', 'Content-Type: application/json', '--data', body);
  return args;
}

const HOSTILE = [
  '$(touch PWNED)',
  '`touch PWNED`',
  "it's'; touch PWNED; echo '",
  '"; touch PWNED; echo "',
  'a;touch PWNED',
  'a|touch PWNED',
  'a&&touch PWNED&',
  '$IFS$(touch${IFS}PWNED)',
  '${HUBSPOT_ACCESS_TOKEN}',
  'line\ntouch PWNED\n',
  "!!'\\",
];

describe('Copy as curl, pasted into bash', () => {
  it.each(['v3', '2026-03'] as const)('(%s) with hostile text in the API base path and the body, runs nothing and sends exactly the request', (generation) => {
    for (const text of HOSTILE) {
      const api = target(generation, `https://api.hubapi.com/${text}`);
      const body = JSON.stringify({ url: `https://webhooks.example.test/${text}`, raw: text });
      const command = curlFor(api, 'PATCH', 'settings/channel-connection', body);

      expect(paste(command), text).toEqual(expected(api, 'PATCH', body));
      expect(existsSync(canary), text).toBe(false);
      expect(command).not.toContain(api.credential);
    }
  });

  it('for any body text, curl gets it byte for byte', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }).filter((text) => !text.includes('\0')), (text) => {
        const api = target('v3');
        expect(paste(curlFor(api, 'POST', 'settings/channel-connection', text))).toEqual(expected(api, 'POST', text));
        expect(existsSync(canary)).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps an empty body as an empty argument', () => {
    const api = target('2026-03');
    expect(paste(curlFor(api, 'POST', 'settings/channel-connection', ''))).toEqual(expected(api, 'POST', ''));
  });
});
