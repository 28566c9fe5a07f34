import { css, html, LitElement } from 'lit';
import type { CatalogModel } from '../app/model-catalog-schema';
import { controlStyles } from './ui-styles';

/**
 * Chooses the model: a built-in one, a .onnx file from disk (optionally picked together with a labels file, .txt
 * or .json, that names its classes), or a same-origin URL.
 * Emits `model-select` ({ id }), `model-file` ({ file, labels? }) and `model-url` ({ url }).
 */
export class ModelPicker extends LitElement {
  static override properties = {
    models: { attribute: false },
    selected: {},
    busy: { type: Boolean },
  };

  declare models: CatalogModel[];
  declare selected: string;
  declare busy: boolean;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      input[name='url'] {
        width: 14em;
      }
    `,
  ];

  constructor() {
    super();
    this.models = [];
    this.selected = '';
    this.busy = false;
  }

  override render() {
    const custom = this.selected && !this.models.some((m) => m.id === this.selected);
    return html`
      <div class="row">
        <label
          >Model
          <select aria-label="Model" ?disabled=${this.busy} @change=${this.onSelect}>
            ${this.models.map((m) => html`<option value=${m.id} ?selected=${m.id === this.selected}>${m.name} (${m.license})</option>`)}
            ${custom ? html`<option value=${this.selected} selected>${this.selected}</option>` : null}
          </select>
        </label>
        <button
          ?disabled=${this.busy}
          title="Pick the .onnx file; to name its classes, pick a labels file (.txt: one name per line, or .json) with it"
          @click=${() => this.fileInput.click()}
        >
          Open .onnx…
        </button>
        <input
          type="file"
          multiple
          accept=".onnx,.txt,.json,application/octet-stream"
          data-testid="model-file"
          @change=${this.onFile}
        />
        <form class="row" @submit=${this.onUrl}>
          <!-- type="text": the browser's URL check refuses the relative address the placeholder shows. -->
          <input type="text" inputmode="url" name="url" placeholder="/models/my-model.onnx" aria-label="Model URL" />
          <button type="submit" ?disabled=${this.busy}>Load URL</button>
        </form>
        ${this.busy ? html`<span role="status">Loading model…</span>` : null}
      </div>
    `;
  }

  private get fileInput(): HTMLInputElement {
    return this.renderRoot.querySelector('input[type=file]')!;
  }

  private onSelect(event: Event): void {
    this.emit('model-select', { id: (event.target as HTMLSelectElement).value });
  }

  private onFile(): void {
    const files = Array.from(this.fileInput.files ?? []);
    const isLabels = (f: File) => /\.(txt|json)$/i.test(f.name);
    const file = files.find((f) => !isLabels(f));
    if (file) this.emit('model-file', { file, labels: files.find(isLabels) });
    this.fileInput.value = '';
  }

  private onUrl(event: SubmitEvent): void {
    event.preventDefault();
    const url = new FormData(event.target as HTMLFormElement).get('url');
    if (typeof url === 'string' && url.trim()) this.emit('model-url', { url: url.trim() });
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define('model-picker', ModelPicker);

declare global {
  interface HTMLElementTagNameMap {
    'model-picker': ModelPicker;
  }
}
