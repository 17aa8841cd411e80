/** Keyboard commands declared in the manifest and handled by the background. */
export const TOGGLE_TEST_MODE_COMMAND = {
  name: 'toggle-test-mode',
  suggestedKey: 'Alt+Shift+T',
  description: 'Toggle supportsChannelConnection (test mode) on the active HubSpot tab',
} as const;
