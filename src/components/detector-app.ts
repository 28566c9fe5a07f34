import { css, html, LitElement, unsafeCSS } from 'lit';
import { fetchCatalog, modelUrl, type CatalogModel } from '../app/model-catalog';
import { loadSettings, saveSettings, type Settings } from '../app/settings';
import { listCameras, openCamera, type CameraChoice } from '../capture/camera';
import { FrameFeed } from '../capture/frame-feed';
import { DetectorClient } from '../engine/detector-client';
import type { BackendInfo, BackendPreference, FrameResult, ModelRequest, ModelSummary, StreamEvent } from '../engine/types';
import { FpsMeter } from '../app/fps-meter';
import { PHONE_LANDSCAPE_QUERY, PHONE_QUERY } from '../app/layout';
import { pwa } from '../app/pwa';
import { ScreenWakeLock } from '../app/wake-lock';
import { setTorch, torchSupported } from '../capture/torch';
import './about-device';
import './camera-view';
import './install-button';
import './model-picker';
import './settings-panel';
import './source-bar';
import './stats-hud';
import './update-prompt';
import type { CameraView } from './camera-view';
import type { SourceKind, TorchState } from './source-bar';
import { controlStyles } from './ui-styles';

interface Message {
  id: number;
  text: string;
  kind: 'error' | 'info';
}

/** What every `detections` event carries: one processed frame, boxes in frame pixels. */
export interface DetectionsEventDetail {
  frame: number;
  width: number;
  height: number;
  backend: string;
  /** Where pre-processing and NMS ran: 'gpu' (WGSL shaders) or 'cpu'. */
  pipeline: FrameResult['pipeline'];
  timings: FrameResult['timings'];
  detections: FrameResult['detections'];
}

/**
 * The whole app. Attributes (`model`, `score-threshold`, `iou-threshold`, `max-detections`, `backend`,
 * `source`) override saved settings, so a kiosk page or a test can embed it; it dispatches a
 * `detections` CustomEvent for every processed frame.
 */
export class DetectorApp extends LitElement {
  static override properties = {
    model: {},
    scoreThreshold: { attribute: 'score-threshold', type: Number },
    iouThreshold: { attribute: 'iou-threshold', type: Number },
    maxDetections: { attribute: 'max-detections', type: Number },
    backend: {},
    source: {},
    settings: { state: true },
    catalog: { state: true },
    summary: { state: true },
    result: { state: true },
    fps: { state: true },
    messages: { state: true },
    loading: { state: true },
    sourceKind: { state: true },
    imageUrl: { state: true },
    cameras: { state: true },
    torch: { state: true },
    sheetOpen: { state: true },
  };

  declare model: string | null;
  declare scoreThreshold: number | null;
  declare iouThreshold: number | null;
  declare maxDetections: number | null;
  declare backend: BackendPreference | null;
  /** 'camera' (default) starts the camera on load; 'none' waits for the user. */
  declare source: 'camera' | 'none';
  declare settings: Settings;
  declare catalog: CatalogModel[];
  declare summary: ModelSummary | null;
  declare result: FrameResult | null;
  declare fps: number;
  declare messages: Message[];
  declare loading: boolean;
  declare sourceKind: SourceKind | null;
  declare imageUrl: string | null;
  declare cameras: MediaDeviceInfo[];
  declare torch: TorchState;
  /** Phone layout: the model and settings sheet is open. */
  declare sheetOpen: boolean;

  private client: DetectorClient | null = null;
  private feed: FrameFeed | null = null;
  private stream: MediaStream | null = null;
  private imageFile: Blob | null = null;
  private readonly fpsMeter = new FpsMeter();
  private messageId = 0;
  private crashTimes: number[] = [];
  private started = false;
  private readonly wakeLock = new ScreenWakeLock();
  /** What was running when the page was hidden, to resume when it is shown again. */
  private paused: { camera?: CameraChoice; video?: true } | null = null;
  private visibilityTask: Promise<void> = Promise.resolve();

