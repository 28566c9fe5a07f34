/**
 * Geometry of the scene editor: screen ⇄ frame mapping for any object-fit, hit testing, the direction arrow of a
 * counting line, default names. Pure: no DOM. Screen points are the element's CSS pixels; frame points are
 * normalised to the frame (0..1, y down), as in the monitor configuration.
 */
import { contentRect } from '../../detection/object-fit';
import { rayCastInside } from '../../monitor/geometry';
import type { MonitorConfig, NormPoint } from '../../monitor/types';
import type { ViewGeometry } from './box-hit';

export type { ViewGeometry };

/** A point in the element's CSS pixels. */
export type ScreenPoint = [number, number];

export type ShapeKind = 'zone' | 'line';

/** A zone or line, by its name (unique within its kind). */
export interface ShapeRef {
  kind: ShapeKind;
  name: string;
}

export interface ShapeHit extends ShapeRef {
  /** What was hit: a vertex (zone point or line end: 0 = from, 1 = to), an edge or segment, a zone's inside. */
  part: 'vertex' | 'edge' | 'inside';
  /** Index of the vertex for part 'vertex', of the edge's first point for part 'edge'. */
  index: number;
}

/** Decimals kept in the configuration: 1e-4 of the frame is a fifth of a pixel of a 1920-wide frame. */
const DECIMALS = 1e4;

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** Rounded for a readable configuration, still in 0..1. */
export function roundNorm(v: number): number {
  return clamp01(Math.round(v * DECIMALS) / DECIMALS);
}

function picture(view: ViewGeometry) {
  return contentRect(view.fit, view.viewWidth, view.viewHeight, view.frameWidth, view.frameHeight);
}

/** A screen point to the frame, clamped to 0..1 (a tap on a letterbox bar lands on the picture's edge). */
export function screenToFrame(p: ScreenPoint, view: ViewGeometry): NormPoint {
  const r = picture(view);
  if (!(r.width > 0 && r.height > 0)) return [0, 0];
  return [roundNorm((p[0] - r.x) / r.width), roundNorm((p[1] - r.y) / r.height)];
}

/** A frame point to the screen (may lie outside the element under object-fit: cover). */
export function frameToScreen(p: NormPoint, view: ViewGeometry): ScreenPoint {
  const r = picture(view);
  return [r.x + p[0] * r.width, r.y + p[1] * r.height];
}

export function distance(a: ScreenPoint, b: ScreenPoint): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

