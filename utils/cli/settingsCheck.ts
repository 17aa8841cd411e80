/**
 * The command line's channel-connection settings (`channel-connection-tester settings`): which request each action
 * sends, what it needs, and how its answer is reported and exits. Pure: the requests are the extension's own client
 * (utils/hubspotApi/channelConnectionApi.ts).
 */
import {
  CHANNEL_CONNECTION_WORDS,
  createChannelConnectionSettings,
  deleteChannelConnectionSettings,
  describeApiError,
  getChannelConnectionSettings,
  updateChannelConnectionSettings,
  type ApiDeps,
  type ApiResult,
  type ApiTarget,
  type ChannelConnectionSettings,
} from '../hubspotApi/channelConnectionApi';
import { API_GENERATIONS, type ApiGeneration } from '../profiles/profileFields';
import { EXIT, type ExitCode, type Paint, PLAIN } from './webhookCheck';

export const SETTINGS_ACTIONS = ['get', 'register', 'release', 'withdraw', 'delete'] as const;
export type SettingsAction = (typeof SETTINGS_ACTIONS)[number];

/** Actions that change what every user of the app is offered, or take it away: confirmed first. */
export const CONFIRMED_ACTIONS: readonly SettingsAction[] = ['release', 'delete'];

/** The environment variable that holds a generation's credential, as the request log's curl commands name it. */
export const credentialVariable = (generation: ApiGeneration) => API_GENERATIONS[generation].curlVariable;

/** What the action asks of the app, in words, for a confirmation. */
export function confirmationQuestion(action: SettingsAction, appId: number): string {
  return action === 'release'
    ? `Release app ${appId}: set isReady=true, so HubSpot offers it as a help desk channel to every user of the app?`
    : `Delete the channel-connection webhook of app ${appId}? HubSpot then offers it only to users with test mode on.`;
}

export type SettingsOutcome = ApiResult<ChannelConnectionSettings | null>;

/** Sends the action's request; `url` only for register. */
export function runSettingsAction(action: SettingsAction, target: ApiTarget, url: string | null, deps: ApiDeps = {}): Promise<SettingsOutcome> {
  switch (action) {
    case 'get':
      return getChannelConnectionSettings(target, deps);
    case 'register':
      return createChannelConnectionSettings(target, { url: url ?? '', isReady: false }, deps);
    case 'release':
      return updateChannelConnectionSettings(target, { isReady: true }, deps);
    case 'withdraw':
      return updateChannelConnectionSettings(target, { isReady: false }, deps);
    case 'delete':
      return deleteChannelConnectionSettings(target, deps);
  }
}

export function settingsExitCode(outcome: SettingsOutcome): ExitCode {
  if (outcome.ok) return EXIT.ok;
  switch (outcome.error.kind) {
    case 'invalid':
      return EXIT.usage;
    case 'network':
    case 'timeout':
      return EXIT.unreachable;
    default:
      return EXIT.checkFailed;
  }
}

const DONE: Record<SettingsAction, string> = {
  get: 'Read.',
  register: 'Registered.',
  release: CHANNEL_CONNECTION_WORDS.released,
  withdraw: CHANNEL_CONNECTION_WORDS.withdrawn,
  delete: 'Deleted: the app is not registered.',
};

/** The words of an outcome, the same as the options page's. */
export function settingsSummary(action: SettingsAction, outcome: SettingsOutcome): string {
  if (!outcome.ok) return describeApiError(outcome.error);
  if (outcome.value === null) return action === 'delete' ? DONE.delete : CHANNEL_CONNECTION_WORDS.notRegistered;
  return `${DONE[action]} url ${outcome.value.url}, isReady ${outcome.value.isReady}, updated ${outcome.value.updatedAt}.`;
}

/** For scripts: stable names, the request as the log shows it (credential redacted), never the credential. */
export function settingsReportJson(action: SettingsAction, appId: number, generation: ApiGeneration, outcome: SettingsOutcome): string {
  const report = {
    format: 'channel-connection-tester/settings',
    version: 1,
    action,
    appId,
    generation,
    request: { method: outcome.exchange.method, url: outcome.exchange.url, status: outcome.exchange.status ?? null, correlationId: outcome.exchange.correlationId ?? null },
    settings: outcome.ok ? outcome.value : null,
    error: outcome.ok ? null : outcome.error,
    summary: settingsSummary(action, outcome),
    exitCode: settingsExitCode(outcome),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function settingsReportText(action: SettingsAction, outcome: SettingsOutcome, paint: Paint = PLAIN): string {
  const { method, url, status } = outcome.exchange;
  const mark = outcome.ok ? paint('good', 'OK') : paint('bad', 'FAILED');
  return `${mark} ${settingsSummary(action, outcome)}\n  ${method} ${url}${status === undefined ? '' : ` → ${status}`}\n`;
}

export function settingsReportMarkdown(action: SettingsAction, appId: number, outcome: SettingsOutcome): string {
  const { method, url, status, correlationId } = outcome.exchange;
  return [
    `# Channel-connection settings: ${action} (app ${appId})`,
    '',
    `- Request: \`${method} ${url}\``,
    `- Status: ${status ?? 'no answer'}${correlationId ? ` (correlationId ${correlationId})` : ''}`,
    `- Outcome: ${settingsSummary(action, outcome)}`,
    '',
  ].join('\n');
}
