import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { badgeForFlag, showBadge, type Badge } from '../badge';
import { fakeToolbarIcon } from '../../__tests__/fakeToolbarIcon';

/** `#rrggbb` as the `[r, g, b, a]` array that `action.getBadgeBackgroundColor` returns. */
function rgba(hex: string): number[] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255, 255];
}

describe('badgeForFlag', () => {
  it.each([
    ['true', 'https://app.hubspot.com', 'ON', /test mode is on for app\.hubspot\.com$/],
    [null, 'https://app-eu1.hubspot.com', '', /test mode is off for app-eu1\.hubspot\.com$/],
  ] as const)('%j on %s shows %j', (raw, origin, text, title) => {
    const badge = badgeForFlag(raw, origin);
    expect(badge.text).toBe(text);
    expect(badge.title).toMatch(title);
    expect(badge.title).toMatch(/^Channel Connection Tester: /);
  });

  it.each(['TRUE', '1', ' true', 'false', '', '"true"'])('malformed %j shows "!", quotes the value and names the host', (raw) => {
    const badge = badgeForFlag(raw, 'https://app-na2.hubspot.com');
    expect(badge.text).toBe('!');
    expect(badge.title).toContain(`holds ${JSON.stringify(raw)}`);
    expect(badge.title).toContain('app-na2.hubspot.com');
    expect(badge.title).toMatch(/reads as off/);
  });

  it.each([
    ['true', 'test-mode-on'],
    [null, 'normal'],
    ['TRUE', 'normal'],
    ['1', 'normal'],
    ['', 'normal'],
  ] as const)('%j carries the %s icon', (raw, icon) => {
    expect(badgeForFlag(raw, 'https://app.hubspot.com').icon).toBe(icon);
  });

  it('keeps a port in the host it names', () => {
    expect(badgeForFlag('true', 'http://localhost:8123').title).toMatch(/for localhost:8123$/);
  });

  it('gives each state its own colour, as #rrggbb', () => {
    const colours = ['true', null, '1'].map((raw) => badgeForFlag(raw, 'https://app.hubspot.com').color);
    for (const colour of colours) expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
    expect(new Set(colours).size).toBe(3);
  });
});

describe('showBadge', () => {
  let toolbar: ReturnType<typeof fakeToolbarIcon>;

  beforeEach(() => {
    fakeBrowser.reset();
    toolbar = fakeToolbarIcon();
  });

  async function badgeOf(tabId: number) {
    return {
      text: await fakeBrowser.action.getBadgeText({ tabId }),
      color: await fakeBrowser.action.getBadgeBackgroundColor({ tabId }),
      title: await fakeBrowser.action.getTitle({ tabId }),
      icon: toolbar.iconOf(tabId),
    };
  }

  it("sets the tab's text, colour, title and icon", async () => {
    const badge = badgeForFlag('true', 'https://app.hubspot.com');
    await showBadge(3, badge);
    expect(await badgeOf(3)).toEqual({ text: 'ON', color: rgba(badge.color), title: badge.title, icon: 'test-mode-on' });
  });

  it("replaces the tab's previous badge, down to an empty text and the normal icon when the flag goes off", async () => {
    await showBadge(3, badgeForFlag('true', 'https://app.hubspot.com'));
    const off = badgeForFlag(null, 'https://app.hubspot.com');
    await showBadge(3, off);
    expect(await badgeOf(3)).toEqual({ text: '', color: rgba(off.color), title: off.title, icon: 'normal' });
  });

  it("leaves other tabs' badges and the global badge alone", async () => {
    const other: Badge = { text: '!', color: '#bf8700', title: 'other tab', icon: 'normal' };
    await showBadge(4, other);
    const globalBefore = {
      text: await fakeBrowser.action.getBadgeText({}),
      color: await fakeBrowser.action.getBadgeBackgroundColor({}),
      title: await fakeBrowser.action.getTitle({}),
    };

    await showBadge(3, badgeForFlag('true', 'https://app.hubspot.com'));

    expect(await badgeOf(4)).toEqual({ text: '!', color: rgba('#bf8700'), title: 'other tab', icon: 'normal' });
    expect({
      text: await fakeBrowser.action.getBadgeText({}),
      color: await fakeBrowser.action.getBadgeBackgroundColor({}),
      title: await fakeBrowser.action.getTitle({}),
    }).toEqual(globalBefore);
    expect(toolbar.iconOf()).toBeUndefined();
  });

  // The background remembers which tabs show the normal icon for as long as it runs: the tests below each have a tab
  // of their own.
  it('sets the normal icon only on a tab that may show the test-mode icon', async () => {
    const on = badgeForFlag('true', 'https://app.hubspot.com');
    const off = badgeForFlag(null, 'https://app.hubspot.com');
    const callsFor7 = () => toolbar.setIcon.mock.calls.filter(([details]) => details.tabId === 7).length;

    await showBadge(7, off);
    await showBadge(7, off);
    expect(callsFor7()).toBe(1);

    await showBadge(7, on);
    await showBadge(7, on);
    expect(callsFor7()).toBe(3);

    await showBadge(7, off);
    expect(callsFor7()).toBe(4);
    expect(toolbar.iconOf(7)).toBe('normal');
  });

  it('leaves the tab with the icon asked for last when the first call takes longer to reach the browser', async () => {
    const loadTimes = [30, 0];
    toolbar = fakeToolbarIcon(() => loadTimes.shift() ?? 0);

    await Promise.all([
      showBadge(9, badgeForFlag('true', 'https://app.hubspot.com')),
      showBadge(9, badgeForFlag(null, 'https://app.hubspot.com')),
    ]);

    expect(toolbar.iconOf(9)).toBe('normal');
  });

  it("sets a tab's icon without waiting for another tab's slow call", async () => {
    let releaseSlow = () => {};
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    toolbar.setIcon.mockImplementationOnce(() => slow);
    const on = badgeForFlag('true', 'https://app.hubspot.com');

    const first = showBadge(21, on);
    await showBadge(22, on);

    expect(toolbar.iconOf(22)).toBe('test-mode-on');
    releaseSlow();
    await first;
  });

  it('tries the normal icon again after a call that failed', async () => {
    toolbar.setIcon.mockRejectedValueOnce(new Error('No tab with id: 8.'));
    const off = badgeForFlag(null, 'https://app.hubspot.com');

    await expect(showBadge(8, off)).rejects.toThrow('No tab with id: 8.');
    await showBadge(8, off);

    expect(toolbar.iconOf(8)).toBe('normal');
  });
});
