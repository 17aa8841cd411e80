/**
 * A local HTTPS stand-in for HubSpot, reached by Chromium through the real host names (`--host-resolver-rules`).
 * Tests and `npm run sandbox` use it; it never forwards anything anywhere.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HUBSPOT_API_BASE_URLS, HUBSPOT_APP_ORIGINS } from '../utils/platform/hubspotOrigins';
import { renderAppPage, renderOtherSitePage } from './appPages';
import {
  DEFAULT_HELP_DESK_CONTROLS,
  helpDeskPortalId,
  markupFromQuery,
  parseHelpDeskControls,
  renderHelpDeskPage,
  standinHelpDeskProviders,
  type HelpDeskControls,
} from './helpDeskPage';
import { createHubSpotApiStandin, type HubSpotApiStandin } from './hubspotApi';
import { createSampleWebhooks, WEBHOOK_HOST, type SampleWebhooks } from './webhooks';

export interface Standin {
  port: number;
  /** Requests served, newest last: lets tests see reloads without relying on timing. */
  requests: { host: string; path: string }[];
  /** HubSpot's API as the API hosts serve it: tests read, seed and reset its state here. */
  api: HubSpotApiStandin;
  /**
   * How the help-desk page (`/help-desk/{portalId}/channels/calling`) renders, read on every request: set a field
   * and reload the page. `POST /__standin/help-desk` on an app host changes the same object.
   */
  helpDesk: HelpDeskControls;
  /** The sample webhooks on `https://webhooks.example.test/` (good, lax, slow, html-error, redirect, long-list, huge). */
  webhooks: SampleWebhooks;
  /** Forgets the API's state and the requests seen, and puts the help-desk page back to its defaults. */
  reset(): void;
  close(): Promise<void>;
}

/** Host names a browser under test maps to the stand-in. `www.example.com` plays a site that is not HubSpot. */
export const STANDIN_HOSTS = [
  ...HUBSPOT_APP_ORIGINS.map((origin) => new URL(origin).host),
  ...Object.values(HUBSPOT_API_BASE_URLS).map((base) => new URL(base).host),
  'www.example.com',
  WEBHOOK_HOST,
];

/**
 * Chromium's `--host-resolver-rules`: the stand-in hosts to the local server, every other host name unresolvable but
 * 127.0.0.1 itself, where a test may start a server of its own (a webhook on the developer's computer).
 */
export function hostResolverRules(port: number): string {
  return [...STANDIN_HOSTS.map((host) => `MAP ${host} 127.0.0.1:${port}`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', ');
}

const certificateDir = new URL('./certs/', import.meta.url);
const appHosts = new Set(HUBSPOT_APP_ORIGINS.map((origin) => new URL(origin).host));
const apiHosts = new Set(Object.values(HUBSPOT_API_BASE_URLS).map((base) => new URL(base).host));

export async function startStandin(port = 0): Promise<Standin> {
  const requests: Standin['requests'] = [];
  const api = createHubSpotApiStandin();
  const helpDesk: HelpDeskControls = { ...DEFAULT_HELP_DESK_CONTROLS };
  const webhooks = createSampleWebhooks();
  const server: Server = createServer(
    {
      key: readFileSync(new URL('standin.key', certificateDir)),
      cert: readFileSync(new URL('standin.crt', certificateDir)),
    },
    (request, response) => {
      const host = (request.headers.host ?? '').replace(/:\d+$/, '');
      const path = request.url ?? '/';
      requests.push({ host, path });
      if (appHosts.has(host)) {
        answerAppHost(request, response, host, path).catch((error: unknown) => {
          if (response.headersSent) response.destroy();
          else response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(error));
        });
        return;
      }
      if (apiHosts.has(host)) {
        api.handle(request, response).then(
          (handled) => {
            if (!handled) notFound(response, request.method, path);
          },
          (error: unknown) => {
            if (response.headersSent) response.destroy();
            else response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(String(error));
          },
        );
        return;
      }
      if (host === WEBHOOK_HOST) {
        webhooks.handle(request, response).catch(() => response.destroy());
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(renderOtherSitePage(host));
    },
  );

  async function answerAppHost(
    request: IncomingMessage,
    response: ServerResponse,
    host: string,
    path: string,
  ): Promise<void> {
    const { pathname, search } = new URL(path, 'https://standin.invalid');
    if (pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (pathname === '/__standin/help-desk') {
      await answerHelpDeskControl(request, response);
      return;
    }
    const portalId = helpDeskPortalId(pathname);
    const page =
      portalId === null
        ? renderAppPage(host, path)
        : renderHelpDeskPage({
            portalId,
            providers: standinHelpDeskProviders(api.channelConnection),
            ...helpDesk,
            markup: markupFromQuery(search) ?? helpDesk.markup,
          });
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(page);
  }

  async function answerHelpDeskControl(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === 'GET') {
      sendControlJson(response, 200, helpDesk);
      return;
    }
    if (request.method !== 'POST') {
      request.resume();
      sendControlJson(response, 405, { message: 'Use GET or POST for /__standin/help-desk' }, { allow: 'GET, POST' });
      return;
    }
    const changes = parseHelpDeskControls(await readText(request));
    if (typeof changes === 'string') {
      sendControlJson(response, 400, { message: changes });
      return;
    }
    Object.assign(helpDesk, changes);
    sendControlJson(response, 200, helpDesk);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    api,
    helpDesk,
    webhooks,
    reset: () => {
      api.reset();
      webhooks.reset();
      requests.length = 0;
      Object.assign(helpDesk, DEFAULT_HELP_DESK_CONTROLS);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function notFound(response: ServerResponse, method: string | undefined, path: string): void {
  const correlationId = crypto.randomUUID();
  response.writeHead(404, { 'content-type': 'application/json;charset=utf-8', 'x-hubspot-correlation-id': correlationId });
  response.end(
    JSON.stringify({
      status: 'error',
      message: `Resource not found: ${method} ${path.split('?')[0]}`,
      correlationId,
      category: 'OBJECT_NOT_FOUND',
    }),
  );
}

function sendControlJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
