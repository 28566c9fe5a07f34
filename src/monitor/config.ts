/**
 * The monitor configuration document: validation with a path for every bad field, defaults, and a
 * readable serialisation. Unknown keys are kept, not rejected, so a document written by a later
 * version (with sections such as "mqtt" or "rules") still loads here and saves back intact.
 */
import { parseAlertRules, type SceneNames } from './alerts/parse-rules';
import { parseMqttSection } from './mqtt-config';
import { parseClipsConfig, parseMasks } from './recording-config';
import type { ClassFilter, LineConfig, MonitorConfig, NormPoint, TrackerConfig, ZoneConfig } from './types';

export const MONITOR_CONFIG_VERSION = 1;

export const DEFAULT_MONITOR_CONFIG: MonitorConfig = { version: 1, zones: [], lines: [] };

export type ParseResult = { ok: true; config: MonitorConfig } | { ok: false; errors: string[] };

/** Largest sensible inertia and minFrames: beyond this a zone or an object would take minutes to register. */
const MAX_FRAMES = 1000;
/** Largest tracker buffer, in seconds. */
const MAX_BUFFER_SECONDS = 3600;

const TRACKER_FRACTIONS = ['highThreshold', 'lowThreshold', 'newTrackThreshold', 'matchThreshold'] as const;

type Json = Record<string, unknown>;

export function parseMonitorConfig(input: unknown): ParseResult {
  const errors: string[] = [];
  if (!isObject(input)) return { ok: false, errors: ['(document): expected an object'] };

  if (input.version !== MONITOR_CONFIG_VERSION) errors.push(`version: expected ${MONITOR_CONFIG_VERSION}`);
  const config: MonitorConfig = {
    ...input,
    version: 1,
    zones: parseList(input.zones, 'zones', parseZone, errors),
    lines: parseList(input.lines, 'lines', parseLine, errors),
  };
  if (input.anchor !== undefined && input.anchor !== 'bottom-center' && input.anchor !== 'center') {
    errors.push(`anchor: expected "bottom-center" or "center"`);
  }
  if (input.minFrames !== undefined) checkInteger(input.minFrames, 'minFrames', 1, MAX_FRAMES, errors);
  if (input.tracker !== undefined) config.tracker = parseTracker(input.tracker, errors);
  if (input.filters !== undefined) config.filters = parseFilters(input.filters, errors);
  if (input.retention !== undefined) config.retention = parseRetention(input.retention, errors);
  if (input.clips !== undefined) config.clips = parseClipsConfig(input.clips, errors);
  if (input.masks !== undefined) config.masks = parseMasks(input.masks, errors);
  if (input.alerts !== undefined) config.alerts = parseAlertRules(input.alerts, sceneNames(config), errors);
  if (input.mqtt !== undefined) config.mqtt = parseMqttSection(input.mqtt, errors);
  return errors.length ? { ok: false, errors } : { ok: true, config };
}

/** The zone and line names alert rules may refer to. */
function sceneNames(config: MonitorConfig): SceneNames {
  return { zones: config.zones.map((z) => z.name), lines: config.lines.map((l) => l.name) };
}

/** Pretty JSON with coordinate pairs and class lists kept on one line, for a file a person can edit. */
export function serializeMonitorConfig(config: MonitorConfig): string {
  // Arrays holding no array or object: join their lines. JSON strings never contain a raw newline,
  // so ",\n" only ever comes from the indentation.
  return JSON.stringify(config, null, 2).replace(
    /\[\n\s*([^[\]{}]*?)\n\s*\]/g,
    (_, inner: string) => `[${inner.replace(/,\n\s*/g, ', ')}]`,
  );
}

function parseList<T>(
  value: unknown,
  path: string,
  parseItem: (item: unknown, path: string, errors: string[]) => T,
  errors: string[],
): T[] {
  // Absent: none (a document with only other sections is valid).
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(`${path}: expected an array`);
    return [];
  }
  const items = value.map((item, i) => parseItem(item, `${path}[${i}]`, errors));
  const seen = new Set<string>();
  value.forEach((item, i) => {
    const name = isObject(item) ? item.name : undefined;
    if (typeof name !== 'string' || name.trim() === '') return;
    if (seen.has(name)) errors.push(`${path}[${i}].name: duplicate name "${name}"`);
    seen.add(name);
  });
  return items;
}

function parseZone(value: unknown, path: string, errors: string[]): ZoneConfig {
  if (!isObject(value)) {
    errors.push(`${path}: expected an object`);
    return { name: '', points: [] };
  }
  const zone: ZoneConfig = { ...value, name: checkName(value.name, path, errors), points: [] };
  if (!Array.isArray(value.points)) errors.push(`${path}.points: expected an array of [x, y] points`);
  else {
    if (value.points.length < 3) errors.push(`${path}.points: a polygon needs at least 3 points`);
    zone.points = value.points.map((p, i) => checkPoint(p, `${path}.points[${i}]`, errors));
  }
  if (value.classes !== undefined) zone.classes = checkClasses(value.classes, `${path}.classes`, errors);
  if (value.loiterSeconds !== undefined) {
    if (!isFiniteNumber(value.loiterSeconds) || value.loiterSeconds < 0) {
      errors.push(`${path}.loiterSeconds: expected a number ≥ 0`);
    }
  }
  if (value.inertia !== undefined) checkInteger(value.inertia, `${path}.inertia`, 1, MAX_FRAMES, errors);
  return zone;
}

