/** Shared shapes of the monitor: tracking, zones, lines and their events. Pure types: no DOM, no GPU. */
import type { Box, Detection } from '../detection/types';
import type { AlertRule } from './alerts/rule';
import type { MqttConfig } from './mqtt-config';

/** A point normalised to the frame: x and y in 0..1, y down. */
export type NormPoint = [number, number];

/** A detection the tracker has given a stable id. */
export interface TrackedDetection extends Detection {
  trackId: number;
}

/** What the tracker says about one frame. */
export interface TrackerFrame {
  /** Detections of tracks that are active (matched) in this frame, with their track ids. */
  tracked: TrackedDetection[];
  /** Ids of tracks that ended (removed) in this frame: every per-track state elsewhere is freed for them. */
  ended: number[];
}

export type MonitorEventType =
  'object-appeared' | 'object-left' | 'zone-enter' | 'zone-exit' | 'loiter' | 'line-cross' | 'alert' | 'system'; // the app's own recoveries (detector restarted, camera reconnected): `label` names it, `message` says it

/** What an alert rule does when it fires. */
export type AlertAction = 'banner' | 'sound' | 'notification' | 'vibrate' | 'mqtt' | 'webhook';

export interface MonitorEvent {
  /** Unique and sortable: the wall-clock time and a counter. */
  id: string;
  type: MonitorEventType;
  /** Wall clock, ISO 8601. */
  time: string;
  /** Seconds on the frames' own clock (VideoFrame.timestamp), not wall time. */
  t: number;
  trackId: number;
  label: string;
  score: number;
  /** [x1, y1, x2, y2] in frame pixels. */
  box: Box;
  zone?: string;
  line?: string;
  direction?: 'in' | 'out';
  dwellSeconds?: number;
  /** Alerts only: the name of the rule that fired. */
  rule?: string;
  /** Alerts only: the id of the event that fired the rule. */
  cause?: string;
  /** Alerts only: what the page (and MQTT) should do with it. */
  actions?: AlertAction[];
  /** System events only: what happened, in words. */
  message?: string;
}

/** An event as the monitor raises it; the engine gives it its id and wall-clock time. */
export type MonitorEventDraft = Omit<MonitorEvent, 'id' | 'time'>;

export interface ZoneConfig {
  name: string;
  /** Polygon, normalised to the frame. */
  points: NormPoint[];
  /** Class names that count here; absent or empty: every class. */
  classes?: string[];
  /** Raise one loiter event per visit once an object has been inside this long; absent: never. */
  loiterSeconds?: number;
  /** Consecutive frames in (or out) before an object enters (or leaves); default 3. */
  inertia?: number;
}

export interface LineConfig {
  name: string;
  from: NormPoint;
  to: NormPoint;
  classes?: string[];
}

export interface TrackerConfig {
  /** Detections at or above this start the first association (ByteTrack track_thresh). */
  highThreshold: number;
  /** Detections between this and highThreshold go to the second association. */
  lowThreshold: number;
  /** An unmatched high detection starts a track at or above this (ByteTrack: high + 0.1). */
  newTrackThreshold: number;
  /** First-association gate on the fused 1 − IoU cost (ByteTrack match_thresh). */
  matchThreshold: number;
  /** How long a lost track can come back, in seconds (ByteTrack track_buffer / 30 fps). */
  bufferSeconds: number;
  /** Low-score boxes left after the second association may bring back lost tracks (default true; false: original). */
  lowScoreRefind?: boolean;
  /** The box a track reports: the detection's (default) or the Kalman filter's (original). */
  outputBox?: 'detection' | 'kalman';
}

/** Per-class confirmation and size filters; normalised areas are fractions of the frame area. */
export interface ClassFilter {
  /** Median of the last scores that confirms an object (default 0.5). */
  minScore?: number;
  minArea?: number;
  maxArea?: number;
}

export interface MonitorConfig {
  version: 1;
  /** The point of a box that decides zone membership and line crossings (default bottom-center). */
  anchor?: 'bottom-center' | 'center';
  zones: ZoneConfig[];
  lines: LineConfig[];
  tracker?: Partial<TrackerConfig>;
  /** Frames an object must be seen before it raises events (default 3). */
  minFrames?: number;
  /** Per-class filters, by class name; '*' applies to every class without its own. */
  filters?: Record<string, ClassFilter>;
  /** How long the event log keeps events, and how much space it may take. */
  retention?: { maxAgeDays: number; maxMegabytes: number };
  /** Alert rules (src/monitor/alerts/): what raises an alert and what the page does with it. */
  alerts?: AlertRule[];
  /** Video clips of events, with pre-roll (parsed by recording-config.ts). */
  clips?: ClipsConfig;
  /** Areas blacked out in every snapshot, clip, MQTT image and the live picture. */
  masks?: PrivacyMask[];
  /** Events to an MQTT broker, for Home Assistant (parsed by mqtt-config.ts). */
  mqtt?: MqttConfig;
}

export interface ClipsConfig {
  enabled: boolean;
  /** Seconds kept before the event (default 5, at most 60). */
  preRollSeconds: number;
  /** Seconds recorded after activity is over (default 5). */
  postCaptureSeconds: number;
}

export interface PrivacyMask {
  name: string;
  /** Polygon, normalised to the frame. */
  points: NormPoint[];
}
