/**
 * `npm run bench [-- --runs=20 --churn-runs=20 --skip-build --no-readme]`: builds the production extension, loads
 * it into Chromium against the local HubSpot stand-in, and measures what users feel. Prints a table; a full run
 * also writes bench/results.json and updates the README's table. Exits with 1 when a figure is over its budget.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from '@playwright/test';
import { startStandin } from '../standin/server';
import { launchWithEmptyContentScript, launchWithEmptyPopup, launchWithExtension, launchWithoutExtension, type BenchBrowser } from './browsers';
import { measureChurnSideBySide, measureContentScriptSelfTime, measureDetection, popupAndToggleOnce, popupPaintOnce, type ChurnSample, type PopupAndToggleSample } from './measures';
import { checkSizeBudgets, TIMING_BUDGETS } from './budgets';
import { measureBuildDirectory } from './bundleSizes';
import { consoleBundleTable, consoleTable, markdownReport, replaceReadmeSection, withinBudget, type BenchResults, type Machine, type ResultRow } from './report';
import { pairedDifference, pairedRatio, summarize } from './stats';

const EXTENSION_PATH = resolve('.output/chrome-mv3');
const HELP_DESK_URL = 'https://app.hubspot.com/help-desk/123456/channels/calling';
const CHURN_NODES_PER_SECOND = 5000;
/** The sampling profiler slows the page, so it gets runs of its own, fewer: it only shows where the time goes. */
const PROFILED_RUNS = 5;
const PHASES = ['popup', 'detection', 'churn'] as const;

const log = (line: string) => process.stderr.write(`${line}\n`);

