/**
 * The "alerts" section of the monitor configuration: validation with the path of every bad field, as
 * src/monitor/config.ts does for the rest. Zones and lines a rule names must exist in the same document.
 */
import type { AlertAction, MonitorEventType } from '../types';
import {
  ALERT_ACTIONS,
  ALERT_TONES,
  WEEKDAYS,
  type AlertCondition,
  type AlertRule,
  type ScheduleWindow,
  type Weekday,
} from './rule';
import { minutesOf } from './schedule';

const ZONE_EVENTS: readonly MonitorEventType[] = ['zone-enter', 'zone-exit', 'loiter'];
const WATCHED: readonly MonitorEventType[] = ['object-appeared', 'object-left', ...ZONE_EVENTS, 'line-cross'];
/** A day: a longer cooldown is a typo. */
const MAX_COOLDOWN_SECONDS = 86_400;
const MAX_COUNT = 1000;

type Json = Record<string, unknown>;

/** The names the rules may refer to. */
export interface SceneNames {
  zones: readonly string[];
  lines: readonly string[];
}

export function parseAlertRules(value: unknown, scene: SceneNames, errors: string[]): AlertRule[] {
  if (!Array.isArray(value)) {
    errors.push('alerts: expected an array of rules');
    return [];
  }
  const seen = new Set<string>();
  return value.map((item, i) => {
    const rule = parseRule(item, `alerts[${i}]`, scene, errors);
    if (rule.name && seen.has(rule.name)) errors.push(`alerts[${i}].name: duplicate name "${rule.name}"`);
    seen.add(rule.name);
    return rule;
  });
}

function parseRule(value: unknown, path: string, scene: SceneNames, errors: string[]): AlertRule {
  if (!isObject(value)) {
    errors.push(`${path}: expected an object`);
    return { name: '', when: { event: 'line-cross' }, actions: [] };
  }
  const name = typeof value.name === 'string' && value.name.trim() !== '' ? value.name : '';
  if (!name) errors.push(`${path}.name: must be a non-empty string`);
  const rule: AlertRule = {
    ...value,
    name,
    when: parseCondition(value.when, `${path}.when`, scene, errors),
    actions: parseActions(value.actions, `${path}.actions`, errors),
  };
  if (value.enabled !== undefined && typeof value.enabled !== 'boolean')
    errors.push(`${path}.enabled: expected true or false`);
  if (value.schedule !== undefined) rule.schedule = parseSchedule(value.schedule, `${path}.schedule`, errors);
  if (value.cooldownSeconds !== undefined)
    checkRange(value.cooldownSeconds, `${path}.cooldownSeconds`, 0, MAX_COOLDOWN_SECONDS, errors);
  if (value.sound !== undefined) parseSound(value.sound, `${path}.sound`, errors);
  if (value.webhook !== undefined) parseWebhook(value.webhook, `${path}.webhook`, errors);
  else if (rule.actions.includes('webhook'))
    errors.push(`${path}.webhook: required by the "webhook" action ({ "url": "https://…" })`);
  return rule;
}

function parseCondition(value: unknown, path: string, scene: SceneNames, errors: string[]): AlertCondition {
  if (!isObject(value)) {
    errors.push(`${path}: expected an object { "event", … }`);
    return { event: 'line-cross' };
  }
  const event = value.event as MonitorEventType;
  if (!WATCHED.includes(event))
    errors.push(`${path}.event: expected one of ${WATCHED.map((e) => `"${e}"`).join(', ')}`);
  const isZoneEvent = ZONE_EVENTS.includes(event);
  if (value.zone !== undefined && value.line !== undefined) errors.push(`${path}: name a zone or a line, not both`);
  if (value.zone !== undefined) {
    if (!isZoneEvent) errors.push(`${path}.zone: only for zone events (zone-enter, zone-exit, loiter)`);
    else checkName(value.zone, scene.zones, 'zone', `${path}.zone`, errors);
  }
  if (value.line !== undefined) {
    if (event !== 'line-cross') errors.push(`${path}.line: only for "line-cross"`);
    else checkName(value.line, scene.lines, 'line', `${path}.line`, errors);
  }
  if (value.direction !== undefined) {
    if (event !== 'line-cross') errors.push(`${path}.direction: only for "line-cross"`);
    else if (value.direction !== 'in' && value.direction !== 'out')
      errors.push(`${path}.direction: expected "in" or "out"`);
  }
  if (
    value.classes !== undefined &&
    !(Array.isArray(value.classes) && value.classes.every((c) => typeof c === 'string' && c !== ''))
  ) {
    errors.push(`${path}.classes: expected an array of class names`);
  }
  if (value.minScore !== undefined) checkRange(value.minScore, `${path}.minScore`, 0, 1, errors);
  if (value.minDwellSeconds !== undefined) {
    if (event !== 'zone-exit' && event !== 'loiter')
      errors.push(`${path}.minDwellSeconds: only for "zone-exit" and "loiter" (the events that carry a dwell time)`);
    else checkRange(value.minDwellSeconds, `${path}.minDwellSeconds`, 0, MAX_COOLDOWN_SECONDS, errors);
  }
  if (value.minCount !== undefined) {
    if (value.zone === undefined) errors.push(`${path}.minCount: needs a zone to count in`);
    if (!Number.isInteger(value.minCount) || (value.minCount as number) < 1 || (value.minCount as number) > MAX_COUNT) {
      errors.push(`${path}.minCount: expected an integer in 1..${MAX_COUNT}`);
    }
  }
  return { ...value, event } as AlertCondition;
}

