/**
 * `channel-connection-tester`: the extension's webhook check and channel-connection settings from the command line,
 * for a team's CI. Thin: commander
 * reads the arguments, the extension's own modules do the work (utils/webhook, utils/cli), and this file only wires
 * them to the environment, the output and the exit code. The client secret and the API credential come from the
 * environment only, so they stay out of shell history and CI logs, and they are never printed.
 */
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createInterface } from 'node:readline/promises';
import { EXIT, REPORT_FORMATS, webhookExitCode, webhookReportJson, webhookReportMarkdown, webhookReportText, type Paint, type ReportFormat } from '../utils/cli/webhookCheck';
import {
  CONFIRMED_ACTIONS,
  confirmationQuestion,
  credentialVariable,
  runSettingsAction,
  SETTINGS_ACTIONS,
  settingsExitCode,
  settingsReportJson,
  settingsReportMarkdown,
  settingsReportText,
  type SettingsAction,
} from '../utils/cli/settingsCheck';
import { HUBSPOT_API_BASE_URLS } from '../utils/platform/hubspotOrigins';
import { API_GENERATIONS, checkApiBaseUrl, type ApiGeneration } from '../utils/profiles/profileFields';
import { checkWebhookUrl } from '../utils/webhook/webhookUrl';
import { runNegativeChecks, testWebhook } from '../utils/webhook/webhookTester';

const SECRET_VARIABLE = 'HUBSPOT_CLIENT_SECRET';

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('a positive whole number is expected.');
  }
  return Number(value);
}

function seconds(value: string): number {
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || parsed <= 0 || parsed > 600) throw new InvalidArgumentError('a number of seconds from above 0 to 600 is expected.');
  return parsed;
}

/** Colour only on a terminal that has not asked for none (https://no-color.org). */
function painter(stream: NodeJS.WriteStream): Paint {
  if (!stream.isTTY || process.env.NO_COLOR) return (_tone, text) => text;
  const codes = { good: 32, bad: 31, note: 33 } as const;
  return (tone, text) => `\u001b[${codes[tone]}m${text}\u001b[0m`;
}

class UsageError extends Error {}

const formatOption = () => new Option('--format <format>', 'how the report is written').choices(REPORT_FORMATS).default('text');

const program = new Command('channel-connection-tester')
  .description("Check a HubSpot calling app's channel-connection webhook as HubSpot calls it, from the command line.")
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text) });

program
  .command('webhook')
  .description(
    `Send the signed request HubSpot sends when a user connects a number, and judge the answer. The client secret is read from ${SECRET_VARIABLE}.`,
  )
  .argument('<url>', 'the webhook URL (https; http only on localhost, 127.0.0.1 or [::1])')
  .requiredOption('--app-id <n>', "the calling app's id", positiveInteger)
  .requiredOption('--portal-id <n>', 'the HubSpot account (portal) id to send', positiveInteger)
  .requiredOption('--user-id <n>', 'the HubSpot user id to send', positiveInteger)
  .addOption(new Option('--timeout <seconds>', 'how long to wait for each answer').argParser(seconds).default(10))
  .option('--negative', 'also send a forged signature and a stale timestamp, which a webhook must refuse')
  .addOption(formatOption())
  .exitOverride()
  .action(async (url: string, options: { appId: number; portalId: number; userId: number; timeout: number; negative?: boolean; format: ReportFormat }) => {
    const clientSecret = process.env[SECRET_VARIABLE];
    if (!clientSecret) throw new UsageError(`Set ${SECRET_VARIABLE} to the app's client secret: it is read from the environment only.`);
    const checked = checkWebhookUrl(url);
    if (!checked.ok) throw new UsageError(`${url}: ${checked.message}`);
    if (checked.warning) process.stderr.write(`${checked.warning}\n`);

    const input = { url: checked.url, appId: options.appId, portalId: options.portalId, userId: options.userId, clientSecret };
    const deps = { timeoutMs: options.timeout * 1000 };
    const result = await testWebhook(input, deps);
    const negatives = options.negative ? await runNegativeChecks(input, deps) : null;
    const report =
      options.format === 'json'
        ? webhookReportJson(options.appId, result, negatives)
        : options.format === 'markdown'
          ? webhookReportMarkdown(options.appId, result, negatives)
          : webhookReportText(result, negatives, painter(process.stdout));
    process.stdout.write(report);
    process.exitCode = webhookExitCode(result, negatives ?? []);
  });

