import { css, html, LitElement, nothing, unsafeCSS } from 'lit';
import { PHONE_QUERY } from '../app/layout';
import type { BackendInfo, FrameResult, StageTimings } from '../engine/types';

const STAGES: Array<keyof StageTimings> = ['capture', 'preprocess', 'inference', 'postprocess', 'total'];

/** Frame rate, per-stage milliseconds and the backend, in a corner of the picture. */
export class StatsHud extends LitElement {
  static override properties = {
    result: { attribute: false },
    backend: { attribute: false },
    fps: { type: Number },
  };

  declare result: FrameResult | null;
  declare backend: BackendInfo | null;
  declare fps: number;

  static override styles = css`
    :host {
      display: block;
      font: 12px/1.4 ui-monospace, monospace;
      color: #e8ffe8;
      background: rgb(0 0 0 / 0.6);
      padding: 6px 8px;
      border-radius: 6px;
      pointer-events: none;
      min-width: 11em;
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
      dl {
        display: none;
      }
    }
  `;

  constructor() {
    super();
    this.result = null;
    this.backend = null;
    this.fps = 0;
  }

  override render() {
    const timings = this.result?.timings;
    return html`
      <div><span class="fps" data-testid="fps">${this.fps.toFixed(1)}</span> fps ·
        <span class="backend" data-testid="backend">${this.backend?.name ?? '…'}</span></div>
      ${this.backend ? html`<div class="reason">${this.backend.reason}</div>` : nothing}
      ${timings
        ? html`<dl>${STAGES.map((s) => html`<dt>${s}</dt><dd>${timings[s].toFixed(1)} ms</dd>`)}</dl>`
        : nothing}
    `;
  }
}

customElements.define('stats-hud', StatsHud);

declare global {
  interface HTMLElementTagNameMap {
    'stats-hud': StatsHud;
  }
}
