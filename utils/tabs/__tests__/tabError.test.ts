import { describe, expect, it } from 'vitest';
import type { Result } from '../tabState';
import { settle, tabErrorFrom } from '../tabError';

describe('tabErrorFrom', () => {
  it.each([
    // Chrome, tabs.sendMessage to a tab without our content script (still loading, or opened before install/update).
    ['Could not establish connection. Receiving end does not exist.', 'not-ready'],
    // Chrome, the content script's listener went away before answering (navigation, reload).
    ['The message port closed before a response was received.', 'not-ready'],
    // Chrome, tabs.get / tabs.reload / tabs.sendMessage on a closed tab.
    ['No tab with id: 12.', 'tab-closed'],
    // Firefox, same situation.
    ['Invalid tab ID: 12', 'tab-closed'],
    ['Tab 12 not found', 'tab-closed'],
    // Case does not matter.
    ['could not establish connection. receiving end does not exist.', 'not-ready'],
    ['NO TAB WITH ID: 3', 'tab-closed'],
  ] as const)('%j is %s', (text, code) => {
    expect(tabErrorFrom(new Error(text)).code).toBe(code);
  });

  it('tells the user what to do for each known case', () => {
    expect(tabErrorFrom(new Error('No tab with id: 12.'))).toEqual({ code: 'tab-closed', message: 'The tab was closed.' });
    expect(tabErrorFrom(new Error('Could not establish connection. Receiving end does not exist.')).message).toMatch(
      /Reload the tab and try again/,
    );
  });

  it.each([
    ['Missing host permission for the tab', 'Missing host permission for the tab'],
    ['Cannot access contents of url "chrome://newtab/"', 'Cannot access contents of url "chrome://newtab/"'],
    ['', ''],
  ])('%j is unknown and its text is kept', (text, shown) => {
    expect(tabErrorFrom(new Error(text))).toEqual({ code: 'unknown', message: `The tab did not answer: ${shown}` });
  });

  it.each([
    ['a string with Chrome wording', 'Could not establish connection. Receiving end does not exist.', 'not-ready', null],
    ['a string with Firefox wording', 'Invalid tab ID: 5', 'tab-closed', null],
    ['an arbitrary string', 'nope', 'unknown', 'nope'],
    ['undefined', undefined, 'unknown', 'undefined'],
    ['null', null, 'unknown', 'null'],
    ['a number', 42, 'unknown', '42'],
  ] as const)('a thrown non-Error value (%s) is named too', (_label, thrown, code, shown) => {
    const error = tabErrorFrom(thrown);
    expect(error.code).toBe(code);
    if (shown !== null) expect(error.message).toBe(`The tab did not answer: ${shown}`);
  });

  it('reads the message of Error subclasses and DOMExceptions', () => {
    expect(tabErrorFrom(new TypeError('No tab with id: 1.')).code).toBe('tab-closed');
    expect(tabErrorFrom(new DOMException('The message port closed before a response was received.')).code).toBe('not-ready');
  });
});

describe('settle', () => {
  it('passes an ok result through', async () => {
    await expect(settle(Promise.resolve({ ok: true, value: 3 }))).resolves.toEqual({ ok: true, value: 3 });
  });

  it("passes the content script's own error through unchanged", async () => {
    const answer: Result<number> = { ok: false, error: { code: 'storage-blocked', message: 'blocked (SecurityError)' } };
    await expect(settle(Promise.resolve(answer))).resolves.toEqual(answer);
  });

  it.each([
    ['Could not establish connection. Receiving end does not exist.', 'not-ready'],
    ['No tab with id: 9.', 'tab-closed'],
    ['Invalid tab ID: 9', 'tab-closed'],
    ['something else', 'unknown'],
  ] as const)('turns a rejection with %j into a %s error instead of throwing', async (text, code) => {
    const result = await settle<number>(Promise.reject(new Error(text)));
    expect(result).toEqual({ ok: false, error: tabErrorFrom(new Error(text)) });
    expect(result.ok || result.error.code).toBe(code);
  });

  it.each([
    ['undefined (no listener answered)', undefined],
    ['null', null],
    ['a string', 'ok'],
    ['true', true],
    ['an object without ok', { value: 1 }],
  ])('turns a reply that is not a Result, %s, into not-ready', async (_label, reply) => {
    const result = await settle(Promise.resolve(reply as unknown as Result<number>));
    expect(result).toEqual({ ok: false, error: { code: 'not-ready', message: expect.stringMatching(/no answer/) } });
  });
});
