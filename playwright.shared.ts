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
 * Two workers on two cores or more, each with its browser on its own half of the cores
 * (tests/support/chromium.ts): many tests wait on real time (videos play at their speed, watchdogs count),
 * and the other worker's page detects meanwhile. Unpinned, two browsers' onnxruntime thread pools fight over
 * both cores and the run is slower than one worker.
 */
const WORKERS = availableParallelism() >= 2 ? 2 : 1;
process.env.TEST_WORKERS = String(WORKERS);

/** What both Playwright suites share: the fake camera's setup and the workers. */
export const sharedConfig = {
  globalSetup: './tests/browser/global-setup.ts',
  workers: WORKERS,
  grepInvert: FULL_TESTS ? undefined : /@long/,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
} satisfies PlaywrightTestConfig;
