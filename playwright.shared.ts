import type { PlaywrightTestConfig } from '@playwright/test';

/** What both Playwright suites share: the fake camera's setup and, on two cores, one browser at a time. */
export const sharedConfig = {
  globalSetup: './tests/browser/global-setup.ts',
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
} satisfies PlaywrightTestConfig;