program
  .command('settings')
  .description(
    `Read or change the app's channel-connection webhook (get, register, release, withdraw, delete). The credential is read from ${credentialVariable('v3')} (v3) or ${credentialVariable('2026-03')} (2026-03).`,
  )
  .addArgument(new Argument('<action>', 'what to do').choices(SETTINGS_ACTIONS))
  .requiredOption('--app-id <n>', "the calling app's id", positiveInteger)
  .addOption(new Option('--generation <generation>', 'the API generation').choices(Object.keys(API_GENERATIONS)).default('v3'))
  .option('--url <url>', 'the webhook URL to register (register only)')
  .option('--base <url>', 'the API base URL', HUBSPOT_API_BASE_URLS.production)
  .option('--yes', 'confirm release and delete without a question (required when not on a terminal)')
  .addOption(new Option('--timeout <seconds>', 'how long to wait for the answer').argParser(seconds).default(10))
  .addOption(formatOption())
  .exitOverride()
  .action(
    async (
      action: SettingsAction,
      options: { appId: number; generation: ApiGeneration; url?: string; base: string; yes?: boolean; timeout: number; format: ReportFormat },
    ) => {
      const variable = credentialVariable(options.generation);
      const credential = process.env[variable];
      if (!credential) throw new UsageError(`Set ${variable} to the ${API_GENERATIONS[options.generation].credentialLabel.toLowerCase()}: it is read from the environment only.`);
      const base = checkApiBaseUrl(options.base);
      if (!base.ok) throw new UsageError(`--base ${options.base}: ${base.message}`);
      let url: string | null = null;
      if (action === 'register') {
        const checked = checkWebhookUrl(options.url ?? '');
        if (!checked.ok) throw new UsageError(`--url: ${checked.message}`);
        if (checked.warning) process.stderr.write(`${checked.warning}\n`);
        url = checked.url;
      } else if (options.url !== undefined) {
        throw new UsageError('--url is for register only.');
      }
      if (CONFIRMED_ACTIONS.includes(action) && !options.yes && !(await confirmed(confirmationQuestion(action, options.appId)))) return;

      const target = { baseUrl: base.baseUrl, appId: options.appId, generation: options.generation, credential };
      const outcome = await runSettingsAction(action, target, url, { timeoutMs: options.timeout * 1000 });
      const report =
        options.format === 'json'
          ? settingsReportJson(action, options.appId, options.generation, outcome)
          : options.format === 'markdown'
            ? settingsReportMarkdown(action, options.appId, outcome)
            : settingsReportText(action, outcome, painter(process.stdout));
      process.stdout.write(report);
      process.exitCode = settingsExitCode(outcome);
    },
  );

/**
 * Asks on the terminal; refuses, as a usage error, when there is none to ask on (a CI job), where only `--yes` may
 * release or delete.
 */
async function confirmed(question: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) throw new UsageError(`${question} Not on a terminal: pass --yes to confirm.`);
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await prompt.question(`${question} Type yes to confirm: `);
  prompt.close();
  if (answer.trim().toLowerCase() === 'yes') return true;
  process.stderr.write('Not confirmed: nothing was sent.\n');
  process.exitCode = EXIT.usage;
  return false;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version end well; every other parse error is a usage error, with commander's own words already out.
    process.exitCode = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = EXIT.usage;
  } else {
    throw error;
  }
}
