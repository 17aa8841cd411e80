import { describe, expect, it } from 'vitest';
import { choiceOf, INSTALL_DEMO_WIDGET_KEY, isSwitchValue, SUPPORTS_INBOUND_CALLING_KEY, TEST_SWITCHES } from '../testSwitches';
import { switchWords } from '../../tabs/tabNotices';

const [inbound, demoWidget] = TEST_SWITCHES;

describe('the test switches', () => {
  it('are inbound calling and the demo widget, each with a line on what HubSpot does with it', () => {
    expect(TEST_SWITCHES.map(({ key }) => key)).toEqual([SUPPORTS_INBOUND_CALLING_KEY, INSTALL_DEMO_WIDGET_KEY]);
    for (const testSwitch of TEST_SWITCHES) expect(testSwitch.what.length).toBeGreaterThan(20);
  });

  it.each([
    [inbound, null, 'Off'],
    [inbound, 'true', 'On'],
    [inbound, 'TRUE', null],
    [inbound, '1', null],
    [demoWidget, null, 'Off'],
    [demoWidget, 'local', 'local'],
    [demoWidget, 'app:js', 'app:js'],
    [demoWidget, 'app', 'app'],
    [demoWidget, 'App', null],
  ] as const)('%#: a stored %s reads as %s', (testSwitch, raw, label) => {
    expect(choiceOf(testSwitch!, raw)?.label ?? null).toBe(label);
  });

  it.each([
    [SUPPORTS_INBOUND_CALLING_KEY, 'true', true],
    [SUPPORTS_INBOUND_CALLING_KEY, 'false', false],
    [INSTALL_DEMO_WIDGET_KEY, 'app:js', true],
    [INSTALL_DEMO_WIDGET_KEY, null, false],
    [INSTALL_DEMO_WIDGET_KEY, 1, false],
    ['LocalSettings:Calling:supportsChannelConnection', 'true', false],
    ['LocalSettings:Calling:CallingExtensions', '{}', false],
    ['LocalSettings:Calling:CallingExtensions', '{"name":"Dialer","url":"https://dialer.example.com/"}', true],
    ['LocalSettings:Calling:CallingExtensions', '{"name":"Dialer","url":"https://dialer.example.com/","width":400}', true],
    ['LocalSettings:Calling:CallingExtensions', '{"name":"Dialer"}', false],
    ['LocalSettings:Calling:CallingExtensions', '[{"name":"Dialer","url":"x"}]', false],
    ['LocalSettings:Calling:CallingExtensions', 'not json', false],
    ['LocalSettings:Calling:CallingExtensions', null, false],
    ['LocalSettings:Sales:CallingExtensions', '{"name":"Dialer","url":"https://dialer.example.com/"}', false],
  ])('may %s be written as %s: %s', (key, value, allowed) => {
    expect(isSwitchValue(key, value)).toBe(allowed);
  });

  it('says what a change of the CallingExtensions override did', () => {
    expect(switchWords('LocalSettings:Calling:CallingExtensions', '{"name":"D","url":"https://d.example/"}').done).toBe('CallingExtensions override saved.');
    expect(switchWords('LocalSettings:Calling:CallingExtensions', null)).toEqual({ done: 'CallingExtensions override removed.', notDone: 'CallingExtensions override not removed.' });
  });

  it('says what a change did, in the switch’s own name', () => {
    expect(switchWords(SUPPORTS_INBOUND_CALLING_KEY, 'true')).toEqual({ done: 'Inbound calling set to true.', notDone: 'Inbound calling was not set to true.' });
    expect(switchWords(INSTALL_DEMO_WIDGET_KEY, null)).toEqual({ done: 'Demo widget turned off.', notDone: 'Demo widget was not turned off.' });
  });
});
