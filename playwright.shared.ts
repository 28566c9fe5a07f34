import { execFileSync } from 'node:child_process';
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
 * What both Playwright suites share: the fake camera's setup, limits, and which tests a run leaves out. One
 * worker: the tests are CPU-bound on two cores (the page detects all the time), and two browsers' onnxruntime
 * thread pools fighting over them made the run slower, pinned to a core each no faster.
 */
export const sharedConfig = {
  globalSetup: './tests/browser/global-setup.ts',
  workers: 1,
  grepInvert: FULL_TESTS ? undefined : /@full-only/,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
} satisfies PlaywrightTestConfig;
