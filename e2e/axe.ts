/** axe-core on a page in both colour schemes, its findings worded so that a failing test names what to fix. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export const COLOR_SCHEMES = ['light', 'dark'] as const;

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/**
 * The serious and critical violations on `page` in light and in dark, one readable line per offending element:
 * `[dark] serious color-contrast on .card.error > p: Fix any of the following: ...` (empty when there are none).
 */
export async function blockingViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of COLOR_SCHEMES) {
    await page.emulateMedia({ colorScheme });
    // Legacy mode runs axe in the page itself: otherwise it opens a page of its own, and the real toolbar popup
    // closes when another page takes the focus.
    const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
    for (const violation of violations) {
      if (!BLOCKING_IMPACTS.has(violation.impact ?? '')) continue;
      for (const node of violation.nodes) {
        found.push(
          `[${colorScheme}] ${violation.impact} ${violation.id} on ${node.target.join(' ')}: ` +
            `${(node.failureSummary ?? violation.help).replace(/\s*\n\s*/g, ' ')} (${violation.helpUrl})`,
        );
      }
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}
