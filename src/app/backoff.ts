/**
 * Delays between reconnection attempts (camera): doubling from `initialMs`, never above `maxMs`, so a device
 * that comes back is found again within `maxMs` even without a `devicechange` event.
 */
export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export const CAMERA_BACKOFF: Backoff = { initialMs: 500, maxMs: 4000 };

/** The wait before attempt `attempt` (0-based). */
export function backoffDelay(attempt: number, { initialMs, maxMs }: Backoff = CAMERA_BACKOFF): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(attempt, 30)));
}
