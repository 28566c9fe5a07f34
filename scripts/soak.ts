/**
 * Soak test: the kiosk page (`/?kiosk`) in headless Chromium with a fake camera playing a person who walks across a
 * line and stands in a zone (the monitor raises events), for N minutes, one row per sample:
 *   npm run soak -- --minutes N [--model ID] [--backend wasm|webgpu] [--sample-seconds 60] [--warmup-seconds 60]
 * Rows: frames processed, monitor events, JS heap of the page and of the detector worker (after a forced GC),
 * VideoFrames handed to the worker and not closed for over 5 s, GPU buffers alive (WebGPU only), bytes stored by the
 * origin, detector restarts. The last line is the verdict (scripts/lib/soak-verdict.ts); the exit status is 1 when
 * the heap grows, VideoFrames leak or the detector had to be restarted.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type CDPSession, type Worker } from 'playwright-core';
import { createServer } from 'vite';
import { parseArgs } from './lib/args';
import { soakVerdict, type SoakSample } from './lib/soak-verdict';
import { chromiumArgs, CHROMIUM_PATH } from '../tests/support/chromium';
import { CACHE_DIR } from '../tests/support/coco';
import { makeCameraFile, makeWalkerVideo } from '../tests/browser/walker-video';
import { defaultModel } from './lib/models';

const options = parseArgs(process.argv.slice(2));
const minutes = Number(options.get('minutes') ?? 5);
const modelId = options.get('model') ?? defaultModel().id;
const backend = options.get('backend') ?? 'wasm';
const sampleMs = Number(options.get('sample-seconds') ?? 60) * 1000;
const warmupMs = Number(options.get('warmup-seconds') ?? 60) * 1000;
if (!(minutes > 0) || !(sampleMs > 0) || !(warmupMs >= 0)) {
  console.error(
    'usage: npm run soak -- --minutes N [--model ID] [--backend wasm|webgpu] [--sample-seconds S] [--warmup-seconds S]',
  );
  process.exit(2);
}

const ROOT = resolve(import.meta.dirname, '..');
/** The walker video as the fake camera's .y4m (Chromium loops it). */
const walkerCamera = () => makeCameraFile(makeWalkerVideo());

/** Counts VideoFrames the worker's stream reader delivers and the ones closed; GPU buffers created and destroyed. */
const WORKER_PROBE = `(() => {
  if (self.__soak) return;
  const soak = (self.__soak = { delivered: new Map(), buffers: 0 });
  const read = ReadableStreamDefaultReader.prototype.read;
  ReadableStreamDefaultReader.prototype.read = function () {
    return read.call(this).then((r) => { if (r.value instanceof VideoFrame) soak.delivered.set(r.value, Date.now()); return r; });
  };
  const close = VideoFrame.prototype.close;
  VideoFrame.prototype.close = function () { soak.delivered.delete(this); return close.call(this); };
  if (self.GPUDevice) {
    const create = GPUDevice.prototype.createBuffer;
    GPUDevice.prototype.createBuffer = function (d) { soak.buffers++; const b = create.call(this, d); const destroy = b.destroy.bind(b); let done = false; b.destroy = () => { if (!done) { done = true; soak.buffers--; } return destroy(); }; return b; };
  }
})()`;

