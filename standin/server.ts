/**
 * A local HTTPS stand-in for HubSpot, reached by Chromium through the real host names (`--host-resolver-rules`).
 * Tests and `npm run sandbox` use it; it never forwards anything anywhere.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HUBSPOT_API_BASE_URLS, HUBSPOT_APP_ORIGINS } from '../utils/hubspotOrigins';
import { renderAppPage, renderOtherSitePage } from './appPages';
import { createHubSpotApiStandin, type HubSpotApiStandin } from './hubspotApi';

export interface Standin {
  port: number;
  /** Requests served, newest last: lets tests see reloads without relying on timing. */
  requests: { host: string; path: string }[];
  /** HubSpot's API as the API hosts serve it: tests read, seed and reset its state here. */
  api: HubSpotApiStandin;
  close(): Promise<void>;
}

/** Host names a browser under test maps to the stand-in. `www.example.com` plays a site that is not HubSpot. */
export const STANDIN_HOSTS = [
  ...HUBSPOT_APP_ORIGINS.map((origin) => new URL(origin).host),
  ...Object.values(HUBSPOT_API_BASE_URLS).map((base) => new URL(base).host),
  'www.example.com',
];

const certificateDir = new URL('./certs/', import.meta.url);
const appHosts = new Set(HUBSPOT_APP_ORIGINS.map((origin) => new URL(origin).host));
const apiHosts = new Set(Object.values(HUBSPOT_API_BASE_URLS).map((base) => new URL(base).host));

export async function startStandin(port = 0): Promise<Standin> {
  const requests: Standin['requests'] = [];
  const api = createHubSpotApiStandin();
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
        if (path === '/favicon.ico') {
          response.writeHead(204).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        response.end(renderAppPage(host, path));
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
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(renderOtherSitePage(host));
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    api,
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
