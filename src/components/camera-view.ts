import { css, html, LitElement } from 'lit';
import type { Detection } from '../detection/types';
import './detection-overlay';

/**
 * The picture: a live <video> (camera or video file) or a still image, with the detection overlay on top.
 * Files dropped on it are re-emitted as `source-file` (images, videos) or `model-file` (.onnx).
 */
export class CameraView extends LitElement {
  static override properties = {
    mode: {},
    imageUrl: { attribute: false },
    detections: { attribute: false },
    frameWidth: { attribute: false },
    frameHeight: { attribute: false },
    dragging: { state: true },
  };

  declare mode: 'video' | 'image' | 'none';
  declare imageUrl: string | null;
  declare detections: Detection[];
  declare frameWidth: number;
  declare frameHeight: number;
  declare dragging: boolean;

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
    [hidden] {
      display: none;
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
    this.mode = 'none';
    this.imageUrl = null;
    this.detections = [];
    this.frameWidth = 0;
    this.frameHeight = 0;
    this.dragging = false;
    this.addEventListener('dragover', (e) => {
      e.preventDefault();
      this.dragging = true;
    });
    this.addEventListener('dragleave', () => (this.dragging = false));
    this.addEventListener('drop', (e) => this.onDrop(e));
  }

  get video(): HTMLVideoElement {
    return this.renderRoot.querySelector('video')!;
  }

  override render() {
    return html`
      <video playsinline muted autoplay ?hidden=${this.mode !== 'video'}></video>
      <img alt="Image being analysed" ?hidden=${this.mode !== 'image'} src=${this.imageUrl ?? ''} />
      ${this.mode === 'none'
        ? html`<div class="hint">Start the camera, open a video or an image, or drop a file here.</div>`
        : html`<detection-overlay .detections=${this.detections} .frameWidth=${this.frameWidth} .frameHeight=${this.frameHeight} fit="contain"></detection-overlay>`}
      <div class="drop ${this.dragging ? 'on' : ''}"></div>
      <slot></slot>
    `;
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

customElements.define('camera-view', CameraView);

declare global {
  interface HTMLElementTagNameMap {
    'camera-view': CameraView;
  }
}
