import * as ort from 'onnxruntime-web';
import { DetectorError, detectorErrorCode } from '../detection/errors';
import { describeModel, formatOf, needsTrialRun, type ModelDescription } from '../detection/model';
import { readOnnxModelInfo } from '../detection/onnx-metadata';
import { DEFAULT_OPTIONS, MAX_DETECTIONS_LIMIT, type PostprocessOptions } from '../detection/types';
import { createSession, messageOf } from './backend';
import { describeWithSession } from './tensors';
import { keepFasterThanWasm } from './backend-measure';
import { CpuPipeline } from './cpu-pipeline';
import type { Frame } from '../capture/frame';
import { GpuPipeline } from './gpu-pipeline';
import type { FramePipeline } from './pipeline';
import { LatestFrameSlot } from './latest-frame-slot';
import { plainOrtMessage } from './ort-errors';
import type { BackendInfo, DetectOptions, FrameResult, ModelRequest, ModelSummary, StreamEvent } from './types';
import { parseMonitorConfig } from '../monitor/config';
import { Monitor } from '../monitor/monitor';
import { AlertEvaluator } from '../monitor/alerts/evaluator';
import type { MonitorEvent, MonitorEventDraft } from '../monitor/types';
import { EventRecorder } from '../storage/event-recorder';
import { ClipRecorder } from '../recording/clip-recorder';
import type { RetentionPolicy } from '../storage/event-store';

interface LoadedModel {
  session: ort.InferenceSession;
  pipeline: FramePipeline;
  summary: ModelSummary;
}

/**
 * The detector that the worker exposes: owns the onnxruntime session and runs every frame through
 * capture → pre-process → inference → post-process, one frame at a time, latest frame first.
 */
export class DetectorEngine {
  private model: LoadedModel | null = null;
  private options: PostprocessOptions = DEFAULT_OPTIONS;
  private watchedDevice: GPUDevice | null = null;
  /** Why the GPU can no longer be used, once its device is lost. */
  private gpuLost: string | null = null;
  private frameCount = 0;
  /** Serialises inference and model swaps: onnxruntime runs one frame at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private listener: ((event: StreamEvent) => void) | null = null;
  private reader: ReadableStreamDefaultReader<VideoFrame> | null = null;
  private readonly slot = new LatestFrameSlot<Frame>((frame) => this.processStreamFrame(frame));
  /** Tracker, zones and lines: runs here, after post-processing, so it does not depend on the page. */
  private readonly monitor = new Monitor();
  private readonly recorder = new EventRecorder();
  /** Event clips with pre-roll, from every incoming frame (masks painted in); saved with their events. */
  private readonly clips = new ClipRecorder((clip) => this.recorder.saveClip(clip));
  /** Alert rules over the stamped events: alerts are events too, logged with a snapshot like the rest. */
  private readonly alerts = new AlertEvaluator();

  /** Answers at once: the page's proof that this worker still takes calls (its watchdog). */
  ping(): true {
    return true;
  }

  /** Loads a model; on any failure the previous model keeps running. */
  loadModel(request: ModelRequest): Promise<ModelSummary> {
    return this.serialise(() => this.load(request)).catch((error: unknown) => {
      // onnxruntime's raw text (C++ paths and signatures) never reaches the user: same error, in words.
      if (error instanceof Error) error.message = plainOrtMessage(error.message);
      throw error;
    });
  }

  setOptions(options: Partial<PostprocessOptions>): void {
    const merged = { ...this.options, ...options };
    // Both paths cap at the GPU result buffer's size, so they report the same boxes.
    this.options = { ...merged, maxDetections: Math.max(1, Math.min(merged.maxDetections, MAX_DETECTIONS_LIMIT)) };
  }

  /** Applies a monitor configuration; returns what is wrong with it (and keeps the previous one) if invalid. */
  setMonitorConfig(input: unknown): string[] {
    const parsed = parseMonitorConfig(input);
    if (!parsed.ok) return parsed.errors;
    this.monitor.setConfig(parsed.config);
    if (parsed.config.retention) this.recorder.retention = parsed.config.retention;
    this.recorder.masks = parsed.config.masks ?? [];
    this.clips.configure(parsed.config.clips, parsed.config.masks);
    this.alerts.setRules(parsed.config.alerts ?? []);
    return [];
  }

  /** Whether events are kept in the event log with snapshots (the analysis script turns it off). */
  setRecording(enabled: boolean, retention?: RetentionPolicy): void {
    this.recorder.enabled = enabled;
    if (retention) this.recorder.retention = retention;
  }

  /** Forgets every track and count (a new recording to analyse). */
  resetMonitor(): void {
    this.monitor.reset();
  }

  /** Resolves when every event so far is in the event log. */
  flushEvents(): Promise<void> {
    return this.recorder.flush();
  }

  /** Receives a result (or error) for every frame of the attached stream or submitted frames. */
  setListener(listener: ((event: StreamEvent) => void) | null): void {
    this.listener = listener;
  }

