import { css, html, LitElement } from 'lit';
import type { CountHistory } from '../monitor/count-history';
import type { MonitorCounts } from '../monitor/scene';
import type { MonitorConfig, MonitorEvent } from '../monitor/types';
import './count-chart';
import './alert-rules-editor';
import './event-log';
import './mqtt-status';
import type { MqttStatus } from '../alerts/mqtt/status';
import type { EventLog } from './event-log';
import { controlStyles } from './ui-styles';

/**
 * The monitor's panel: draw zones and lines on the picture, import or export the configuration, the live
 * counts with their chart, and the event log. UI only: it says what the user wants with events
 * (`monitor-edit`, `monitor-import`, `monitor-export`, `monitor-close`) and shows what it is given.
 */
export class MonitorPanel extends LitElement {
  static override properties = {
    config: { attribute: false },
    counts: { attribute: false },
    history: { attribute: false },
    editing: { type: Boolean },
    mqtt: { attribute: false },
  };

  declare config: MonitorConfig;
  declare counts: MonitorCounts | null;
  declare history: CountHistory | null;
  declare editing: boolean;
  /** The MQTT connection, when the configuration has one. */
  declare mqtt: MqttStatus | null;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 12px;
        padding: 8px;
        overflow: auto;
        color: #eee;
      }
      h2 {
        font-size: 15px;
        margin: 0;
      }
      .summary {
        color: #aaa;
      }
      .close {
        margin-left: auto;
      }
      button[aria-pressed='true'] {
        background: #2d5b8a;
        border-color: #6af;
      }
    `,
  ];

  constructor() {
    super();
    this.config = { version: 1, zones: [], lines: [] };
    this.counts = null;
    this.history = null;
    this.editing = false;
    this.mqtt = null;
  }

  /** A new event: the log re-reads what was saved. */
  eventAdded(event: MonitorEvent): void {
    this.renderRoot.querySelector<EventLog>('event-log')?.eventAdded(event);
  }

  override render() {
    const { zones, lines } = this.config;
    return html`
      <div class="row">
        <h2>Monitor</h2>
        <span class="summary" data-testid="monitor-summary">${zones.length} zone${zones.length === 1 ? '' : 's'}, ${lines.length} line${lines.length === 1 ? '' : 's'}</span>
        <button class="close" aria-label="Close monitor" @click=${() => this.emit('monitor-close', {})}>×</button>
      </div>
      <div class="row">
        <button aria-pressed=${this.editing} @click=${() => this.emit('monitor-edit', { editing: !this.editing })}>
          ${this.editing ? 'Done editing' : 'Edit zones & lines'}
        </button>
        <label><button @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')!.click()}>Import…</button>
          <input type="file" accept="application/json,.json" data-testid="monitor-config-file" @change=${this.onImport} /></label>
        <button @click=${() => this.emit('monitor-export', {})}>Export</button>
      </div>
      <mqtt-status .status=${this.mqtt}></mqtt-status>
      <count-chart .history=${this.history} .counts=${this.counts}></count-chart>
      <alert-rules-editor .config=${this.config}></alert-rules-editor>
      <event-log></event-log>
    `;
  }

  private onImport(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) this.emit('monitor-import', { file });
  }

  private emit(type: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

customElements.define('monitor-panel', MonitorPanel);

declare global {
  interface HTMLElementTagNameMap {
    'monitor-panel': MonitorPanel;
  }
}
