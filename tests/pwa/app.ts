import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, expect, type BrowserContext, type Page, type Request } from '@playwright/test';
import { preview } from 'vite';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { MODEL_CACHE } from '../../src/app/model-cache';
import { FAKE_CAMERA } from '../support/coco';
import { defaultModel } from '../../scripts/lib/models';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The production build that playwright.pwa.config.ts made before the tests. */
export const DIST = resolve(ROOT, 'dist');
export { MODEL_CACHE } from '../../src/app/model-cache';

export interface Server {
  origin: string;
  close(): Promise<void>;
}

/** `vite preview` of a build (the project's headers: COOP/COEP/CSP), on a free port, stoppable. */
export async function startPreview(outDir = DIST): Promise<Server> {
  const server = await preview({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview has no address');
  return {
    origin: new URL(url).origin,
    async close() {
      // Keep-alive connections would keep the port answering after close().
      (server.httpServer as HttpServer).closeAllConnections?.();
      await server.close();
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.onnx': 'application/octet-stream',
};

/**
 * A plain static host (the kind that cannot set headers): files with their content type and nothing else:
 * no COOP/COEP, no CSP header.
 */
export async function startPlainServer(dir = DIST): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    readFile(file).then(
      (body) =>
        response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

/** A copy of the build that a test may change (a "new version"). */
export async function copyOfDist(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'detector-dist-'));
  await cp(DIST, dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface AppBrowser {
  context: BrowserContext;
  page: Page;
  /** Every request the session made: pages, dedicated workers and the service worker. */
  requests: Request[];
  close(): Promise<void>;
}

/**
 * A browser profile of its own (not incognito, so Chromium judges installability as for a user), with the fake
 * camera, offering installation without the engagement heuristics. Records every request.
 */
export async function openBrowser(
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<AppBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'detector-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [...chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA }), '--bypass-app-banner-engagement-checks'],
    serviceWorkers: 'allow',
    ...options,
  });
  const requests: Request[] = [];
  context.on('request', (request) => requests.push(request));
  const page = context.pages()[0] ?? (await context.newPage());
  // Content-Security-Policy violations anywhere in the page are failures of the policy or of the app.
  await context.addInitScript(() => {
    const violations: string[] = [];
    (globalThis as unknown as { cspViolations: string[] }).cspViolations = violations;
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return {
    context,
    page,
    requests,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the service worker controls the page and the current model is kept in the verified cache. */
export async function waitUntilOfflineReady(page: Page, modelFile = defaultModel().file): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          async ([file, cache]) => {
            if (!navigator.serviceWorker.controller) return 'not controlled';
            const keys = await (await caches.open(cache)).keys();
            return keys.some((k) => k.url.endsWith(`/models/${file}`)) ? 'ready' : 'model not kept yet';
          },
          [modelFile, MODEL_CACHE] as const,
        ),
      { timeout: 120_000 },
    )
    .toBe('ready');
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as { cspViolations?: string[] }).cspViolations ?? []);
}