  /** Reads frames from a transferred stream (MediaStreamTrackProcessor.readable) until detached. */
  async attachStream(readable: ReadableStream<VideoFrame>): Promise<void> {
    await this.detachStream();
    const reader = readable.getReader();
    this.reader = reader;
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (this.reader === reader) {
            this.clips.addFrame(value);
            this.slot.offer(value);
          } else value.close();
        }
      } catch {
        // The stream ends with an error when its track stops: nothing to report.
      }
    })();
  }

  async detachStream(): Promise<void> {
    const reader = this.reader;
    this.reader = null;
    this.slot.clear();
    this.clips.reset();
    await reader?.cancel().catch(() => undefined);
  }

  /** A frame from a page that cannot transfer a stream: same latest-frame-wins slot. */
  submitFrame(frame: Frame): void {
    this.clips.addFrame(frame);
    this.slot.offer(frame);
  }

  /** Detects on one frame (a still image, an evaluation image, a frame of a video to analyse) and closes it. */
  async detect(frame: Frame, options: DetectOptions = {}): Promise<FrameResult> {
    try {
      return await this.serialise(() => this.run(frame, options.track === true));
    } finally {
      frame.close();
    }
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async processStreamFrame(frame: Frame): Promise<void> {
    try {
      const result = await this.serialise(() => this.run(frame, true));
      this.listener?.({ result });
    } catch (error) {
      this.listener?.({ error: messageOf(error), code: detectorErrorCode(error) });
    }
  }

  private async load(request: ModelRequest): Promise<ModelSummary> {
    const bytes = await modelBytes(request);
    let info;
    try {
      info = readOnnxModelInfo(bytes);
    } catch (error) {
      throw new DetectorError('model-invalid', `"${request.name}" is not a valid ONNX model (${messageOf(error)}).`);
    }
    let description = needsTrialRun(info) ? null : describeModel(info, undefined, request.labels);
    let created = await createSession(bytes, request.backend);
    try {
      description ??= await describeWithSession(info, created.session, request.labels);
    } catch (error) {
      await created.session.release();
      if (created.backend.name !== 'webgpu' || request.backend === 'webgpu') throw error;
      // The WebGPU EP took the graph but cannot run it (DEIMv2's MaxPool with ceil_mode, onnxruntime-web 1.30): WASM.
      const why = `WebGPU could not run this model (${messageOf(error)})`;
      created = await createSession(bytes, 'wasm');
      created = { ...created, backend: { ...created.backend, reason: `${why}; ${created.backend.reason}` } };
      try {
        description = await describeWithSession(info, created.session, request.labels);
      } catch (wasmError) {
        await created.session.release();
        throw wasmError;
      }
    }
    const { session, backend } = created;
    // The GPU pipeline sizes its buffers once: a box count that changes with every frame (symbolic in the file)
    // must not be fixed at what the trial run happened to give, so such a model keeps the CPU pipeline.
    const countPerFrame = needsTrialRun(info) && formatOf(description.outputLayout).boxCountPerFrame === true;
    const built = await this.buildPipeline(
      session,
      description,
      backend,
      countPerFrame ? { ...request, pipeline: 'cpu' } : request,
    );
    // "auto" on a WebGPU adapter: time the model against WASM and keep the faster (backend-measure.ts).
    const kept = created.measureAgainstWasm
      ? await keepFasterThanWasm({ session, pipeline: built.pipeline, backend: built.backendInfo }, bytes, description)
      : { session, pipeline: built.pipeline, backend: built.backendInfo };
    const { pipeline, backend: backendInfo } = kept;
    const { width, height } = description.preprocess;
    const summary: ModelSummary = {
      id: request.id,
      name: request.name,
      format: description.outputLayout.format,
      defaultIouThreshold: formatOf(description.outputLayout).defaultIouThreshold,
      inputWidth: width,
      inputHeight: height,
      classNames: description.classNames,
      backend: backendInfo,
    };
    // The model proves itself on a blank frame before it replaces the running one: a file that parses and looks
    // like a detector yet cannot run a frame (an input the format does not feed) must not stop detection.
    try {
      await trialFrame(pipeline, width, height, this.options);
    } catch (error) {
      pipeline.destroy();
      await kept.session.release();
      throw new DetectorError(
        'model-unsupported',
        `"${request.name}" loaded but could not detect on a test frame: ${plainOrtMessage(messageOf(error))}.`,
      );
    }
    const previous = this.model;
    this.model = { session: kept.session, pipeline, summary };
    previous?.pipeline.destroy();
    await previous?.session.release();
    return summary;
  }

  /** The GPU-resident pipeline on WebGPU (unless the request asks for the CPU one), else the CPU pipeline. */
  private async buildPipeline(
    session: ort.InferenceSession,
    description: ModelDescription,
    backend: BackendInfo,
    request: ModelRequest,
  ): Promise<{ pipeline: FramePipeline; backendInfo: BackendInfo }> {
    if (backend.name !== 'webgpu' || request.pipeline === 'cpu') {
      return { pipeline: new CpuPipeline(session, description), backendInfo: { ...backend, pipeline: 'cpu' } };
    }
    try {
      const device = await ort.env.webgpu.device;
      this.watchDevice(device);
      return { pipeline: new GpuPipeline(device, session, description), backendInfo: { ...backend, pipeline: 'gpu' } };
    } catch (error) {
      const reason = `${backend.reason}; GPU pre-processing and NMS unavailable (${messageOf(error)}), so they run on the CPU`;
      return { pipeline: new CpuPipeline(session, description), backendInfo: { ...backend, reason, pipeline: 'cpu' } };
    }
  }

  /** A lost device cannot be revived inside this onnxruntime instance: say so, and the page restarts the worker. */
  private watchDevice(device: GPUDevice): void {
    if (this.watchedDevice === device) return;
    this.watchedDevice = device;
    void device.lost.then((info) => {
      this.gpuLost = `the GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''})`;
      this.listener?.({ error: this.gpuLost, code: 'gpu-lost' });
    });
  }

  /** Destroys onnxruntime's WebGPU device, as a driver reset would: lets tests exercise recovery. */
  destroyGpuDevice(): boolean {
    if (!this.watchedDevice) return false;
    this.watchedDevice.destroy();
    return true;
  }

  private async run(frame: Frame, track: boolean): Promise<FrameResult> {
    const model = this.model;
    if (!model) throw new DetectorError('backend', 'No model is loaded yet.');
    if (this.gpuLost && model.pipeline.kind === 'gpu')
      throw new DetectorError('gpu-lost', `${this.gpuLost}; restarting the detector.`);
    // Only video frames carry a clock; the tracker's second stage needs the boxes below the user's threshold.
    const timestamp = track && 'timestamp' in frame ? frame.timestamp : null;
    const options =
      timestamp === null
        ? this.options
        : { ...this.options, scoreThreshold: Math.min(this.options.scoreThreshold, this.monitor.lowThreshold) };
    const result = await model.pipeline.run(frame, options);
    const base = {
      ...result,
      frame: ++this.frameCount,
      backend: model.summary.backend.name,
      pipeline: model.pipeline.kind,
    };
    if (timestamp === null) return { ...base, events: [], counts: null, notices: this.recorder.takeNotices() };

    const started = performance.now();
    const t = timestamp / 1e6;
    const monitored = this.monitor.process({
      t,
      width: result.width,
      height: result.height,
      detections: result.detections,
    });
    const stamped = monitored.events.map(stamp);
    const events = [...stamped, ...this.alerts.evaluate(stamped, monitored.counts, new Date()).map(stamp)];
    await this.recorder.record(events, frame, result.width, result.height);
    this.clips.observe(
      t,
      events.map((e) => e.id),
      monitored.detections.some((d) => d.trackId !== undefined),
    );
    const monitorMs = performance.now() - started;
    return {
      ...base,
      detections: monitored.detections.filter((d) => d.score >= this.options.scoreThreshold),
      timings: {
        ...result.timings,
        monitor: monitorMs,
        record: this.clips.takeAddedMs(),
        total: result.timings.total + monitorMs,
      },
      events,
      counts: monitored.counts,
      notices: [...this.recorder.takeNotices(), ...this.clips.takeNotices()],
    };
  }
}

