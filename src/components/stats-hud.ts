import { css, html, LitElement, nothing, unsafeCSS } from 'lit';
import { PHONE_QUERY } from './lib/media-queries';
import type { BackendInfo, StageTimings } from '../engine/types';

const STAGES = [
  'capture',
  'preprocess',
  'inference',
  'postprocess',
  'monitor',
  'total',
] as const satisfies ReadonlyArray<keyof StageTimings>;

/** Frame rate, per-stage milliseconds and the backend, in a corner of the picture. */
export class StatsHud extends LitElement {
  static override properties = {
    timings: { attribute: false },
    backend: { attribute: false },
    fps: { type: Number },
    stalled: { type: Boolean },
  };

  /** The latest frame's stage timings (null before the first). */
  declare timings: StageTimings | null;
  declare backend: BackendInfo | null;
  declare fps: number;
  /** Frames are offered but no result comes: say so rather than show the last numbers. */
  declare stalled: boolean;

  static override styles = css`
    :host {
      display: block;
      font:
        12px/1.4 ui-monospace,
        monospace;
      color: #e8ffe8;
      background: rgb(0 0 0 / 0.6);
      padding: 6px 8px;
      border-radius: 6px;
      pointer-events: none;
      min-width: 11em;
    }
    .stalled {
      color: #ffb4a8;
      font-weight: 700;
    }
    .backend {
      font-weight: 600;
      text-transform: uppercase;
    }
    .reason {
      max-width: 22em;
      opacity: 0.8;
      white-space: normal;
    }
    dl {
      display: grid;
      grid-template-columns: auto auto;
      gap: 0 10px;
      margin: 4px 0 0;
    }
    dd {
      margin: 0;
      text-align: right;
    }
    /* Phones: the picture comes first; the HUD keeps to one line (the About panel has the details). */
    @media ${unsafeCSS(PHONE_QUERY)} {
      :host {
        min-width: 0;
      }
      .reason,
      .measured,
      dl {
        display: none;
      }
    }
  `;

  constructor() {
    super();
    this.timings = null;
    this.backend = null;
    this.fps = 0;
    this.stalled = false;
  }

  override render() {
    const timings = this.timings;
    if (this.stalled)
      return html`<div class="stalled" data-testid="stalled" role="status">Detector stalled: no results</div>`;
    return html`
      <div>
        <span class="fps" data-testid="fps">${this.fps.toFixed(1)}</span> fps ·
        <span class="backend" data-testid="backend">${this.backend?.name ?? '…'}</span>
      </div>
      ${this.backend?.measured ? html`<div class="measured" data-testid="hud-backend-times">${this.backend.measured.text}</div>` : nothing}
      ${this.backend ? html`<div class="reason" data-testid="hud-reason">${this.backend.reason}</div>` : nothing}
      ${
        timings
          ? html`<dl>
              ${STAGES.map((s) =>
                timings[s] === undefined
                  ? nothing
                  : html`<dt>${s}</dt>
                      <dd>${timings[s].toFixed(1)} ms</dd>`,
              )}
            </dl>`
          : nothing
      }
    `;
  }
}

customElements.define('stats-hud', StatsHud);

declare global {
  interface HTMLElementTagNameMap {
    'stats-hud': StatsHud;
  }
}
