import { css, html, LitElement } from 'lit';
import { boxOnScreen } from './lib/box-hit';
import { contentRect, type ObjectFit } from '../detection/object-fit';
import type { Detection } from '../detection/types';
import { TrailBook } from './lib/trails';
import { classColor, classTextColor } from './class-colors';
import type { PrivacyMask } from '../monitor/types';
import { paintMasks } from '../recording/paint-masks';

type ShownDetection = Detection & { trackId?: number };

/**
 * A canvas laid over a video or image that draws boxes, labels and scores where the picture is,
 * whatever the element's size and object-fit.
 */
export class DetectionOverlay extends LitElement {
  static override properties = {
    detections: { attribute: false },
    frameWidth: { attribute: false },
    frameHeight: { attribute: false },
    fit: {},
    trails: { type: Boolean },
    masks: { attribute: false },
  };

  declare detections: ShownDetection[];
  declare frameWidth: number;
  declare frameHeight: number;
  declare fit: ObjectFit;
  /** Draw a short trail behind each tracked object. */
  declare trails: boolean;
  /** Privacy masks, opaque: the screen shows what clips and snapshots show. */
  declare masks: PrivacyMask[];
  private readonly trailBook = new TrailBook();

  private readonly resizeObserver = new ResizeObserver(() => this.draw());

  static override styles = css`
    :host {
      position: absolute;
      inset: 0;
      pointer-events: none;
    }
    canvas {
      width: 100%;
      height: 100%;
      display: block;
    }
  `;

  constructor() {
    super();
    this.detections = [];
    this.frameWidth = 0;
    this.frameHeight = 0;
    this.fit = 'contain';
    this.trails = false;
    this.masks = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    this.resizeObserver.disconnect();
    super.disconnectedCallback();
  }

  override render() {
    return html`<canvas part="canvas"></canvas>`;
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('detections')) this.trailBook.add(this.detections, performance.now());
  }

  override updated(): void {
    this.draw();
  }

  private drawTrails(context: CanvasRenderingContext2D, view: Parameters<typeof boxOnScreen>[1]): void {
    for (const trail of this.trailBook.trails()) {
      if (trail.points.length < 2) continue;
      context.strokeStyle = classColor(trail.classId);
      context.globalAlpha = 0.7;
      context.beginPath();
      trail.points.forEach(([x, y], i) => {
        const [sx, sy] = trailPoint(x, y, view);
        if (i === 0) context.moveTo(sx, sy);
        else context.lineTo(sx, sy);
      });
      context.stroke();
      context.globalAlpha = 1;
    }
  }

  private draw(): void {
    const canvas = this.renderRoot.querySelector('canvas');
    if (!canvas) return;
    const ratio = devicePixelRatio || 1;
    const width = Math.round(this.clientWidth * ratio);
    const height = Math.round(this.clientHeight * ratio);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const context = canvas.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, width, height);
    if (!this.frameWidth || !this.frameHeight) return;
    // In device pixels: the canvas is sized to them.
    const view = {
      fit: this.fit,
      viewWidth: width,
      viewHeight: height,
      frameWidth: this.frameWidth,
      frameHeight: this.frameHeight,
    };
    const fontSize = Math.round(13 * ratio);
    context.font = `600 ${fontSize}px system-ui, sans-serif`;
    context.lineWidth = Math.max(2, 2 * ratio);
    context.textBaseline = 'top';
    const picture = contentRect(this.fit, width, height, this.frameWidth, this.frameHeight);
    paintMasks(context, this.masks, picture.width, picture.height, picture.x, picture.y);
    if (this.trails) this.drawTrails(context, view);
    for (const detection of this.detections) {
      const { x, y, width: boxWidth, height: boxHeight } = boxOnScreen(detection, view);
      const colour = classColor(detection.classId);
      context.strokeStyle = colour;
      context.strokeRect(x, y, boxWidth, boxHeight);
      const id = detection.trackId === undefined ? '' : `#${detection.trackId} `;
      const label = `${id}${detection.label} ${(detection.score * 100).toFixed(0)}%`;
      const textWidth = context.measureText(label).width + 8 * ratio;
      const labelHeight = fontSize + 6 * ratio;
      const labelY = y - labelHeight >= 0 ? y - labelHeight : y;
      context.fillStyle = colour;
      context.fillRect(x - context.lineWidth / 2, labelY, textWidth, labelHeight);
      context.fillStyle = classTextColor(detection.classId);
      context.fillText(label, x + 4 * ratio - context.lineWidth / 2, labelY + 3 * ratio);
    }
  }
}

// The trail's points are box anchors (bottom centre) in frame pixels; drawn as a fading polyline.
function trailPoint(x: number, y: number, view: Parameters<typeof boxOnScreen>[1]) {
  const r = boxOnScreen({ label: '', classId: 0, score: 0, box: [x, y, x, y] }, view);
  return [r.x, r.y] as const;
}

customElements.define('detection-overlay', DetectionOverlay);

declare global {
  interface HTMLElementTagNameMap {
    'detection-overlay': DetectionOverlay;
  }
}
