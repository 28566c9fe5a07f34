import { css, html, LitElement, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { boxOnScreen, detectionAt } from './lib/box-hit';
import { PHONE_QUERY, watchMedia } from './lib/media-queries';
import { iou } from '../detection/nms';
import type { ObjectFit } from '../detection/object-fit';
import type { Detection } from '../detection/types';
import { VideoPlaybackController } from './controllers/video-playback-controller';
import type { MonitorCounts } from '../monitor/scene';
import type { MonitorConfig } from '../monitor/types';
import './detection-overlay';
import './scene-editor';

export type { VideoReadyDetail } from './controllers/video-playback-controller';

/** A box the user tapped: its label and score stay shown (following the object) for a few seconds. */
interface BoxTag {
  detection: Detection;
}

/**
 * `<source-view>`, the picture of whichever source is on: a live <video> (a camera's `stream`, or a video file's
 * `videoUrl`, looped) or a still image (`imageUrl`), with the detection overlay on top. The video plays by itself; once it does, `video-ready`
 * ({ video, stream, url }) says so (again after `paused` was lifted); `video-error` ({ message }) when it cannot.
 * Files dropped on it are re-emitted as `source-file` (images, videos) or `model-file` (.onnx).
 * On a phone a live picture fills the screen (object-fit: cover). Tapping a box shows its label and score.
 */
export class SourceView extends LitElement {
  static override properties = {
    mode: {},
    stream: { attribute: false },
    videoUrl: { attribute: false },
    paused: { attribute: false },
    imageUrl: { attribute: false },
    detections: { attribute: false },
    frameWidth: { attribute: false },
    frameHeight: { attribute: false },
    monitorConfig: { attribute: false },
    counts: { attribute: false },
    editing: { type: Boolean },
    trails: { type: Boolean },
    dragging: { state: true },
    phone: { state: true },
    tag: { state: true },
  };

  declare mode: 'video' | 'image' | 'none';
  declare stream: MediaStream | null;
  declare videoUrl: string | null;
  declare paused: boolean;
  declare imageUrl: string | null;
  declare detections: Detection[];
  declare frameWidth: number;
  declare frameHeight: number;
  /** Zones and lines drawn over the picture (and edited there while `editing`). */
  declare monitorConfig: MonitorConfig | null;
  declare counts: MonitorCounts | null;
  declare editing: boolean;
  declare trails: boolean;
  declare dragging: boolean;
  declare phone: boolean;
  declare tag: BoxTag | null;
  private stopWatching: (() => void) | null = null;
  private tagTimer: ReturnType<typeof setTimeout> | undefined;

  static override styles = css`
    :host {
      position: relative;
      display: block;
      background: #000;
      overflow: hidden;
    }
    video,
    img {
      position: absolute;
      inset: 0;
      width: 100%;
      height: 100%;
      object-fit: contain;
    }
    video.cover {
      object-fit: cover;
    }
    .tag {
      position: absolute;
      z-index: 1;
      padding: 4px 10px;
      border-radius: 8px;
      background: rgb(0 0 0 / 0.8);
      border: 2px solid #fff;
      color: #fff;
      font: 600 16px/1.3 system-ui, sans-serif;
      white-space: nowrap;
      pointer-events: none;
      transform: translate(-50%, -100%);
    }
    .tag-box {
      position: absolute;
      border: 3px solid #fff;
      border-radius: 4px;
      box-shadow: 0 0 0 2px rgb(0 0 0 / 0.6);
      pointer-events: none;
    }
    [hidden] {
      display: none;
    }
    /* While zones and lines are drawn, the editor and its toolbar are above the HUD and the tap tag. */
    scene-editor[editing] {
      z-index: 2;
    }
    .hint {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      color: #aaa;
      text-align: center;
      padding: 1em;
    }
    :host([dragging]) .drop,
    .drop.on {
      position: absolute;
      inset: 8px;
      border: 3px dashed #8cf;
      border-radius: 12px;
      background: rgb(40 80 120 / 0.3);
    }
  `;

  constructor() {
    super();
    // Plays `stream` or `videoUrl` in the <video>, and says when it plays.
    new VideoPlaybackController(this);
    this.mode = 'none';
    this.stream = null;
    this.videoUrl = null;
    this.paused = false;
    this.imageUrl = null;
    this.detections = [];
    this.frameWidth = 0;
    this.frameHeight = 0;
    this.monitorConfig = null;
    this.counts = null;
    this.editing = false;
    this.trails = false;
    this.dragging = false;
    this.phone = false;
    this.tag = null;
    this.addEventListener('click', (e) => this.onTap(e));
    this.addEventListener('dragover', (e) => {
      e.preventDefault();
      this.dragging = true;
    });
    this.addEventListener('dragleave', () => (this.dragging = false));
    this.addEventListener('drop', (e) => this.onDrop(e));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopWatching = watchMedia(PHONE_QUERY, (matches) => (this.phone = matches));
  }

  override disconnectedCallback(): void {
    this.stopWatching?.();
    clearTimeout(this.tagTimer);
    super.disconnectedCallback();
  }

  /** How the picture is fitted: a live picture fills a phone's screen; elsewhere all of it is shown. */
  get fit(): ObjectFit {
    return this.phone && this.mode === 'video' ? 'cover' : 'contain';
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // The tapped object moves and its score changes: follow it from frame to frame.
    if (changed.has('detections') && this.tag) {
      const { detection } = this.tag;
      const same = this.detections.filter((d) => d.classId === detection.classId);
      const next = same.reduce<Detection | null>(
        (best, d) => (iou(d.box, detection.box) > (best ? iou(best.box, detection.box) : 0.3) ? d : best),
        null,
      );
      if (next) this.tag = { detection: next };
    }
    if (changed.has('mode') && this.mode === 'none') this.tag = null;
  }

  /** The <video> it owns (for reading only: tests and benchmarks watch it). */
  get video(): HTMLVideoElement {
    return this.renderRoot.querySelector('video')!;
  }

  override render() {
    return html`
      <video playsinline muted autoplay class=${this.fit} ?hidden=${this.mode !== 'video'}></video>
      <img alt="Image being analysed" ?hidden=${this.mode !== 'image'} src=${this.imageUrl ?? ''} />
      ${
        this.mode === 'none'
          ? html`<div class="hint">Start the camera, open a video or an image, or drop a file here.</div>`
          : html`<detection-overlay .detections=${this.detections} .masks=${this.monitorConfig?.masks ?? []} .frameWidth=${this.frameWidth} .frameHeight=${this.frameHeight} fit=${this.fit} ?trails=${this.trails}></detection-overlay>
            ${
              this.monitorConfig
                ? html`<scene-editor .config=${this.monitorConfig} .counts=${this.counts} .frameWidth=${this.frameWidth} .frameHeight=${this.frameHeight}
                  fit=${this.fit === 'cover' ? 'cover' : 'contain'} ?editing=${this.editing}></scene-editor>`
                : nothing
            }`
      }
      ${this.renderTag()}
      <div class="drop ${this.dragging ? 'on' : ''}"></div>
      <slot></slot>
    `;
  }

  private renderTag() {
    if (!this.tag || this.mode === 'none') return nothing;
    const { detection } = this.tag;
    const r = boxOnScreen(detection, {
      fit: this.fit,
      viewWidth: this.clientWidth,
      viewHeight: this.clientHeight,
      frameWidth: this.frameWidth,
      frameHeight: this.frameHeight,
    });
    const left = Math.min(Math.max(r.x + r.width / 2, 60), this.clientWidth - 60);
    const top = Math.max(r.y, 36);
    return html`<div class="tag-box" style=${styleMap({ left: `${r.x}px`, top: `${r.y}px`, width: `${r.width}px`, height: `${r.height}px` })}></div>
      <div class="tag" role="status" data-testid="box-tag" style=${styleMap({ left: `${left}px`, top: `${top}px` })}>
        ${detection.label} ${(detection.score * 100).toFixed(0)}%
      </div>`;
  }

  /** A tap (or click) on the picture: show the tapped box's label and score. Taps on slotted controls are theirs. */
  private onTap(event: MouseEvent): void {
    // Taps on slotted controls are theirs; while zones and lines are edited, taps draw them.
    if (this.mode === 'none' || this.editing || event.composedPath().some((n) => n instanceof HTMLSlotElement)) return;
    const rect = this.getBoundingClientRect();
    const detection = detectionAt(this.detections, event.clientX - rect.left, event.clientY - rect.top, {
      fit: this.fit,
      viewWidth: rect.width,
      viewHeight: rect.height,
      frameWidth: this.frameWidth,
      frameHeight: this.frameHeight,
    });
    clearTimeout(this.tagTimer);
    if (!detection) {
      this.tag = null;
      return;
    }
    this.tag = { detection };
    this.tagTimer = setTimeout(() => (this.tag = null), 5000);
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging = false;
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    const type = file.name.toLowerCase().endsWith('.onnx') ? 'model-file' : 'source-file';
    this.dispatchEvent(new CustomEvent(type, { detail: { file }, bubbles: true, composed: true }));
  }
}

customElements.define('source-view', SourceView);

declare global {
  interface HTMLElementTagNameMap {
    'source-view': SourceView;
  }
}
