import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parseModelCatalogJson } from '../../src/app/model-catalog-schema';
import { CAMERA_IMAGE, COCO_DIR } from '../support/coco';
import { messages, nextDetections } from '../browser/helpers';
import {
  cspViolations,
  DIST,
  MODEL_CACHE,
  openBrowser,
  startPlainServer,
  startPreview,
  waitUntilOfflineReady,
} from './app';
import { FULL_ONLY } from '../support/test-scope';

const catalog = parseModelCatalogJson(
  readFileSync(resolve(DIST, 'models/models.json'), 'utf8'),
  'dist/models/models.json',
);
const sha256Of = (id: string) => catalog.models.find((m) => m.id === id)!.sha256;
/** The model a first visit loads. */
const DEFAULT_ID = catalog.default;
const DEFAULT_FILE = catalog.models.find((m) => m.id === DEFAULT_ID)!.file;

/** The fake camera shows a person and an elephant. */
async function expectPersonAndElephant(page: Page): Promise<void> {
  await expect
    .poll(async () => new Set((await nextDetections(page, 2)).detections.map((d) => d.label)).has('elephant'))
    .toBe(true);
}

test('after one visit the app starts and detects with no network at all, still cross-origin isolated', async () => {
  const server = await startPreview();
  const app = await openBrowser();
  let serverUp = true;
  try {
    const { page, context, requests } = app;
    await page.goto(`${server.origin}/`);
    await expectPersonAndElephant(page);
    await waitUntilOfflineReady(page);

    // The kept model is byte for byte the published one.
    const kept = await page.evaluate(
      async ([cacheName, file]) => {
        const response = await (await caches.open(cacheName)).match(`/models/${file}`);
        const digest = await crypto.subtle.digest('SHA-256', await response!.arrayBuffer());
        return {
          header: response!.headers.get('X-Model-Sha256'),
          actual: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''),
        };
      },
      [MODEL_CACHE, DEFAULT_FILE] as const,
    );
    expect(kept).toEqual({ header: sha256Of(DEFAULT_ID), actual: sha256Of(DEFAULT_ID) });

    // No network: the browser is offline and the server is gone.
    await context.setOffline(true);
    await server.close();
    serverUp = false;
    const firstOffline = requests.length;
    await page.reload();
    await expectPersonAndElephant(page);

    // Still isolated, so onnxruntime's WASM backend still has its threads.
    const state = await page.evaluate(() => ({
      isolated: crossOriginIsolated,
      sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
      backend: document.querySelector('detector-app')!.backendInfo,
      controlled: navigator.serviceWorker.controller !== null,
    }));
    expect(state).toMatchObject({
      isolated: true,
      sharedArrayBuffer: true,
      controlled: true,
      backend: { name: 'wasm' },
    });
    expect(state.backend!.threads).toBeGreaterThan(1);

    // Everything the page and its worker asked for came from the service worker.
    const offline = requests.slice(firstOffline).filter((r) => !r.serviceWorker());
    expect(offline.map((r) => new URL(r.url()).pathname)).toEqual(
      expect.arrayContaining([
        '/',
        '/models/models.json',
        `/models/${DEFAULT_FILE}`,
        '/ort/ort-wasm-simd-threaded.jsep.wasm',
      ]),
    );
    for (const request of offline) {
      const response = await request.response();
      expect(response?.fromServiceWorker(), `${request.url()} answered by the service worker`).toBe(true);
      expect(response?.status(), request.url()).toBe(200);
    }

    // The About panel tells the user the same.
    await page.getByRole('button', { name: 'About' }).click();
    await expect(page.locator('[data-key="isolated"]')).toHaveText('yes');
    await expect(page.locator('[data-key="offline"]')).toContainText('yes');
    await expect(page.locator('[data-key="threads"]')).toHaveText(/^[2-4] of \d+ cores$/);
    await expect(page.locator('[data-key="webgpu"]')).toHaveText(/present/);
    await expect(page.locator('[data-key="adapter"]')).toContainText('none');
    await expect(page.getByTestId('backend-reason')).toContainText('WASM');
    await page.getByRole('button', { name: 'Close' }).click();

    // A model never used before is not on the device: a clear message, and the current one keeps running.
    await page.getByRole('combobox', { name: 'Model' }).selectOption('yolox-nano-320');
    await expect(messages(page).filter({ hasText: 'yolox-nano-320' })).toContainText('keeps running');
    await expectPersonAndElephant(page);
    expect(await cspViolations(page)).toEqual([]);
  } finally {
    await app.close();
    if (serverUp) await server.close();
  }
});

