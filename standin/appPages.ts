import { SUPPORTS_CHANNEL_CONNECTION_KEY } from '../utils/flag/channelConnectionFlag';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * A HubSpot app page as far as the extension can tell: same origin, a portal id in the path, and a script that,
 * like HubSpot's, reads the channel-connection flag once when the page loads.
 */
export function renderAppPage(host: string, path: string): string {
  const portalId = /^\/[^/]+\/(\d+)/.exec(path)?.[1];
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Help Desk | HubSpot stand-in</title></head>
<body>
  <h1>HubSpot stand-in</h1>
  <p>Host <code>${escapeHtml(host)}</code>, path <code>${escapeHtml(path)}</code>${portalId ? `, portal ${portalId}` : ''}.</p>
  <p>Channel connection test mode read on load: <strong id="flag-on-load"></strong></p>
  <script>
    document.getElementById('flag-on-load').textContent =
      localStorage.getItem(${JSON.stringify(SUPPORTS_CHANNEL_CONNECTION_KEY)}) === 'true' ? 'on' : 'off';
  </script>
</body>
</html>`;
}

export function renderOtherSitePage(host: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not HubSpot</title></head>
<body><h1>${escapeHtml(host)}</h1><p>A page that is not a HubSpot app page.</p></body></html>`;
}
