/** Reconnect delays to the broker: 1 s, doubling, at most 30 s (the app's shared back-off rule). */
import { backoffDelay, type Backoff } from '../../app/backoff';

export const MQTT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 30_000 };

/** The wait before reconnect attempt number `attempt` (0 for the first after a loss). */
export function reconnectDelayMs(attempt: number): number {
  return backoffDelay(attempt, MQTT_BACKOFF);
}
