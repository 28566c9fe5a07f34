import '../components/detection-overlay';
import type { DetectionOverlay } from '../components/detection-overlay';
import { trackProcessor } from '../capture/frame-feed';
import { DetectorClient } from '../engine/detector-client';
import type { Detection, PostprocessOptions } from '../detection/types';
import type { BackendName, StageTimings } from '../engine/types';
import { BareInference } from './bare-inference';
import { BaselineDetector } from './baseline-detector';
import { runShaderBench } from './shader-bench';

/** One frame as the benchmark records it: stage times (draw included), whole-frame time and bytes read back. */
export interface FrameSample {
  stages: StageTimings & { draw: number };
  frameMs: number;
  readbackBytes: number;
  boxes: number;
}

export interface RunReport {
  samples: FrameSample[];
  wallMs: number;
  longTasks: number[];
  backend: BackendName;
  pipeline: string;
}

/** Bare `session.run` times, and their sum (the bare loop's wall time, without the blocks' messages). */
export interface BareReport {
  samples: number[];
  wallMs: number;
}

export interface BenchPage {
  /**
   * Our app's path (camera frames go to the worker as VideoFrames, results are drawn by the app's overlay) and the floor, bare `session.run` on the same input in a worker (src/bench/bare-inference.worker.ts),
   * in alternating blocks of frames, so that load from elsewhere on the machine falls on both alike.
   */
  runOursAndBare(
    modelUrl: string,
    imageUrl: string,
    backend: BackendName,
    frames: number,
    options: PostprocessOptions,
  ): Promise<{ ours: RunReport; bare: BareReport }>;
  /** Today's common approach, on the main thread. */
  runBaseline(
    modelUrl: string,
    imageUrl: string,
    backend: BackendName,
    frames: number,
    options: PostprocessOptions,
  ): Promise<RunReport>;
  /** The two shaders alone against their CPU versions (scripts/bench-shaders.ts). */
  runShaders: typeof runShaderBench;
}

const overlay: DetectionOverlay = document.createElement('detection-overlay');
document.getElementById('stage')!.append(overlay);

async function draw(detections: Detection[], width: number, height: number): Promise<number> {
  const start = performance.now();
  overlay.frameWidth = width;
  overlay.frameHeight = height;
  overlay.detections = detections;
  await overlay.updateComplete;
  return performance.now() - start;
}

/** Records main-thread long tasks (> 50 ms) while `work` runs. */
async function withLongTasks<T>(work: () => Promise<T>): Promise<{ value: T; longTasks: number[] }> {
  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
  observer.observe({ type: 'longtask' });
  try {
    const value = await work();
    await new Promise((r) => setTimeout(r, 100));
    longTasks.push(...observer.takeRecords().map((e) => e.duration));
    return { value, longTasks };
  } finally {
    observer.disconnect();
  }
}

interface Camera {
  /** A handle on the newest camera frame, for the caller to transfer (and the worker to close). */
  next(): VideoFrame;
  close(): void;
}

/**
 * The camera as the app reads it (MediaStreamTrackProcessor): with the fake camera that scripts/bench.ts starts
 * on the bench image, the same I420 frames in shared memory that a webcam gives. The camera keeps running at its
 * own rate, as in the app; `next` hands out a clone of its newest frame (the same pixels, no copy), so that a
 * model faster than the camera is not held to the camera's frame rate.
 */
async function openCamera(): Promise<Camera> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const [track] = stream.getVideoTracks();
  const Processor = trackProcessor();
  if (!Processor) throw new Error('This browser has no MediaStreamTrackProcessor');
  const reader = new Processor({ track, maxBufferSize: 1 }).readable.getReader();
  const first = await reader.read();
  if (!first.value) throw new Error('The camera gave no frame');
  let newest: VideoFrame = first.value;
  void (async () => {
    for (;;) {
      const { value } = await reader.read().catch(() => ({ value: undefined }));
      if (!value) return;
      newest.close();
      newest = value;
    }
  })();
  return {
    next: () => newest.clone(),
    close() {
      void reader.cancel().catch(() => undefined);
      track.stop();
      newest.close();
    },
  };
}

async function decode(imageUrl: string): Promise<ImageBitmap> {
  return createImageBitmap(await (await fetch(imageUrl)).blob());
}

/**
 * Warm-up: at least this many frames and this long. V8 first runs onnxruntime's WASM as baseline code and
 * optimises it on background threads for some seconds; on two cores the first frames take up to 6x longer.
 */
