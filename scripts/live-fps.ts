/**
 * The live app's frame rate: index.html in headless Chromium with a 30 fps fake camera showing a COCO image,
 * counting the `detections` events of <detector-app> over a time window.
 *   npm run bench:live -- [--model ID] [--backend wasm|webgpu] [--seconds 20]
 * Prints detections per second, the camera's own frame rate on the page's <video>, median stage times and
 * main-thread long tasks.
 */
import { resolve } from 'node:path';
import type { DetectionsEventDetail } from '../src/components/detector-app';
import { parseArgs } from './lib/args';
import { openApp } from './lib/browser';
import { round, summarise } from './lib/stats';
import { CACHE_DIR, stillVideo } from '../tests/support/coco';
import { defaultModel } from './lib/models';

const options = parseArgs(process.argv.slice(2));
const modelId = options.get('model') ?? defaultModel().id;
const backend = options.get('backend') ?? 'wasm';
const seconds = Number(options.get('seconds') ?? 20);

const camera = stillVideo(resolve(CACHE_DIR, 'live-camera-30fps.y4m'), [
  '-frames:v',
  '30',
  '-r',
  '30',
  '-pix_fmt',
  'yuv420p',
]);

/** What the page records over the measured window. */
interface Recording {
  events: Array<{ at: number; detail: DetectionsEventDetail }>;
  videoFrames: number;
  longTasks: number[];
}

const app = await openApp({
  webgpu: backend === 'webgpu',
  path: '',
  fakeCamera: camera,
  readySelector: 'detector-app',
});
try {
  await app.page.evaluate(
    ([model, b]) => {
      const element = document.querySelector('detector-app')!;
      element.setAttribute('backend', b);
      element.setAttribute('model', model);
    },
    [modelId, backend],
  );
  const result = await app.page.evaluate(
    async ([b, ms]) => {
      const element = document.querySelector('detector-app')!;
      // Warm up: the model (loaded on the attribute change) has run a few frames on this backend.
      await new Promise<void>((done) => {
        let seen = 0;
        const onEvent = (event: Event) => {
          if ((event as CustomEvent<DetectionsEventDetail>).detail.backend !== b || ++seen < 5) return;
          element.removeEventListener('detections', onEvent);
          done();
        };
        element.addEventListener('detections', onEvent);
      });
      const recording: Recording = { events: [], videoFrames: 0, longTasks: [] };
      const onEvent = (event: Event) =>
        recording.events.push({ at: performance.now(), detail: (event as CustomEvent<DetectionsEventDetail>).detail });
      element.addEventListener('detections', onEvent);
      const video = element.shadowRoot!.querySelector('source-view')!.shadowRoot!.querySelector('video')!;
      let counting = true;
      const onVideoFrame = () => {
        recording.videoFrames++;
        if (counting) video.requestVideoFrameCallback(onVideoFrame);
      };
      video.requestVideoFrameCallback(onVideoFrame);
      const observer = new PerformanceObserver((list) =>
        list.getEntries().forEach((e) => recording.longTasks.push(e.duration)),
      );
      observer.observe({ type: 'longtask' });
      await new Promise((r) => setTimeout(r, ms));
      counting = false;
      observer.disconnect();
      element.removeEventListener('detections', onEvent);
      return recording;
    },
    [backend, seconds * 1000] as const,
  );
  const { events } = result;
  const span = (events.at(-1)!.at - events[0].at) / 1000;
  const stages = ['capture', 'preprocess', 'inference', 'postprocess', 'readback', 'total'] as const;
  console.log(
    `${modelId} on ${events[0].detail.backend} (${events[0].detail.pipeline} pipeline), ${seconds} s, 30 fps fake camera`,
  );
  console.log(`detections per second: ${round((events.length - 1) / span, 2)} (${events.length} frames)`);
  console.log(`camera frames shown per second: ${round(result.videoFrames / seconds, 1)}`);
  for (const stage of stages) {
    const s = summarise(events.map((e) => e.detail.timings[stage] ?? 0));
    console.log(
      `${stage.padEnd(12)} median ${s.median_ms.toFixed(1).padStart(7)} ms   p90 ${s.p90_ms.toFixed(1).padStart(7)} ms`,
    );
  }
  console.log(
    `boxes per frame: ${round(events.reduce((n, e) => n + e.detail.detections.length, 0) / events.length, 1)}`,
  );
  console.log(
    `main-thread long tasks: ${result.longTasks.length} (max ${round(Math.max(0, ...result.longTasks), 1)} ms)`,
  );
} finally {
  await app.close();
}
