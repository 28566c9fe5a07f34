/**
 * The app's own recoveries (detector restarted, page reloaded by the watchdog, camera lost and back) as `system`
 * events in the event log, beside the monitor's: a kiosk left alone says afterwards what it went through.
 */
import type { MonitorEvent } from '../monitor/types';
import { EventStore } from './event-store';

export type SystemEventKind = 'detector-restart' | 'page-reload' | 'camera-lost' | 'camera-back';

let store: Promise<EventStore | null> | null = null;

/** Stores the event; resolves when it is written (never rejects: the log must not stop a recovery). */
export async function logSystemEvent(kind: SystemEventKind, message: string): Promise<MonitorEvent> {
  const event: MonitorEvent = {
    id: crypto.randomUUID(),
    type: 'system',
    time: new Date().toISOString(),
    t: performance.now() / 1000,
    trackId: 0,
    label: kind,
    score: 1,
    box: [0, 0, 0, 0],
    message,
  };
  store ??= EventStore.open().catch(() => null);
  await (await store)?.add(event, null).catch(() => 0);
  return event;
}
