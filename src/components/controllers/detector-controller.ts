import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FpsMeter } from '../lib/fps-meter';
import { fetchCatalog, modelUrl } from '../../app/model-catalog';
import type { CatalogModel } from '../../app/model-catalog-schema';
import { pwa } from '../../app/pwa';
import { FrameFeed } from '../../capture/frame-feed';
import type { PostprocessOptions } from '../../detection/types';
import { DetectorClient } from '../../engine/detector-client';
import type { BackendPreference, FrameResult, ModelRequest, ModelSummary, StreamEvent } from '../../engine/types';
import type { Say } from './messages-controller';

export interface DetectorControllerConfig {
  /** The post-processing options in force now for a model with these classes (settings.ts `effectiveOptions`). */
  options(classNames: readonly string[] | null): PostprocessOptions;
  /** The backend asked for now. */
  backend(): BackendPreference;
  say: Say;
  /** A built-in model was loaded: the user's choice, to remember. */
  modelChosen(id: string): void;
  /** Every result, once `result` and `fps` are updated: where the element forwards it (events, and later the monitor). */
  onResult(result: FrameResult): void;
}

/** What is being detected on: a playing video (camera or file) or a still image. */
type Input = { video: HTMLVideoElement; stream: MediaStream | null } | { image: Blob };

/** A worker that crashes more often than this within the window is not restarted again. */
const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 60_000;

/**
 * The detector, for an element: the worker (DetectorClient), the frames sent to it (FrameFeed), the model it runs,
 * its results and their rate, and what happens when it crashes (restart with the same model, options and input,
 * but not forever). The element says what to detect on (`detectVideo`, `detectImage`, `stop`).
 */
export class DetectorController implements ReactiveController {
  catalog: CatalogModel[] = [];
  summary: ModelSummary | null = null;
  /** A model is loading. */
  loading = false;
  /** The latest result (null when nothing is being detected), and how many arrive per second. */
  result: FrameResult | null = null;
  fps = 0;

  private client: DetectorClient | null = null;
  private feed: FrameFeed | null = null;
  private input: Input | null = null;
  private readonly fpsMeter = new FpsMeter();
  private crashTimes: number[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: DetectorControllerConfig,
  ) {
    host.addController(this);
  }

  get started(): boolean {
    return this.client !== null;
  }

  /** Starts a worker and loads the built-in model `modelId` (null: the catalog's default). */
  async start(modelId: string | null): Promise<void> {
    const client = new DetectorClient();
    this.client = client;
    this.feed = new FrameFeed(client);
    client.onCrash = (reason) => void this.recoverFromCrash(reason);
    await client.setListener((event) => this.onStreamEvent(event));
    await this.pushOptions();
    try {
      const catalog = await fetchCatalog();
      this.catalog = catalog.models;
      this.host.requestUpdate();
      await this.selectModel(modelId ?? catalog.default);
    } catch (error) {
      this.config.say((error as Error).message);
    }
  }

  hostDisconnected(): void {
    this.dispose();
  }

  /** Ends the worker (the element left the page, or a new version of the app takes over). */
  dispose(): void {
    this.input = null;
    void this.feed?.stop();
    this.client?.dispose();
    this.client = null;
    this.feed = null;
  }

  /** Diagnostics: destroys the worker's GPU device, as a driver reset would, to exercise recovery. */
  async loseGpuDevice(): Promise<boolean> {
    return (await this.client?.destroyGpuDevice()) ?? false;
  }

  async selectModel(id: string): Promise<void> {
    const model = this.catalog.find((m) => m.id === id);
    if (!model) {
      this.config.say(`There is no built-in model "${id}".`);
      return;
    }
    await this.loadModel({ id: model.id, name: model.name, url: modelUrl(model), backend: this.config.backend() });
    // Keep it on the device (verified against its sha256) so that the app detects offline too.
    if (this.summary?.id === model.id) void pwa.keepModel(model);
  }

  async loadModelFile(file: File): Promise<void> {
    await this.loadModel({ id: file.name, name: file.name, bytes: await file.arrayBuffer(), backend: this.config.backend() });
  }

  async loadModelUrl(url: string): Promise<void> {
    await this.loadModel({ id: url, name: url, url, backend: this.config.backend() });
  }

