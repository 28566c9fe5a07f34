import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FpsMeter } from '../lib/fps-meter';
import { fetchCatalog, modelUrl } from '../../app/model-catalog';
import type { CatalogModel } from '../../app/model-catalog-schema';
import { pwa } from '../../app/pwa';
import { FrameWatchdog, MIN_STALL_MS, RestartBudget } from '../../app/watchdog';
import { FrameFeed } from '../../capture/frame-feed';
import { parseLabelsFile } from '../../detection/labels-file';
import type { PostprocessOptions } from '../../detection/types';
import { DetectorClient } from '../../engine/detector-client';
import type { BackendPreference, FrameResult, ModelRequest, ModelSummary, StreamEvent } from '../../engine/types';
import { logSystemEvent } from '../../storage/system-log';
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
  /** The last resort of the watchdog (a worker that cannot stay up): reloads the page. */
  reloadPage?(): void;
}

/** One rebuild of the worker, for the health panel. */
export interface RestartRecord {
  at: Date;
  reason: string;
}

/** What is being detected on: a playing video (camera or file) or a still image. */
type Input = { video: HTMLVideoElement; stream: MediaStream | null } | { image: Blob };

/** How often the watchdog looks at the results, and how often it pings an otherwise quiet worker. */
const WATCH_EVERY_MS = 500;
const PING_EVERY_MS = 5_000;

/**
 * The detector, for an element: the worker (DetectorClient), the frames sent to it (FrameFeed), the model it runs,
 * its results and their rate, and its watchdog: a worker that crashes, hangs, closes or stops answering calls is
 * rebuilt with the same model, options and input (the third time within ten minutes, the page is reloaded), and
 * every recovery is a system event in the event log. The element says what to detect on (`detectVideo`,
 * `detectImage`, `stop`).
 */
export class DetectorController implements ReactiveController {
  catalog: CatalogModel[] = [];
  summary: ModelSummary | null = null;
  /** A model is loading. */
  loading = false;
  /** The latest result (null when nothing is being detected), and how many arrive per second. */
  result: FrameResult | null = null;
  fps = 0;
  /** Frames are offered but no result came for a while: the picture is not being watched. */
  stalled = false;
  /** Every rebuild of the worker since the page loaded, oldest first. */
  restarts: RestartRecord[] = [];

