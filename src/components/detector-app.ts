import { html, LitElement, nothing } from 'lit';
import { effectiveBackend, effectiveOptions, loadSettings, saveSettings, type Settings } from '../app/settings';
import type { CameraChoice } from '../capture/camera';
import type { BackendInfo, BackendPreference, FrameResult } from '../engine/types';
import './about-device';
import './alert-banner';
import './app-messages';
import './source-view';
import './install-button';
import './health-panel';
import './mqtt-status';
import './kiosk-lock';
import './monitor-panel';
import './model-picker';
import './settings-panel';
import './source-bar';
import './stats-hud';
import './update-prompt';
import type { VideoReadyDetail } from './source-view';
import { DetectorController } from './controllers/detector-controller';
import { MessagesController } from './controllers/messages-controller';
import { MonitorController } from './controllers/monitor-controller';
import { MqttController } from './controllers/mqtt-controller';
import { AlertsController, type AlertActivity } from './controllers/alerts-controller';
import { configUrlOf } from '../app/config-url';
import { kioskRequested } from '../app/kiosk';
import type { MonitorConfig, MonitorEvent } from '../monitor/types';
import type { MonitorPanel } from './monitor-panel';
import { PwaNoticesController } from './controllers/pwa-notices-controller';
import { SourceController } from './controllers/source-controller';
import { detectorAppStyles } from './detector-app.styles';
import { PHONE_QUERY } from './lib/media-queries';

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

type Detail<T> = CustomEvent<T>;

/**
 * The whole app. Attributes (`model`, `score-threshold`, `iou-threshold`, `max-detections`, `backend`,
 * `source`) override saved settings, and `monitor-config` (a URL on this site) sets the monitor's zones and
 * lines, so a kiosk page or a test can embed it; it dispatches a `detections` CustomEvent for every processed
 * frame and a `monitor-event` for every monitor event. The work is done by its controllers (detector, source,
 * monitor, messages, PWA notices); this element keeps the settings and lays out the parts.
 */
export class DetectorApp extends LitElement {
  static override properties = {
    model: {},
    scoreThreshold: { attribute: 'score-threshold', type: Number },
    iouThreshold: { attribute: 'iou-threshold', type: Number },
    maxDetections: { attribute: 'max-detections', type: Number },
    backend: {},
    source: {},
    monitorConfigUrl: { attribute: 'monitor-config' },
    settings: { state: true },
    sheetOpen: { state: true },
    monitorOpen: { type: Boolean, reflect: true, attribute: 'monitor-open' },
    kiosk: { type: Boolean, reflect: true },
    unlocked: { type: Boolean, reflect: true },
    healthOpen: { state: true },
  };

  declare model: string | null;
  declare scoreThreshold: number | null;
  declare iouThreshold: number | null;
  declare maxDetections: number | null;
  declare backend: BackendPreference | null;
  /** 'camera' (default) starts the camera on load; 'none' waits for the user. */
  declare source: 'camera' | 'none';
  declare settings: Settings;
  /** A monitor configuration to load (kiosk pages); same origin. */
  declare monitorConfigUrl: string | null;
  /** Phone layout: the model and settings sheet is open. */
  declare sheetOpen: boolean;
  /** The monitor panel (counts, chart, event log) is open. */
  declare monitorOpen: boolean;
  /** Kiosk (`?kiosk` or the attribute): the picture fills the screen, settings need the PIN, hidden pages keep watching. */
  declare kiosk: boolean;
  /** Kiosk: the right PIN was given; the controls show until Lock. */
  declare unlocked: boolean;
  declare healthOpen: boolean;

  static override styles = detectorAppStyles;

