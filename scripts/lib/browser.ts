/**
 * Runs the app's own code in headless Debian Chromium for scripts (evaluation, benchmark):
 * a Vite server for the project, a browser with the flags this machine needs, and local files served
 * under /__files/ (images never leave the machine and are never copied into the project).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for headless Chromium here: no network chatter; WebGPU via SwiftShader only when asked for. */
export function chromiumArgs(options: { webgpu: boolean; fakeCamera?: string }): string[] {
  const args = [
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
  if (options.webgpu) args.push('--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-angle=swiftshader');
  if (options.fakeCamera) {
    args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${options.fakeCamera}`);
  }
  return args;
}

export interface AppSession {
  page: Page;
  baseUrl: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.onnx': 'application/octet-stream' };

/** Starts the dev server and a browser on `path` (harness.html by default) with `filesDir` under /__files/. */
export async function openApp(options: { webgpu: boolean; path?: string; filesDir?: string }): Promise<AppSession> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium (or set CHROMIUM_PATH)`);
  const root = resolve(import.meta.dirname, '../..');
  const server: ViteDevServer = await createServer({ root, logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('The Vite server has no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const userDataDir = await mkdtemp(join(tmpdir(), 'detector-chromium-'));
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs(options) });
  void userDataDir;
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[browser] ${message.text()}`);
  });
  if (options.filesDir) {
    const dir = resolve(options.filesDir);
    await page.route('**/__files/**', async (route) => {
      const name = decodeURIComponent(new URL(route.request().url()).pathname.replace(/^\/__files\//, ''));
      const path = resolve(dir, name);
      if (!path.startsWith(dir) || !existsSync(path)) return route.fulfill({ status: 404 });
      await route.fulfill({
        body: await readFile(path),
        headers: { 'content-type': MIME[extname(path).toLowerCase()] ?? 'application/octet-stream', 'cross-origin-resource-policy': 'same-origin' },
      });
    });
  }
  await page.goto(`${baseUrl}/${options.path ?? 'harness.html'}`);
  await page.waitForSelector('body[data-ready=true]', { state: 'attached', timeout: 60_000 });
  return {
    page,
    baseUrl,
    async close() {
      await browser.close();
      await server.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