  /** Sends a monitor configuration to the worker (kept for a restarted one); resolves with its errors. */
  async setMonitorConfig(config: unknown): Promise<string[]> {
    return (await this.client?.setMonitorConfig(config)) ?? ['the detector is not running'];
  }

  /** Sends the options in force to the worker; a still image is detected again with them. */
  async pushOptions(): Promise<void> {
    await this.client?.setOptions(this.options());
    if (this.input && 'image' in this.input) await this.detectOnImage(this.input.image);
  }

  /** Detects on every frame of a playing video (`stream`: the camera's, when it is one). */
  async detectVideo(video: HTMLVideoElement, stream: MediaStream | null): Promise<void> {
    this.input = { video, stream };
    await this.feed?.start(video, stream);
  }

  /** Detects on a still image, and again whenever the model or the options change. */
  async detectImage(image: Blob): Promise<void> {
    this.input = { image };
    await this.detectOnImage(image);
  }

  /** Sends no more frames; the last result stays (a paused video). */
  async detach(): Promise<void> {
    this.input = null;
    await this.feed?.stop();
  }

  /** Sends no more frames and forgets the last result. */
  async stop(): Promise<void> {
    await this.detach();
    this.result = null;
    this.fpsMeter.reset();
    this.host.requestUpdate();
  }

  private options(): PostprocessOptions {
    return this.config.options(this.summary?.classNames ?? null);
  }

  private async loadModel(request: ModelRequest): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.setLoading(true);
    const generation = client.generation;
    try {
      this.summary = await client.loadModel(request);
      // A backend switch runs the model in a fresh worker: it needs the frames again.
      if (client.generation !== generation) await this.reattach();
      if (this.catalog.some((m) => m.id === request.id)) this.config.modelChosen(request.id);
      this.config.say(`${this.summary.name} runs on ${this.summary.backend.name.toUpperCase()}: ${this.summary.backend.reason}.`, 'info');
      await this.pushOptions();
    } catch (error) {
      const still = this.summary ? ` ${this.summary.name} keeps running.` : '';
      this.config.say(`${(error as Error).message}${still}`);
    } finally {
      this.setLoading(false);
    }
  }

  private setLoading(loading: boolean): void {
    this.loading = loading;
    this.host.requestUpdate();
  }

  private async detectOnImage(image: Blob): Promise<void> {
    if (!this.client || !this.summary) return;
    let bitmap: ImageBitmap;
    try {
      // The file's own pixels, as the models saw in training (OpenCV ignores embedded colour profiles).
      bitmap = await createImageBitmap(image, { colorSpaceConversion: 'none' });
    } catch {
      this.config.say('This image could not be read.');
      return;
    }
    try {
      this.accept(await this.client.detect(bitmap));
    } catch (error) {
      this.config.say((error as Error).message);
    }
  }

  private onStreamEvent(event: StreamEvent): void {
    this.feed?.resultArrived();
    if ('result' in event) this.accept(event.result);
    else this.config.say(`A frame failed: ${event.error}`);
  }

  private accept(result: FrameResult): void {
    this.result = result;
    this.fps = this.fpsMeter.tick(performance.now());
    this.host.requestUpdate();
    this.config.onResult(result);
  }

  private async recoverFromCrash(reason: string): Promise<void> {
    // A worker that dies right after every start (a broken deployment) must not restart forever.
    const now = performance.now();
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    if (this.crashTimes.length > MAX_CRASHES) {
      this.config.say(`The detector keeps stopping (${reason}). Reload the page to try again.`);
      return;
    }
    this.config.say(`The detector stopped (${reason}); restarting it.`);
    try {
      this.summary = (await this.client?.restart()) ?? this.summary;
      this.host.requestUpdate();
      await this.client?.setOptions(this.options());
      await this.reattach();
      if (this.summary) this.config.say(`Detecting again on ${this.summary.backend.name.toUpperCase()}.`, 'info');
    } catch (error) {
      this.config.say(`The detector could not be restarted: ${(error as Error).message}`);
    }
  }

  /** A new worker has no frame source yet: hand it the playing video (or the image) again. */
  private async reattach(): Promise<void> {
    const input = this.input;
    if (!input) return;
    if ('video' in input) await this.feed?.start(input.video, input.stream);
    else await this.detectOnImage(input.image);
  }
}
