/**
 * The outbox's rules, apart from where it is stored: first in, first out; at most OUTBOX_CAPACITY events
 * wait, and beyond that the oldest are dropped (and counted), so a broker that is gone for days cannot fill
 * the disk. Pure.
 */
import type { OutMessage } from './topics';

/** Events that may wait for the broker (the issue asks for at least 500). */
export const OUTBOX_CAPACITY = 1000;

/** One monitor event's messages, waiting; they go out together and in the order they were queued. */
export interface OutboxEntry {
  eventId: string;
  messages: OutMessage[];
  /** The event's label when its snapshot should be published (retained) as the latest of that class. */
  snapshotLabel?: string;
}

/** How many of the oldest entries to drop so that `waiting` plus `adding` fit. */
export function overflow(waiting: number, adding: number, capacity = OUTBOX_CAPACITY): number {
  return Math.max(0, waiting + adding - capacity);
}
