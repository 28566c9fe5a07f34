import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MqttBridge } from '../../alerts/mqtt/mqtt-bridge';
import type { MqttStatus } from '../../alerts/mqtt/status';
import { allowedConnectOrigins } from '../../app/connect-policy-boot';
import type { FrameResult } from '../../engine/types';
import type { MonitorConfig } from '../../monitor/types';
import type { Say } from './messages-controller';

/**
 * MQTT for an element: follows the monitor configuration in force (MQTT starts, restarts or stops with its
 * "mqtt" section), hands each result's events and counts to the bridge, and keeps its status for the panels.
 * A new error is also said once in the app's messages.
 */
export class MqttController implements ReactiveController {
  status: MqttStatus | null = null;
  private readonly bridge = new MqttBridge({
    allowedOrigins: allowedConnectOrigins,
    onStatus: (status) => {
      if (status?.error && status.error !== this.status?.error) this.say(status.error);
      this.status = status;
      this.host.requestUpdate();
    },
  });

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: () => MonitorConfig,
    private readonly say: Say,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    this.bridge.configure(this.config());
  }

  hostDisconnected(): void {
    this.bridge.dispose();
  }

  onResult(result: FrameResult): void {
    this.bridge.onResult(result.events, result.counts);
  }
}
