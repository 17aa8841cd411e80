export type WebhookUrlCheck = { ok: true; url: string; warning?: string } | { ok: false; message: string };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * HubSpot calls the webhook from its servers: it must be absolute https; local http only for local experiments.
 * The URL is returned as the browser parses it, so what is registered is what any client would request.
 */
export function checkWebhookUrl(text: string): WebhookUrlCheck {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: 'Enter the webhook URL HubSpot should call.' };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: 'Enter an absolute URL, such as https://example.com/hubspot/channel-connection.' };
  }
  if (url.username || url.password) return { ok: false, message: 'The URL must not contain a user name or password.' };
  if (url.protocol === 'https:') return { ok: true, url: url.href };
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) {
    return {
      ok: true,
      url: url.href,
      warning: "HubSpot's servers cannot reach a localhost URL: use it only with a local tunnel or for local tests.",
    };
  }
  return { ok: false, message: 'The URL must use https (http is accepted only for localhost).' };
}
