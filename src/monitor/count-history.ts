/**
 * Counts over the last hour in per-minute buckets, for a small live chart a guard reads at a glance.
 * Two kinds of series: totals (line crossings, zone entries: summed per bucket) and levels (occupancy:
 * the highest sample per bucket). Wall-clock milliseconds in, uPlot-ready aligned arrays out; buckets
 * older than the span are dropped, so memory stays bounded however long it runs.
 *
 * Series names: a crossing "<line> <direction>" ("gate in"), an entry "<zone> <class> entered"
 * ("door person entered"), an occupancy "<zone> <class>" ("door person").
 */
import type { MonitorCounts } from './scene';
import type { MonitorEvent } from './types';

export interface CountHistoryOptions {
  /** Default one minute. */
  bucketMs?: number;
  /** Default one hour. */
  spanMs?: number;
}

export interface CountSeries {
  /** Bucket starts, seconds since the epoch (uPlot's x axis), oldest first. */
  times: number[];
  /** One value per time: null where nothing was recorded (the monitor was not running). */
  series: { name: string; values: (number | null)[] }[];
}

/** A level remembers its zone, so it reads 0 (not a gap) while that zone is sampled without it. */
type SeriesKind = { kind: 'total' } | { kind: 'level'; zone: string };
const TOTAL: SeriesKind = { kind: 'total' };
type CountedEvent = Pick<MonitorEvent, 'type' | 'time' | 'label' | 'zone' | 'line' | 'direction'>;

export function crossingSeriesName(line: string, direction: 'in' | 'out'): string {
  return `${line} ${direction}`;
}

export function entrySeriesName(zone: string, label: string): string {
  return `${zone} ${label} entered`;
}

export function occupancySeriesName(zone: string, label: string): string {
  return `${zone} ${label}`;
}

export class CountHistory {
  private readonly bucketMs: number;
  private readonly bucketCount: number;
  /** Bucket index (start / bucketMs) → series name → value. A bucket exists once anything was fed in it. */
  private readonly buckets = new Map<number, Map<string, number>>();
  private readonly kinds = new Map<string, SeriesKind>();
  private newest = -Infinity;

  constructor(options: CountHistoryOptions = {}) {
    this.bucketMs = options.bucketMs ?? 60_000;
    this.bucketCount = Math.max(1, Math.ceil((options.spanMs ?? 3_600_000) / this.bucketMs));
  }

  /** Counts a line crossing or a zone entry; other events are ignored. wallMs defaults to the event's time. */
  record(event: CountedEvent, wallMs: number = Date.parse(event.time)): void {
    let name: string;
    if (event.type === 'line-cross' && event.line && event.direction)
      name = crossingSeriesName(event.line, event.direction);
    else if (event.type === 'zone-enter' && event.zone) name = entrySeriesName(event.zone, event.label);
    else return;
    const bucket = this.bucketAt(wallMs);
    if (!bucket) return;
    this.kinds.set(name, TOTAL);
    bucket.set(name, (bucket.get(name) ?? 0) + 1);
  }

  /**
   * Samples occupancy: the highest per bucket. A class seen before in a zone sampled now reads 0, not a gap;
   * a zone no longer in the counts stops being sampled and its series leave with their last bucket.
   */
  sample(wallMs: number, counts: Pick<MonitorCounts, 'zones'>): void {
    const bucket = this.bucketAt(wallMs);
    if (!bucket) return;
    const levels = new Map<string, number>();
    for (const [name, kind] of this.kinds) {
      if (kind.kind === 'level' && kind.zone in counts.zones) levels.set(name, 0);
    }
    for (const [zone, { occupancy }] of Object.entries(counts.zones)) {
      for (const [label, n] of Object.entries(occupancy)) {
        const name = occupancySeriesName(zone, label);
        this.kinds.set(name, { kind: 'level', zone });
        levels.set(name, n);
      }
    }
    for (const [name, n] of levels) bucket.set(name, Math.max(bucket.get(name) ?? 0, n));
  }

  /** The span up to the bucket holding nowMs, one entry per bucket; series sorted by name. */
  series(nowMs: number): CountSeries {
    const last = Math.floor(nowMs / this.bucketMs);
    const first = last - this.bucketCount + 1;
    const times: number[] = [];
    for (let i = first; i <= last; i++) times.push((i * this.bucketMs) / 1000);
    const names = [...this.kinds.keys()].sort();
    const series = names.map((name) => {
      const kind = this.kinds.get(name);
      const values = times.map((_, k) => {
        const bucket = this.buckets.get(first + k);
        if (!bucket) return null;
        // A running bucket without crossings had zero of them; a level never sampled there is unknown.
        return bucket.get(name) ?? (kind?.kind === 'total' ? 0 : null);
      });
      return { name, values };
    });
    return { times, series };
  }

  clear(): void {
    this.buckets.clear();
    this.kinds.clear();
    this.newest = -Infinity;
  }

  /** The bucket for a time, created if needed; null if it is already older than the span. */
  private bucketAt(wallMs: number): Map<string, number> | null {
    if (!Number.isFinite(wallMs)) return null;
    const index = Math.floor(wallMs / this.bucketMs);
    if (index > this.newest) {
      this.newest = index;
      this.dropOld();
    }
    if (index <= this.newest - this.bucketCount) return null;
    let bucket = this.buckets.get(index);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(index, bucket);
    }
    return bucket;
  }

  /** Forgets buckets that left the span, and the series that no longer have a value anywhere. */
  private dropOld(): void {
    const oldest = this.newest - this.bucketCount + 1;
    let dropped = false;
    for (const index of this.buckets.keys()) {
      if (index < oldest) {
        this.buckets.delete(index);
        dropped = true;
      }
    }
    if (!dropped) return;
    const live = new Set<string>();
    for (const bucket of this.buckets.values()) for (const name of bucket.keys()) live.add(name);
    for (const name of this.kinds.keys()) if (!live.has(name)) this.kinds.delete(name);
  }
}
