import { css, html, LitElement } from 'lit';
import type { Settings } from '../app/settings';
import { MAX_DETECTIONS_LIMIT } from '../detection/types';
import type { BackendPreference } from '../engine/types';
import { classColor } from './class-colors';
import { controlStyles } from './ui-styles';

/** Thresholds, max detections, backend and the class filter. Emits `settings-change` with the changed fields. */
export class SettingsPanel extends LitElement {
  static override properties = {
    settings: { attribute: false },
    classNames: { attribute: false },
  };

  declare settings: Settings;
  declare classNames: string[];

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      input[type='range'] {
        width: 9em;
      }
      output {
        min-width: 3em;
        font-variant-numeric: tabular-nums;
      }
      .classes {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9em, 1fr));
        gap: 2px 10px;
        max-height: 40vh;
        overflow: auto;
        margin-top: 6px;
      }
      .swatch {
        width: 0.8em;
        height: 0.8em;
        border-radius: 2px;
        display: inline-block;
      }
      summary {
        cursor: pointer;
        min-height: 28px;
      }
      @media (pointer: coarse) {
        summary,
        .classes label {
          min-height: 40px;
        }
        summary {
          line-height: 40px;
        }
      }
    `,
  ];

  override render() {
    const s = this.settings;
    if (!s) return null;
    const shown = s.classes ? new Set(s.classes) : null;
    return html`
      <div class="row">
        ${this.slider('Score', 'scoreThreshold', s.scoreThreshold, 0.01, 0.99, 0.01)}
        ${this.slider('IoU', 'iouThreshold', s.iouThreshold, 0.05, 0.95, 0.05)}
        ${this.slider('Max boxes', 'maxDetections', s.maxDetections, 1, MAX_DETECTIONS_LIMIT, 1)}
        <label>Backend
          <select aria-label="Backend" @change=${(e: Event) => this.change({ backend: (e.target as HTMLSelectElement).value as BackendPreference })}>
            ${(['auto', 'webgpu', 'wasm'] as const).map((b) => html`<option value=${b} ?selected=${s.backend === b}>${b}</option>`)}
          </select>
        </label>
        <label><input type="checkbox" .checked=${s.trails} @change=${(e: Event) => this.change({ trails: (e.target as HTMLInputElement).checked })} />Trails</label>
      </div>
      <details>
        <summary>Classes: ${shown ? `${shown.size} of ${this.classNames.length}` : 'all'}</summary>
        <div class="row">
          <button @click=${() => this.change({ classes: null })}>All</button>
          <button @click=${() => this.change({ classes: [] })}>None</button>
        </div>
        <div class="classes">
          ${this.classNames.map(
            (name, id) => html`<label>
              <input type="checkbox" .checked=${!shown || shown.has(name)} @change=${(e: Event) => this.toggle(name, (e.target as HTMLInputElement).checked)} />
              <span class="swatch" style="background:${classColor(id)}"></span>${name}
            </label>`,
          )}
        </div>
      </details>
    `;
  }

  private slider(
    label: string,
    key: 'scoreThreshold' | 'iouThreshold' | 'maxDetections',
    value: number,
    min: number,
    max: number,
    step: number,
  ) {
    return html`<label>${label}
      <input type="range" aria-label=${label} min=${min} max=${max} step=${step} .value=${String(value)}
        @input=${(e: Event) => this.change({ [key]: Number((e.target as HTMLInputElement).value) })} />
      <output>${step < 1 ? value.toFixed(2) : value}</output>
    </label>`;
  }

  private toggle(name: string, on: boolean): void {
    const current = new Set(this.settings.classes ?? this.classNames);
    if (on) current.add(name);
    else current.delete(name);
    const all = this.classNames.every((n) => current.has(n));
    this.change({ classes: all ? null : this.classNames.filter((n) => current.has(n)) });
  }

  private change(patch: Partial<Settings>): void {
    this.dispatchEvent(new CustomEvent('settings-change', { detail: patch, bubbles: true, composed: true }));
  }
}

customElements.define('settings-panel', SettingsPanel);

declare global {
  interface HTMLElementTagNameMap {
    'settings-panel': SettingsPanel;
  }
}
