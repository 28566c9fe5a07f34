import * as Comlink from 'comlink';
import { DetectorError, detectorErrorCode } from '../detection/errors';
import type { PostprocessOptions } from '../detection/types';
import { withTimeout } from './call-timeout';
import type { DetectorEngine } from './engine';
import type { Frame } from '../capture/frame';
import type { DetectOptions, FrameResult, ModelRequest, ModelSummary, StreamEvent } from './types';

/** A quick call (options, listener, stream attach) that takes longer than this means the worker is not answering. */
export const CALL_LIMIT_MS = 10_000;
/** Long calls (a model load, a still image) are allowed this long in all… */
export const LONG_CALL_LIMIT_MS = 180_000;
/**
 * …as long as the worker answers a ping, sent every HEARTBEAT_MS during them, within BUSY_PING_LIMIT_MS: creating an
 * onnxruntime session blocks the worker's thread for seconds (tens on two busy cores), so quick calls made meanwhile
 * get this limit too.
 */
const HEARTBEAT_MS = 3_000;
export const BUSY_PING_LIMIT_MS = 45_000;

/**
 * The page's one handle on the detector worker. Typed, and restartable: if the worker dies, `restart`
 * makes a new one and reloads the last model, and the owner re-attaches its frame source. Every call has a time
 * limit (Comlink's pending calls never reject by themselves): one that runs out reports the worker as unresponsive
 * through `onCrash`, like a crash, and rejects.
 */
export class DetectorClient {
  private worker!: Worker;
  private engine!: Comlink.Remote<DetectorEngine>;
  private lastModel: ModelRequest | null = null;
  private options: Partial<PostprocessOptions> = {};
  private monitorConfig: unknown = null;
  private listener: ((event: StreamEvent) => void) | null = null;
  private restarting: Promise<ModelSummary | null> | null = null;

  /** Called when the worker failed (a crash, a lost GPU, a call that was not answered in time): the owner should restart. */
  onCrash: ((message: string) => void) | null = null;

  /** Counts workers; a frame source attached to an older one must be attached again. */
  generation = 0;
  /** Long calls in flight: the worker may be busy for a while, not hung. */
  private longCalls = 0;

  /** A long call (a model load) runs: the owner's watchdog leaves the pings to it. */
  get busy(): boolean {
    return this.longCalls > 0;
  }

  constructor() {
    this.spawn();
  }

