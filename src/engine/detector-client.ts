import * as Comlink from 'comlink';
import type { PostprocessOptions } from '../detection/types';
import type { DetectorEngine } from './engine';
import type { Frame } from '../capture/frame';
import type { DetectOptions, FrameResult, ModelRequest, ModelSummary, StreamEvent } from './types';

/**
 * The page's one handle on the detector worker. Typed, and restartable: if the worker dies, `restart`
 * makes a new one and reloads the last model, and the owner re-attaches its frame source.
 */
export class DetectorClient {
  private worker!: Worker;
  private engine!: Comlink.Remote<DetectorEngine>;
  private lastModel: ModelRequest | null = null;
  private options: Partial<PostprocessOptions> = {};
  private monitorConfig: unknown = null;
  private listener: ((event: StreamEvent) => void) | null = null;
  private restarting: Promise<ModelSummary | null> | null = null;

  /** Called when the worker failed outside any call (a crash): the owner should restart. */
  onCrash: ((message: string) => void) | null = null;

  /** Counts workers; a frame source attached to an older one must be attached again. */
  generation = 0;

  constructor() {
    this.spawn();
  }

  private spawn(): void {
    this.generation++;
    this.worker = new Worker(new URL('../../workers/detector.worker.ts', import.meta.url), { type: 'module', name: 'detector' });
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.onCrash?.(event.message || 'the detector worker stopped unexpectedly');
    });
    this.engine = Comlink.wrap<DetectorEngine>(this.worker);
    if (this.listener) void this.registerListener(this.listener);
    if (Object.keys(this.options).length) void this.engine.setOptions(this.options);
    if (this.monitorConfig) void this.engine.setMonitorConfig(this.monitorConfig);
  }

  private respawn(): void {
    this.worker.terminate();
    this.spawn();
  }

  /** Replaces a dead worker (or one whose GPU device was lost) with a fresh one and reloads the last model. */
  restart(): Promise<ModelSummary | null> {
    this.restarting ??= (async () => {
      this.respawn();
      return this.lastModel ? this.engine.loadModel(this.lastModel) : null;
    })().finally(() => (this.restarting = null));
    return this.restarting;
  }

  async loadModel(request: ModelRequest): Promise<ModelSummary> {
    const previous = this.lastModel;
    // onnxruntime's WebGPU EP fails on a runtime that already ran WASM sessions: switch backends in a fresh worker.
    const respawn = previous !== null && previous.backend !== request.backend;
    if (respawn) this.respawn();
    try {
      const summary = await this.engine.loadModel(request);
      this.lastModel = request;
      return summary;
    } catch (error) {
      // The fresh worker has no model yet: bring the previous one back before reporting the failure.
      if (respawn) await this.engine.loadModel(previous).catch(() => undefined);
      throw error;
    }
  }

  setOptions(options: Partial<PostprocessOptions>): Promise<void> {
    this.options = { ...this.options, ...options };
    return this.engine.setOptions(options);
  }

  /** Applies a monitor configuration (kept for a restarted worker); resolves with its errors, empty when applied. */
  async setMonitorConfig(config: unknown): Promise<string[]> {
    const errors = await this.engine.setMonitorConfig(config);
    if (errors.length === 0) this.monitorConfig = config;
    return errors;
  }

  setRecording(enabled: boolean): Promise<void> {
    return this.engine.setRecording(enabled);
  }

  resetMonitor(): Promise<void> {
    return this.engine.resetMonitor();
  }

  flushEvents(): Promise<void> {
    return this.engine.flushEvents();
  }

  setListener(listener: (event: StreamEvent) => void): Promise<void> {
    this.listener = listener;
    return this.registerListener(listener);
  }

  /** A lost GPU device is a crash of the worker's onnxruntime: the owner restarts it like one. */
  private registerListener(listener: (event: StreamEvent) => void): Promise<void> {
    return this.engine.setListener(
      Comlink.proxy((event: StreamEvent) => {
        if ('error' in event && event.code === 'gpu-lost') this.onCrash?.(event.error);
        else listener(event);
      }),
    );
  }

  /** Test hook: destroys the worker's GPU device, as a driver reset would. */
  destroyGpuDevice(): Promise<boolean> {
    return this.engine.destroyGpuDevice();
  }

  attachStream(readable: ReadableStream<VideoFrame>): Promise<void> {
    return this.engine.attachStream(Comlink.transfer(readable, [readable as unknown as Transferable]));
  }

  detachStream(): Promise<void> {
    return this.engine.detachStream();
  }

  submitFrame(frame: Frame): Promise<void> {
    return this.engine.submitFrame(Comlink.transfer(frame, [frame]));
  }

  detect(frame: Frame, options: DetectOptions = {}): Promise<FrameResult> {
    return this.engine.detect(Comlink.transfer(frame, [frame]), options);
  }

  dispose(): void {
    this.worker.terminate();
  }
}
