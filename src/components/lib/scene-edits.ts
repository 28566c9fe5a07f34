/**
 * The scene editor's changes to a monitor configuration, as pure functions: each returns a new configuration
 * (the input and its shapes are never mutated; shapes not touched are shared) and keeps every other field.
 */
import type { LineConfig, MonitorConfig, NormPoint, ZoneConfig } from '../../monitor/types';
import { translateWithin, uniqueName, type ShapeRef } from './scene-geometry';

type ShapeChange = { zone: (z: ZoneConfig) => ZoneConfig; line: (l: LineConfig) => LineConfig };

/** A copy of the configuration with one zone or line replaced. */
export function updateShape(config: MonitorConfig, ref: ShapeRef, change: ShapeChange): MonitorConfig {
  return ref.kind === 'zone'
    ? { ...config, zones: config.zones.map((z) => (z.name === ref.name ? change.zone(z) : z)) }
    : { ...config, lines: config.lines.map((l) => (l.name === ref.name ? change.line(l) : l)) };
}

function samePoint(a: NormPoint, b: NormPoint): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export function addZone(config: MonitorConfig, points: NormPoint[]): { config: MonitorConfig; ref: ShapeRef } {
  const name = uniqueName(
    'zone',
    config.zones.map((z) => z.name),
  );
  return {
    config: { ...config, zones: [...config.zones, { name, points: [...points] }] },
    ref: { kind: 'zone', name },
  };
}

/** Null when the two ends are the same point. */
export function addLine(
  config: MonitorConfig,
  from: NormPoint,
  to: NormPoint,
): { config: MonitorConfig; ref: ShapeRef } | null {
  if (samePoint(from, to)) return null;
  const name = uniqueName(
    'line',
    config.lines.map((l) => l.name),
  );
  return { config: { ...config, lines: [...config.lines, { name, from, to }] }, ref: { kind: 'line', name } };
}

export function removeShape(config: MonitorConfig, ref: ShapeRef): MonitorConfig {
  return ref.kind === 'zone'
    ? { ...config, zones: config.zones.filter((z) => z.name !== ref.name) }
    : { ...config, lines: config.lines.filter((l) => l.name !== ref.name) };
}

/** Names are trimmed and must be non-empty and unique among shapes of the same kind. */
export function renameShape(
  config: MonitorConfig,
  ref: ShapeRef,
  value: string,
): { config: MonitorConfig } | { error: string } {
  const name = value.trim();
  if (!name) return { error: 'A name is needed' };
  if (name === ref.name) return { config };
  const shapes: { name: string }[] = ref.kind === 'zone' ? config.zones : config.lines;
  if (shapes.some((s) => s.name === name)) return { error: `“${name}” is taken` };
  return { config: updateShape(config, ref, { zone: (z) => ({ ...z, name }), line: (l) => ({ ...l, name }) }) };
}

/** Undefined or empty: every class (the key is removed). */
export function setClasses(config: MonitorConfig, ref: ShapeRef, classes: string[] | undefined): MonitorConfig {
  const apply = <T extends ZoneConfig | LineConfig>(shape: T): T => {
    const copy = { ...shape };
    if (classes?.length) copy.classes = [...classes];
    else delete copy.classes;
    return copy;
  };
  return updateShape(config, ref, { zone: apply, line: apply });
}

/** Undefined: no loitering alert (the key is removed). Lines have none. */
export function setLoiter(config: MonitorConfig, ref: ShapeRef, seconds: number | undefined): MonitorConfig {
  const zone = (z: ZoneConfig): ZoneConfig => {
    const copy = { ...z };
    if (seconds === undefined) delete copy.loiterSeconds;
    else copy.loiterSeconds = seconds;
    return copy;
  };
  return updateShape(config, ref, { zone, line: (l) => l });
}

/** Swaps a line's ends, which swaps its in and out directions. */
export function flipLine(config: MonitorConfig, ref: ShapeRef): MonitorConfig {
  return updateShape(config, ref, { zone: (z) => z, line: (l) => ({ ...l, from: l.to, to: l.from }) });
}

/** One vertex (a zone's point, or a line's end: 0 = from, 1 = to) put at `at`; a line keeps two distinct ends. */
export function moveVertex(config: MonitorConfig, ref: ShapeRef, index: number, at: NormPoint): MonitorConfig {
  return updateShape(config, ref, {
    zone: (z) => ({ ...z, points: z.points.map((p, i) => (i === index ? at : p)) }),
    line: (l) => {
      const from = index === 0 ? at : l.from;
      const to = index === 1 ? at : l.to;
      return samePoint(from, to) ? l : { ...l, from, to };
    },
  });
}

/** The whole shape moved by (dx, dy) frame units, stopping at the frame's edges. */
export function moveShape(config: MonitorConfig, ref: ShapeRef, dx: number, dy: number): MonitorConfig {
  return updateShape(config, ref, {
    zone: (z) => ({ ...z, points: translateWithin(z.points, dx, dy) }),
    line: (l) => {
      const [from, to] = translateWithin([l.from, l.to], dx, dy);
      return { ...l, from, to };
    },
  });
}
