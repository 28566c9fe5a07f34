import { defineConfig } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from './scripts/lib/chromium';

const PORT = 5199;

export default defineConfig({
  testDir: 'tests/browser',
  globalSetup: './tests/browser/global-setup.ts',
  // Two cores: one browser at a time keeps timings sane and inference fast enough.
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
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
