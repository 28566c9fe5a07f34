/**
 * Frigate's `events` messages (`{ type: "new" | "update" | "end", before, after }`, one tracked object each)
 * made from the monitor's events: object-appeared → new, zone-enter/exit, line-cross and loiter → update
 * with the current and entered zones, object-left → end. Pure and per object: an object's state is freed
 * when it ends.
 */
import type { MonitorEvent } from '../../monitor/types';

/** The fields of Frigate's event object that Home Assistant's Frigate integration and automations read. */
export interface FrigateObject {
  /** Unique per object: the id of the monitor event that first saw it. */
  id: string;
  camera: string;
  label: string;
  score: number;
  top_score: number;
  /** [x1, y1, x2, y2] in frame pixels. */
  box: [number, number, number, number];
  area: number;
  /** Seconds since the epoch, like Frigate. */
  frame_time: number;
  start_time: number;
  end_time: number | null;
  current_zones: string[];
  entered_zones: string[];
  stationary: boolean;
  active: boolean;
  false_positive: boolean;
  has_snapshot: boolean;
  /** Ours: the tracker's id, and the monitor event this message was made from (a consumer drops duplicates by it). */
  track_id: number;
  event_id: string;
}

export interface FrigateUpdate {
  type: 'new' | 'update' | 'end';
  before: FrigateObject;
  after: FrigateObject;
}

/** The events of one tracked object's life; the rest (alerts, system events) have no Frigate counterpart. */
const OBJECT_EVENTS: ReadonlySet<MonitorEvent['type']> = new Set([
  'object-appeared',
  'object-left',
  'zone-enter',
  'zone-exit',
  'loiter',
  'line-cross',
]);

export class FrigateEvents {
  private readonly objects = new Map<number, FrigateObject>();

  constructor(private readonly camera: string) {}

  /** The message for this event, or null for events that are not about one object's life (alerts, the app's own). */
  next(event: MonitorEvent): FrigateUpdate | null {
    if (!OBJECT_EVENTS.has(event.type)) return null;
    const seconds = Date.parse(event.time) / 1000;
    const known = this.objects.get(event.trackId);
    const before = known ?? this.start(event, seconds);
    const after: FrigateObject = {
      ...before,
      score: event.score,
      top_score: Math.max(before.top_score, event.score),
      box: [...event.box],
      area: area(event.box),
      frame_time: seconds,
      current_zones: [...before.current_zones],
      entered_zones: [...before.entered_zones],
      event_id: event.id,
    };
    if (event.type === 'zone-enter' && event.zone) {
      if (!after.current_zones.includes(event.zone)) after.current_zones.push(event.zone);
      if (!after.entered_zones.includes(event.zone)) after.entered_zones.push(event.zone);
    }
    if (event.type === 'zone-exit' && event.zone)
      after.current_zones = after.current_zones.filter((z) => z !== event.zone);
    if (event.type === 'object-left') {
      Object.assign(after, { end_time: seconds, current_zones: [], active: false });
      this.objects.delete(event.trackId);
      return { type: 'end', before, after };
    }
    this.objects.set(event.trackId, after);
    // An object first heard of now (appeared before the page started) is new to the consumer too.
    return { type: known ? 'update' : 'new', before, after };
  }

  /** Objects followed now (0 once every object has ended). */
  get size(): number {
    return this.objects.size;
  }

  private start(event: MonitorEvent, seconds: number): FrigateObject {
    return {
      id: event.id,
      camera: this.camera,
      label: event.label,
      score: event.score,
      top_score: event.score,
      box: [...event.box],
      area: area(event.box),
      frame_time: seconds,
      start_time: seconds,
      end_time: null,
      current_zones: [],
      entered_zones: [],
      stationary: false,
      active: true,
      false_positive: false,
      has_snapshot: true,
      track_id: event.trackId,
      event_id: event.id,
    };
  }
}

function area(box: readonly number[]): number {
  return Math.round(Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]));
}