  private spawn(): void {
    this.generation++;
    this.worker = new Worker(new URL('../../workers/detector.worker.ts', import.meta.url), {
      type: 'module',
      name: 'detector',
    });
    this.worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.onCrash?.(event.message || 'the detector worker stopped unexpectedly');
    });
    this.engine = Comlink.wrap<DetectorEngine>(this.worker);
    if (this.listener) void this.registerListener(this.listener).catch(() => undefined);
    if (Object.keys(this.options).length)
      void this.call('setOptions', (e) => e.setOptions(this.options)).catch(() => undefined);
    if (this.monitorConfig)
      void this.call('setMonitorConfig', (e) => e.setMonitorConfig(this.monitorConfig)).catch(() => undefined);
  }

  /** A quick call, limited to CALL_LIMIT_MS; running out reports this worker (not a newer one) as unresponsive. */
  private call<T>(
    what: string,
    run: (engine: Comlink.Remote<DetectorEngine>) => Promise<T>,
    limitMs = CALL_LIMIT_MS,
  ): Promise<T> {
    const generation = this.generation;
    return withTimeout(
      run(this.engine),
      this.longCalls > 0 ? Math.max(limitMs, BUSY_PING_LIMIT_MS) : limitMs,
      what,
    ).catch((error: unknown) => {
      if (detectorErrorCode(error) === 'worker-unresponsive' && generation === this.generation)
        this.onCrash?.((error as Error).message);
      throw error;
    });
  }

  /** A long call: allowed LONG_CALL_LIMIT_MS as long as the worker answers a ping every HEARTBEAT_MS. */
  private longCall<T>(what: string, run: (engine: Comlink.Remote<DetectorEngine>) => Promise<T>): Promise<T> {
    const generation = this.generation;
    const engine = this.engine;
    let beat: ReturnType<typeof setInterval> | undefined;
    this.longCalls++;
    const silent = new Promise<never>((_, reject) => {
      beat = setInterval(() => {
        withTimeout(engine.ping(), BUSY_PING_LIMIT_MS, 'ping').catch(() =>
          reject(new DetectorError('worker-unresponsive', `the detector stopped answering while running "${what}"`)),
        );
      }, HEARTBEAT_MS);
    });
    return Promise.race([withTimeout(run(engine), LONG_CALL_LIMIT_MS, what), silent])
      .catch((error: unknown) => {
        if (detectorErrorCode(error) === 'worker-unresponsive' && generation === this.generation)
          this.onCrash?.((error as Error).message);
        throw error;
      })
      .finally(() => {
        clearInterval(beat);
        this.longCalls--;
      });
  }

  /** Resolves when the worker answers within CALL_LIMIT_MS; else reports it unresponsive and rejects. */
  ping(): Promise<void> {
    return this.call('ping', (e) => e.ping()).then(() => undefined);
  }

  private respawn(): void {
    this.worker.terminate();
    this.spawn();
  }

  /** Replaces a dead worker (or one whose GPU device was lost) with a fresh one and reloads the last model. */
  restart(): Promise<ModelSummary | null> {
    this.restarting ??= (async () => {
      this.respawn();
      const model = this.lastModel;
      return model ? this.longCall('loadModel', (e) => e.loadModel(model)) : null;
    })().finally(() => (this.restarting = null));
    return this.restarting;
  }

  async loadModel(request: ModelRequest): Promise<ModelSummary> {
    const previous = this.lastModel;
    // onnxruntime's WebGPU EP fails on a runtime that already ran WASM sessions: switch backends in a fresh worker.
    const respawn = previous !== null && previous.backend !== request.backend;
    if (respawn) this.respawn();
    try {
      const summary = await this.longCall('loadModel', (e) => e.loadModel(request));
      this.lastModel = request;
      return summary;
    } catch (error) {
      // The fresh worker has no model yet: bring the previous one back before reporting the failure.
      if (respawn) await this.longCall('loadModel', (e) => e.loadModel(previous)).catch(() => undefined);
      throw error;
    }
  }

  setOptions(options: Partial<PostprocessOptions>): Promise<void> {
    this.options = { ...this.options, ...options };
    return this.call('setOptions', (e) => e.setOptions(options));
  }

  /** Applies a monitor configuration (kept for a restarted worker); resolves with its errors, empty when applied. */
  async setMonitorConfig(config: unknown): Promise<string[]> {
    const errors = await this.call('setMonitorConfig', (e) => e.setMonitorConfig(config));
    if (errors.length === 0) this.monitorConfig = config;
    return errors;
  }

  setRecording(enabled: boolean): Promise<void> {
    return this.call('setRecording', (e) => e.setRecording(enabled));
  }

  resetMonitor(): Promise<void> {
    return this.call('resetMonitor', (e) => e.resetMonitor());
  }

  flushEvents(): Promise<void> {
    return this.longCall('flushEvents', (e) => e.flushEvents());
  }

  setListener(listener: (event: StreamEvent) => void): Promise<void> {
    this.listener = listener;
    return this.registerListener(listener);
  }

  /** A lost GPU device is a crash of the worker's onnxruntime: the owner restarts it like one. */
  private registerListener(listener: (event: StreamEvent) => void): Promise<void> {
    const proxy = Comlink.proxy((event: StreamEvent) => {
      if ('error' in event && event.code === 'gpu-lost') this.onCrash?.(event.error);
      else listener(event);
    });
    return this.call('setListener', (e) => e.setListener(proxy));
  }

  /** Test hook: destroys the worker's GPU device, as a driver reset would. */
  destroyGpuDevice(): Promise<boolean> {
    return this.call('destroyGpuDevice', (e) => e.destroyGpuDevice());
  }

  attachStream(readable: ReadableStream<VideoFrame>): Promise<void> {
    return this.call('attachStream', (e) =>
      e.attachStream(Comlink.transfer(readable, [readable as unknown as Transferable])),
    );
  }

  detachStream(): Promise<void> {
    return this.call('detachStream', (e) => e.detachStream());
  }

  submitFrame(frame: Frame): Promise<void> {
    return this.call('submitFrame', (e) => e.submitFrame(Comlink.transfer(frame, [frame])));
  }

  detect(frame: Frame, options: DetectOptions = {}): Promise<FrameResult> {
    return this.longCall('detect', (e) => e.detect(Comlink.transfer(frame, [frame]), options));
  }

  dispose(): void {
    this.worker.terminate();
  }
}