const WARMUP_FRAMES = 2;
const WARMUP_MS = 4000;
/** Frames per block when ours and bare alternate (each block after a warm frame, see runOursAndBare). */
const BLOCK_FRAMES = 10;

/** Runs `once` until both WARMUP_FRAMES runs and WARMUP_MS have passed. */
async function warmUp(once: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  for (let i = 0; i < WARMUP_FRAMES || performance.now() - started < WARMUP_MS; i++) await once();
}

/** Resolves in a new task (a MessageChannel message: no 4 ms clamp as with nested setTimeout). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

interface OneFrame {
  detections: Detection[];
  width: number;
  height: number;
  timings: StageTimings;
  readbackBytes: number;
}

/**
 * Warm-up frames, then `frames` measured ones, each from hand-over to boxes drawn, with long tasks recorded.
 * `inFlight` frames are handed over at a time: 2 for our app, which gets the next camera frame while one is in
 * inference (it waits in the worker's queue), 1 for the baseline, which handles one frame at a time.
 */
async function measure(
  frames: number,
  detect: () => Promise<OneFrame>,
  warmup = true,
  inFlight = 1,
): Promise<Pick<RunReport, 'samples' | 'wallMs' | 'longTasks'>> {
  const once = async (): Promise<FrameSample> => {
    const start = performance.now();
    const result = await detect();
    const drawMs = await draw(result.detections, result.width, result.height);
    return {
      stages: { ...result.timings, draw: drawMs },
      frameMs: performance.now() - start,
      readbackBytes: result.readbackBytes,
      boxes: result.detections.length,
    };
  };
  if (warmup) await warmUp(once);
  const samples: FrameSample[] = [];
  // The wall time of the frames alone (not the wait for late long-task entries afterwards).
  const { value: wallMs, longTasks } = await withLongTasks(async () => {
    const started = performance.now();
    const pending: Promise<FrameSample>[] = [];
    for (let i = 0; i < frames; i++) {
      pending.push(once());
      if (pending.length >= inFlight) samples.push(await pending.shift()!);
      // A camera loop hands control back to the browser between frames; without this, work that finishes in
      // microtasks would run every frame inside one task.
      await nextTask();
    }
    for (const frame of pending) samples.push(await frame);
    return performance.now() - started;
  });
  return { samples, wallMs, longTasks };
}

const bench: BenchPage = {
  async runOursAndBare(modelUrl, imageUrl, backend, frames, options) {
    const bare = await BareInference.open(modelUrl, backend, await decode(imageUrl));
    const client = new DetectorClient();
    let camera: Camera | null = null;
    try {
      const summary = await client.loadModel({ id: modelUrl, name: modelUrl, url: modelUrl, backend });
      await client.setOptions(options);
      // Camera frames (the fake camera plays the same image): I420 VideoFrames, transferred to the worker.
      const opened = (camera = await openCamera());
      const detect = () => client.detect(opened.next());
      await warmUp(() => bare.run(1));
      const ours: RunReport = {
        samples: [],
        wallMs: 0,
        longTasks: [],
        backend: summary.backend.name,
        pipeline: summary.backend.pipeline,
      };
      const bareSamples: number[] = [];
      for (let done = 0; done < frames; done += BLOCK_FRAMES) {
        const n = Math.min(BLOCK_FRAMES, frames - done);
        // Each block starts with one unmeasured frame on each side: the switch itself (the other side's thread
        // pool asleep, its weights out of the caches) is a cost of alternating, which a camera loop never pays.
        if (done > 0) await detect();
        const block = await measure(n, detect, done === 0, 2);
        ours.samples.push(...block.samples);
        ours.wallMs += block.wallMs;
        ours.longTasks.push(...block.longTasks);
        if (done > 0) await bare.run(1);
        bareSamples.push(...(await bare.run(n)));
      }
      return { ours, bare: { samples: bareSamples, wallMs: bareSamples.reduce((a, b) => a + b, 0) } };
    } finally {
      camera?.close();
      client.dispose();
      bare.close();
    }
  },

  async runBaseline(modelUrl, imageUrl, backend, frames, options) {
    const detector = await BaselineDetector.create(modelUrl, backend);
    const source = await decode(imageUrl);
    const run = await measure(frames, () => detector.detect(source, options));
    return { ...run, backend, pipeline: 'main-thread js' };
  },

  runShaders: runShaderBench,
};

(globalThis as unknown as { bench: BenchPage }).bench = bench;
document.body.dataset.ready = 'true';
