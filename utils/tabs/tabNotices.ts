/** What the popup says after a change to a tab, in one place (pure). */
import { CALLING_EXTENSIONS_KEY, shortSettingName } from '../flag/channelConnectionFlag';
import { TEST_SWITCHES } from '../flag/testSwitches';
import { plural } from '../platform/plural';
import type { ReloadOutcome } from './tabState';

export interface ChangeWords {
  done: string;
  notDone: string;
}

export const testModeWords = (enabled: boolean): ChangeWords =>
  enabled
    ? { done: 'Test mode turned on.', notDone: 'Test mode was not turned on.' }
    : { done: 'Test mode turned off.', notDone: 'Test mode was not turned off.' };

export function removalWords(key: string): ChangeWords {
  const name = shortSettingName(key);
  return { done: `${name} removed.`, notDone: `${name} was not removed.` };
}

/** A test switch set to a value, or turned off (null). */
export function switchWords(key: string, value: string | null): ChangeWords {
  if (key === CALLING_EXTENSIONS_KEY) {
    const done = value === null ? 'removed' : 'saved';
    return { done: `CallingExtensions override ${done}.`, notDone: `CallingExtensions override not ${done}.` };
  }
  const name = TEST_SWITCHES.find((testSwitch) => testSwitch.key === key)?.name ?? shortSettingName(key);
  const to = value === null ? 'turned off' : `set to ${value}`;
  return { done: `${name} ${to}.`, notDone: `${name} was not ${to}.` };
}

export const RETIRED_MOVE_WORDS: ChangeWords = {
  done: 'CallingExtensions moved to LocalSettings:Calling:CallingExtensions, where HubSpot reads it.',
  notDone: 'CallingExtensions was not moved.',
};

export const reloadingNotice = ({ done }: ChangeWords) => `${done} Reloading the tab…`;

export function changeNotice({ done, notDone }: ChangeWords, result: { ok: true; reload: ReloadOutcome } | { ok: false; message: string }): string {
  if (!result.ok) return `${notDone} ${result.message}`;
  const { reload } = result;
  const after = reload === 'reloaded' ? 'The tab reloaded to apply it.' : reload === 'not-asked' ? 'Reload the tab for HubSpot to read it.' : reload.message;
  return `${done} ${after}`;
}

export const reloadedOthersNotice = (count: number, host: string | null) =>
  `Reloaded ${plural(count, 'other tab')}${host ? ` on ${host}` : ''}.`;
