/**
 * The monitor as the engine runs it, right after post-processing: detections → ByteTrack → zones, lines,
 * loitering and counts → events. Pure: no DOM, no GPU; time is the frames' own clock.
 */
import type { Detection } from '../detection/types';
import { DEFAULT_MONITOR_CONFIG } from './config';
import { SceneMonitor, type MonitorCounts } from './scene';
import { ByteTracker, DEFAULT_TRACKER_CONFIG } from './track/byte-tracker';
import type { MonitorConfig, MonitorEventDraft } from './types';

export interface MonitorInput {
  /** Seconds on the frame clock. */
  t: number;
  width: number;
  height: number;
  detections: readonly Detection[];
}

export interface MonitorOutput {
  /** The input detections, in their order, with `trackId` on those a confirmed track follows. */
  detections: Array<Detection & { trackId?: number }>;
  events: MonitorEventDraft[];
  counts: MonitorCounts;
}

export class Monitor {
  private config: MonitorConfig = DEFAULT_MONITOR_CONFIG;
  private tracker = new ByteTracker();
  private readonly scene = new SceneMonitor(DEFAULT_MONITOR_CONFIG);
  private lastT = -Infinity;
  /** Ids the tracker has reported and not yet ended: what a restart must free in the rules. */
  private readonly liveIds = new Set<number>();

  setConfig(config: MonitorConfig): void {
    const trackerChanged = JSON.stringify(config.tracker ?? {}) !== JSON.stringify(this.config.tracker ?? {});
    this.config = config;
    this.scene.setConfig(config);
    if (trackerChanged) {
      this.restartTracker();
      this.tracker = new ByteTracker(config.tracker);
    }
  }

  /** Below this score a detection is of no use to the tracker. */
  get lowThreshold(): number {
    return this.config.tracker?.lowThreshold ?? DEFAULT_TRACKER_CONFIG.lowThreshold;
  }

  process(input: MonitorInput): MonitorOutput {
    // A clock that goes back is another recording (a new file, a restarted camera): start afresh.
    if (input.t <= this.lastT) this.restartTracker();
    this.lastT = input.t;
    const frame = this.tracker.update(input.detections, input.t);
    for (const tracked of frame.tracked) this.liveIds.add(tracked.trackId);
    for (const id of frame.ended) this.liveIds.delete(id);
    const events = this.scene.update({ ...frame, t: input.t, width: input.width, height: input.height });
    const idOf = new Map<Detection, number>();
    for (const tracked of frame.tracked) {
      const source = input.detections.find(
        (d) => d.classId === tracked.classId && sameBox(d.box, tracked.detectionBox),
      );
      if (source) idOf.set(source, tracked.trackId);
    }
    const detections = input.detections.map((d) => (idOf.has(d) ? { ...d, trackId: idOf.get(d)! } : d));
    return { detections, events, counts: this.scene.counts() };
  }

  /** Forgets tracks, their per-track state and the totals (a new recording to analyse). */
  reset(): void {
    this.restartTracker();
    this.scene.resetCounts();
  }

  /** Per-track entries held anywhere (tracker and rules): flat over days of running. */
  get stateSize(): number {
    return this.tracker.size + this.scene.trackedStateCount();
  }

  private restartTracker(): void {
    // Ending every track through the rules frees its per-track state there too; a restart raises no events.
    this.scene.update({ tracked: [], ended: [...this.liveIds], t: this.lastT, width: 1, height: 1 });
    this.liveIds.clear();
    this.tracker.reset();
    this.lastT = -Infinity;
  }
}

function sameBox(a: readonly number[], b: readonly number[]): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}
