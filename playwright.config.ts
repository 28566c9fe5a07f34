import { defineConfig } from '@playwright/test';
import { sharedConfig, testPort } from './playwright.shared';
import { chromiumArgs, CHROMIUM_PATH } from './tests/support/chromium';

const PORT = testPort();

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
    // Never another run's server (another checkout's, or a stale one): the port must be free.
    reuseExistingServer: false,
    timeout: 120_000,
  },
});
