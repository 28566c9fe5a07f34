/**
 * The event log in IndexedDB (through idb): monitor events and their JPEG snapshots. The worker writes it as
 * events happen; the page reads it for the event log panel. Same database, either side.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { planEviction, planRetention } from '../monitor/retention';
import type { MonitorEvent, MonitorEventType } from '../monitor/types';

export interface StoredEvent extends MonitorEvent {
  /** Wall clock in ms, the log's order. */
  timeMs: number;
  /** Bytes the record and its snapshot take, for retention by size. */
  bytes: number;
  hasSnapshot: boolean;
  /** The clip that shows this event (several events may share one); it may have been deleted with its owner. */
  clipId?: string;
}

/** A finished clip as the recorder hands it over; times in seconds on the frames' clock. */
export interface NewClip {
  blob: Blob;
  eventIds: string[];
  startT: number;
  firstEventT: number;
  lastActivityT: number;
  endT: number;
}

/** A stored clip: its bytes count on its owner, the first of its events, and go when the owner goes. */
export interface StoredClip extends NewClip {
  id: string;
  ownerId: string;
}

export interface EventQuery {
  types?: MonitorEventType[];
  /** A zone or line name. */
  place?: string;
  label?: string;
  fromMs?: number;
  toMs?: number;
  limit?: number;
}

export interface RetentionPolicy {
  maxAgeDays: number;
  maxMegabytes: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeDays: 30, maxMegabytes: 500 };

export interface EventFacets {
  zones: string[];
  lines: string[];
  labels: string[];
}

const FACET_BATCH = 2000;

interface EventDb extends DBSchema {
  events: { key: string; value: StoredEvent; indexes: { timeMs: number } };
  snapshots: { key: string; value: { id: string; jpeg: Blob } };
  clips: { key: string; value: StoredClip };
}

const DB_NAME = 'detector-events';

export class EventStore {
  private constructor(private readonly db: IDBPDatabase<EventDb>) {}

