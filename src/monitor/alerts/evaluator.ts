/**
 * Turns a frame's stamped monitor events into alert drafts: each enabled rule whose condition matches an event,
 * inside its schedule (local time) and out of its cooldown, raises one alert that names the rule and the event
 * that fired it. Pure: the caller passes the counts and the wall-clock Date.
 */
import type { MonitorCounts } from '../scene';
import type { MonitorEvent, MonitorEventDraft } from '../types';
import type { AlertCondition, AlertRule } from './rule';
import { inSchedule } from './schedule';

/** Whether `event` meets the rule's condition, given the counts after this frame. */
export function conditionMatches(when: AlertCondition, event: MonitorEvent, counts: MonitorCounts | null): boolean {
  if (event.type !== when.event) return false;
  if (when.zone !== undefined && event.zone !== when.zone) return false;
  if (when.line !== undefined && event.line !== when.line) return false;
  if (when.direction !== undefined && event.direction !== when.direction) return false;
  if (when.classes?.length && !when.classes.includes(event.label)) return false;
  if (when.minScore !== undefined && event.score < when.minScore) return false;
  if (when.minDwellSeconds !== undefined && (event.dwellSeconds ?? -1) < when.minDwellSeconds) return false;
  if (when.minCount !== undefined && zoneCount(counts, when.zone, when.classes) < when.minCount) return false;
  return true;
}

/** Objects of the classes (every class if none) in the zone now. */
export function zoneCount(
  counts: MonitorCounts | null,
  zone: string | undefined,
  classes: string[] | undefined,
): number {
  const occupancy = zone === undefined ? undefined : counts?.zones[zone]?.occupancy;
  if (!occupancy) return 0;
  return Object.entries(occupancy).reduce(
    (n, [label, count]) => (!classes?.length || classes.includes(label) ? n + count : n),
    0,
  );
}

export class AlertEvaluator {
  private rules: AlertRule[] = [];
  /** When each rule last fired, wall-clock ms, by rule name. */
  private readonly lastFired = new Map<string, number>();

  /** New rules; a rule that keeps its name keeps its cooldown (editing a rule does not re-arm it). */
  setRules(rules: readonly AlertRule[]): void {
    this.rules = [...rules];
    const names = new Set(rules.map((r) => r.name));
    for (const name of this.lastFired.keys()) if (!names.has(name)) this.lastFired.delete(name);
  }

  evaluate(events: readonly MonitorEvent[], counts: MonitorCounts | null, now: Date): MonitorEventDraft[] {
    const alerts: MonitorEventDraft[] = [];
    if (this.rules.length === 0 || events.length === 0) return alerts;
    const nowMs = now.getTime();
    for (const rule of this.rules) {
      if (rule.enabled === false || !inSchedule(rule.schedule, now)) continue;
      for (const event of events) {
        if (event.type === 'alert' || !conditionMatches(rule.when, event, counts)) continue;
        if (this.coolingDown(rule, nowMs)) break;
        this.lastFired.set(rule.name, nowMs);
        alerts.push(alertFor(rule, event));
      }
    }
    return alerts;
  }

  private coolingDown(rule: AlertRule, nowMs: number): boolean {
    const last = this.lastFired.get(rule.name);
    // A clock set back (nowMs < last) ends the cooldown rather than silencing the rule for hours.
    return (
      last !== undefined &&
      (rule.cooldownSeconds ?? 0) > 0 &&
      nowMs >= last &&
      nowMs - last < rule.cooldownSeconds! * 1000
    );
  }
}

/** The alert copies what its cause says about the object and the place, and names the rule and the cause. */
function alertFor(rule: AlertRule, cause: MonitorEvent): MonitorEventDraft {
  const { t, trackId, label, score, box, zone, line, direction, dwellSeconds } = cause;
  const draft: MonitorEventDraft = {
    type: 'alert',
    t,
    trackId,
    label,
    score,
    box,
    rule: rule.name,
    cause: cause.id,
    actions: [...rule.actions],
  };
  if (zone !== undefined) draft.zone = zone;
  if (line !== undefined) draft.line = line;
  if (direction !== undefined) draft.direction = direction;
  if (dwellSeconds !== undefined) draft.dwellSeconds = dwellSeconds;
  return draft;
}