test('no request leaves the origin during a whole session', FULL_ONLY, async () => {
  const server = await startPreview();
  const app = await openBrowser();
  try {
    const { page, requests } = app;
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${server.origin}/`);
    await expectPersonAndElephant(page);
    await waitUntilOfflineReady(page);
    // Everything a user might touch: the About panel, another model, a still image, the settings, a reload.
    await page.getByRole('button', { name: 'About' }).click();
    await expect(page.locator('[data-key="isolated"]')).toHaveText('yes');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('combobox', { name: 'Model' }).selectOption('yolox-nano-320');
    await expect(messages(page).filter({ hasText: 'YOLOX-nano 320 runs on' })).toBeVisible();
    const picked = nextDetections(page);
    await page.getByTestId('image-file').setInputFiles(resolve(COCO_DIR, 'images', CAMERA_IMAGE));
    expect((await picked).detections.map((d) => d.label)).toContain('elephant');
    await page.getByRole('slider', { name: 'Score' }).fill('0.5');
    await page.reload();
    await expectPersonAndElephant(page);
    await waitUntilOfflineReady(page, 'yolox-nano-320.onnx');

    const urls = requests.map((r) => r.url());
    const elsewhere = urls.filter(
      (u) => !u.startsWith(`${server.origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'),
    );
    expect(elsewhere).toEqual([]);
    // The record covers the service worker's own requests (precaching) and the detector worker's.
    expect(requests.some((r) => r.serviceWorker() !== null)).toBe(true);
    expect(requests.some((r) => r.url().endsWith(`/models/${DEFAULT_FILE}`))).toBe(true);
    expect(workers.length).toBeGreaterThan(0);
    expect(await cspViolations(page)).toEqual([]);
    // The policy is what the built app ships, and the server sends it too.
    const policy = await page
      .locator('meta[http-equiv="Content-Security-Policy"]:not([data-policy])')
      .getAttribute('content');
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    // No broker or webhook configured: the start-up policy lets the page connect to its own origin only.
    expect(await page.locator('meta[data-policy="connect"]').getAttribute('content')).toBe("connect-src 'self'");
    test.info().annotations.push({ type: 'requests', description: `${urls.length} requests, all to ${server.origin}` });
  } finally {
    await app.close();
    await server.close();
  }
});

test('a model file that does not match its sha256 is neither kept nor served from the cache', FULL_ONLY, async () => {
  const server = await startPreview();
  const app = await openBrowser();
  try {
    const { page, context } = app;
    // Someone (a broken mirror, a proxy) changes one byte of the weights.
    await context.route(`**/models/${DEFAULT_FILE}`, async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      body[Math.floor(body.length / 2)] ^= 0xff;
      expect(createHash('sha256').update(body).digest('hex')).not.toBe(sha256Of(DEFAULT_ID));
      await route.fulfill({ response, body });
    });
    await page.goto(`${server.origin}/`);
    await expect(messages(page).filter({ hasText: 'kept for offline use' })).toContainText(/checksum/);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // Once the service worker answers, it refuses the file outright.
    await page.reload();
    await expect(messages(page).filter({ hasText: DEFAULT_FILE }).first()).toContainText('HTTP 502');
    expect(await page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, MODEL_CACHE)).toBe(0);
  } finally {
    await app.close();
    await server.close();
  }
});

test(
  'on a host that sends no COOP/COEP headers, the service worker makes the app cross-origin isolated',
  FULL_ONLY,
  async () => {
    const server = await startPlainServer();
    const app = await openBrowser();
    try {
      const { page } = app;
      await page.goto(`${server.origin}/`);
      await expectPersonAndElephant(page);
      // The host alone: not isolated, so onnxruntime runs on one thread.
      expect(
        await page.evaluate(() => ({
          isolated: crossOriginIsolated,
          threads: document.querySelector('detector-app')!.backendInfo?.threads,
        })),
      ).toEqual({ isolated: false, threads: 1 });
      await waitUntilOfflineReady(page);
      // From the next start on, the service worker answers with the isolation headers.
      await page.reload();
      await expectPersonAndElephant(page);
      const state = await page.evaluate(() => ({
        isolated: crossOriginIsolated,
        threads: document.querySelector('detector-app')!.backendInfo?.threads ?? 0,
      }));
      expect(state.isolated).toBe(true);
      expect(state.threads).toBeGreaterThan(1);
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await app.close();
      await server.close();
    }
  },
);
