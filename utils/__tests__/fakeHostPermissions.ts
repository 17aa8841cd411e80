import { vi, type MockInstance } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/** The promise form of `permissions.contains` / `request` (spyOn would pick the callback overload). */
type PermissionCall = MockInstance<(permissions: Browser.permissions.Permissions) => Promise<boolean>>;

/**
 * Host permissions as browsers answer them (the fake implements none): `contains` and `request` answer at once for
 * the granted origins, and `request` shows the user a prompt for any other, answered by `prompt` (a refusal unless a
 * test says otherwise). A granted prompt grants the origins.
 */
export function fakeHostPermissions(initiallyGranted: string[]) {
  const granted = new Set(initiallyGranted);
  const grant = (origins: string[]) => origins.forEach((origin) => granted.add(origin));
  const isGranted = (origins: string[] = []) => origins.every((origin) => granted.has(origin));
  const prompt = vi.fn(async (_origins: string[]) => false);
  const contains = (vi.spyOn(fakeBrowser.permissions, 'contains') as unknown as PermissionCall).mockImplementation(
    async ({ origins }) => isGranted(origins),
  );
  const request = (vi.spyOn(fakeBrowser.permissions, 'request') as unknown as PermissionCall).mockImplementation(
    async ({ origins = [] }) => {
      if (isGranted(origins)) return true;
      const answer = await prompt(origins);
      if (answer) grant(origins);
      return answer;
    },
  );
  return { contains, request, prompt, grant };
}
