import { css, html, LitElement, nothing } from 'lit';
import type { RestartRecord } from './controllers/detector-controller';

/** The camera as its track describes itself. */
export interface CameraHealth {
  label: string;
  width: number | null;
  height: number | null;
  fps: number | null;
}

export interface DetectorHealth {
  backend: string | null;
  fps: number;
  p95Ms: number;
  stalled: boolean;
}

/**
 * What a kiosk's caretaker checks at a glance: camera (label, resolution, frame rate), detector (backend, results
 * per second, p95 latency), restarts and why, MQTT (slotted: `<mqtt-status slot="mqtt">`), storage used and quota,
 * uptime. Shows what it is given, plus the storage estimate and the uptime, which it reads itself every few seconds.
 */
export class HealthPanel extends LitElement {
  static override properties = {
    camera: { attribute: false },
    detector: { attribute: false },
    restarts: { attribute: false },
    storage: { state: true },
    now: { state: true },
  };

  declare camera: CameraHealth | null;
  declare detector: DetectorHealth | null;
  declare restarts: RestartRecord[];
  declare storage: { usage: number; quota: number } | null;
  declare now: number;
  private timer: ReturnType<typeof setInterval> | null = null;

  static override styles = css`
    :host {
      display: block;
      font:
        13px/1.5 system-ui,
        sans-serif;
      color: #eee;
      background: rgb(0 0 0 / 0.8);
      padding: 10px 12px;
      border-radius: 8px;
      max-width: 24em;
    }
    dl {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 2px 10px;
      margin: 0;
    }
    dt {
      color: #aaa;
    }
    dd {
      margin: 0;
    }
    ol {
      margin: 0;
      padding-left: 1.2em;
    }
    .bad {
      color: #ffb4a8;
    }
  `;

  constructor() {
    super();
    this.camera = null;
    this.detector = null;
    this.restarts = [];
    this.storage = null;
    this.now = performance.now();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), 5000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    this.now = performance.now();
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    this.storage = estimate ? { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 } : null;
  }

  override render() {
    const { camera, detector, storage } = this;
    return html`
      <dl aria-label="Health">
        <dt>Camera</dt>
        <dd data-testid="health-camera">
          ${
            camera
              ? `${camera.label || 'camera'} · ${camera.width ?? '?'}×${camera.height ?? '?'} · ${camera.fps?.toFixed(0) ?? '?'} fps`
              : html`<span class="bad">none</span>`
          }
        </dd>
        <dt>Detector</dt>
        <dd data-testid="health-detector" class=${detector?.stalled ? 'bad' : ''}>
          ${
            detector
              ? `${detector.backend?.toUpperCase() ?? '…'} · ${detector.fps.toFixed(1)} fps · p95 ${detector.p95Ms.toFixed(0)} ms${detector.stalled ? ' · stalled' : ''}`
              : 'not started'
          }
        </dd>
        <dt>Restarts</dt>
        <dd data-testid="health-restarts">
          ${
            this.restarts.length === 0
              ? '0'
              : html`${this.restarts.length}
                  <ol>
                    ${this.restarts.slice(-5).map((r) => html`<li>${r.at.toLocaleTimeString()}: ${r.reason}</li>`)}
                  </ol>`
          }
        </dd>
        <dt>MQTT</dt>
        <dd><slot name="mqtt">not configured</slot></dd>
        <dt>Storage</dt>
        <dd data-testid="health-storage">
          ${storage ? `${megabytes(storage.usage)} of ${megabytes(storage.quota)}` : 'unknown'}
        </dd>
        <dt>Uptime</dt>
        <dd data-testid="health-uptime">${duration(this.now)}</dd>
      </dl>
      ${nothing}
    `;
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h} h ${String(m).padStart(2, '0')} min ${String(s % 60).padStart(2, '0')} s`;
}

customElements.define('health-panel', HealthPanel);

declare global {
  interface HTMLElementTagNameMap {
    'health-panel': HealthPanel;
  }
}
