import { defineConfig } from '@playwright/test';
import { sharedConfig, testPort } from './playwright.shared';
import { chromiumArgs, CHROMIUM_PATH } from './tests/support/chromium';
import { FAKE_CAMERA } from './tests/support/coco';

/**
 * The installable, offline app as users get it: the production build (`vite build`, service worker included),
 * served by `vite preview` with the COOP/COEP/CSP headers of vite.config.ts. Tests that cut the network start
 * their own preview server on the same build (tests/pwa/app.ts) so that they can stop it.
 */
const PORT = testPort();

export default defineConfig({
  ...sharedConfig,
  testDir: 'tests/pwa',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    serviceWorkers: 'allow',
    launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA }) },
    trace: 'off',
  },
  webServer: {
    // Build once, then serve the build: what a user installs.
    command: `npx vite build --logLevel warn && npx vite preview --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/manifest.webmanifest`,
    // Never test a stale build that another run left serving.
    reuseExistingServer: false,
    timeout: 240_000,
  },
});
