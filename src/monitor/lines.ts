/**
 * One counting line: which tracks crossed it, in which direction, counted per class.
 *
 * Direction: with s(p) = (to.x − from.x)(p.y − from.y) − (to.y − from.y)(p.x − from.x), going from s > 0 to
 * s < 0 is 'in', the reverse 'out'. For a line drawn top to bottom, left to right is 'in'.
 *
 * Debounce: a dead band around the line. Each track has a committed side, set by its last position clearly
 * outside the band. A crossing counts when the track is next seen clearly on the other side and the path
 * from that committed position to now meets the line segment (so a jump across between two frames still
 * counts, and a pass beside the segment does not). Positions in the band never count by themselves, so
 * jitter on the line counts at most once. A minimum interval per track and direction is a second guard.
 */
import { classAllowed } from './confirmation';
import { type Point, segmentsIntersect, signedDistance, toPixels } from './geometry';
import type { LineConfig, NormPoint } from './types';

/** Half-width of the dead band, as a fraction of the frame's shorter side. */
export const LINE_DEAD_BAND = 0.01;
/** The same track crossing the same way again sooner than this (frame seconds) is not counted again. */
export const LINE_MIN_INTERVAL_SECONDS = 1;

export type LineDirection = 'in' | 'out';

export interface LineOptions {
  deadBand?: number;
  minIntervalSeconds?: number;
}

interface LineTrack {
  /** Last position clearly outside the band, normalised to the frame so it survives a resolution change. */
  committed: NormPoint;
  /** Sign of s() at the committed position. */
  side: 1 | -1;
  lastCounted: Record<LineDirection, number>;
}

export class LineWatcher {
  private line!: LineConfig;
  private readonly tracks = new Map<number, LineTrack>();
  private crossings: Record<LineDirection, Record<string, number>> = { in: {}, out: {} };
  private readonly deadBand: number;
  private readonly minInterval: number;

  constructor(line: LineConfig, options: LineOptions = {}) {
    this.setLine(line);
    this.deadBand = options.deadBand ?? LINE_DEAD_BAND;
    this.minInterval = options.minIntervalSeconds ?? LINE_MIN_INTERVAL_SECONDS;
  }

  get name(): string {
    return this.line.name;
  }

  /** A moved line under the same name keeps its counts and the tracks' committed sides (re-judged next frame). */
  setLine(line: LineConfig): void {
    this.line = line;
  }

  /**
   * One frame of one track, anchor in frame pixels. Sides are followed for unconfirmed tracks too, but
   * their committed position is held while they are on the other side: a crossing made before
   * confirmation is then counted when they confirm, and one undone before confirmation is not.
   */
  observe(
    trackId: number,
    anchor: Point,
    t: number,
    label: string,
    width: number,
    height: number,
    confirmed: boolean,
  ): LineDirection | null {
    if (!classAllowed(this.line.classes, label)) return null;
    const from = toPixels(this.line.from, width, height);
    const to = toPixels(this.line.to, width, height);
    const distance = signedDistance(from, to, anchor);
    if (Math.abs(distance) <= this.deadBand * Math.min(width, height)) return null;

    const side = distance > 0 ? 1 : -1;
    const here: NormPoint = [anchor[0] / width, anchor[1] / height];
    const track = this.tracks.get(trackId);
    if (!track) {
      this.tracks.set(trackId, { committed: here, side, lastCounted: { in: -Infinity, out: -Infinity } });
      return null;
    }
    if (side === track.side) {
      track.committed = here;
      return null;
    }
    if (!confirmed) return null;

    const before = toPixels(track.committed, width, height);
    const direction: LineDirection = track.side > 0 ? 'in' : 'out';
    track.committed = here;
    track.side = side;
    // Crossed the infinite line beside the segment: a new side, no count.
    if (!segmentsIntersect(before, anchor, from, to)) return null;
    if (t - track.lastCounted[direction] < this.minInterval) return null;
    track.lastCounted[direction] = t;
    const perClass = this.crossings[direction];
    perClass[label] = (perClass[label] ?? 0) + 1;
    return direction;
  }

  delete(trackId: number): void {
    this.tracks.delete(trackId);
  }

  /** Crossings since the last reset, per direction and class. */
  counts(): { in: Record<string, number>; out: Record<string, number> } {
    return { in: { ...this.crossings.in }, out: { ...this.crossings.out } };
  }

  resetCounts(): void {
    this.crossings = { in: {}, out: {} };
  }

  /** Per-track entries held (for memory checks). */
  get size(): number {
    return this.tracks.size;
  }
}
