/**
 * Which stored events (snapshots, clips) to delete: by age, then by total size, then on demand when the
 * storage quota is full. Pure planning; the caller deletes.
 */

export interface StoredItem {
  id: string;
  /** Wall clock, ms since the epoch. */
  timeMs: number;
  bytes: number;
}

export interface RetentionPolicy {
  /** Items older than this are deleted. */
  maxAgeMs: number;
  /** Then the oldest go until the rest fit. */
  maxBytes: number;
  nowMs: number;
}

/** Ids to delete, oldest first: everything older than maxAgeMs, then the oldest until the total is ≤ maxBytes. */
export function planRetention(items: readonly StoredItem[], policy: RetentionPolicy): string[] {
  const sorted = oldestFirst(items);
  const doomed: string[] = [];
  let total = 0;
  for (const item of sorted) total += item.bytes;
  for (const item of sorted) {
    const expired = policy.nowMs - item.timeMs > policy.maxAgeMs;
    if (!expired && total <= policy.maxBytes) break;
    doomed.push(item.id);
    total -= item.bytes;
  }
  return doomed;
}

/** Ids to delete, oldest first, until at least bytesNeeded are freed (all of them if that is not enough). */
export function planEviction(items: readonly StoredItem[], bytesNeeded: number): string[] {
  const doomed: string[] = [];
  let freed = 0;
  for (const item of oldestFirst(items)) {
    if (freed >= bytesNeeded) break;
    doomed.push(item.id);
    freed += item.bytes;
  }
  return doomed;
}

/** Ties broken by id so the plan is the same whatever order the items came in. */
function oldestFirst(items: readonly StoredItem[]): StoredItem[] {
  return [...items].sort((a, b) => a.timeMs - b.timeMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
