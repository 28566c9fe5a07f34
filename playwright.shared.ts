import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import type { PlaywrightTestConfig } from '@playwright/test';
import { FULL_TESTS } from './tests/support/test-scope';

/**
 * The port of this run's test server: `TEST_PORT` when set, else a free port that the first load of the config
 * (Playwright's main process) asks the system for and keeps in `TEST_PORT`, so that the workers, which load the
 * config again and inherit the environment, and the server itself agree on it. A fixed port would make a second
 * checkout's run fail, or attach it to the first one's server.
 */
export function testPort(): number {
  process.env.TEST_PORT ||= execFileSync(
    process.execPath,
    [
      '-e',
      "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); })",
    ],
    { encoding: 'utf8' },
  );
  const port = Number(process.env.TEST_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new Error(`TEST_PORT=${process.env.TEST_PORT} is not a port number`);
  return port;
}

/**
 * The browser suite's workers: two on two cores or more, each with its browser on its own share of the cores
 * (tests/support/chromium.ts). Many tests wait on real time (videos play at their speed, watchdogs count) while
 * the other worker's page detects. Unpinned, two browsers' onnxruntime thread pools fight over both cores and
 * the run is slower than with one worker. (The PWA suite keeps one unpinned worker: it checks that cross-origin
 * isolation gives onnxruntime more than one thread, which a one-core browser cannot show.)
 */
export function pinnedWorkers(): { workers: number } {
  const workers = availableParallelism() >= 2 ? 2 : 1;
  process.env.TEST_WORKERS = String(workers);
  return { workers };
}

/** What both Playwright suites share: the fake camera's setup, limits, and which tests a run leaves out. */
export const sharedConfig = {
  globalSetup: './tests/browser/global-setup.ts',
  workers: 1,
  grepInvert: FULL_TESTS ? undefined : /@full-only/,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
} satisfies PlaywrightTestConfig;
