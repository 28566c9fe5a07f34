/** What the page shows about MQTT (the monitor panel, the health panel). */
export interface MqttStatus {
  state: 'connecting' | 'connected' | 'disconnected';
  /** The broker's address. */
  broker: string;
  /** Why it is not connected, in words the user can act on; null when all is well. */
  error: string | null;
  /** Events waiting in the outbox. */
  queued: number;
  /** Events dropped because the outbox was full. */
  dropped: number;
  /** Seconds until the next attempt, while disconnected. */
  retryInSeconds: number | null;
}
