/**
 * The monitor's rules over the tracker's output: confirmation, zones, lines and loitering, turned into
 * events and live counts. Pure: frames in, events out; time is the frames' own clock.
 */
import type { Box } from '../detection/types';
import { Confirmation, type TrackRecord } from './confirmation';
import { anchorPoint } from './geometry';
import { LineWatcher, type LineOptions } from './lines';
import type { MonitorConfig, MonitorEvent, TrackedDetection, TrackerFrame } from './types';
import { ZoneWatcher, type ZoneHappening } from './zones';

/** An event before the caller stamps it with an id and wall-clock time. */
export type SceneEvent = Omit<MonitorEvent, 'id' | 'time'>;

export interface SceneFrame extends TrackerFrame {
  /** Seconds on the frames' own clock. */
  t: number;
  width: number;
  height: number;
}

export interface ZoneCounts {
  /** Confirmed objects in the zone now, per class. */
  occupancy: Record<string, number>;
  /** Entries since the last reset, per class. */
  entered: Record<string, number>;
}

export interface LineCounts {
  in: Record<string, number>;
  out: Record<string, number>;
}

export interface MonitorCounts {
  zones: Record<string, ZoneCounts>;
  lines: Record<string, LineCounts>;
  /** Objects currently confirmed (seen, not yet ended), per class. */
  confirmed: Record<string, number>;
}

export type SceneMonitorOptions = LineOptions;

const ZONE_EVENT_TYPE = { enter: 'zone-enter', exit: 'zone-exit', loiter: 'loiter' } as const;

export class SceneMonitor {
  private config!: MonitorConfig;
  private readonly confirmation: Confirmation;
  private zones: ZoneWatcher[] = [];
  private lines: LineWatcher[] = [];

  constructor(
    config: MonitorConfig,
    private readonly options: SceneMonitorOptions = {},
  ) {
    this.confirmation = new Confirmation(config);
    this.setConfig(config);
  }

  /**
   * Zones and lines that keep their name keep their per-track state and counts; those removed are
   * dropped with their state (open visits end without a zone-exit: the zone no longer exists).
   */
  setConfig(config: MonitorConfig): void {
    this.config = config;
    this.confirmation.setConfig(config);
    const oldZones = new Map(this.zones.map((z) => [z.name, z]));
    this.zones = config.zones.map((zone) => {
      const kept = oldZones.get(zone.name);
      kept?.setZone(zone);
      return kept ?? new ZoneWatcher(zone);
    });
    const oldLines = new Map(this.lines.map((l) => [l.name, l]));
    this.lines = config.lines.map((line) => {
      const kept = oldLines.get(line.name);
      kept?.setLine(line);
      return kept ?? new LineWatcher(line, this.options);
    });
  }

  update(frame: SceneFrame): SceneEvent[] {
    const { t, width, height } = frame;
    const events: SceneEvent[] = [];
    for (const det of frame.tracked) {
      // Outside its class's size limits: as if not seen this frame.
      if (!this.confirmation.accepts(det, width, height)) continue;
      const state = this.confirmation.observe(det);
      const confirmed = state !== 'pending';
      const base = eventBase(t, det);
      if (state === 'newly-confirmed') events.push({ type: 'object-appeared', ...base });

      const anchor = anchorPoint(det.box, this.config.anchor);
      for (const zone of this.zones) {
        const inZone = zone.contains(anchor, det.label, width, height);
        for (const happening of zone.observe(det.trackId, inZone, t, det.label, confirmed)) {
          events.push(zoneEvent(happening, zone.name, base));
        }
      }
      for (const line of this.lines) {
        const direction = line.observe(det.trackId, anchor, t, det.label, width, height, confirmed);
        if (direction) events.push({ type: 'line-cross', ...base, line: line.name, direction });
      }
    }

    for (const trackId of frame.ended) {
      const record = this.confirmation.delete(trackId);
      for (const line of this.lines) line.delete(trackId);
      const exits = this.zones.map((zone) => [zone.name, zone.end(trackId)] as const);
      if (!record?.confirmed) continue;
      const base = lastSeen(t, record);
      for (const [name, happening] of exits) if (happening) events.push(zoneEvent(happening, name, base));
      events.push({ type: 'object-left', ...base });
    }
    return events;
  }

  counts(): MonitorCounts {
    const zones: Record<string, ZoneCounts> = {};
    for (const zone of this.zones) zones[zone.name] = { occupancy: zone.occupancy(), entered: zone.entered() };
    const lines: Record<string, LineCounts> = {};
    for (const line of this.lines) lines[line.name] = line.counts();
    return { zones, lines, confirmed: this.confirmation.confirmedPerLabel() };
  }

  /** Per-track entries held anywhere: confirmation, zone visits, line sides. 0 once every track has ended. */
  trackedStateCount(): number {
    let n = this.confirmation.size;
    for (const zone of this.zones) n += zone.size;
    for (const line of this.lines) n += line.size;
    return n;
  }

  /** Zeroes the entry and crossing totals; occupancy and confirmed objects are live state and stay. */
  resetCounts(): void {
    for (const zone of this.zones) zone.resetCounts();
    for (const line of this.lines) line.resetCounts();
  }
}

type EventBase = Pick<SceneEvent, 't' | 'trackId' | 'label' | 'score' | 'box'>;

function eventBase(t: number, det: TrackedDetection): EventBase {
  return { t, trackId: det.trackId, label: det.label, score: det.score, box: [...det.box] as Box };
}

/** An ended track has no detection this frame: its events carry the last one seen. */
function lastSeen(t: number, record: TrackRecord): EventBase {
  return { t, trackId: record.trackId, label: record.label, score: record.score, box: [...record.box] as Box };
}

function zoneEvent(happening: ZoneHappening, zone: string, base: EventBase): SceneEvent {
  const event: SceneEvent = { type: ZONE_EVENT_TYPE[happening.kind], ...base, zone };
  if (happening.kind !== 'enter') event.dwellSeconds = happening.dwellSeconds;
  return event;
}
