import { spawn } from 'node:child_process';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_WEBHOOKS, sandboxText } from '../sandboxText';
import { STANDIN_CLIENT_SECRET, WEBHOOK_HOST } from '../../standin/webhooks';

describe('sandboxText', () => {
  const text = sandboxText({ port: 8443, chromiumCommand: '/usr/bin/chromium --flags', missingBuild: null });

  it('gives the client secret with the profile fields, and every sample webhook with what it shows', () => {
    expect(text).toContain(`Client secret                 ${STANDIN_CLIENT_SECRET}`);
    for (const path of ['/good', '/lax', '/slow', '/html-error', '/redirect']) expect(text).toContain(`https://${WEBHOOK_HOST}${path} `);
  });

  it('says how to grey out the page and how to put it back', () => {
    expect(text).toContain(`-d '{"forceGreyedOut": true, "markup": "cards"}'`);
    expect(text).toContain(`Put the page back as it was:\n  curl -k --connect-to app.hubspot.com:443:127.0.0.1:8443 https://app.hubspot.com/__standin/help-desk \\\n    -d '{"forceGreyedOut": false, "markup": "buttons"}'`);
  });

  it('says when the extension is not built', () => {
    expect(text).not.toContain('No extension build');
    expect(sandboxText({ port: 1, chromiumCommand: 'x', missingBuild: '/tmp/none' })).toContain('No extension build at /tmp/none: run `npm run build` first.');
  });
});

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A request to the sandbox as the browser would make it to `host`; null when it does not answer within `waitMs`. */
function ask(port: number, host: string, path: string, { method = 'GET', body, waitMs = 5_000 }: { method?: string; body?: string; waitMs?: number } = {}) {
  return new Promise<number | null>((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port, servername: host, headers: { host }, path, method, rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? null);
    });
    sent.setTimeout(waitMs, () => {
      sent.destroy();
      resolve(null);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

describe('npm run sandbox', () => {
  let port = 0;
  let output = '';
  let sandbox: ReturnType<typeof spawn>;

  beforeAll(async () => {
    port = await freePort();
    sandbox = spawn('npx', ['tsx', 'scripts/sandbox.ts'], { env: { ...process.env, SANDBOX_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    sandbox.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const ready = () => output.includes('Put the page back as it was') && resolve();
      sandbox.stdout?.on('data', ready);
      sandbox.once('exit', (code) => reject(new Error(`The sandbox stopped (${code}) before printing everything: ${output}`)));
    });
  }, 40_000);

  afterAll(async () => {
    const exited = new Promise((resolve) => sandbox.once('exit', resolve));
    sandbox.kill('SIGTERM');
    await exited;
  });

  it('serves every sample webhook it prints', async () => {
    const printed = [...output.matchAll(new RegExp(`https://${WEBHOOK_HOST.replace(/\./g, '\\.')}(/[\\w-]+)`, 'g'))].map((match) => match[1]);
    expect(printed).toEqual(SANDBOX_WEBHOOKS.map(({ path }) => path));
    expect(await ask(port, WEBHOOK_HOST, '/good', { method: 'POST', body: '{}' })).toBe(401);
    expect(await ask(port, WEBHOOK_HOST, '/lax', { method: 'POST', body: '{}' })).toBe(200);
    expect(await ask(port, WEBHOOK_HOST, '/html-error')).toBe(502);
    expect(await ask(port, WEBHOOK_HOST, '/redirect')).toBe(302);
    expect(await ask(port, WEBHOOK_HOST, '/slow', { waitMs: 500 })).toBeNull();
  });

  it('greys out the page and puts it back with the bodies it prints', async () => {
    const bodies = [...output.matchAll(/-d '(\{[^']*\})'/g)].map((match) => match[1] as string);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) expect(await ask(port, 'app.hubspot.com', '/__standin/help-desk', { method: 'POST', body })).toBe(200);
  });
});
