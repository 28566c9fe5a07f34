import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { deviceReport, formatBytes, type DeviceReport } from '../app/capabilities';
import { pwa } from '../app/pwa';
import type { BackendInfo } from '../engine/types';
import { controlStyles } from './ui-styles';

/**
 * "About this device": a button and the panel it opens, with what the browser offers (WebGPU, its adapter,
 * shader-f16, cross-origin isolation, threads, SIMD, offline storage) next to the backend the detector chose
 * and why, so a user can see why the app runs on WASM.
 */
export class AboutDevice extends LitElement {
  static override properties = {
    backend: { attribute: false },
    wakeLock: { attribute: false },
    report: { state: true },
  };

  declare backend: BackendInfo | null;
  /** The screen wake lock's state in words, e.g. 'yes (while detecting)'. */
  declare wakeLock: string;
  declare report: DeviceReport | null;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: inline-block;
      }
      dialog {
        width: min(34em, calc(100vw - 24px));
        max-height: calc(100dvh - 24px);
        box-sizing: border-box;
        padding: 14px 16px;
        border: 1px solid #444;
        border-radius: 12px;
        background: #1b1b1b;
        color: #eee;
        font: 14px/1.4 system-ui, sans-serif;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.6);
      }
      h2 {
        font-size: 16px;
        margin: 0 0 8px;
      }
      .summary {
        margin: 0 0 10px;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 12px;
        margin: 0 0 12px;
      }
      dt {
        color: #aaa;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .close {
        float: right;
      }
    `,
  ];

  private readonly onPwaChange = () => this.requestUpdate();

  constructor() {
    super();
    this.backend = null;
    this.wakeLock = 'unsupported';
    this.report = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    pwa.addEventListener('change', this.onPwaChange);
  }

  override disconnectedCallback(): void {
    pwa.removeEventListener('change', this.onPwaChange);
    super.disconnectedCallback();
  }

  /** Opens the panel and gathers the report afresh. */
  async show(): Promise<void> {
    this.renderRoot.querySelector('dialog')?.showModal();
    this.report = await deviceReport();
  }

  override render() {
    return html`
      <button aria-haspopup="dialog" title="About this device" @click=${() => this.show()}>About</button>
      <dialog aria-labelledby="about-title" data-testid="about-device" @click=${this.onDialogClick}>
        <button class="close" aria-label="Close" @click=${this.close}>×</button>
        <h2 id="about-title">About this device</h2>
        ${this.report ? this.renderReport(this.report) : html`<p>Checking…</p>`}
      </dialog>
    `;
  }

  private renderReport(r: DeviceReport): TemplateResult {
    const gpu = r.gpu;
    const adapter = gpu.adapter
      ? [gpu.adapter.vendor, gpu.adapter.architecture, gpu.adapter.device, gpu.adapter.description]
          .filter(Boolean)
          .join(' · ') || 'unnamed adapter'
      : `none (${gpu.reason})`;
    const offline = pwa.state;
    const kept = offline.modelsKept.length ? `; models kept: ${offline.modelsKept.join(', ')}` : '';
    const rows: Array<[string, string, string | TemplateResult]> = [
      [
        'backend',
        'Detector runs on',
        this.backend
          ? `${this.backend.name.toUpperCase()}${this.backend.pipeline === 'gpu' ? ' (GPU pre/post-processing)' : ''}`
          : 'no model loaded yet',
      ],
      ['webgpu', 'WebGPU', gpu.present ? 'present' : 'not present'],
      ['adapter', 'GPU adapter', adapter + (gpu.adapter?.fallback ? ' (software fallback)' : '')],
      ['shader-f16', 'shader-f16', gpu.adapter ? (gpu.shaderF16 ? 'yes' : 'no') : '—'],
      ['isolated', 'Cross-origin isolated', r.crossOriginIsolated ? 'yes' : 'no (WASM runs on one thread)'],
      [
        'threads',
        'WASM threads',
        `${this.backend?.name === 'wasm' ? this.backend.threads : r.wasmThreads} of ${r.cores} cores${r.sharedArrayBuffer ? '' : ' (no SharedArrayBuffer)'}`,
      ],
      ['simd', 'WASM SIMD', r.wasmSimd ? 'yes' : 'no'],
      ['offline', 'Works offline', this.offlineText(r, offline.offlineReady) + kept],
      [
        'storage',
        'Storage',
        r.storage
          ? `${formatBytes(r.storage.usage)} used of ${formatBytes(r.storage.quota)}${r.storage.persisted ? ', persistent' : ''}`
          : 'unknown',
      ],
      ['installed', 'Installed app', r.standalone ? 'yes (running standalone)' : 'no (running in a browser tab)'],
      ['wake-lock', 'Screen kept on', this.wakeLock],
    ];
    return html`
      ${this.backend ? html`<p class="summary" data-testid="backend-reason">${this.backend.name.toUpperCase()}: ${this.backend.reason}.</p>` : nothing}
      <dl>${rows.map(([key, label, value]) => html`<dt>${label}</dt><dd data-key=${key}>${value}</dd>`)}</dl>
      <small>${r.userAgent}</small>
    `;
  }

  private offlineText(r: DeviceReport, ready: boolean): string {
    if (r.serviceWorker === 'unsupported') return 'no (this browser has no service workers)';
    if (r.serviceWorker === 'controlling' || ready) return 'yes';
    if (r.serviceWorker === 'registered') return 'after the next start';
    return 'no (development server)';
  }

  private close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  /** A tap on the backdrop (outside the panel's box) closes it. */
  private onDialogClick(event: MouseEvent): void {
    const dialog = event.currentTarget as HTMLDialogElement;
    if (event.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    const inside =
      event.clientX >= r.left && event.clientX <= r.right && event.clientY >= r.top && event.clientY <= r.bottom;
    if (!inside) dialog.close();
  }
}

customElements.define('about-device', AboutDevice);

declare global {
  interface HTMLElementTagNameMap {
    'about-device': AboutDevice;
  }
}
