/** Plane geometry for zones and lines, in frame pixels (x right, y down). Pure functions. */
import type { Box } from '../detection/types';
import type { NormPoint } from './types';

/** A point in frame pixels. */
export type Point = [number, number];

export type Anchor = 'bottom-center' | 'center';

/** Below this distance (pixels) a point counts as on an edge: absorbs float error, far below a pixel. */
const ON_EDGE_EPSILON = 1e-6;

/** The point of a box that stands for the object: its feet (bottom-center, as Frigate) or its middle. */
export function anchorPoint(box: Box, anchor: Anchor = 'bottom-center'): Point {
  const x = (box[0] + box[2]) / 2;
  return anchor === 'center' ? [x, (box[1] + box[3]) / 2] : [x, box[3]];
}

/** Config coordinates are fractions of the frame, so one config survives a resolution change. */
export function toPixels(p: NormPoint, width: number, height: number): Point {
  return [p[0] * width, p[1] * height];
}

export function polygonToPixels(points: readonly NormPoint[], width: number, height: number): Point[] {
  return points.map((p) => toPixels(p, width, height));
}

/** Box area as a fraction of the frame area (0 for an empty or inverted box). */
export function boxAreaFraction(box: Box, width: number, height: number): number {
  const w = Math.max(0, box[2] - box[0]);
  const h = Math.max(0, box[3] - box[1]);
  return width > 0 && height > 0 ? (w * h) / (width * height) : 0;
}

/**
 * Which side of the directed line from → to a point lies on:
 * s(p) = (to.x − from.x)(p.y − from.y) − (to.y − from.y)(p.x − from.x).
 * 0 on the line; callers only compare signs (the in/out convention lives in lines.ts).
 */
export function side(from: Point, to: Point, p: Point): number {
  return (to[0] - from[0]) * (p[1] - from[1]) - (to[1] - from[1]) * (p[0] - from[0]);
}

/** Signed distance from the infinite line through from → to (same sign as side()); 0 for a degenerate line. */
export function signedDistance(from: Point, to: Point, p: Point): number {
  const length = Math.hypot(to[0] - from[0], to[1] - from[1]);
  return length > 0 ? side(from, to, p) / length : 0;
}

export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq > 0 ? Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSq)) : 0;
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * Whether segments ab and cd share a point, endpoints included (touching counts, collinear overlap counts).
 * Inclusive so that an object passing exactly through a line's endpoint is counted.
 */
export function segmentsIntersect(a: Point, b: Point, c: Point, d: Point): boolean {
  const d1 = orientation(c, d, a);
  const d2 = orientation(c, d, b);
  const d3 = orientation(a, b, c);
  const d4 = orientation(a, b, d);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  // Touching or collinear cases: an endpoint lying on the other segment.
  return (
    (d1 === 0 && onSegment(a, c, d)) ||
    (d2 === 0 && onSegment(b, c, d)) ||
    (d3 === 0 && onSegment(c, a, b)) ||
    (d4 === 0 && onSegment(d, a, b))
  );
}

/**
 * Point in polygon by ray casting. A point on the boundary (an edge or a vertex) counts as inside,
 * like OpenCV's pointPolygonTest ≥ 0 that Frigate uses: plain ray casting is arbitrary there.
 */
export function pointInPolygon(p: Point, polygon: readonly Point[]): boolean {
  const n = polygon.length;
  if (n < 3) return false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    if (distanceToSegment(p, polygon[j], polygon[i]) <= ON_EDGE_EPSILON) return true;
  }
  return rayCastInside(p, polygon);
}

/** Ray casting alone: the boundary is whatever the crossings make it (callers that care test edges first). */
export function rayCastInside(p: Point, polygon: readonly Point[]): boolean {
  if (polygon.length < 3) return false;
  const [x, y] = p;
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Sign of the turn a → b → p, with a tolerance so float noise on collinear points reads as 0. */
function orientation(a: Point, b: Point, p: Point): -1 | 0 | 1 {
  const cross = side(a, b, p);
  const scale = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (Math.abs(cross) <= ON_EDGE_EPSILON * Math.max(1, scale)) return 0;
  return cross > 0 ? 1 : -1;
}

/** For p collinear with ab: whether it lies within ab's bounding box. */
function onSegment(p: Point, a: Point, b: Point): boolean {
  return (
    p[0] >= Math.min(a[0], b[0]) - ON_EDGE_EPSILON &&
    p[0] <= Math.max(a[0], b[0]) + ON_EDGE_EPSILON &&
    p[1] >= Math.min(a[1], b[1]) - ON_EDGE_EPSILON &&
    p[1] <= Math.max(a[1], b[1]) + ON_EDGE_EPSILON
  );
}
