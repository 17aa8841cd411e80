import { LOCAL_WEBHOOK_HOSTS } from '../platform/hubspotOrigins';

export type WebhookUrlCheck = { ok: true; url: string; warning?: string } | { ok: false; message: string };

/** What HubSpot does with a webhook on this computer: it cannot call it, only this tester can. */
export const LOCAL_WEBHOOK_NOTE =
  "HubSpot itself only calls https URLs it can reach: a webhook on this computer is for local tests, or behind a tunnel.";

/** The words a URL field uses: what to enter, an example, and what http on this computer means for it. */
export interface UrlWords {
  missing: string;
  example: string;
  localNote: string;
}

const WEBHOOK_WORDS: UrlWords = {
  missing: 'Enter the webhook URL HubSpot should call.',
  example: 'https://example.com/hubspot/channel-connection',
  localNote: LOCAL_WEBHOOK_NOTE,
};

/**
 * A URL HubSpot uses must be absolute https; http only on this computer, for local experiments, with a warning.
 * The URL is returned as the browser parses it, so what is registered is what any client would request.
 */
export function checkHttpsUrl(text: string, words: UrlWords): WebhookUrlCheck {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, message: words.missing };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, message: `Enter an absolute URL, such as ${words.example}.` };
  }
  if (url.username || url.password) return { ok: false, message: 'The URL must not contain a user name or password.' };
  if (url.protocol === 'https:') return { ok: true, url: url.href };
  if (url.protocol === 'http:' && LOCAL_WEBHOOK_HOSTS.includes(url.hostname)) return { ok: true, url: url.href, warning: words.localNote };
  return { ok: false, message: 'The URL must use https (http is accepted only for localhost).' };
}

/** HubSpot calls the webhook from its servers. */
export function checkWebhookUrl(text: string): WebhookUrlCheck {
  return checkHttpsUrl(text, WEBHOOK_WORDS);
}