  private client: DetectorClient | null = null;
  private feed: FrameFeed | null = null;
  private input: Input | null = null;
  private readonly fpsMeter = new FpsMeter();
  private readonly watchdog = new FrameWatchdog();
  private readonly restartBudget = new RestartBudget();
  private watchTimer: ReturnType<typeof setInterval> | null = null;
  private lastPing = 0;
  private pinging = false;
  private recovering: Promise<void> | null = null;

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
    client.onCrash = (reason) => void this.recover(reason);
    this.watchTimer ??= setInterval(() => this.watch(), WATCH_EVERY_MS);
    await client.setListener((event) => this.onStreamEvent(event));
    await this.pushOptions();
    try {
      const catalog = await fetchCatalog();
      this.catalog = catalog.models;
      this.host.requestUpdate();
      // A saved (or asked-for) model that is no longer in the catalogue: the default, and say so, rather than no model.
      const wanted = modelId ?? catalog.default;
      if (!catalog.models.some((m) => m.id === wanted)) {
        const fallback = catalog.models.find((m) => m.id === catalog.default);
        this.config.say(
          `The model chosen before ("${wanted}") is no longer available; ${fallback?.name ?? catalog.default} is used instead.`,
        );
      }
      await this.selectModel(catalog.models.some((m) => m.id === wanted) ? wanted : catalog.default);
    } catch (error) {
      this.config.say((error as Error).message);
    }
  }

  hostDisconnected(): void {
    this.dispose();
  }

  /** Ends the worker (the element left the page, or a new version of the app takes over). */
  dispose(): void {
    if (this.watchTimer !== null) clearInterval(this.watchTimer);
    this.watchTimer = null;
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
    await this.loadModel({
      id: model.id,
      name: model.name,
      url: modelUrl(model),
      backend: this.config.backend(),
      labels: model.labels,
    });
    // Keep it on the device (verified against its sha256) so that the app detects offline too.
    if (this.summary?.id === model.id) void pwa.keepModel(model);
  }

  /** A model file the user picked, with an optional labels file naming its classes (used where the file names none). */
  async loadModelFile(file: File, labelsFile?: File): Promise<void> {
    let labels: string[] | undefined;
    try {
      labels = labelsFile ? parseLabelsFile(await labelsFile.text()) : undefined;
    } catch (error) {
      const still = this.summary ? ` ${this.summary.name} keeps running.` : '';
      this.config.say(`${labelsFile!.name}: ${(error as Error).message}${still}`);
      return;
    }
    await this.loadModel({
      id: file.name,
      name: file.name,
      bytes: await file.arrayBuffer(),
      backend: this.config.backend(),
      labels,
    });
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
    this.watchdog.disarm();
    await this.feed?.stop().catch(() => undefined);
  }

  /** Sends no more frames and forgets the last result. */
  async stop(): Promise<void> {
    await this.detach();
    this.forgetResult();
  }

  /** p95 of the worker's frame times, ms (the health panel). */
  get p95Ms(): number {
    return this.watchdog.p95Ms;
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
      this.config.say(
        `${this.summary.name} runs on ${this.summary.backend.name.toUpperCase()}: ${this.summary.backend.reason}.`,
        'info',
      );
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

  /** Nothing on screen may look alive when nothing is watched: no boxes, no rate. */
  private forgetResult(): void {
    this.result = null;
    this.fps = 0;
    this.fpsMeter.reset();
    this.host.requestUpdate();
  }

  /** Whether frames are being offered now: a video that plays (a camera whose track is live, a file not paused or ended). */
  private offering(): boolean {
    const input = this.input;
    if (!input || !('video' in input) || this.loading || this.recovering) return false;
    const { video, stream } = input;
    if (video.paused || video.ended || video.readyState < 2) return false;
    const track = stream?.getVideoTracks()[0];
    return !track || (track.readyState === 'live' && !track.muted);
  }

  /** Twice a second: results stopped while frames are offered → stalled, then rebuilt; a quiet worker is pinged. */
  private watch(): void {
    const now = performance.now();
    if (this.recovering) {
      // Rebuilding: nothing is watched until the new worker's first result (accept() clears it).
      this.setStalled(true);
    } else if (!this.offering()) {
      this.watchdog.disarm();
      this.setStalled(false);
    } else {
      this.watchdog.arm(now);
      // The screen says so soon after results stop; the worker is rebuilt at the watchdog's own limit.
      if (this.watchdog.silentFor(now) > Math.max(MIN_STALL_MS, 3 * this.watchdog.p95Ms)) {
        if (!this.stalled) this.forgetResult();
        this.setStalled(true);
      }
      if (this.watchdog.stalled(now)) {
        const seconds = (this.watchdog.silentFor(now) / 1000).toFixed(1);
        void this.recover(`no result for ${seconds} s while frames were offered (the detector hung)`);
        return;
      }
    }
    if (this.client && !this.client.busy && !this.pinging && !this.recovering && now - this.lastPing > PING_EVERY_MS) {
      this.lastPing = now;
      this.pinging = true;
      // An unanswered ping reports the worker through onCrash (DetectorClient): recover() runs from there.
      void this.client
        .ping()
        .catch(() => undefined)
        .finally(() => (this.pinging = false));
    }
  }

  private setStalled(stalled: boolean): void {
    if (this.stalled === stalled) return;
    this.stalled = stalled;
    this.host.requestUpdate();
  }

  private onStreamEvent(event: StreamEvent): void {
    this.feed?.resultArrived();
    if ('result' in event) this.accept(event.result);
    else this.config.say(`A frame failed: ${event.error}`);
  }

  private accept(result: FrameResult): void {
    this.watchdog.progress(performance.now(), result.timings.total);
    this.setStalled(false);
    this.result = result;
    this.fps = this.fpsMeter.tick(performance.now());
    this.host.requestUpdate();
    this.config.onResult(result);
  }

  /** One recovery at a time: a hung worker also fails its pending calls, and each would ask for a restart. */
  private recover(reason: string): Promise<void> {
    this.recovering ??= this.rebuild(reason).finally(() => {
      this.recovering = null;
      this.watchdog.disarm();
    });
    return this.recovering;
  }

  private async rebuild(reason: string): Promise<void> {
    if (!this.client) return;
    this.restarts = [...this.restarts, { at: new Date(), reason }];
    this.forgetResult();
    this.setStalled(true);
    // A worker that cannot stay up (three rebuilds in ten minutes): a fresh page is the last resort.
    if (this.restartBudget.record(performance.now()) && this.config.reloadPage) {
      this.config.say(`The detector keeps stopping (${reason}); reloading the page.`);
      await logSystemEvent(
        'page-reload',
        `Page reloaded: the detector stopped ${this.restarts.length} times within ten minutes (last: ${reason}).`,
      );
      this.config.reloadPage();
      return;
    }
    this.config.say(`The detector stopped (${reason}); restarting it.`);
    void logSystemEvent('detector-restart', `Detector restarted: ${reason}.`);
    try {
      this.summary = (await this.client.restart()) ?? this.summary;
      this.host.requestUpdate();
      await this.client.setOptions(this.options());
      await this.reattach();
      if (this.summary) this.config.say(`Detecting again on ${this.summary.backend.name.toUpperCase()}.`, 'info');
    } catch (error) {
      this.config.say(`The detector could not be restarted: ${(error as Error).message}`);
    } finally {
      this.setLoading(false);
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
