import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: { trace: 'retain-on-failure' },
  projects: [
    { name: 'e2e', testMatch: /.*\.spec\.ts/ },
    // The Firefox build in Firefox (e2e/firefox/fixtures.ts): one at a time, as the stand-in it reaches holds port 443.
    { name: 'firefox', testMatch: /.*\.firefox\.ts/, workers: 1 },
    // `npm run screenshots` regenerates the README's pictures from the production build.
    { name: 'screenshots', testMatch: /.*\.shots\.ts/ },
  ],
});