  // Desktop: controls above and below the picture. Phone: the picture fills the screen, the controls float over
  // it within thumb reach (bottom in portrait, right edge in landscape), clear of the notch and home indicator.
  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        grid-template-columns: auto 1fr;
        grid-template-rows: auto 1fr auto;
        grid-template-areas: 'top dock' 'view view' 'sheet sheet';
        height: 100%;
        min-height: 0;
        color: #eee;
        background: #111;
        font: 14px/1.4 system-ui, sans-serif;
      }
      .top,
      .dock,
      .sheet {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: center;
        padding: 8px;
        background: #1a1a1a;
      }
      .top {
        grid-area: top;
      }
      .dock {
        grid-area: dock;
      }
      .sheet {
        grid-area: sheet;
      }
      .controls {
        display: contents;
      }
      .sheet-toggle {
        display: none;
      }
      h1 {
        font-size: 16px;
        margin: 0;
      }
      camera-view {
        grid-area: view;
        min-height: 200px;
      }
      stats-hud {
        position: absolute;
        top: 8px;
        left: 8px;
      }
      .messages {
        grid-area: view;
        align-self: end;
        z-index: 2;
        display: grid;
        gap: 6px;
        margin: 8px;
      }
      .message {
        display: flex;
        gap: 8px;
        align-items: start;
        justify-content: space-between;
        padding: 8px 10px;
        border-radius: 8px;
        background: rgb(150 30 30 / 0.9);
      }
      .message.info {
        background: rgb(30 80 150 / 0.9);
      }
      .message button {
        background: none;
        border: none;
        color: inherit;
        font-size: 18px;
        min-height: 0;
        cursor: pointer;
      }
      @media ${unsafeCSS(PHONE_QUERY)} {
        :host {
          display: block;
          position: relative;
          overflow: hidden;
          --control-padding: 4px 7px;
        }
        camera-view {
          position: absolute;
          inset: 0;
          min-height: 0;
        }
        .top {
          position: absolute;
          z-index: 2;
          top: 0;
          left: 0;
          right: 0;
          justify-content: flex-end;
          gap: 8px;
          padding: calc(6px + env(safe-area-inset-top)) calc(8px + env(safe-area-inset-right)) 6px calc(8px + env(safe-area-inset-left));
          background: linear-gradient(rgb(0 0 0 / 0.7), rgb(0 0 0 / 0));
        }
        h1 {
          margin-right: auto;
        }
        stats-hud {
          top: calc(64px + env(safe-area-inset-top));
          left: calc(8px + env(safe-area-inset-left));
        }
        .controls {
          position: absolute;
          z-index: 2;
          left: 0;
          right: 0;
          bottom: 0;
          max-height: 100%;
          display: flex;
          flex-direction: column;
          pointer-events: none;
        }
        .controls > * {
          pointer-events: auto;
        }
        .messages {
          margin: 8px calc(8px + env(safe-area-inset-right)) 8px calc(8px + env(safe-area-inset-left));
        }
        .sheet {
          display: none;
          flex-direction: column;
          align-items: stretch;
          flex-wrap: nowrap;
          min-height: 0;
          max-height: 55vh;
          overflow: auto;
          padding: 10px calc(10px + env(safe-area-inset-right)) 10px calc(10px + env(safe-area-inset-left));
          background: rgb(26 26 26 / 0.96);
        }
        .sheet.open {
          display: flex;
        }
        .dock {
          flex-wrap: nowrap;
          justify-content: center;
          align-items: flex-end;
          gap: 8px;
          padding: 8px calc(8px + env(safe-area-inset-right)) calc(8px + env(safe-area-inset-bottom)) calc(8px + env(safe-area-inset-left));
          background: rgb(17 17 17 / 0.85);
        }
        .sheet-toggle {
          display: inline-block;
        }
      }
      @media ${unsafeCSS(PHONE_LANDSCAPE_QUERY)} {
        .top {
          right: auto;
          background: none;
        }
        h1 {
          display: none;
        }
        stats-hud {
          top: calc(64px + env(safe-area-inset-top));
        }
        .controls {
          top: 0;
          left: auto;
          flex-direction: row;
          align-items: stretch;
        }
        .dock {
          flex-direction: column;
          justify-content: center;
          padding: calc(8px + env(safe-area-inset-top)) calc(8px + env(safe-area-inset-right)) calc(8px + env(safe-area-inset-bottom)) 8px;
          --source-bar-direction: column;
        }
        .sheet {
          box-sizing: border-box;
          width: min(24em, 55vw);
          max-height: none;
          padding: calc(10px + env(safe-area-inset-top)) 10px calc(10px + env(safe-area-inset-bottom));
        }
        .messages {
          position: absolute;
          right: 100%;
          bottom: calc(env(safe-area-inset-bottom));
          width: min(24em, 50vw);
        }
      }
    `,
  ];

  constructor() {
    super();
    this.model = null;
    this.scoreThreshold = null;
    this.iouThreshold = null;
    this.maxDetections = null;
    this.backend = null;
    this.source = 'camera';
    this.settings = loadSettings();
    this.catalog = [];
    this.summary = null;
    this.result = null;
    this.fps = 0;
    this.messages = [];
    this.loading = false;
    this.sourceKind = null;
    this.imageUrl = null;
    this.cameras = [];
    this.torch = 'unsupported';
    this.sheetOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.wakeLock.addEventListener('change', this.onWakeLockChange);
    pwa.addEventListener('change', this.onPwaChange);
    pwa.addEventListener('model-cache-error', this.onModelCacheError);
    if (!this.started) {
      this.started = true;
      void this.start();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.wakeLock.removeEventListener('change', this.onWakeLockChange);
    pwa.removeEventListener('change', this.onPwaChange);
    pwa.removeEventListener('model-cache-error', this.onModelCacheError);
    void this.wakeLock.set(false);
    void this.stopSource();
    this.client?.dispose();
    this.client = null;
    this.started = false;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Attributes set after start-up (by a kiosk page or a test) apply like user settings.
    if (!this.client) return;
    if (changed.has('model') && this.model && changed.get('model') !== undefined) void this.selectModel(this.model);
    const thresholds = ['scoreThreshold', 'iouThreshold', 'maxDetections'] as const;
    if (thresholds.some((k) => changed.has(k) && changed.get(k) !== undefined)) void this.pushOptions();
  }

  override render() {
    const kind = this.sourceKind;
    return html`
      <camera-view mode=${kind === 'image' ? 'image' : kind ? 'video' : 'none'} .imageUrl=${this.imageUrl}
        .detections=${this.result?.detections ?? []} .frameWidth=${this.result?.width ?? 0} .frameHeight=${this.result?.height ?? 0}
        @source-file=${(e: CustomEvent<{ file: File }>) => this.openFile(e.detail.file)}
        @model-file=${(e: CustomEvent<{ file: File }>) => this.loadModelFile(e.detail.file)}>
        <stats-hud .result=${this.result} .backend=${this.summary?.backend ?? null} .fps=${this.fps}></stats-hud>
      </camera-view>
      <header class="top">
        <h1>Detector</h1>
        <update-prompt @update-accept=${() => this.acceptUpdate()}></update-prompt>
        <install-button></install-button>
        <about-device .backend=${this.summary?.backend ?? null} .wakeLock=${this.wakeLockText}></about-device>
      </header>
      <div class="controls">
        <div class="messages">
          ${this.messages.map(
            (m) => html`<div class="message ${m.kind}" role=${m.kind === 'error' ? 'alert' : 'status'} data-testid="message">
              <span>${m.text}</span><button aria-label="Dismiss" @click=${() => this.dismiss(m.id)}>×</button>
            </div>`,
          )}
        </div>
        <section class="sheet ${this.sheetOpen ? 'open' : ''}" id="sheet" aria-label="Model and settings">
          <model-picker .models=${this.catalog} .selected=${this.summary?.id ?? this.settings.modelId} ?busy=${this.loading}
            @model-select=${(e: CustomEvent<{ id: string }>) => this.selectModel(e.detail.id)}
            @model-file=${(e: CustomEvent<{ file: File }>) => this.loadModelFile(e.detail.file)}
            @model-url=${(e: CustomEvent<{ url: string }>) => this.loadModelUrl(e.detail.url)}></model-picker>
          <settings-panel .settings=${this.settings} .classNames=${this.summary?.classNames ?? []}
            @settings-change=${(e: CustomEvent<Partial<Settings>>) => this.updateSettings(e.detail)}></settings-panel>
        </section>
        <nav class="dock" aria-label="Source">
          <source-bar .cameras=${this.cameras} .cameraId=${this.settings.cameraId} .facing=${this.settings.facing} .active=${kind} .torch=${this.torch}
            @source-camera=${(e: CustomEvent<CameraChoice>) => this.startCamera(e.detail)}
            @source-file=${(e: CustomEvent<{ file: File }>) => this.openFile(e.detail.file)}
            @torch-toggle=${(e: CustomEvent<{ on: boolean }>) => this.toggleTorch(e.detail.on)}></source-bar>
          <button class="sheet-toggle" aria-expanded=${this.sheetOpen} aria-controls="sheet" @click=${() => (this.sheetOpen = !this.sheetOpen)}>Settings</button>
        </nav>
      </div>
    `;
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    // Keep the screen on while a live picture is being detected.
    if (changed.has('sourceKind')) void this.wakeLock.set(this.sourceKind === 'camera' || this.sourceKind === 'video');
  }

  /** The backend that runs now, for pages that embed the element. */
  get backendInfo(): BackendInfo | null {
    return this.summary?.backend ?? null;
  }

  /** Diagnostics: destroys the detector's GPU device, as a driver reset would, to exercise recovery. */
  async loseGpuDevice(): Promise<boolean> {
    return (await this.client?.destroyGpuDevice()) ?? false;
  }

  private get view(): CameraView {
    return this.renderRoot.querySelector('camera-view')!;
  }

  private async start(): Promise<void> {
    this.client = new DetectorClient();
    this.feed = new FrameFeed(this.client);
    this.client.onCrash = (reason) => void this.recoverFromCrash(reason);
    await this.client.setListener((event) => this.onStreamEvent(event));
    await this.pushOptions();
    try {
      const catalog = await fetchCatalog();
      this.catalog = catalog.models;
      await this.selectModel(this.model ?? (this.settings.modelId || catalog.default));
    } catch (error) {
      this.say((error as Error).message);
    }
    await this.updateComplete;
    if (this.source !== 'none') await this.startCamera({ deviceId: this.settings.cameraId ?? undefined, facing: this.settings.facing });
  }

  private effectiveOptions() {
    const classes = this.settings.classes && this.summary
      ? this.summary.classNames.flatMap((name, id) => (this.settings.classes!.includes(name) ? [id] : []))
      : null;
    return {
      scoreThreshold: this.scoreThreshold ?? this.settings.scoreThreshold,
      iouThreshold: this.iouThreshold ?? this.settings.iouThreshold,
      maxDetections: this.maxDetections ?? this.settings.maxDetections,
      classes,
    };
  }

  private async pushOptions(): Promise<void> {
    await this.client?.setOptions(this.effectiveOptions());
    if (this.sourceKind === 'image') await this.detectImage();
  }

  private updateSettings(patch: Partial<Settings>): void {
    this.settings = { ...this.settings, ...patch };
    // A slider the user moves wins over the attribute that set it.
    if ('scoreThreshold' in patch) this.scoreThreshold = null;
    if ('iouThreshold' in patch) this.iouThreshold = null;
    if ('maxDetections' in patch) this.maxDetections = null;
    saveSettings(this.settings);
    if ('backend' in patch) {
      this.backend = null;
      void this.selectModel(this.summary?.id ?? this.settings.modelId);
    } else {
      void this.pushOptions();
    }
  }

  private async selectModel(id: string): Promise<void> {
    const model = this.catalog.find((m) => m.id === id);
    if (!model) {
      this.say(`There is no built-in model "${id}".`);
      return;
    }
    await this.loadModel({ id: model.id, name: model.name, url: modelUrl(model), backend: this.backendPreference() });
    // Keep it on the device (verified against its sha256) so that the app detects offline too.
    if (this.summary?.id === model.id) void pwa.keepModel(model);
  }

  private async loadModelFile(file: File): Promise<void> {
    await this.loadModel({ id: file.name, name: file.name, bytes: await file.arrayBuffer(), backend: this.backendPreference() });
  }

  private async loadModelUrl(url: string): Promise<void> {
    await this.loadModel({ id: url, name: url, url, backend: this.backendPreference() });
  }

  private backendPreference(): BackendPreference {
    return this.backend ?? this.settings.backend;
  }

  private async loadModel(request: ModelRequest): Promise<void> {
    if (!this.client) return;
    this.loading = true;
    const generation = this.client.generation;
    try {
      this.summary = await this.client.loadModel(request);
      if (this.client.generation !== generation) await this.reattachFeed();
      if (this.catalog.some((m) => m.id === request.id)) {
        this.settings = { ...this.settings, modelId: request.id };
        saveSettings(this.settings);
      }
      this.say(`${this.summary.name} runs on ${this.summary.backend.name.toUpperCase()}: ${this.summary.backend.reason}.`, 'info');
      await this.pushOptions();
    } catch (error) {
      const still = this.summary ? ` ${this.summary.name} keeps running.` : '';
      this.say(`${(error as Error).message}${still}`);
    } finally {
      this.loading = false;
    }
  }

  private async startCamera(choice: CameraChoice): Promise<void> {
    await this.stopSource();
    try {
      this.stream = await openCamera(choice);
    } catch (error) {
      this.say((error as Error).message);
      return;
    }
    const track = this.stream.getVideoTracks()[0];
    const settings = track?.getSettings();
    this.settings = { ...this.settings, cameraId: settings?.deviceId ?? choice.deviceId ?? null, facing: choice.facing ?? this.settings.facing };
    saveSettings(this.settings);
    this.torch = torchSupported(track) ? 'off' : 'unsupported';
    track?.addEventListener('ended', () => this.say('The camera stopped (disconnected or taken by another app). Press Camera to reconnect.'));
    this.sourceKind = 'camera';
    await this.playInView(this.stream, null);
    this.cameras = await listCameras().catch(() => []);
  }

  private async openFile(file: File): Promise<void> {
    if (file.type.startsWith('image/')) return this.openImage(file);
    if (file.type.startsWith('video/')) return this.openVideo(file);
    if (file.name.toLowerCase().endsWith('.onnx')) return this.loadModelFile(file);
    this.say(`"${file.name}" is not an image, a video or an .onnx model.`);
  }

  private async openVideo(file: File): Promise<void> {
    await this.stopSource();
    this.sourceKind = 'video';
    await this.playInView(null, URL.createObjectURL(file));
  }

  private async playInView(stream: MediaStream | null, url: string | null): Promise<void> {
    await this.updateComplete;
    const video = this.view.video;
    video.srcObject = stream;
    if (url) {
      video.src = url;
      video.loop = true;
    }
    try {
      await video.play();
      await this.feed?.start(video, stream);
    } catch (error) {
      this.say(`The video could not be played: ${(error as Error).message}`);
    }
  }

  private async openImage(file: File): Promise<void> {
    await this.stopSource();
    this.sourceKind = 'image';
    this.imageFile = file;
    this.imageUrl = URL.createObjectURL(file);
    await this.detectImage();
  }

  private async detectImage(): Promise<void> {
    if (!this.imageFile || !this.client || !this.summary) return;
    let bitmap: ImageBitmap;
    try {
      // The file's own pixels, as the models saw in training (OpenCV ignores embedded colour profiles).
      bitmap = await createImageBitmap(this.imageFile, { colorSpaceConversion: 'none' });
    } catch {
      this.say('This image could not be read.');
      return;
    }
    try {
      this.onResult(await this.client.detect(bitmap));
    } catch (error) {
      this.say((error as Error).message);
    }
  }

  private async stopSource(): Promise<void> {
    await this.feed?.stop();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    const video = this.renderRoot.querySelector('video');
    if (video) {
      if (video.src.startsWith('blob:')) URL.revokeObjectURL(video.src);
      video.removeAttribute('src');
      video.srcObject = null;
    }
    if (this.imageUrl) URL.revokeObjectURL(this.imageUrl);
    this.imageUrl = null;
    this.imageFile = null;
    this.result = null;
    this.sourceKind = null;
    this.torch = 'unsupported';
    this.fpsMeter.reset();
  }

  private async toggleTorch(on: boolean): Promise<void> {
    const track = this.stream?.getVideoTracks()[0];
    if (!track) return;
    try {
      this.torch = (await setTorch(track, on)) ? 'on' : 'off';
    } catch (error) {
      this.say(`The torch could not be switched ${on ? 'on' : 'off'}: ${(error as Error).message}`);
    }
  }

  /** Hidden page: the camera is released and the worker gets no frames (it idles); shown again: both resume. */
  private readonly onVisibilityChange = (): void => {
    const hidden = document.visibilityState === 'hidden';
    this.visibilityTask = this.visibilityTask.then(() => (hidden ? this.pauseWhileHidden() : this.resumeWhenShown())).catch(() => undefined);
  };

  private async pauseWhileHidden(): Promise<void> {
    if (this.paused) return;
    if (this.sourceKind === 'camera') {
      this.paused = { camera: { deviceId: this.settings.cameraId ?? undefined, facing: this.settings.facing } };
      await this.stopSource();
    } else if (this.sourceKind === 'video') {
      this.paused = { video: true };
      this.view.video.pause();
      await this.feed?.stop();
    }
  }

  private async resumeWhenShown(): Promise<void> {
    const paused = this.paused;
    this.paused = null;
    if (paused?.camera && this.sourceKind === null) await this.startCamera(paused.camera);
    if (paused?.video && this.sourceKind === 'video') {
      await this.view.video.play().catch(() => undefined);
      await this.feed?.start(this.view.video, null);
    }
  }

  private readonly onWakeLockChange = (): void => this.requestUpdate();

  /** The screen wake lock's state in words, for the About panel. */
  private get wakeLockText(): string {
    const live = this.sourceKind === 'camera' || this.sourceKind === 'video';
    if (this.wakeLock.active) return 'yes (while detecting)';
    if (!this.wakeLock.supported) return 'unsupported by this browser';
    if (this.wakeLock.error) return `no (${this.wakeLock.error})`;
    return live ? 'no' : 'not needed (not detecting)';
  }

  /** Says once, on the first visit, when the service worker has made the app work offline. */
  private readonly onPwaChange = (): void => {
    const { offlineReady, registered } = pwa.state;
    if (offlineReady && !this.offlineKnown && this.pwaRegistered) this.say('The app is ready to work offline.', 'info');
    this.offlineKnown ||= offlineReady;
    this.pwaRegistered = registered;
  };

  private offlineKnown = false;
  private pwaRegistered = false;

  private readonly onModelCacheError = (event: Event): void => {
    this.say(`The model could not be kept for offline use: ${(event as CustomEvent<string>).detail}`);
  };

  /** The user accepted the new version: stop detecting first, then let it take over (the page reloads). */
  private async acceptUpdate(): Promise<void> {
    if (!pwa.state.updateWaiting) return;
    await this.stopSource();
    this.client?.dispose();
    this.client = null;
    pwa.applyUpdate();
  }

  private onStreamEvent(event: StreamEvent): void {
    this.feed?.resultArrived();
    if ('result' in event) this.onResult(event.result);
    else this.say(`A frame failed: ${event.error}`);
  }

  private onResult(result: FrameResult): void {
    this.result = result;
    this.fps = this.fpsMeter.tick(performance.now());
    const detail: DetectionsEventDetail = {
      frame: result.frame,
      width: result.width,
      height: result.height,
      backend: result.backend,
      pipeline: result.pipeline,
      timings: result.timings,
      detections: result.detections,
    };
    this.dispatchEvent(new CustomEvent('detections', { detail, bubbles: true, composed: true }));
  }

  private async recoverFromCrash(reason: string): Promise<void> {
    // A worker that dies right after every start (a broken deployment) must not restart forever.
    const now = performance.now();
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < 60_000), now];
    if (this.crashTimes.length > 3) {
      this.say(`The detector keeps stopping (${reason}). Reload the page to try again.`);
      return;
    }
    this.say(`The detector stopped (${reason}); restarting it.`);
    try {
      this.summary = (await this.client?.restart()) ?? this.summary;
      await this.client?.setOptions(this.effectiveOptions());
      await this.reattachFeed();
      if (this.summary) this.say(`Detecting again on ${this.summary.backend.name.toUpperCase()}.`, 'info');
    } catch (error) {
      this.say(`The detector could not be restarted: ${(error as Error).message}`);
    }
  }

  /** A new worker has no frame source yet: hand it the playing video (or the image) again. */
  private async reattachFeed(): Promise<void> {
    if (this.sourceKind === 'camera' || this.sourceKind === 'video') await this.feed?.start(this.view.video, this.stream);
    if (this.sourceKind === 'image') await this.detectImage();
  }

  private say(text: string, kind: Message['kind'] = 'error'): void {
    // The same error from every frame is said once: it must not push the message that explains it away.
    if (kind === 'error' && this.messages.some((m) => m.kind === 'error' && m.text === text)) return;
    const message = { id: ++this.messageId, text, kind };
    // Errors stay until dismissed; a new note replaces the old one and fades. Keep the last few only.
    const kept = kind === 'info' ? this.messages.filter((m) => m.kind !== 'info') : this.messages;
    this.messages = [...kept, message].slice(-3);
    if (kind === 'info') setTimeout(() => this.dismiss(message.id), 6000);
  }

  private dismiss(id: number): void {
    this.messages = this.messages.filter((m) => m.id !== id);
  }
}

customElements.define('detector-app', DetectorApp);

declare global {
  interface HTMLElementTagNameMap {
    'detector-app': DetectorApp;
  }
}
