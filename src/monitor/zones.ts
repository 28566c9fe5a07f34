/**
 * One zone's membership per track, with inertia so a box jittering on the edge does not flap in and out,
 * dwell time on the frames' own clock, one loiter event per visit, and occupancy/entry counts per class.
 */
import { classAllowed } from './confirmation';
import { type Point, pointInPolygon, polygonToPixels } from './geometry';
import type { ZoneConfig } from './types';

export const DEFAULT_INERTIA = 3;

export type ZoneHappening =
  { kind: 'enter' } | { kind: 'exit'; dwellSeconds: number } | { kind: 'loiter'; dwellSeconds: number };

/** One track's relation to one zone; exists only while the track is in the zone or on its way in or out. */
interface Visit {
  /** Inertia reached: the track is in the zone. */
  inside: boolean;
  /** Consecutive frames against the current state: in-zone frames while outside, out-of-zone frames while inside. */
  run: number;
  /** Frame time of the first in-zone frame of the entering run. */
  firstIn: number;
  lastIn: number;
  /** zone-enter was raised (the track was confirmed while inside): only then are exit and loiter raised. */
  reported: boolean;
  loitered: boolean;
  /** Class at the reported entry, so occupancy and counts stay consistent if the label later changes. */
  label: string;
}

export class ZoneWatcher {
  private zone!: ZoneConfig;
  private readonly visits = new Map<number, Visit>();
  private enteredCounts: Record<string, number> = {};
  private polygon: Point[] = [];
  private polygonSize = '';

  constructor(zone: ZoneConfig) {
    this.setZone(zone);
  }

  get name(): string {
    return this.zone.name;
  }

  /** A changed zone under the same name: visits and counts carry on, membership is re-judged on the next frames. */
  setZone(zone: ZoneConfig): void {
    this.zone = zone;
    this.polygonSize = '';
  }

  /** Whether a track's anchor counts as in this zone this frame (its class allowed and inside the polygon). */
  contains(anchor: Point, label: string, width: number, height: number): boolean {
    if (!classAllowed(this.zone.classes, label)) return false;
    return pointInPolygon(anchor, this.polygonFor(width, height));
  }

  /**
   * One frame of one track: whether it is in the zone, at frame time t. Membership runs for unconfirmed
   * tracks too (so inertia is already met when they confirm), but only confirmed ones raise anything.
   */
  observe(trackId: number, inZone: boolean, t: number, label: string, confirmed: boolean): ZoneHappening[] {
    const inertia = Math.max(1, this.zone.inertia ?? DEFAULT_INERTIA);
    let visit = this.visits.get(trackId);
    if (!visit) {
      if (!inZone) return [];
      visit = { inside: false, run: 0, firstIn: t, lastIn: t, reported: false, loitered: false, label };
      this.visits.set(trackId, visit);
    }
    if (inZone) {
      visit.lastIn = t;
      if (visit.inside) visit.run = 0;
      else if (++visit.run >= inertia) {
        visit.inside = true;
        visit.run = 0;
      }
    } else {
      // Not inside yet: the entering run is broken, start over next time.
      if (!visit.inside) {
        this.visits.delete(trackId);
        return [];
      }
      if (++visit.run >= inertia) {
        this.visits.delete(trackId);
        return visit.reported ? [this.exit(visit)] : [];
      }
    }
    if (!visit.inside || !confirmed) return [];

    const happenings: ZoneHappening[] = [];
    if (!visit.reported) {
      visit.reported = true;
      visit.label = label;
      this.enteredCounts[label] = (this.enteredCounts[label] ?? 0) + 1;
      happenings.push({ kind: 'enter' });
    }
    const loiterSeconds = this.zone.loiterSeconds;
    const dwellSeconds = visit.lastIn - visit.firstIn;
    if (!visit.loitered && loiterSeconds !== undefined && dwellSeconds >= loiterSeconds) {
      visit.loitered = true;
      happenings.push({ kind: 'loiter', dwellSeconds });
    }
    return happenings;
  }

  /** The track ended: closes its visit (an exit if it had been reported inside) and forgets it. */
  end(trackId: number): ZoneHappening | null {
    const visit = this.visits.get(trackId);
    this.visits.delete(trackId);
    return visit?.inside && visit.reported ? this.exit(visit) : null;
  }

  /** Confirmed tracks in the zone now, per class. */
  occupancy(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const v of this.visits.values()) if (v.inside && v.reported) counts[v.label] = (counts[v.label] ?? 0) + 1;
    return counts;
  }

  /** Entries since the last reset, per class. */
  entered(): Record<string, number> {
    return { ...this.enteredCounts };
  }

  resetCounts(): void {
    this.enteredCounts = {};
  }

  /** Per-track entries held (for memory checks). */
  get size(): number {
    return this.visits.size;
  }

  private exit(visit: Visit): ZoneHappening {
    return { kind: 'exit', dwellSeconds: visit.lastIn - visit.firstIn };
  }

  private polygonFor(width: number, height: number): Point[] {
    const size = `${width}x${height}`;
    if (size !== this.polygonSize) {
      this.polygon = polygonToPixels(this.zone.points, width, height);
      this.polygonSize = size;
    }
    return this.polygon;
  }
}
