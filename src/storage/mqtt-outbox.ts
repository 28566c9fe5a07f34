/**
 * The MQTT outbox in IndexedDB (its own database): events that wait for the broker survive a reload and go
 * out oldest first. Beyond the capacity the oldest are dropped and counted (src/alerts/mqtt/outbox-policy.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { OUTBOX_CAPACITY, overflow, type OutboxEntry } from '../alerts/mqtt/outbox-policy';

interface OutboxDb extends DBSchema {
  /** Keyed by an increasing number: the order they were queued in. */
  entries: { key: number; value: OutboxEntry };
  meta: { key: string; value: number };
}

const DB_NAME = 'detector-mqtt-outbox';
const DROPPED = 'dropped';

export class MqttOutbox {
  private constructor(
    private readonly db: IDBPDatabase<OutboxDb>,
    private readonly capacity: number,
  ) {}

  static async open(capacity = OUTBOX_CAPACITY, name = DB_NAME): Promise<MqttOutbox> {
    const db = await openDB<OutboxDb>(name, 1, {
      upgrade(database) {
        database.createObjectStore('entries', { autoIncrement: true });
        database.createObjectStore('meta');
      },
    });
    return new MqttOutbox(db, capacity);
  }

  /** Queues an entry, dropping the oldest beyond the capacity in the same transaction; resolves with how many. */
  async add(entry: OutboxEntry): Promise<number> {
    const tx = this.db.transaction(['entries', 'meta'], 'readwrite');
    const entries = tx.objectStore('entries');
    const drop = overflow(await entries.count(), 1, this.capacity);
    let cursor = drop ? await entries.openCursor() : null;
    for (let i = 0; i < drop && cursor; i++) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    if (drop) await tx.objectStore('meta').put(((await tx.objectStore('meta').get(DROPPED)) ?? 0) + drop, DROPPED);
    await entries.add(entry);
    await tx.done;
    return drop;
  }

  /** The entry that has waited longest, with its key, or null when none waits. */
  async oldest(): Promise<{ key: number; entry: OutboxEntry } | null> {
    const cursor = await this.db.transaction('entries').store.openCursor();
    return cursor ? { key: cursor.key, entry: cursor.value } : null;
  }

  async remove(key: number): Promise<void> {
    await this.db.delete('entries', key);
  }

  async count(): Promise<number> {
    return this.db.count('entries');
  }

  /** Entries dropped for lack of room since the outbox was made. */
  async dropped(): Promise<number> {
    return (await this.db.get('meta', DROPPED)) ?? 0;
  }

  close(): void {
    this.db.close();
  }
}