  private readonly messages = new MessagesController(this);
  private readonly detector = new DetectorController(this, {
    // The attributes are the overrides: they win over the saved settings until the user changes them.
    options: (classNames) => effectiveOptions(this.settings, this, classNames),
    backend: () => effectiveBackend(this.settings, this),
    say: this.messages.say,
    modelChosen: (modelId) => this.remember({ modelId }),
    onResult: (result) => {
      this.monitor.onResult(result);
      this.mqtt.onResult(result);
      this.dispatchEvent(
        new CustomEvent('detections', { detail: detectionsDetail(result), bubbles: true, composed: true }),
      );
    },
    reloadPage: () => location.reload(),
  });
  private readonly monitor = new MonitorController(this, {
    apply: (config) => this.detector.setMonitorConfig(config),
    say: this.messages.say,
    onEvent: (event) => this.onMonitorEvent(event),
  });
  private readonly alerts = new AlertsController(this, {
    rules: () => this.monitor.config.alerts ?? [],
    say: this.messages.say,
  });
  /** Events and counts to the MQTT broker of the monitor configuration in force, when it has one. */
  private readonly mqtt = new MqttController(this, () => this.monitor.config, this.messages.say);
  private readonly sources = new SourceController(this, {
    detector: this.detector,
    say: this.messages.say,
    savedCamera: () => ({ cameraId: this.settings.cameraId, facing: this.settings.facing }),
    rememberCamera: (camera) => this.remember(camera),
    keepRunningWhenHidden: () => this.kiosk,
  });
  private readonly notices = new PwaNoticesController(this, {
    say: this.messages.say,
    beforeUpdate: async () => {
      await this.sources.stop();
      this.detector.dispose();
    },
  });