export function distanceToSegment(p: ScreenPoint, a: ScreenPoint, b: ScreenPoint): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq > 0 ? Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSq)) : 0;
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Index of the vertex nearest to p within `radius`, or -1. */
export function nearestVertex(points: readonly ScreenPoint[], p: ScreenPoint, radius: number): number {
  let best = -1;
  let bestDistance = radius;
  points.forEach((q, i) => {
    const d = distance(p, q);
    if (d <= bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}

/**
 * Index i of the edge points[i] → points[i + 1] (the closing edge too when `closed`) that p lies within
 * `tolerance` of, the nearest one; -1 when none.
 */
export function edgeAt(points: readonly ScreenPoint[], p: ScreenPoint, tolerance: number, closed: boolean): number {
  let best = -1;
  let bestDistance = tolerance;
  const edges = closed ? points.length : points.length - 1;
  for (let i = 0; i < edges; i++) {
    const d = distanceToSegment(p, points[i], points[(i + 1) % points.length]);
    if (d <= bestDistance) {
      best = i;
      bestDistance = d;
    }
  }
  return best;
}

/** Point in polygon by ray casting (boundary handling left to edgeAt). */
export function insidePolygon(p: ScreenPoint, polygon: readonly ScreenPoint[]): boolean {
  return rayCastInside(p, polygon);
}

export function polygonArea(points: readonly ScreenPoint[]): number {
  let twice = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    twice += points[j][0] * points[i][1] - points[i][0] * points[j][1];
  }
  return Math.abs(twice) / 2;
}

/**
 * The shape under a screen point. Vertices first (those of `preferred`, the selected shape, before any other),
 * then line segments and zone edges, then the inside of zones (the smallest zone containing the point, so a
 * zone inside another stays reachable).
 */
export function hitTest(
  config: MonitorConfig,
  view: ViewGeometry,
  p: ScreenPoint,
  radius: number,
  preferred: ShapeRef | null = null,
): ShapeHit | null {
  const shapes: { kind: ShapeKind; name: string; points: ScreenPoint[] }[] = [
    ...config.lines.map((l) => ({
      kind: 'line' as const,
      name: l.name,
      points: [l.from, l.to].map((q) => frameToScreen(q, view)),
    })),
    ...config.zones.map((z) => ({
      kind: 'zone' as const,
      name: z.name,
      points: z.points.map((q) => frameToScreen(q, view)),
    })),
  ];
  const isPreferred = (s: ShapeRef) => preferred !== null && s.kind === preferred.kind && s.name === preferred.name;
  const ordered = [...shapes.filter(isPreferred), ...shapes.filter((s) => !isPreferred(s))];
  for (const s of ordered) {
    const index = nearestVertex(s.points, p, radius);
    if (index >= 0) return { kind: s.kind, name: s.name, part: 'vertex', index };
  }
  for (const s of ordered) {
    const index = edgeAt(s.points, p, radius, s.kind === 'zone');
    if (index >= 0) return { kind: s.kind, name: s.name, part: 'edge', index };
  }
  let best: ShapeHit | null = null;
  let bestArea = Infinity;
  for (const s of ordered) {
    if (s.kind !== 'zone' || !insidePolygon(p, s.points)) continue;
    const area = polygonArea(s.points);
    if (area < bestArea) {
      best = { kind: s.kind, name: s.name, part: 'inside', index: -1 };
      bestArea = area;
    }
  }
  return best;
}

/**
 * The arrow that shows a line's `in` direction: from the segment's midpoint, `length` pixels along the normal
 * that points to the side where s(p) < 0, which is where an object goes when it crosses `in`
 * (s(p) = (to.x − from.x)(p.y − from.y) − (to.y − from.y)(p.x − from.x)). Screen and frame axes differ only by
 * positive scales, so the side is the same in both; the arrow is perpendicular on screen. Null for a
 * degenerate segment.
 */
export function inArrow(
  from: ScreenPoint,
  to: ScreenPoint,
  length: number,
): { start: ScreenPoint; end: ScreenPoint } | null {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const segment = Math.hypot(dx, dy);
  if (segment === 0) return null;
  // n = (dy, −dx): s(mid + n) = dx·(−dx) − dy·dy < 0.
  const nx = dy / segment;
  const ny = -dx / segment;
  const start: ScreenPoint = [(from[0] + to[0]) / 2, (from[1] + to[1]) / 2];
  return { start, end: [start[0] + nx * length, start[1] + ny * length] };
}

/** Side of p relative to the directed line from → to (the monitor's s(p)). */
export function side(from: readonly number[], to: readonly number[], p: readonly number[]): number {
  return (to[0] - from[0]) * (p[1] - from[1]) - (to[1] - from[1]) * (p[0] - from[0]);
}

/** "zone 1", "zone 2", …: the smallest number whose name is not taken. */
export function uniqueName(kind: ShapeKind, taken: Iterable<string>): string {
  const names = new Set(taken);
  for (let n = 1; ; n++) {
    const name = `${kind} ${n}`;
    if (!names.has(name)) return name;
  }
}

/**
 * Moves points by (dx, dy) (frame units), limited so that every point stays in the frame: the shape stops at
 * the edge rather than being squashed.
 */
export function translateWithin(points: readonly NormPoint[], dx: number, dy: number): NormPoint[] {
  if (points.length === 0) return [];
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const cx = Math.min(Math.max(dx, -Math.min(...xs)), 1 - Math.max(...xs));
  const cy = Math.min(Math.max(dy, -Math.min(...ys)), 1 - Math.max(...ys));
  return points.map((p) => [roundNorm(p[0] + cx), roundNorm(p[1] + cy)]);
}

/** "person, car,, person " → ['person', 'car']; nothing → undefined (every class). */
export function parseClassList(text: string): string[] | undefined {
  const classes = [
    ...new Set(
      text
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== ''),
    ),
  ];
  return classes.length ? classes : undefined;
}
