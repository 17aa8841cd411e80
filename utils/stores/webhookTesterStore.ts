/** The webhook tester panel: its form, the permission it needs, and the last results. */
import { create } from 'zustand';
import type { AppProfile } from '../profiles/appProfiles';
import { parseAppId } from '../profiles/profileFields';
import { ensureHostPermission } from '../platform/hostPermission';
import { checkWebhookUrl } from '../webhook/webhookUrl';
import { lastPortalId } from '../tabs/hubspotTabs';
import { webhookDefaultsItem, webhookRunsItem, writeFailure, type WebhookDefaults } from '../platform/storage';
import { KEPT_RUNS, summarizeRun, webhookReportToMarkdown, type WebhookRunSummary } from '../webhook/webhookReport';
import { runNegativeChecks, testWebhook, type NegativeCheck, type WebhookTestResult } from '../webhook/webhookTester';
import type { WebhookRequestInput } from '../webhook/webhookSignature';

export interface TesterForm extends WebhookDefaults {
  url: string;
}

export type TesterField = keyof TesterForm;

export interface TesterState {
  form: TesterForm;
  errors: Partial<Record<TesterField, string>>;
  running: 'test' | 'negative' | null;
  /** The host whose access the browser is asking the user for, while its prompt is open. */
  waitingForAccess: string | null;
  message: string | null;
  result: WebhookTestResult | null;
  negatives: NegativeCheck[] | null;
  history: WebhookRunSummary[];
  load(profileId: string, registeredUrl: string | null): Promise<void>;
  update(patch: Partial<TesterForm>): void;
  test(profile: AppProfile): Promise<void>;
  checkForgeries(profile: AppProfile): Promise<void>;
  markdown(profile: AppProfile): string;
}

const MAX_TIMEOUT_SECONDS = 120;

export const useWebhookTesterStore = create<TesterState>()((set, get) => {
  /** Checks the form; on a problem, says so beside the field and returns null, so nothing is sent. */
  const validInput = (profile: AppProfile): { input: WebhookRequestInput; timeoutMs: number } | null => {
    const { form } = get();
    const errors: TesterState['errors'] = {};
    const check = checkWebhookUrl(form.url);
    const url = check.ok ? new URL(check.url) : null;
    if (!check.ok) errors.url = check.message;
    const portalId = parseAppId(form.portalId);
    if (portalId === null) errors.portalId = 'The portal (account) ID is a positive whole number.';
    const userId = parseAppId(form.userId);
    if (userId === null) errors.userId = 'The user ID is a positive whole number.';
    const timeoutSeconds = Number(form.timeoutSeconds);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
      errors.timeoutSeconds = `The timeout is a number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}.`;
    }
    set({ errors });
    if (!profile.clientSecret) {
      set({ message: 'This profile has no client secret: edit it to add one, so requests can be signed. Nothing was sent.' });
      return null;
    }
    if (Object.keys(errors).length > 0 || !url || portalId === null || userId === null) {
      set({ message: 'Fix the fields marked below; nothing was sent.' });
      return null;
    }
    return {
      input: { url: url.href, appId: profile.appId, portalId, userId, clientSecret: profile.clientSecret },
      timeoutMs: timeoutSeconds * 1000,
    };
  };

  /** Keeps the run and the form's values; a refused write is told beside the result, which stays on screen. */
  const remember = async (profile: AppProfile, run: WebhookRunSummary) => {
    const { portalId, userId, timeoutSeconds } = get().form;
    try {
      await webhookDefaultsItem.setValue({ portalId, userId, timeoutSeconds });
      const all = await webhookRunsItem.getValue();
      const history = [run, ...(all[profile.id] ?? [])].slice(0, KEPT_RUNS);
      await webhookRunsItem.setValue({ ...all, [profile.id]: history });
      set({ history });
    } catch (error) {
      set({ message: `This run was not added to the history: ${writeFailure(error)}.` });
    }
  };

  const send = async (
    profile: AppProfile,
    running: 'test' | 'negative',
    work: (input: WebhookRequestInput, timeoutMs: number) => Promise<void>,
  ) => {
    if (get().running) return;
    const valid = validInput(profile);
    if (!valid) return;
    // Asked first in the click (Firefox's rule); the prompt may stay open a while, and the timeout has not started.
    const asked = ensureHostPermission(valid.input.url, 'so nothing was sent');
    set({ running, message: null, waitingForAccess: new URL(valid.input.url).host });
    try {
      const access = await asked;
      set({ waitingForAccess: null });
      if (!access.ok) {
        set({ message: access.message });
        return;
      }
      await work(valid.input, valid.timeoutMs);
    } finally {
      set({ running: null, waitingForAccess: null });
    }
  };

  return {
    form: { url: '', portalId: '', userId: '', timeoutSeconds: '10' },
    errors: {},
    running: null,
    waitingForAccess: null,
    message: null,
    result: null,
    negatives: null,
    history: [],

    async load(profileId, registeredUrl) {
      const [defaults, runs, tabPortal] = await Promise.all([webhookDefaultsItem.getValue(), webhookRunsItem.getValue(), lastPortalId().catch(() => null)]);
      const { form } = get();
      set({
        // The portal typed last wins; with none yet, the one of the HubSpot tab the user was on last.
        form: { ...defaults, portalId: defaults.portalId || tabPortal || '', url: form.url || registeredUrl || '' },
        history: runs[profileId] ?? [],
        result: null,
        negatives: null,
        message: null,
        errors: {},
      });
    },

    update(patch) {
      const cleared = Object.fromEntries(Object.keys(patch).map((field) => [field, undefined]));
      // A report is about one URL: results for another URL must not end up beside new ones.
      const otherUrl = patch.url !== undefined && patch.url !== get().form.url;
      set({
        form: { ...get().form, ...patch },
        errors: { ...get().errors, ...cleared },
        ...(otherUrl ? { result: null, negatives: null } : {}),
      });
    },

    async test(profile) {
      await send(profile, 'test', async (input, timeoutMs) => {
        const result = await testWebhook(input, { timeoutMs });
        set({ result, negatives: null });
        await remember(profile, summarizeRun(result, null, input.url));
      });
    },

    async checkForgeries(profile) {
      await send(profile, 'negative', async (input, timeoutMs) => {
        const negatives = await runNegativeChecks(input, { timeoutMs });
        set({ negatives });
        await remember(profile, summarizeRun(null, negatives, input.url));
      });
    },

    markdown(profile) {
      return webhookReportToMarkdown({ appName: profile.appDisplayName, appId: profile.appId }, get().result, get().negatives);
    },
  };
});