function parseActions(value: unknown, path: string, errors: string[]): AlertAction[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(`${path}: expected a non-empty array of ${ALERT_ACTIONS.map((a) => `"${a}"`).join(', ')}`);
    return [];
  }
  value.forEach((action, i) => {
    if (!ALERT_ACTIONS.includes(action as AlertAction))
      errors.push(`${path}[${i}]: expected one of ${ALERT_ACTIONS.map((a) => `"${a}"`).join(', ')}`);
    else if (value.indexOf(action) !== i) errors.push(`${path}[${i}]: "${action}" is listed twice`);
  });
  return value.filter((a): a is AlertAction => ALERT_ACTIONS.includes(a as AlertAction));
}

function parseSchedule(value: unknown, path: string, errors: string[]): ScheduleWindow[] {
  if (!Array.isArray(value)) {
    errors.push(`${path}: expected an array of { "days", "from", "to" } windows`);
    return [];
  }
  value.forEach((w, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(w)) return errors.push(`${at}: expected an object { "days", "from", "to" }`);
    if (w.days !== undefined && !(Array.isArray(w.days) && w.days.every((d) => WEEKDAYS.includes(d as Weekday)))) {
      errors.push(`${at}.days: expected an array of ${WEEKDAYS.map((d) => `"${d}"`).join(', ')}`);
    }
    const from = typeof w.from === 'string' ? minutesOf(w.from) : null;
    const to = typeof w.to === 'string' ? minutesOf(w.to) : null;
    if (from === null || from === 24 * 60) errors.push(`${at}.from: expected "HH:MM" (00:00 to 23:59)`);
    if (to === null) errors.push(`${at}.to: expected "HH:MM" (00:00 to 24:00)`);
    if (from !== null && from === to)
      errors.push(`${at}.to: must differ from ${at}.from (a whole day is "00:00" to "24:00")`);
  });
  return value as ScheduleWindow[];
}

function parseSound(value: unknown, path: string, errors: string[]): void {
  if (!isObject(value)) return void errors.push(`${path}: expected an object { "tone", "volume" }`);
  if (!ALERT_TONES.includes(value.tone as never))
    errors.push(`${path}.tone: expected one of ${ALERT_TONES.map((t) => `"${t}"`).join(', ')}`);
  if (value.volume !== undefined) checkRange(value.volume, `${path}.volume`, 0, 1, errors);
}

function parseWebhook(value: unknown, path: string, errors: string[]): void {
  if (!isObject(value) || typeof value.url !== 'string')
    return void errors.push(`${path}.url: expected an http(s) address`);
  if (!isWebhookUrl(value.url)) errors.push(`${path}.url: expected an http(s) address or a path on this site ("/…")`);
}

/** An absolute http(s) URL, or a path on the page's own site. */
export function isWebhookUrl(url: string): boolean {
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function checkName(value: unknown, known: readonly string[], kind: string, path: string, errors: string[]): void {
  if (typeof value !== 'string' || value === '') errors.push(`${path}: expected a ${kind} name`);
  else if (!known.includes(value)) errors.push(`${path}: no ${kind} named "${value}" in this configuration`);
}

function checkRange(value: unknown, path: string, min: number, max: number, errors: string[]): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max)
    errors.push(`${path}: expected a number in ${min}..${max}`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
