/**
 * Runs the app's own code in headless Debian Chromium for scripts (evaluation, benchmark):
 * a Vite server for the project, a browser with the flags this machine needs, and local files served
 * mounted under URL prefixes (images never leave the machine and are never copied into the project).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { chromiumArgs, CHROMIUM_PATH } from '../../tests/support/chromium';

export interface AppSession {
  page: Page;
  baseUrl: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.onnx': 'application/octet-stream',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
};

/**
 * Starts the dev server and a browser on `path` (harness.html by default). `mounts` serves local folders
 * or files to the page: { '/__files/': '/some/dir' } answers /__files/a.jpg with /some/dir/a.jpg.
 */
export async function openApp(options: {
  webgpu: boolean;
  path?: string;
  mounts?: Record<string, string>;
  /** A .y4m the fake camera plays. */
  fakeCamera?: string;
  /** What shows the page is ready; the test pages set body[data-ready]. */
  readySelector?: string;
}): Promise<AppSession> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const root = resolve(import.meta.dirname, '../..');
  // No HMR: an edit elsewhere in the tree must not reload the page in the middle of a run.
  const server: ViteDevServer = await createServer({
    root,
    logLevel: 'error',
    server: { port: 0, host: '127.0.0.1', hmr: false },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('The Vite server has no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const userDataDir = await mkdtemp(join(tmpdir(), 'detector-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: chromiumArgs(options),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[browser] ${message.text()}`);
  });
  for (const [prefix, target] of Object.entries(options.mounts ?? {})) {
    const base = resolve(target);
    await page.route(`**${prefix}**`, async (route) => {
      const name = decodeURIComponent(new URL(route.request().url()).pathname.slice(prefix.length));
      const path = name ? resolve(base, name) : base;
      if (!path.startsWith(base) || !existsSync(path)) return route.fulfill({ status: 404 });
      await route.fulfill({
        body: await readFile(path),
        headers: {
          'content-type': MIME[extname(path).toLowerCase()] ?? 'application/octet-stream',
          'cross-origin-resource-policy': 'same-origin',
        },
      });
    });
  }
  // tsx (esbuild keepNames) wraps named functions in __name(); functions passed to page.evaluate need it there too.
  await page.addInitScript('globalThis.__name = (fn) => fn');
  await page.goto(`${baseUrl}/${options.path ?? 'harness.html'}`);
  await page.waitForSelector(options.readySelector ?? 'body[data-ready=true]', { state: 'attached', timeout: 60_000 });
  return {
    page,
    baseUrl,
    async close() {
      await context.close();
      await server.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
