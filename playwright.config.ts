import { defineConfig } from '@playwright/test';
import { sharedConfig } from './playwright.shared';
import { chromiumArgs, CHROMIUM_PATH } from './scripts/lib/chromium';

const PORT = 5199;

export default defineConfig({
  ...sharedConfig,
  testDir: 'tests/browser',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false }) },
    trace: 'off',
  },
  webServer: {
    command: `npx vite --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/harness.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