/** CDP on the worker through the browser session (Playwright gives pages CDP sessions, not workers). */
class WorkerHeap {
  private nextId = 1;
  private readonly pending = new Map<number, (value: { usedSize: number }) => void>();
  private attached: { targetId: string; sessionId: string } | null = null;
  constructor(private readonly browser: CDPSession) {
    browser.on('Target.receivedMessageFromTarget', (event: { message: string }) => {
      const message = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result ?? { usedSize: NaN });
    });
  }
  async usedMb(): Promise<number | null> {
    const { targetInfos } = (await this.browser.send('Target.getTargets')) as {
      targetInfos: Array<{ type: string; url: string; targetId: string }>;
    };
    const target = targetInfos.find((t) => t.type === 'worker' && t.url.includes('detector.worker'));
    if (!target) return null;
    if (this.attached?.targetId !== target.targetId) {
      const { sessionId } = await this.browser.send('Target.attachToTarget', {
        targetId: target.targetId,
        flatten: false,
      });
      this.attached = { targetId: target.targetId, sessionId };
    }
    await this.call('HeapProfiler.collectGarbage');
    const { usedSize } = await this.call('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  }
  private call(method: string): Promise<{ usedSize: number }> {
    const id = this.nextId++;
    const reply = new Promise<{ usedSize: number }>((done) => this.pending.set(id, done));
    void this.browser.send('Target.sendMessageToTarget', {
      sessionId: this.attached!.sessionId,
      message: JSON.stringify({ id, method }),
    });
    return Promise.race([
      reply,
      new Promise<{ usedSize: number }>((done) => setTimeout(() => done({ usedSize: NaN }), 10_000)),
    ]).finally(() => this.pending.delete(id));
  }
}

const camera = walkerCamera();
const fixtures = resolve(CACHE_DIR, 'soak');
mkdirSync(fixtures, { recursive: true });
copyFileSync(resolve(ROOT, 'tests/fixtures/walker-monitor.json'), resolve(fixtures, 'walker-monitor.json'));

// No HMR: an edit elsewhere in the tree must not reload the page in the middle of a run.
const server = await createServer({
  root: ROOT,
  logLevel: 'error',
  server: { port: 0, host: '127.0.0.1', hmr: false },
});
await server.listen();
const address = server.httpServer?.address();
if (!address || typeof address === 'string') throw new Error('The Vite server has no port');
const baseUrl = `http://127.0.0.1:${address.port}`;
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: [...chromiumArgs({ webgpu: backend === 'webgpu', fakeCamera: camera }), '--js-flags=--expose-gc'],
});
try {
  const context = await browser.newContext({ permissions: ['camera'] });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') console.error(`[browser] ${message.text()}`);
  });
  await page.route('**/__soak/**', (route) =>
    route.fulfill({ path: resolve(fixtures, new URL(route.request().url()).pathname.split('/').pop()!) }),
  );
  // tsx (esbuild keepNames) wraps named functions in __name(); functions given to the page need it there too.
  await page.addInitScript('globalThis.__name = (fn) => fn');
  // Counts survive a page reload (the watchdog's last resort): they live in sessionStorage.
  await page.addInitScript(() => {
    const count = (key: string) => sessionStorage.setItem(key, String(Number(sessionStorage.getItem(key) ?? 0) + 1));
    document.addEventListener('detections', () => count('soak-frames'));
    document.addEventListener('monitor-event', () => count('soak-events'));
  });
  // The settings the kiosk starts with: this model and backend.
  await page.addInitScript(
    ([model, b]) => {
      const app = () => document.querySelector('detector-app');
      new MutationObserver((_, observer) => {
        const element = app();
        if (!element) return;
        element.setAttribute('model', model);
        element.setAttribute('backend', b);
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    },
    [modelId, backend],
  );
  await page.goto(`${baseUrl}/?kiosk&config=${encodeURIComponent('/__soak/walker-monitor.json')}`);
  // Before ?config= existed, the attribute did the same.
  await page.evaluate(() =>
    document.querySelector('detector-app')?.setAttribute('monitor-config', '/__soak/walker-monitor.json'),
  );
  await page
    .waitForFunction(() => Number(sessionStorage.getItem('soak-frames') ?? 0) > 0, null, { timeout: 180_000 })
    .catch(async (error: unknown) => {
      const said = await page.evaluate(
        () =>
          document.querySelector('detector-app')?.shadowRoot?.querySelector('app-messages')?.shadowRoot?.textContent ??
          '',
      );
      throw new Error(`No frame was processed in 3 minutes; the page says: ${said.replace(/\s+/g, ' ').trim()}`, {
        cause: error,
      });
    });
  await new Promise((r) => setTimeout(r, warmupMs));

  const pageCdp = await context.newCDPSession(page);
  const workerHeap = new WorkerHeap(await browser.newBrowserCDPSession());
  const detectorWorker = (): Worker | undefined => page.workers().find((w) => w.url().includes('detector.worker'));
  const base = await page.evaluate(() => ({
    frames: Number(sessionStorage.getItem('soak-frames')),
    events: Number(sessionStorage.getItem('soak-events') ?? 0),
  }));

  const samples: SoakSample[] = [];
  console.log(
    `soak: ${modelId} on ${backend}, ${minutes} min, a row every ${sampleMs / 1000} s after ${warmupMs / 1000} s of warm-up`,
  );
  console.log(
    'minute  frames  events  page_heap_mb  worker_heap_mb  videoframes_open  gpu_buffers  stored_bytes  restarts',
  );
  const started = Date.now();
  const end = started + minutes * 60_000;
  while (Date.now() < end) {
    const worker = detectorWorker();
    await worker?.evaluate(WORKER_PROBE).catch(() => undefined);
    await new Promise((r) => setTimeout(r, Math.min(sampleMs, end - Date.now())));
    await pageCdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await pageCdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    const workerMb = await workerHeap.usedMb().catch(() => null);
    const probe = (await detectorWorker()
      ?.evaluate(() => {
        const soak = (self as unknown as { __soak?: { delivered: Map<unknown, number>; buffers: number } }).__soak;
        if (!soak) return null;
        const old = [...soak.delivered.values()].filter((at) => Date.now() - at > 5000).length;
        return { open: old, buffers: soak.buffers, gpu: 'GPUDevice' in self };
      })
      .catch(() => null)) ?? { open: 0, buffers: 0, gpu: false };
    const state = await page.evaluate(async () => {
      const app = document.querySelector('detector-app') as unknown as { health?: { restarts?: number } } | null;
      return {
        frames: Number(sessionStorage.getItem('soak-frames') ?? 0),
        events: Number(sessionStorage.getItem('soak-events') ?? 0),
        stored: (await navigator.storage.estimate()).usage ?? 0,
        restarts: app?.health?.restarts ?? 0,
      };
    });
    const sample: SoakSample = {
      frames: state.frames - base.frames,
      events: state.events - base.events,
      pageHeapMb: usedSize / 2 ** 20,
      workerHeapMb: workerMb !== null && Number.isFinite(workerMb) ? workerMb : null,
      openFrames: probe.open,
      restarts: state.restarts,
    };
    samples.push(sample);
    const minute = ((Date.now() - started) / 60_000).toFixed(1);
    const gpuBuffers = backend === 'webgpu' && probe.gpu ? String(probe.buffers) : 'n/a';
    console.log(
      [
        minute.padStart(6),
        String(sample.frames).padStart(7),
        String(sample.events).padStart(7),
        sample.pageHeapMb.toFixed(1).padStart(13),
        (sample.workerHeapMb?.toFixed(1) ?? 'n/a').padStart(15),
        String(sample.openFrames).padStart(17),
        gpuBuffers.padStart(12),
        String(state.stored).padStart(13),
        String(sample.restarts).padStart(9),
      ].join(' '),
    );
  }
  const verdict = soakVerdict(samples);
  console.log(verdict.line);
  const last = samples[samples.length - 1];
  process.exitCode = verdict.flat && last.openFrames === 0 && last.restarts === 0 && last.frames > 0 ? 0 : 1;
} finally {
  await browser.close();
  await server.close();
}
