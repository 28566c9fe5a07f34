/**
 * Recent positions of each tracked object, for the overlay's trails. Bounded: a few seconds of points per
 * track, and a track not seen for a while is forgotten, so it stays small however long the app runs.
 */
import type { Detection } from '../../detection/types';

export interface Trail {
  trackId: number;
  classId: number;
  /** Bottom centres of the box, frame pixels, oldest first. */
  points: Array<[number, number]>;
}

const MAX_POINTS = 30;
const FORGET_AFTER_MS = 2000;

export class TrailBook {
  private readonly book = new Map<number, Trail & { seenMs: number }>();

  add(detections: ReadonlyArray<Detection & { trackId?: number }>, nowMs: number): void {
    for (const d of detections) {
      if (d.trackId === undefined) continue;
      let trail = this.book.get(d.trackId);
      if (!trail) {
        trail = { trackId: d.trackId, classId: d.classId, points: [], seenMs: nowMs };
        this.book.set(d.trackId, trail);
      }
      trail.points.push([(d.box[0] + d.box[2]) / 2, d.box[3]]);
      if (trail.points.length > MAX_POINTS) trail.points.shift();
      trail.seenMs = nowMs;
    }
    for (const [id, trail] of this.book) if (nowMs - trail.seenMs > FORGET_AFTER_MS) this.book.delete(id);
  }

  trails(): Trail[] {
    return [...this.book.values()];
  }

  get size(): number {
    return this.book.size;
  }
}
