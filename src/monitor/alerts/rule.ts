/** The shape of an alert rule in the monitor configuration's "alerts" section. Pure types and their names. */
import type { AlertAction, MonitorEventType } from '../types';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Synthesised on the page with Web Audio: no audio files. */
export const ALERT_TONES = ['chime', 'beep', 'siren', 'ding'] as const;
export type AlertTone = (typeof ALERT_TONES)[number];

export const ALERT_ACTIONS: readonly AlertAction[] = ['banner', 'sound', 'notification', 'vibrate', 'mqtt', 'webhook'];

/** The events a rule can watch: every monitor event but alerts themselves (a rule never fires on a rule). */
export type WatchedEventType = Exclude<MonitorEventType, 'alert' | 'system'>;

export interface AlertCondition {
  event: WatchedEventType;
  /** Zone events only: the zone's name. */
  zone?: string;
  /** line-cross only: the line's name. */
  line?: string;
  /** line-cross only. */
  direction?: 'in' | 'out';
  /** Class names; absent or empty: every class. */
  classes?: string[];
  /** 0..1: the event's score at least this. */
  minScore?: number;
  /** Zone exits and loitering: time in the zone at least this. */
  minDwellSeconds?: number;
  /** With a zone: objects of `classes` (every class if none) in the zone at least this many, counting the event's. */
  minCount?: number;
}

/** A time window in local time; `to` before `from` runs past midnight into the next day. */
export interface ScheduleWindow {
  /** Days the window starts on; absent: every day. */
  days?: Weekday[];
  /** "HH:MM", 24-hour. */
  from: string;
  /** "HH:MM", 24-hour; "24:00" is the end of the day. */
  to: string;
}

export interface AlertRule {
  name: string;
  /** Absent: true. A rule switched off in the editor stays in the document. */
  enabled?: boolean;
  when: AlertCondition;
  /** Absent or empty: always. */
  schedule?: ScheduleWindow[];
  /** Seconds after firing during which the rule stays quiet (default 0). */
  cooldownSeconds?: number;
  actions: AlertAction[];
  sound?: { tone: AlertTone; volume: number };
  webhook?: { url: string };
}

export const DEFAULT_SOUND: NonNullable<AlertRule['sound']> = { tone: 'chime', volume: 0.8 };