/** Runs the pipeline once on a blank image of the model's input size (its result is thrown away). */
async function trialFrame(
  pipeline: FramePipeline,
  width: number,
  height: number,
  options: PostprocessOptions,
): Promise<void> {
  const bitmap = await createImageBitmap(new ImageData(width, height));
  try {
    await pipeline.run(bitmap, options);
  } finally {
    bitmap.close();
  }
}

/** Gives an event its id (unique across workers and reloads, for consumers that drop duplicates) and wall time. */
function stamp(draft: MonitorEventDraft): MonitorEvent {
  return { id: crypto.randomUUID(), time: new Date().toISOString(), ...draft };
}

async function modelBytes(request: ModelRequest): Promise<Uint8Array> {
  if (request.bytes) return new Uint8Array(request.bytes);
  if (!request.url) throw new DetectorError('model-fetch', 'No model file or address was given.');
  const url = new URL(request.url, self.location.href);
  if (url.origin !== self.location.origin) {
    throw new DetectorError('model-fetch', `Models load from this site only; ${url.origin} is another origin.`);
  }
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DetectorError('model-fetch', `Could not fetch ${url.pathname}: ${messageOf(error)}`);
  }
  if (!response.ok) throw new DetectorError('model-fetch', `Could not fetch ${url.pathname}: HTTP ${response.status}.`);
  return new Uint8Array(await response.arrayBuffer());
}
