import { openVideoFile } from './capture/video-file-frames';
import { DetectorClient } from './engine/detector-client';
import type { PostprocessOptions } from './detection/types';
import type { BackendPreference, FrameResult, ModelSummary } from './engine/types';
import type { MonitorEvent } from './monitor/types';

/** What an analysis of a whole video file found. */
export interface VideoAnalysis {
  frames: number;
  width: number;
  height: number;
  /** Distinct track ids reported on any frame. */
  tracks: number;
  events: MonitorEvent[];
  seconds: number;
}

/** What scripts/eval.ts, scripts/bench.ts and the browser tests call through page.evaluate. */
export interface Harness {
  load(url: string, backend: BackendPreference, pipeline?: 'auto' | 'cpu'): Promise<ModelSummary>;
  setOptions(options: Partial<PostprocessOptions>): Promise<void>;
  /** Detects on an image fetched from `url`, through the worker exactly as the app does. */
  detectUrl(url: string): Promise<FrameResult>;
  /** Destroys the worker's GPU device and resolves with the message the engine reports. */
  loseGpuDevice(): Promise<string>;
  /** Restarts the worker and reloads the model, as the app does after a crash. */
  restart(): Promise<ModelSummary | null>;
  /** Applies a monitor configuration; resolves with its errors (empty when applied). */
  setMonitorConfig(config: unknown): Promise<string[]>;
  /**
   * Runs every frame of the video at `url` through the engine, tracker and monitor, timed by the video's own
   * timestamps; events are not saved to the event log. Calls globalThis.analysisProgress(frames) if defined.
   */
  analyzeUrl(url: string): Promise<VideoAnalysis>;
}

const client = new DetectorClient();
let onCrash: ((message: string) => void) | null = null;
client.onCrash = (message) => onCrash?.(message);

const harness: Harness = {
  load: (url, backend, pipeline = 'auto') => client.loadModel({ id: url, name: url, url, backend, pipeline }),
  setOptions: (options) => client.setOptions(options),
  async detectUrl(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    // The file's own pixels, as the app reads an image file and as reference pipelines (OpenCV) decode it.
    return client.detect(await createImageBitmap(await response.blob(), { colorSpaceConversion: 'none' }));
  },
  async loseGpuDevice() {
    const reported = new Promise<string>((resolve) => (onCrash = resolve));
    await client.setListener(() => undefined);
    if (!(await client.destroyGpuDevice())) throw new Error('No GPU device to destroy: is the model on WebGPU?');
    return reported;
  },
  restart: () => client.restart(),
  setMonitorConfig: (config) => client.setMonitorConfig(config),
  async analyzeUrl(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const { info, frames } = await openVideoFile(await response.blob());
    await client.setRecording(false);
    await client.resetMonitor();
    const progress = (globalThis as { analysisProgress?: (frames: number) => void }).analysisProgress;
    const started = performance.now();
    const tracks = new Set<number>();
    const events: MonitorEvent[] = [];
    let count = 0;
    for await (const frame of frames()) {
      const result = await client.detect(frame, { track: true });
      result.detections.forEach((d) => d.trackId !== undefined && tracks.add(d.trackId));
      events.push(...result.events);
      if (++count % 25 === 0) progress?.(count);
    }
    return { frames: count, width: info.width, height: info.height, tracks: tracks.size, events, seconds: (performance.now() - started) / 1000 };
  },
};

(globalThis as unknown as { harness: Harness }).harness = harness;
document.body.dataset.ready = 'true';
