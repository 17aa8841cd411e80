import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, LOCAL_WEBHOOK_NOTE } from '../webhookUrl';

describe('checkWebhookUrl', () => {
  it.each([
    ['https://example.com/hubspot/channel-connection', 'https://example.com/hubspot/channel-connection'],
    ['https://example.com', 'https://example.com/'],
    ['https://example.com:8443/hook?token=abc#x', 'https://example.com:8443/hook?token=abc#x'],
    ['HTTPS://EXAMPLE.COM/Hook', 'https://example.com/Hook'],
    ['https://localhost/hook', 'https://localhost/hook'],
    ['https:/example.com/x', 'https://example.com/x'],
  ])('%s is accepted, as the browser reads it (%s), without a warning', (text, url) => {
    expect(checkWebhookUrl(text)).toEqual({ ok: true, url });
  });

  it('trims the spaces around the URL', () => {
    expect(checkWebhookUrl('  https://example.com/hook \n')).toEqual({ ok: true, url: 'https://example.com/hook' });
  });

  it.each([
    ['http://localhost:3000/x', 'http://localhost:3000/x'],
    ['http://localhost/', 'http://localhost/'],
    ['http://LOCALHOST:3000/x', 'http://localhost:3000/x'],
    ['http://127.0.0.1/x', 'http://127.0.0.1/x'],
    ['http://127.0.0.1:8080/hook', 'http://127.0.0.1:8080/hook'],
    ['http://[::1]/', 'http://[::1]/'],
    ['http://[::1]:3000/hook', 'http://[::1]:3000/hook'],
  ])('%s is accepted with a warning that HubSpot cannot reach it', (text, url) => {
    const check = checkWebhookUrl(text);
    expect(check).toEqual({ ok: true, url, warning: LOCAL_WEBHOOK_NOTE });
  });

  it.each([
    ['http on a public host', 'http://example.com', /must use https \(http is accepted only for localhost\)/],
    ['http on a host that only starts like localhost', 'http://localhost.example.com/x', /must use https/],
    ['http on another loopback address', 'http://127.0.0.2/x', /must use https/],
    ['http on 0.0.0.0', 'http://0.0.0.0:3000/x', /must use https/],
    ['ftp:', 'ftp://example.com/hook', /must use https/],
    ['javascript:', 'javascript:alert(1)', /must use https/],
    ['data:', 'data:text/plain,hello', /must use https/],
    ['ws:', 'ws://localhost:3000/', /must use https/],
    ['a relative path', '/hubspot/channel-connection', /Enter an absolute URL/],
    ['a relative path without slash', 'hubspot/channel-connection', /Enter an absolute URL/],
    ['a host without scheme', 'example.com/hook', /Enter an absolute URL/],
    ['a protocol-relative URL', '//example.com/hook', /Enter an absolute URL/],
    ['a host with a space', 'https://exa mple.com/hook', /Enter an absolute URL/],
    ['empty', '', /^Enter the webhook URL HubSpot should call\.$/],
    ['only whitespace', ' \t\n ', /^Enter the webhook URL HubSpot should call\.$/],
    ['user:pass@ on https', 'https://user:pass@example.com/hook', /must not contain a user name or password/],
    ['a user name alone', 'https://user@example.com/hook', /must not contain a user name or password/],
    ['user:pass@ on localhost', 'http://user:pass@localhost:3000/', /must not contain a user name or password/],
  ] as const)('refuses %s (%j) with a clear message', (_case, text, message) => {
    const check = checkWebhookUrl(text);
    expect(check).toEqual({ ok: false, message: expect.stringMatching(message) });
  });

  it('never repeats a password in its message', () => {
    const check = checkWebhookUrl('https://user:s3cr3t-pass@example.com/hook');
    expect(check.ok).toBe(false);
    expect(JSON.stringify(check)).not.toContain('s3cr3t-pass');
  });
});