function parseLine(value: unknown, path: string, errors: string[]): LineConfig {
  if (!isObject(value)) {
    errors.push(`${path}: expected an object`);
    return { name: '', from: [0, 0], to: [0, 0] };
  }
  const from = checkPoint(value.from, `${path}.from`, errors);
  const to = checkPoint(value.to, `${path}.to`, errors);
  const line: LineConfig = { ...value, name: checkName(value.name, path, errors), from, to };
  if (isPoint(value.from) && isPoint(value.to) && from[0] === to[0] && from[1] === to[1]) {
    errors.push(`${path}.to: must differ from ${path}.from (a line needs two distinct ends)`);
  }
  if (value.classes !== undefined) line.classes = checkClasses(value.classes, `${path}.classes`, errors);
  return line;
}

/** Up to ten years and 100 GB: beyond that a number is a typo, not a policy. */
function parseRetention(value: unknown, errors: string[]): MonitorConfig['retention'] {
  if (!isObject(value)) {
    errors.push('retention: expected an object { "maxAgeDays", "maxMegabytes" }');
    return undefined;
  }
  checkRange(value.maxAgeDays, 'retention.maxAgeDays', 0, 3650, errors);
  checkRange(value.maxMegabytes, 'retention.maxMegabytes', 1, 100_000, errors);
  return { ...value } as MonitorConfig['retention'];
}

function parseTracker(value: unknown, errors: string[]): Partial<TrackerConfig> {
  if (!isObject(value)) {
    errors.push('tracker: expected an object');
    return {};
  }
  for (const key of TRACKER_FRACTIONS) {
    if (value[key] !== undefined) checkFraction(value[key], `tracker.${key}`, errors);
  }
  const { bufferSeconds, lowThreshold, highThreshold } = value;
  if (bufferSeconds !== undefined) checkRange(bufferSeconds, 'tracker.bufferSeconds', 0, MAX_BUFFER_SECONDS, errors);
  if (value.lowScoreRefind !== undefined && typeof value.lowScoreRefind !== 'boolean')
    errors.push('tracker.lowScoreRefind: expected true or false');
  if (value.outputBox !== undefined && value.outputBox !== 'detection' && value.outputBox !== 'kalman') {
    errors.push('tracker.outputBox: expected "detection" or "kalman"');
  }
  if (isFiniteNumber(lowThreshold) && isFiniteNumber(highThreshold) && lowThreshold > highThreshold) {
    errors.push('tracker.lowThreshold: must not exceed tracker.highThreshold');
  }
  return { ...value };
}

function parseFilters(value: unknown, errors: string[]): Record<string, ClassFilter> {
  if (!isObject(value)) {
    errors.push('filters: expected an object of class name → filter');
    return {};
  }
  const filters: Record<string, ClassFilter> = {};
  for (const [label, filter] of Object.entries(value)) {
    const path = `filters${/^[A-Za-z_*][\w*]*$/.test(label) ? `.${label}` : `[${JSON.stringify(label)}]`}`;
    if (!isObject(filter)) {
      errors.push(`${path}: expected an object`);
      continue;
    }
    for (const key of ['minScore', 'minArea', 'maxArea'] as const) {
      if (filter[key] !== undefined) checkFraction(filter[key], `${path}.${key}`, errors);
    }
    if (isFiniteNumber(filter.minArea) && isFiniteNumber(filter.maxArea) && filter.minArea > filter.maxArea) {
      errors.push(`${path}.minArea: must not exceed ${path}.maxArea`);
    }
    filters[label] = { ...filter };
  }
  return filters;
}

function checkName(value: unknown, path: string, errors: string[]): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  errors.push(`${path}.name: must be a non-empty string`);
  return '';
}

function checkPoint(value: unknown, path: string, errors: string[]): NormPoint {
  if (isPoint(value)) return [value[0], value[1]];
  errors.push(`${path}: expected [x, y] with numbers in 0..1`);
  return [0, 0];
}

function checkClasses(value: unknown, path: string, errors: string[]): string[] {
  if (Array.isArray(value) && value.every((c): c is string => typeof c === 'string' && c !== '')) return [...value];
  errors.push(`${path}: expected an array of class names`);
  return [];
}

function checkFraction(value: unknown, path: string, errors: string[]): void {
  checkRange(value, path, 0, 1, errors);
}

function checkRange(value: unknown, path: string, min: number, max: number, errors: string[]): void {
  if (!isFiniteNumber(value) || value < min || value > max) errors.push(`${path}: expected a number in ${min}..${max}`);
}

function checkInteger(value: unknown, path: string, min: number, max: number, errors: string[]): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    errors.push(`${path}: expected an integer in ${min}..${max}`);
  }
}

function isPoint(value: unknown): value is NormPoint {
  return Array.isArray(value) && value.length === 2 && value.every((v) => isFiniteNumber(v) && v >= 0 && v <= 1);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
