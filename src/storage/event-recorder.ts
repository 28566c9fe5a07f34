/**
 * Keeps every monitor event in the event log, with a snapshot, from the worker where the frames are.
 * Only the grab of a small copy of the frame waits for the frame; encoding and writing happen after it,
 * one event at a time, in order.
 */
import type { Frame } from '../capture/frame';
import type { MonitorEvent, PrivacyMask } from '../monitor/types';
import { DEFAULT_RETENTION, EventStore, type NewClip, type RetentionPolicy } from './event-store';
import { grabFrame, snapshotJpeg } from './snapshot';

/** Retention runs after this many writes (and on start), not on every event. */
const RETENTION_EVERY = 50;

export class EventRecorder {
  private store: Promise<EventStore | null> | null = null;
  private writes: Promise<void> = Promise.resolve();
  private sinceRetention = RETENTION_EVERY;
  private notices: string[] = [];
  enabled = true;
  retention: RetentionPolicy = DEFAULT_RETENTION;
  /** Blacked out in every snapshot. */
  masks: PrivacyMask[] = [];

  /** Grabs the frame (while it is open) and queues the events' snapshots and records. */
  async record(events: MonitorEvent[], frame: Frame, width: number, height: number): Promise<void> {
    if (!this.enabled || events.length === 0) return;
    let picture: ImageBitmap | null = null;
    try {
      picture = await grabFrame(frame, width, height);
    } catch {
      // No snapshot for this frame; the events are still kept.
    }
    this.writes = this.writes.then(() => this.write(events, picture, width)).finally(() => picture?.close());
  }

  /** Stores a finished clip after the events queued so far (so that it can be linked to them). */
  saveClip(clip: NewClip): void {
    if (!this.enabled) return;
    this.writes = this.writes.then(async () => {
      const store = await this.openStore();
      await store
        ?.addClip(clip)
        .catch((error: unknown) => this.say(`A clip could not be saved: ${(error as Error).message}`));
    });
  }

  /** What the user should know about storage since the last call (evictions, failures). */
  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }

  /** Resolves when every queued event is written (tests, shutdown). */
  flush(): Promise<void> {
    return this.writes;
  }

  private openStore(): Promise<EventStore | null> {
    this.store ??= EventStore.open().catch((error: unknown) => {
      this.say(`Events cannot be saved on this device (${(error as Error).message}); they are shown but not kept.`);
      return null;
    });
    return this.store;
  }

  private async write(events: MonitorEvent[], picture: ImageBitmap | null, frameWidth: number): Promise<void> {
    const store = await this.openStore();
    if (!store) return;
    for (const event of events) {
      try {
        const caption = `#${event.trackId} ${event.label} ${(event.score * 100).toFixed(0)}%`;
        const jpeg = picture
          ? await snapshotJpeg(picture, frameWidth, event.box, caption, this.masks).catch(() => null)
          : null;
        const evicted = await store.add(event, jpeg);
        if (evicted) this.say(`Storage is full: the ${evicted} oldest events were deleted to keep new ones.`);
      } catch (error) {
        this.say(`An event could not be saved: ${(error as Error).message}`);
      }
    }
    this.sinceRetention += events.length;
    if (this.sinceRetention >= RETENTION_EVERY) {
      this.sinceRetention = 0;
      const removed = await store.applyRetention(this.retention).catch(() => 0);
      if (removed) this.say(`${removed} events older or larger than the retention settings were deleted.`);
    }
  }

  private say(text: string): void {
    if (!this.notices.includes(text)) this.notices.push(text);
  }
}