function options() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      'churn-runs': { type: 'string', default: '20' },
      'churn-seconds': { type: 'string', default: '10' },
      'skip-build': { type: 'boolean', default: false },
      'no-readme': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const phases = values.only?.split(',').map((phase) => phase.trim()) ?? [...PHASES];
  const unknown = phases.filter((phase) => !(PHASES as readonly string[]).includes(phase));
  if (unknown.length > 0) throw new Error(`--only takes ${PHASES.join(', ')}; got ${unknown.join(', ')}.`);
  const count = (name: string, text: string) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number ≥ 1, got "${text}".`);
    return value;
  };
  return {
    runs: count('runs', values.runs),
    churnRuns: count('churn-runs', values['churn-runs']),
    churnSeconds: count('churn-seconds', values['churn-seconds']),
    build: !values['skip-build'],
    // A partial run is for investigating; only a full one may replace the last results and the README's table.
    complete: phases.length === PHASES.length,
    readme: !values['no-readme'],
    phases: new Set(phases),
  };
}

const row = (id: string, label: string, unit: ResultRow['unit'], samples: number[], budget?: number): ResultRow => ({
  id,
  label,
  unit,
  ...summarize(samples),
  ...(budget === undefined ? {} : { budget }),
});

const differenceRow = (id: string, label: string, minuend: number[], subtrahend: number[], budget?: number): ResultRow => ({
  id,
  label,
  unit: 'ms',
  ...pairedDifference(minuend, subtrahend),
  ...(budget === undefined ? {} : { budget }),
});

const ratioRow = (id: string, label: string, withExtension: number[], without: number[], budget?: number): ResultRow => ({
  id,
  label,
  unit: 'ratio',
  ...pairedRatio(withExtension, without),
  ...(budget === undefined ? {} : { budget }),
});

async function main(): Promise<void> {
  const settings = options();
  if (settings.build) {
    log('Building the production extension…');
    execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }

  const standin = await startStandin();
  const open: BenchBrowser[] = [];
  const launched = async <T extends BenchBrowser>(launching: Promise<T>): Promise<T> => {
    const browser = await launching;
    open.push(browser);
    return browser;
  };
  const helpDeskTab = async (browser: BenchBrowser) => {
    const tab = browser.context.pages()[0] ?? (await browser.context.newPage());
    await tab.goto(HELP_DESK_URL);
    return tab;
  };
  const closeAll = async () => {
    for (const browser of open.splice(0)) await browser.close();
  };
  try {
    const rows: ResultRow[] = [];
    let chromium = '';
    const readVersion = async (browser: BenchBrowser, tab: Page) => {
      chromium ||= (await (await browser.context.newCDPSession(tab)).send('Browser.getVersion')).product;
    };

    if (settings.phases.has('popup') || settings.phases.has('detection')) {
      const withExtension = await launched(launchWithExtension(standin.port, EXTENSION_PATH));
      const tab = await helpDeskTab(withExtension);
      await readVersion(withExtension, tab);
      if (settings.phases.has('popup')) {
        log(`Popup and toggle: ${settings.runs} runs, each with an empty popup for comparison…`);
        const emptyPopup = await launched(launchWithEmptyPopup(standin.port));
        const emptyTab = await helpDeskTab(emptyPopup);
        const samples: PopupAndToggleSample[] = [];
        const emptyPopupReady: number[] = [];
        for (let run = 0; run < settings.runs; run++) {
          samples.push(await popupAndToggleOnce(withExtension, tab));
          emptyPopupReady.push(await popupPaintOnce(emptyPopup, emptyTab));
        }
        const pick = (field: keyof PopupAndToggleSample) => samples.map((sample) => sample[field]);
        rows.push(
          differenceRow('popupReady', 'Popup ready beyond an empty popup', pick('popupReady'), emptyPopupReady, TIMING_BUDGETS.popupReady.max),
          row('popupReadyFromClick', 'Popup ready (toolbar click → real flag painted)', 'ms', pick('popupReady')),
          row('emptyPopupReady', 'Empty popup (toolbar click → its text painted)', 'ms', emptyPopupReady),
          row('toggle', 'Toggle (click → flag in the page’s localStorage)', 'ms', pick('toggle'), TIMING_BUDGETS.toggle.max),
          row('reload', 'Reload after the toggle (flag written → page loaded)', 'ms', pick('reload')),
          row('toggleAndReload', 'Toggle + reload (click → page loaded)', 'ms', pick('toggleAndReload')),
          row('manualSetItemAndReload', 'Manual: localStorage.setItem + reload', 'ms', pick('manualSetItemAndReload')),
          ratioRow('toggleOverhead', 'Toggle + reload vs manual', pick('toggleAndReload'), pick('manualSetItemAndReload')),
        );
      }
      if (settings.phases.has('detection')) {
        log(`Detection: ${settings.runs} runs…`);
        const detection = await measureDetection(withExtension, tab, settings.runs);
        rows.push(row('detection', 'Detection (provider list shown → report in background)', 'ms', detection, TIMING_BUDGETS.detection.max));
      }
      await closeAll();
    }

    if (settings.phases.has('churn')) {
      // Fresh browsers: every CDP connection the popup runs made leaves about 0.16 MB in the tab's renderer, which
      // would be counted against the extension.
      const browsers = {
        with: await launched(launchWithExtension(standin.port, EXTENSION_PATH)),
        emptyContentScript: await launched(launchWithEmptyContentScript(standin.port, EXTENSION_PATH)),
        without: await launched(launchWithoutExtension(standin.port)),
      };
      const kinds = Object.keys(browsers) as (keyof typeof browsers)[];
      const tabs = {
        with: await helpDeskTab(browsers.with),
        emptyContentScript: await helpDeskTab(browsers.emptyContentScript),
        without: await helpDeskTab(browsers.without),
      };
      await readVersion(browsers.with, tabs.with);
      log(
        `Busy page, ${CHURN_NODES_PER_SECOND} nodes/s for ${settings.churnSeconds} s: ${settings.churnRuns} runs with the extension, ` +
          'with an empty content script, and without any extension…',
      );
      const samples: Record<keyof typeof browsers, ChurnSample[]> = { with: [], emptyContentScript: [], without: [] };
      for (let run = 0; run < settings.churnRuns; run++) {
        const measured = await measureChurnSideBySide(
          kinds.map((kind) => ({ browser: browsers[kind], page: tabs[kind] })),
          CHURN_NODES_PER_SECOND,
          settings.churnSeconds,
        );
        kinds.forEach((kind, index) => samples[kind].push(measured[index] as ChurnSample));
        log(`  run ${run + 1}: script ${kinds.map((kind) => `${kind} ${samples[kind].at(-1)?.scriptMs.toFixed(1)} ms`).join(', ')}`);
      }
      log(`Content script's own JS time: ${PROFILED_RUNS} profiled runs…`);
      const selfTime: number[] = [];
      for (let run = 0; run < PROFILED_RUNS; run++) {
        selfTime.push(await measureContentScriptSelfTime(browsers.with, tabs.with, CHURN_NODES_PER_SECOND, settings.churnSeconds));
      }
      const pick = (kind: keyof typeof browsers, field: keyof ChurnSample, scale = 1) => samples[kind].map((sample) => sample[field] / scale);
      const MB = 1024 * 1024;
      const per = `per ${settings.churnSeconds} s`;
      rows.push(
        ratioRow('contentScriptCost', 'Busy page: main-thread script time with vs without', pick('with', 'scriptMs'), pick('without', 'scriptMs'), TIMING_BUDGETS.contentScriptCostRatio.max),
        ratioRow('emptyContentScriptCost', 'Busy page: script time, an empty content script vs without', pick('emptyContentScript', 'scriptMs'), pick('without', 'scriptMs')),
        ratioRow('contentScriptBeyondEmpty', 'Busy page: script time, ours vs an empty content script', pick('with', 'scriptMs'), pick('emptyContentScript', 'scriptMs')),
        ratioRow('mainThreadCost', 'Busy page: all main-thread time with vs without', pick('with', 'taskMs'), pick('without', 'taskMs')),
        row('scriptWith', `Busy page: script time ${per}, with`, 'ms', pick('with', 'scriptMs')),
        row('scriptEmptyContentScript', `Busy page: script time ${per}, empty content script`, 'ms', pick('emptyContentScript', 'scriptMs')),
        row('scriptWithout', `Busy page: script time ${per}, without`, 'ms', pick('without', 'scriptMs')),
        row('contentScriptSelfTime', `Busy page: the content script's own JS ${per} (${PROFILED_RUNS} profiled runs)`, 'ms', selfTime),
        row('heapWith', 'Page JS heap after GC, with', 'MB', pick('with', 'heapBytes', MB)),
        row('heapEmptyContentScript', 'Page JS heap after GC, empty content script', 'MB', pick('emptyContentScript', 'heapBytes', MB)),
        row('heapWithout', 'Page JS heap after GC, without', 'MB', pick('without', 'heapBytes', MB)),
        ratioRow('heapRatio', 'Page JS heap with vs without', pick('with', 'heapBytes'), pick('without', 'heapBytes')),
      );
      await closeAll();
    }

    const machine: Machine = {
      cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 1024 ** 3),
      os: `${process.platform} ${release()}`,
      node: process.versions.node,
      chromium: chromium.replace(/^[^/]*\//, ''),
    };
    const bundles = measureBuildDirectory(EXTENSION_PATH);
    const results: BenchResults = { ranAt: new Date().toISOString(), machine, runs: settings.runs, rows, bundles };
    process.stdout.write(`${consoleTable(rows)}\n\n${consoleBundleTable(bundles)}\n`);
    if (settings.complete) {
      await writeFile('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
      if (settings.readme) {
        const readme = await readFile('README.md', 'utf8');
        await writeFile('README.md', replaceReadmeSection(readme, markdownReport(results)));
      }
    }
    const over = [
      ...rows.filter((result) => !withinBudget(result)).map((result) => result.label),
      ...checkSizeBudgets(bundles).filter((check) => !check.pass).map((check) => check.message),
    ];
    log(over.length === 0 ? 'Every figure is within its budget.' : `Over budget: ${over.join('; ')}`);
    if (over.length > 0) process.exitCode = 1;
  } finally {
    await closeAll();
    await standin.close();
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
