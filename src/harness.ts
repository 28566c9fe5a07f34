import { openVideoFile } from './capture/video-file-frames';
import { DetectorClient } from './engine/detector-client';
import type { PostprocessOptions } from './detection/types';
import type { BackendPreference, FrameResult, ModelRequest, ModelSummary } from './engine/types';
import type { MonitorEvent } from './monitor/types';

/** What an analysis of a whole video file found. */
export interface VideoAnalysis {
  frames: number;
  width: number;
  height: number;
  /** Distinct track ids reported on any frame. */
  tracks: number;
  /** The track ids of each frame's detections, in frame order. */
  frameTracks: number[][];
  /** Where pre-processing and NMS ran. */
  pipeline: FrameResult['pipeline'] | null;
  events: MonitorEvent[];
  seconds: number;
}

/** What scripts/eval.ts, scripts/bench.ts and the browser tests call through page.evaluate. */
export interface Harness {
  load(url: string, backend: BackendPreference, pipeline?: 'auto' | 'cpu'): Promise<ModelSummary>;
  /** Any model request (with labels, say), as the app sends it. */
  loadModel(request: ModelRequest): Promise<ModelSummary>;
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
  analyzeUrl(url: string, maxFrames?: number): Promise<VideoAnalysis>;
}

const client = new DetectorClient();
let onCrash: ((message: string) => void) | null = null;
client.onCrash = (message) => onCrash?.(message);

const harness: Harness = {
  load: (url, backend, pipeline = 'auto') => client.loadModel({ id: url, name: url, url, backend, pipeline }),
  loadModel: (request) => client.loadModel(request),
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
  async analyzeUrl(url, maxFrames = Infinity) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const { info, frames } = await openVideoFile(await response.blob());
    await client.setRecording(false);
    await client.resetMonitor();
    const progress = (globalThis as { analysisProgress?: (frames: number) => void }).analysisProgress;
    const started = performance.now();
    const tracks = new Set<number>();
    const events: MonitorEvent[] = [];
    const frameTracks: number[][] = [];
    let pipeline: FrameResult['pipeline'] | null = null;
    for await (const frame of frames()) {
      if (frameTracks.length >= maxFrames) {
        frame.close();
        break;
      }
      const result = await client.detect(frame, { track: true });
      const ids = result.detections.flatMap((d) => (d.trackId === undefined ? [] : [d.trackId]));
      ids.forEach((id) => tracks.add(id));
      frameTracks.push(ids);
      events.push(...result.events);
      pipeline = result.pipeline;
      if (frameTracks.length % 25 === 0) progress?.(frameTracks.length);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      frames: frameTracks.length,
      width: info.width,
      height: info.height,
      tracks: tracks.size,
      frameTracks,
      pipeline,
      events,
      seconds,
    };
  },
};

(globalThis as unknown as { harness: Harness }).harness = harness;
document.body.dataset.ready = 'true';
