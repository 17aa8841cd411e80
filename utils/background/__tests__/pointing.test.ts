import { beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { acceptPointed, endPointing, POINT_PICKER_SCRIPT, pointingStart, startPointing } from '../pointing';
import { pointingSessionItem, profilesItem } from '../../platform/storage';
import type { PointingSession } from '../../platform/storedData';
import { POINTER_NOT_ALLOWED, POINTING_SESSION_MS } from '../../providers/pointingSession';
import { fakeHubSpotPages } from '../../__tests__/fakeHubSpotPages';
import { testProfile } from '../../__tests__/testProfile';

const ORIGIN = 'https://app.hubspot.com';
const ACME = testProfile({ id: 'profile-acme', label: 'Acme (QA)', appDisplayName: 'Acme Dialer' });
const NORTHLINE = testProfile({ id: 'profile-northline', label: 'Northline', appDisplayName: 'Northline Calls', providerSelector: '#northline' });
const SELECTOR = '[data-testid="provider-acme"]';

let pages: ReturnType<typeof fakeHubSpotPages>;
let scriptingGranted = true;
/** The fake browser implements neither: the permission is granted unless a test says not, and the script goes in. */
let executeScript: MockInstance<(injection: unknown) => Promise<unknown[]>>;

beforeEach(async () => {
  fakeBrowser.reset();
  pages = fakeHubSpotPages();
  scriptingGranted = true;
  (vi.spyOn(fakeBrowser.permissions, 'contains') as unknown as MockInstance<(permissions: { permissions?: string[] }) => Promise<boolean>>).mockImplementation(
    async ({ permissions = [] }) => scriptingGranted && permissions.every((name) => name === 'scripting'),
  );
  executeScript = (vi.spyOn(fakeBrowser.scripting, 'executeScript') as unknown as MockInstance<(injection: unknown) => Promise<unknown[]>>).mockResolvedValue([]);
  await profilesItem.setValue({ profiles: [ACME, NORTHLINE], activeProfileId: ACME.id });
});

/** A session started the way the popup starts one, on a HubSpot tab. */
async function started() {
  const tab = await pages.open(`${ORIGIN}/help-desk/1`);
  expect(await startPointing(tab.id)).toEqual({ ok: true, value: null });
  const session = await pointingSessionItem.getValue();
  if (!session) throw new Error('no session was stored');
  return { tab, session };
}

const selectorOf = async (profileId: string) => (await profilesItem.getValue()).profiles.find((profile) => profile.id === profileId)?.providerSelector;

describe('startPointing', () => {
  it('keeps a session for the active profile on that tab, and puts the pointer script in its top frame', async () => {
    const before = Date.now();
    const { tab, session } = await started();

    expect(session).toMatchObject({ tabId: tab.id, profileId: ACME.id });
    expect(session.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.startedAt).toBeGreaterThanOrEqual(before);
    expect(session.startedAt).toBeLessThanOrEqual(Date.now());
    // Only the top frame draws the layer: a frame drawing one too would take the user's keys twice.
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: tab.id, frameIds: [0] }, files: [POINT_PICKER_SCRIPT] });
  });

  it('a new session replaces the one before', async () => {
    const { tab, session } = await started();
    await startPointing(tab.id);
    const next = await pointingSessionItem.getValue();
    expect(next?.id).not.toBe(session.id);
    expect(await acceptPointed({ session: session.id, selector: SELECTOR }, tab.id)).toMatchObject({ ok: false });
  });

  it('refuses a tab that shows another site, and keeps no session', async () => {
    const tab = await pages.open('https://example.com/help-desk');

    expect(await startPointing(tab.id)).toMatchObject({ ok: false, error: { code: 'not-hubspot' } });
    expect(await pointingSessionItem.getValue()).toBeNull();
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('refuses, in words, when no profile is active, and keeps no session', async () => {
    await profilesItem.setValue({ profiles: [ACME], activeProfileId: null });
    const tab = await pages.open(`${ORIGIN}/help-desk/1`);

    expect(await startPointing(tab.id)).toEqual({ ok: false, error: { code: 'rejected', message: expect.stringMatching(/choose a profile/i) } });
    expect(await pointingSessionItem.getValue()).toBeNull();
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('refuses without the scripting permission, and puts nothing on the page', async () => {
    scriptingGranted = false;
    const tab = await pages.open(`${ORIGIN}/help-desk/1`);

    expect(await startPointing(tab.id)).toEqual({ ok: false, error: { code: 'rejected', message: POINTER_NOT_ALLOWED } });
    expect(await pointingSessionItem.getValue()).toBeNull();
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('names a page the script cannot be put on, and ends the session it started', async () => {
    executeScript.mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'));
    const tab = await pages.open(`${ORIGIN}/help-desk/1`);

    expect(await startPointing(tab.id)).toMatchObject({ ok: false, error: { code: 'not-ready' } });
    expect(await pointingSessionItem.getValue()).toBeNull();
  });
});

describe('pointingStart', () => {
  it('tells the script on the session’s tab what to point at, and nothing to any other tab', async () => {
    const { tab, session } = await started();

    expect(await pointingStart(tab.id)).toEqual({ session: session.id, name: 'Acme Dialer', profileLabel: 'Acme (QA)' });
    expect(await pointingStart(tab.id + 1)).toBeNull();
    expect(await pointingStart(undefined)).toBeNull();
  });

  it('tells nothing once the session is over or its profile is gone', async () => {
    const { tab, session } = await started();
    vi.spyOn(Date, 'now').mockReturnValue(session.startedAt + POINTING_SESSION_MS + 1);
    expect(await pointingStart(tab.id)).toBeNull();
    vi.mocked(Date.now).mockRestore();

    await profilesItem.setValue({ profiles: [NORTHLINE], activeProfileId: NORTHLINE.id });
    expect(await pointingStart(tab.id)).toBeNull();
  });
});

describe('acceptPointed', () => {
  it('saves the selector, trimmed, to the session’s profile only, and ends the session', async () => {
    const { tab, session } = await started();

    const accepted = await acceptPointed({ session: session.id, selector: `  ${SELECTOR}\n` }, tab.id);

    expect(accepted).toEqual({ ok: true, value: 'Saved: the profile “Acme (QA)” now finds Acme Dialer by this selector.' });
    expect(await selectorOf(ACME.id)).toBe(SELECTOR);
    expect(await selectorOf(NORTHLINE.id)).toBe('#northline');
    expect((await profilesItem.getValue()).activeProfileId).toBe(ACME.id);
    expect(await pointingSessionItem.getValue()).toBeNull();
  });

  it('saves to the profile the session started for, even when the user made another one active meanwhile', async () => {
    const { tab, session } = await started();
    await profilesItem.setValue({ profiles: [ACME, NORTHLINE], activeProfileId: NORTHLINE.id });

    expect(await acceptPointed({ session: session.id, selector: SELECTOR }, tab.id)).toMatchObject({ ok: true });
    expect(await selectorOf(ACME.id)).toBe(SELECTOR);
    expect(await selectorOf(NORTHLINE.id)).toBe('#northline');
  });

  it('takes a session’s selector once', async () => {
    const { tab, session } = await started();
    await acceptPointed({ session: session.id, selector: SELECTOR }, tab.id);

    const again = await acceptPointed({ session: session.id, selector: '#other' }, tab.id);

    expect(again).toEqual({ ok: false, error: expect.stringMatching(/not started from the popup/) });
    expect(await selectorOf(ACME.id)).toBe(SELECTOR);
  });

  it('refuses a selector from another tab, and keeps the session for its own', async () => {
    const { tab, session } = await started();

    expect(await acceptPointed({ session: session.id, selector: SELECTOR }, tab.id + 1)).toEqual({ ok: false, error: expect.stringMatching(/another tab/) });
    expect(await acceptPointed({ session: session.id, selector: SELECTOR }, undefined)).toMatchObject({ ok: false });
    expect(await selectorOf(ACME.id)).toBeUndefined();
    expect(await pointingSessionItem.getValue()).toEqual(session);
  });

  it('refuses a selector sent after the session’s time', async () => {
    const { tab, session } = await started();
    vi.spyOn(Date, 'now').mockReturnValue(session.startedAt + POINTING_SESSION_MS + 1);

    expect(await acceptPointed({ session: session.id, selector: SELECTOR }, tab.id)).toEqual({ ok: false, error: expect.stringMatching(/too long ago/) });
    expect(await selectorOf(ACME.id)).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['a selector that is no text', { selector: 42 }],
    ['no selector', { selector: undefined }],
    ['a session that is no text', { session: 1 }],
  ])('refuses a message with %s, and changes nothing', async (_case, change) => {
    const { tab, session } = await started();
    const sent = { session: session.id, selector: SELECTOR, ...(change as object) } as { session: string; selector: string };

    expect(await acceptPointed(sent, tab.id)).toEqual({ ok: false, error: 'The page sent no selector.' });
    expect(await selectorOf(ACME.id)).toBeUndefined();
    expect(await pointingSessionItem.getValue()).toEqual(session);
  });

  it('refuses a message with no payload at all', async () => {
    const { tab } = await started();
    expect(await acceptPointed(null as unknown as { session: string; selector: string }, tab.id)).toEqual({ ok: false, error: 'The page sent no selector.' });
  });

  it('says so when the profile was deleted meanwhile, and keeps the session', async () => {
    const { tab, session } = await started();
    await profilesItem.setValue({ profiles: [NORTHLINE], activeProfileId: NORTHLINE.id });

    expect(await acceptPointed({ session: session.id, selector: SELECTOR }, tab.id)).toEqual({ ok: false, error: 'Its profile was deleted meanwhile.' });
    expect(await profilesItem.getValue()).toEqual({ profiles: [NORTHLINE], activeProfileId: NORTHLINE.id });
    expect(await pointingSessionItem.getValue()).toEqual(session);
  });

  it('says why the browser refused to store it, and keeps the session', async () => {
    const { tab, session } = await started();
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));

    const accepted = await acceptPointed({ session: session.id, selector: SELECTOR }, tab.id);

    expect(accepted).toEqual({ ok: false, error: expect.stringMatching(/storage for this extension is full/) });
    expect(await pointingSessionItem.getValue()).toEqual(session);
  });
});

describe('endPointing', () => {
  it('ends the session it names', async () => {
    const { session } = await started();
    await endPointing(session.id);
    expect(await pointingSessionItem.getValue()).toBeNull();
  });

  it('leaves a newer session alone', async () => {
    const newer: PointingSession = { id: 'session-newer', tabId: 4, profileId: ACME.id, startedAt: Date.now() };
    await pointingSessionItem.setValue(newer);

    await endPointing('session-older');

    expect(await pointingSessionItem.getValue()).toEqual(newer);
  });
});
