import { css, html, LitElement, nothing } from 'lit';
import type { MqttStatus } from '../alerts/mqtt/status';

const STATE_TEXT: Record<MqttStatus['state'], string> = {
  connecting: 'Connecting to',
  connected: 'Connected to',
  disconnected: 'Not connected to',
};

/**
 * The MQTT connection at a glance: connected or not, why not, and how many events wait (or were dropped).
 * Shows what it is given; used by the monitor panel and reusable by a health panel.
 */
export class MqttStatusView extends LitElement {
  static override properties = { status: { attribute: false } };

  declare status: MqttStatus | null;

  static override styles = css`
    :host {
      display: block;
      font-size: 13px;
      color: #ccc;
    }
    .state[data-state='connected'] {
      color: #8d8;
    }
    .state[data-state='disconnected'] {
      color: #f99;
    }
    .error {
      color: #f99;
      margin: 4px 0 0;
    }
  `;

  constructor() {
    super();
    this.status = null;
  }

  override render() {
    const status = this.status;
    if (!status) return nothing;
    const retry =
      status.state === 'disconnected' && status.retryInSeconds !== null ? ` (retry in ${status.retryInSeconds} s)` : '';
    return html`
      <div data-testid="mqtt-status">
        MQTT:
        <span class="state" data-state=${status.state} data-testid="mqtt-state"
          >${STATE_TEXT[status.state]} ${status.broker}${retry}</span
        >
        ·
        <span data-testid="mqtt-queued">${status.queued} queued</span
        >${status.dropped ? html` · <span data-testid="mqtt-dropped">${status.dropped} dropped (outbox full)</span>` : nothing}
      </div>
      ${status.error ? html`<p class="error" role="alert" data-testid="mqtt-error">${status.error}</p>` : nothing}
    `;
  }
}

customElements.define('mqtt-status', MqttStatusView);

declare global {
  interface HTMLElementTagNameMap {
    'mqtt-status': MqttStatusView;
  }
}