  static async open(): Promise<EventStore> {
    const db = await openDB<EventDb>(DB_NAME, 2, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) {
          database.createObjectStore('events', { keyPath: 'id' }).createIndex('timeMs', 'timeMs');
          database.createObjectStore('snapshots', { keyPath: 'id' });
        }
        if (oldVersion < 2) database.createObjectStore('clips', { keyPath: 'id' });
      },
    });
    return new EventStore(db);
  }

  /**
   * Saves an event and its snapshot in one transaction. A full quota evicts the oldest events and tries once
   * more; resolves with how many were evicted for it.
   */
  async add(event: MonitorEvent, jpeg: Blob | null): Promise<number> {
    const record: StoredEvent = {
      ...event,
      timeMs: Date.parse(event.time),
      bytes: JSON.stringify(event).length + (jpeg?.size ?? 0),
      hasSnapshot: jpeg !== null,
    };
    try {
      await this.put(record, jpeg);
      return 0;
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      const evicted = await this.deleteMany(planEviction(await this.sizes(), record.bytes * 20));
      await this.put(record, jpeg);
      return evicted;
    }
  }

  private async put(record: StoredEvent, jpeg: Blob | null): Promise<void> {
    const tx = this.db.transaction(['events', 'snapshots'], 'readwrite');
    await Promise.all([
      tx.objectStore('events').put(record),
      jpeg ? tx.objectStore('snapshots').put({ id: record.id, jpeg }) : null,
      tx.done,
    ]);
  }

  /** Newest first, filtered. */
  async list(query: EventQuery = {}): Promise<StoredEvent[]> {
    const range = IDBKeyRange.bound(query.fromMs ?? 0, query.toMs ?? Number.MAX_SAFE_INTEGER);
    const found: StoredEvent[] = [];
    const limit = query.limit ?? Infinity;
    let cursor = await this.db.transaction('events').store.index('timeMs').openCursor(range, 'prev');
    while (cursor && found.length < limit) {
      if (matches(cursor.value, query)) found.push(cursor.value);
      cursor = await cursor.continue();
    }
    return found;
  }

  /** The zone, line and class names that occur in the log, sorted (the event log's filter choices). */
  async facets(): Promise<EventFacets> {
    const zones = new Set<string>();
    const lines = new Set<string>();
    const labels = new Set<string>();
    // In batches by key: bounded memory and far fewer round trips than a cursor over weeks of events.
    let after: IDBKeyRange | undefined;
    for (;;) {
      const batch = await this.db.getAll('events', after, FACET_BATCH);
      for (const e of batch) {
        if (e.zone) zones.add(e.zone);
        if (e.line) lines.add(e.line);
        labels.add(e.label);
      }
      if (batch.length < FACET_BATCH) break;
      after = IDBKeyRange.lowerBound(batch[batch.length - 1].id, true);
    }
    const sorted = (set: Set<string>) => [...set].sort();
    return { zones: sorted(zones), lines: sorted(lines), labels: sorted(labels) };
  }

  /** Links a clip to its stored events (the first one owns its bytes); null if none of them is stored any more. */
  async addClip(clip: NewClip): Promise<string | null> {
    try {
      return await putClip(this.db, clip);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      await this.deleteMany(planEviction(await this.sizes(), clip.blob.size * 2));
      return putClip(this.db, clip);
    }
  }

  async clip(id: string): Promise<StoredClip | null> {
    return (await this.db.get('clips', id)) ?? null;
  }

  async snapshot(id: string): Promise<Blob | null> {
    return (await this.db.get('snapshots', id))?.jpeg ?? null;
  }

  async delete(id: string): Promise<void> {
    await this.deleteMany([id]);
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(['events', 'snapshots', 'clips'], 'readwrite');
    await Promise.all([
      tx.objectStore('events').clear(),
      tx.objectStore('snapshots').clear(),
      tx.objectStore('clips').clear(),
      tx.done,
    ]);
  }

  /** Deletes what is older than the policy allows, then the oldest until the total fits; returns how many. */
  async applyRetention(policy: RetentionPolicy, nowMs = Date.now()): Promise<number> {
    const ids = planRetention(await this.sizes(), {
      maxAgeMs: policy.maxAgeDays * 86_400_000,
      maxBytes: policy.maxMegabytes * 1_048_576,
      nowMs,
    });
    return this.deleteMany(ids);
  }

  async count(): Promise<number> {
    return this.db.count('events');
  }

  close(): void {
    this.db.close();
  }

  private async sizes(): Promise<Array<{ id: string; timeMs: number; bytes: number }>> {
    const all = await this.db.getAll('events');
    return all.map(({ id, timeMs, bytes }) => ({ id, timeMs, bytes }));
  }

  private async deleteMany(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const tx = this.db.transaction(['events', 'snapshots', 'clips'], 'readwrite');
    const clips = tx.objectStore('clips');
    // A clip goes with its owner, whose bytes it counted on.
    const owned = (await Promise.all(ids.map((id) => tx.objectStore('events').get(id))))
      .filter((e) => e?.clipId)
      .map(async (e) => ((await clips.get(e!.clipId!))?.ownerId === e!.id ? clips.delete(e!.clipId!) : undefined));
    await Promise.all([
      ...owned,
      ...ids.flatMap((id) => [tx.objectStore('events').delete(id), tx.objectStore('snapshots').delete(id)]),
      tx.done,
    ]);
    return ids.length;
  }
}

/** In one transaction: the clip, and each stored event it covers linked to it; the first one owns its bytes. */
async function putClip(db: IDBPDatabase<EventDb>, clip: NewClip): Promise<string | null> {
  const tx = db.transaction(['events', 'clips'], 'readwrite');
  const events = tx.objectStore('events');
  const stored = (await Promise.all(clip.eventIds.map((id) => events.get(id)))).filter(
    (e): e is StoredEvent => e !== undefined,
  );
  if (stored.length === 0) {
    tx.abort();
    await tx.done.catch(() => undefined);
    return null;
  }
  const id = crypto.randomUUID();
  const [owner] = stored;
  await Promise.all([
    tx.objectStore('clips').put({ ...clip, id, ownerId: owner.id }),
    ...stored.map((e) => events.put({ ...e, clipId: id, bytes: e.bytes + (e === owner ? clip.blob.size : 0) })),
    tx.done,
  ]);
  return id;
}

function matches(event: StoredEvent, query: EventQuery): boolean {
  if (query.types?.length && !query.types.includes(event.type)) return false;
  if (query.place && event.zone !== query.place && event.line !== query.place) return false;
  if (query.label && event.label !== query.label) return false;
  return true;
}

function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'QuotaExceededError';
}
