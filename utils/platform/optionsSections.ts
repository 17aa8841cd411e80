/**
 * The options page's sections, one per task, each with the URL fragment that opens it: the page's navigation and
 * the popup's links both come from this list.
 */
export const OPTIONS_SECTIONS = [
  { id: 'profiles', label: 'Profiles' },
  { id: 'channel-connection', label: 'Channel connection' },
  { id: 'calling-app', label: 'Calling app' },
  { id: 'local-overrides', label: 'Local overrides' },
  { id: 'webhook-tester', label: 'Webhook tester' },
  { id: 'qa-matrix', label: 'QA matrix' },
  { id: 'request-log', label: 'Request log' },
] as const;

export type OptionsSection = (typeof OPTIONS_SECTIONS)[number]['id'];

/** The section a URL fragment names (`#webhook-tester`), or null for none or an unknown one. */
export function sectionOf(hash: string): OptionsSection | null {
  let id: string;
  try {
    id = decodeURIComponent(hash.replace(/^#/, ''));
  } catch {
    // A fragment typed by hand may not decode: it names no section.
    return null;
  }
  return OPTIONS_SECTIONS.find((section) => section.id === id)?.id ?? null;
}

/** The fragment that opens a section, to add to the options page's URL. */
export const sectionHash = (section: OptionsSection) => `#${section}`;

/**
 * The options page's address for a section, naming the HubSpot tab a link was followed from (`?tabId=`), so a
 * section that works on a tab starts on that one.
 */
export function optionsPath(section: OptionsSection, tabId?: number): `/options.html${string}` {
  return `/options.html${tabId === undefined ? '' : `?tabId=${tabId}`}${sectionHash(section)}`;
}

/** The tab an options page was opened for (`?tabId=`), or null. */
export function tabIdOf(search: string): number | null {
  const param = new URLSearchParams(search).get('tabId');
  return param !== null && /^\d+$/.test(param) ? Number(param) : null;
}