  constructor() {
    super();
    this.model = null;
    this.scoreThreshold = null;
    this.iouThreshold = null;
    this.maxDetections = null;
    this.backend = null;
    this.source = 'camera';
    this.monitorConfigUrl = null;
    this.settings = loadSettings();
    this.sheetOpen = false;
    this.monitorOpen = false;
    this.kiosk = kioskRequested(location.href);
    this.unlocked = false;
    this.healthOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.detector.started) void this.start();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // Attributes set after start-up (by a kiosk page or a test) apply like user settings.
    if (!this.detector.started) return;
    if (changed.has('model') && this.model && changed.get('model') !== undefined)
      void this.detector.selectModel(this.model);
    const thresholds = ['scoreThreshold', 'iouThreshold', 'maxDetections'] as const;
    if (thresholds.some((k) => changed.has(k) && changed.get(k) !== undefined)) void this.detector.pushOptions();
    if (changed.has('monitorConfigUrl') && this.monitorConfigUrl && changed.get('monitorConfigUrl') !== undefined)
      void this.monitor.load(this.monitorConfigUrl);
  }

  override render() {
    const { detector, sources, settings, monitor } = this;
    const { result } = detector;
    const backend = detector.summary?.backend ?? null;
    const kind = sources.kind;
    return html`
      <source-view mode=${kind === 'image' ? 'image' : kind ? 'video' : 'none'}
        .stream=${sources.stream} .videoUrl=${sources.videoUrl} .paused=${sources.paused} .imageUrl=${sources.imageUrl}
        .detections=${result?.detections ?? []} .frameWidth=${result?.width ?? 0} .frameHeight=${result?.height ?? 0}
        .monitorConfig=${monitor.config} .counts=${monitor.counts} ?editing=${monitor.editing} ?trails=${settings.trails}
        @monitor-config-change=${(e: Detail<{ config: MonitorConfig }>) => monitor.set(e.detail.config, null)}
        @video-ready=${(e: Detail<VideoReadyDetail>) => sources.videoReady(e.detail)}
        @video-error=${(e: Detail<{ message: string }>) => sources.videoFailed(e.detail.message)}
        @source-file=${(e: Detail<{ file: File }>) => sources.openFile(e.detail.file)}
        @model-file=${(e: Detail<{ file: File; labels?: File }>) => detector.loadModelFile(e.detail.file, e.detail.labels)}>
        <stats-hud .timings=${result?.timings ?? null} .backend=${backend} .fps=${detector.fps} ?stalled=${detector.stalled}></stats-hud>
      </source-view>
      <header class="top">
        <h1>Detector</h1>
        <update-prompt @update-accept=${() => this.notices.acceptUpdate()}></update-prompt>
        <install-button></install-button>
        <about-device .backend=${backend} .wakeLock=${sources.wakeLockText}></about-device>
      </header>
      <monitor-panel id="monitor" class=${this.monitorOpen ? 'open' : ''} aria-label="Monitor" .config=${monitor.config} .counts=${monitor.counts}
        .history=${monitor.history} ?editing=${monitor.editing} .mqtt=${this.mqtt.status}
        @monitor-edit=${(e: Detail<{ editing: boolean }>) => this.editMonitor(e.detail.editing)}
        @monitor-import=${(e: Detail<{ file: File }>) => monitor.importFile(e.detail.file)}
        @monitor-export=${() => monitor.exportFile()}
        @alert-rules-change=${(e: Detail<{ rules: NonNullable<MonitorConfig['alerts']> }>) => monitor.set({ ...monitor.config, alerts: e.detail.rules }, 'Alert rules saved.')}
        @monitor-close=${() => (this.monitorOpen = false)}></monitor-panel>
      <alert-banners .banners=${this.alerts.banners} @alert-dismiss=${(e: Detail<{ id: string }>) => this.alerts.dismiss(e.detail.id)}></alert-banners>
      ${this.kiosk ? this.renderKiosk() : nothing}
      <div class="controls">
        <app-messages .messages=${this.messages.messages} @message-dismiss=${(e: Detail<{ id: number }>) => this.messages.dismiss(e.detail.id)}></app-messages>
        <section class="sheet ${this.sheetOpen ? 'open' : ''}" id="sheet" aria-label="Model and settings">
          <model-picker .models=${detector.catalog} .selected=${detector.summary?.id ?? settings.modelId} ?busy=${detector.loading}
            @model-select=${(e: Detail<{ id: string }>) => detector.selectModel(e.detail.id)}
            @model-file=${(e: Detail<{ file: File; labels?: File }>) => detector.loadModelFile(e.detail.file, e.detail.labels)}
            @model-url=${(e: Detail<{ url: string }>) => detector.loadModelUrl(e.detail.url)}></model-picker>
          <settings-panel .settings=${settings} .classNames=${detector.summary?.classNames ?? []}
            @settings-change=${(e: Detail<Partial<Settings>>) => this.updateSettings(e.detail)}></settings-panel>
        </section>
        <nav class="dock" aria-label="Source">
          <source-bar .cameras=${sources.cameras} .cameraId=${settings.cameraId} .facing=${settings.facing} .active=${kind} .torch=${sources.torch}
            @source-camera=${(e: Detail<CameraChoice>) => sources.startCamera(e.detail)}
            @source-file=${(e: Detail<{ file: File }>) => sources.openFile(e.detail.file)}
            @torch-toggle=${(e: Detail<{ on: boolean }>) => sources.toggleTorch(e.detail.on)}></source-bar>
          <button class="sheet-toggle" aria-expanded=${this.sheetOpen} aria-controls="sheet" @click=${() => (this.sheetOpen = !this.sheetOpen)}>Settings</button>
          <button class="monitor-toggle" aria-expanded=${this.monitorOpen} aria-controls="monitor" @click=${() => (this.monitorOpen = !this.monitorOpen)}>Monitor</button>
        </nav>
      </div>
    `;
  }

  /** Kiosk: Settings (behind the PIN) or Lock, and the health panel. */
  private renderKiosk() {
    const { detector } = this;
    const track = this.sources.stream?.getVideoTracks()[0];
    const camera = track
      ? {
          label: track.label,
          width: track.getSettings().width ?? null,
          height: track.getSettings().height ?? null,
          fps: track.getSettings().frameRate ?? null,
        }
      : null;
    const health = {
      backend: detector.summary?.backend.name ?? null,
      fps: detector.fps,
      p95Ms: detector.p95Ms,
      stalled: detector.stalled,
    };
    return html`<div class="kiosk">
      ${
        this.unlocked
          ? html`<button @click=${() => (this.unlocked = false)}>Lock</button>`
          : html`<kiosk-lock @kiosk-unlock=${() => (this.unlocked = true)}></kiosk-lock>`
      }
      <button aria-expanded=${this.healthOpen} @click=${() => (this.healthOpen = !this.healthOpen)}>Health</button>
      ${
        this.healthOpen
          ? html`<health-panel .camera=${camera} .detector=${health} .restarts=${detector.restarts}>
            ${this.mqtt.status ? html`<mqtt-status slot="mqtt" .status=${this.mqtt.status}></mqtt-status>` : nothing}
          </health-panel>`
          : nothing
      }
    </div>`;
  }

  /** Recoveries so far, for pages that embed the element and the soak script (`npm run soak`). */
  get health(): { restarts: number; reasons: string[] } {
    return { restarts: this.detector.restarts.length, reasons: this.detector.restarts.map((r) => r.reason) };
  }

  /** The backend that runs now, for pages that embed the element. */
  get backendInfo(): BackendInfo | null {
    return this.detector.summary?.backend ?? null;
  }

  /** Diagnostics: destroys the detector's GPU device, as a driver reset would, to exercise recovery. */
  loseGpuDevice(): Promise<boolean> {
    return this.detector.loseGpuDevice();
  }

  /** What the alert actions did since the page opened (diagnostics). */
  get alertActivity(): AlertActivity {
    return this.alerts.activity;
  }

  /** The configuration in force, as a file would hold it. */
  get monitorConfigText(): string {
    return this.monitor.configText;
  }

  private async start(): Promise<void> {
    await this.detector.start(this.model ?? (this.settings.modelId || null));
    // `?config=URL` in the page's address: a deployment is a link and a JSON file (the attribute wins).
    const asked = configUrlOf(location.href);
    if (asked && 'error' in asked) this.messages.say(asked.error);
    await this.monitor.start(this.monitorConfigUrl ?? (asked && 'url' in asked ? asked.url : null));
    if (this.source !== 'none' && this.isConnected) {
      await this.sources.startCamera({ deviceId: this.settings.cameraId ?? undefined, facing: this.settings.facing });
    }
  }

  /** On a phone the panel covers the picture: drawing zones and lines needs the picture, so the panel closes. */
  private editMonitor(editing: boolean): void {
    this.monitor.setEditing(editing);
    if (editing && matchMedia(PHONE_QUERY).matches) this.monitorOpen = false;
  }

  private onMonitorEvent(event: MonitorEvent): void {
    this.alerts.onEvent(event);
    this.renderRoot.querySelector<MonitorPanel>('monitor-panel')?.eventAdded(event);
    this.dispatchEvent(new CustomEvent('monitor-event', { detail: event, bubbles: true, composed: true }));
  }

  private updateSettings(patch: Partial<Settings>): void {
    // A control the user moves wins over the attribute that set it.
    if ('scoreThreshold' in patch) this.scoreThreshold = null;
    if ('iouThreshold' in patch) this.iouThreshold = null;
    if ('maxDetections' in patch) this.maxDetections = null;
    if ('backend' in patch) this.backend = null;
    this.remember(patch);
    if ('backend' in patch) void this.detector.selectModel(this.detector.summary?.id ?? this.settings.modelId);
    else void this.detector.pushOptions();
  }

  /** Saved settings, so that they are found again after a reload. */
  private remember(patch: Partial<Settings>): void {
    this.settings = { ...this.settings, ...patch };
    saveSettings(this.settings);
  }
}

function detectionsDetail({
  frame,
  width,
  height,
  backend,
  pipeline,
  timings,
  detections,
}: FrameResult): DetectionsEventDetail {
  return { frame, width, height, backend, pipeline, timings, detections };
}

customElements.define('detector-app', DetectorApp);

declare global {
  interface HTMLElementTagNameMap {
    'detector-app': DetectorApp;
  }
}
