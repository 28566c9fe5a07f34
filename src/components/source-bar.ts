import { css, html, LitElement, nothing } from 'lit';
import { controlStyles } from './ui-styles';

export type SourceKind = 'camera' | 'video' | 'image';

/**
 * Picks what to detect on: a camera (which one, front or back), a video file or an image.
 * Emits `source-camera` ({ deviceId?, facing? }) and `source-file` ({ file }); with a camera whose track has a
 * torch, a Torch button emits `torch-toggle`. Laid out in a row, or a column where `--source-bar-direction` says so.
 */
export type TorchState = 'unsupported' | 'off' | 'on';

export class SourceBar extends LitElement {
  static override properties = {
    cameras: { attribute: false },
    cameraId: {},
    facing: {},
    active: {},
    torch: {},
  };

  declare cameras: MediaDeviceInfo[];
  declare cameraId: string | null;
  declare facing: 'user' | 'environment';
  declare active: SourceKind | null;
  declare torch: TorchState;

  static override styles = [
    controlStyles,
    css`
      .row {
        flex-direction: var(--source-bar-direction, row);
      }
    `,
  ];

  constructor() {
    super();
    this.cameras = [];
    this.cameraId = null;
    this.facing = 'environment';
    this.active = null;
    this.torch = 'unsupported';
  }

  override render() {
    return html`
      <div class="row">
        <button aria-pressed=${this.active === 'camera'} @click=${() => this.emit('source-camera', { deviceId: this.cameraId ?? undefined })}>Camera</button>
        ${
          this.cameras.length > 1
            ? html`<select aria-label="Camera" @change=${this.onCameraChange}>
              ${this.cameras.map((c, i) => html`<option value=${c.deviceId} ?selected=${c.deviceId === this.cameraId}>${c.label || `Camera ${i + 1}`}</option>`)}
            </select>`
            : null
        }
        <button title="Switch between front and back camera" aria-label="Flip camera" @click=${this.flip}>Flip</button>
        ${
          this.torch !== 'unsupported' && this.active === 'camera'
            ? html`<button aria-pressed=${this.torch === 'on'} title="Torch" @click=${() => this.emit('torch-toggle', { on: this.torch !== 'on' })}>Torch</button>`
            : nothing
        }
        <button title="Open a video file" @click=${() => this.pick('video')}>Video…</button>
        <button @click=${() => this.pick('image')}>Image…</button>
        <input type="file" accept="video/*" data-testid="video-file" @change=${this.onFile} />
        <input type="file" accept="image/*" data-testid="image-file" @change=${this.onFile} />
      </div>
    `;
  }

  private pick(kind: 'video' | 'image'): void {
    this.renderRoot.querySelector<HTMLInputElement>(`input[data-testid=${kind}-file]`)?.click();
  }

  private onFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) this.emit('source-file', { file });
    input.value = '';
  }

  private onCameraChange(event: Event): void {
    this.emit('source-camera', { deviceId: (event.target as HTMLSelectElement).value });
  }

  private flip(): void {
    this.emit('source-camera', { facing: this.facing === 'user' ? 'environment' : 'user' });
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define('source-bar', SourceBar);

declare global {
  interface HTMLElementTagNameMap {
    'source-bar': SourceBar;
  }
}
