/**
 * Confirmation against false alarms, as Frigate does: a track speaks only once the median of its recent
 * scores reaches its class's minimum and it has been seen for a few frames. A single high-scoring
 * flicker, or a steady low-scoring ghost, never raises an event.
 */
import type { Box } from '../detection/types';
import { boxAreaFraction } from './geometry';
import type { ClassFilter, MonitorConfig, TrackedDetection } from './types';

export const DEFAULT_MIN_SCORE = 0.5;
export const DEFAULT_MIN_FRAMES = 3;
/** Scores whose median decides (Frigate keeps about this many). */
export const SCORE_WINDOW = 10;

export interface ResolvedFilter {
  minScore: number;
  minArea: number;
  maxArea: number;
}

/** The filter for a class: its own entry, else '*', else the defaults (whole entries, not merged field by field). */
export function filterFor(filters: MonitorConfig['filters'], label: string): ResolvedFilter {
  const f: ClassFilter = filters?.[label] ?? filters?.['*'] ?? {};
  return { minScore: f.minScore ?? DEFAULT_MIN_SCORE, minArea: f.minArea ?? 0, maxArea: f.maxArea ?? Infinity };
}

/** A zone's or line's class list: empty or absent means every class. */
export function classAllowed(classes: readonly string[] | undefined, label: string): boolean {
  return !classes || classes.length === 0 || classes.includes(label);
}

/** Whether a box's size (fraction of the frame area) is inside the class's min/max area. */
export function passesAreaFilter(box: Box, filter: ResolvedFilter, width: number, height: number): boolean {
  const area = boxAreaFraction(box, width, height);
  return area >= filter.minArea && area <= filter.maxArea;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What the monitor remembers of one track: its recent scores and its latest detection (for events after it ends). */
export interface TrackRecord {
  trackId: number;
  label: string;
  score: number;
  box: Box;
  /** Frames this track was seen in (passing the area filter). */
  seen: number;
  /** The last SCORE_WINDOW scores, oldest first. */
  scores: number[];
  confirmed: boolean;
}

export type ConfirmationResult = 'pending' | 'newly-confirmed' | 'confirmed';

export class Confirmation {
  private readonly tracks = new Map<number, TrackRecord>();
  private minFrames = DEFAULT_MIN_FRAMES;
  private filters: MonitorConfig['filters'];

  constructor(config: Pick<MonitorConfig, 'minFrames' | 'filters'>) {
    this.setConfig(config);
  }

  /** New thresholds apply from the next frame; tracks already confirmed stay confirmed. */
  setConfig(config: Pick<MonitorConfig, 'minFrames' | 'filters'>): void {
    this.minFrames = config.minFrames ?? DEFAULT_MIN_FRAMES;
    this.filters = config.filters;
  }

  /** Whether this detection counts at all this frame (the area filter of its class). */
  accepts(det: TrackedDetection, width: number, height: number): boolean {
    return passesAreaFilter(det.box, filterFor(this.filters, det.label), width, height);
  }

  /** Records one accepted sighting and says whether the track is (now) confirmed. */
  observe(det: TrackedDetection): ConfirmationResult {
    let record = this.tracks.get(det.trackId);
    if (!record) {
      record = {
        trackId: det.trackId,
        label: det.label,
        score: det.score,
        box: det.box,
        seen: 0,
        scores: [],
        confirmed: false,
      };
      this.tracks.set(det.trackId, record);
    }
    record.label = det.label;
    record.score = det.score;
    record.box = det.box;
    record.seen++;
    record.scores.push(det.score);
    if (record.scores.length > SCORE_WINDOW) record.scores.shift();
    if (record.confirmed) return 'confirmed';
    const { minScore } = filterFor(this.filters, det.label);
    if (record.seen >= this.minFrames && median(record.scores) >= minScore) {
      record.confirmed = true;
      return 'newly-confirmed';
    }
    return 'pending';
  }

  get(trackId: number): TrackRecord | undefined {
    return this.tracks.get(trackId);
  }

  isConfirmed(trackId: number): boolean {
    return this.tracks.get(trackId)?.confirmed ?? false;
  }

  /** Forgets a track; returns what was known of it. */
  delete(trackId: number): TrackRecord | undefined {
    const record = this.tracks.get(trackId);
    this.tracks.delete(trackId);
    return record;
  }

  /** Confirmed tracks per label (their latest label). */
  confirmedPerLabel(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.tracks.values()) if (r.confirmed) counts[r.label] = (counts[r.label] ?? 0) + 1;
    return counts;
  }

  get size(): number {
    return this.tracks.size;
  }
}
