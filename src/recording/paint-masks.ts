/** Privacy masks painted as opaque black polygons: the same code for clips, snapshots and the live overlay. */
import { maskPolygons } from '../monitor/recording-config';
import type { PrivacyMask } from '../monitor/types';

type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/**
 * Fills the masks (normalised points) over a picture drawn at (x, y) with size width × height on `context`.
 */
export function paintMasks(
  context: Context2D,
  masks: readonly PrivacyMask[],
  width: number,
  height: number,
  x = 0,
  y = 0,
): void {
  if (masks.length === 0) return;
  context.save();
  context.fillStyle = '#000';
  for (const polygon of maskPolygons(masks, width, height)) {
    context.beginPath();
    polygon.forEach(([px, py], i) => (i === 0 ? context.moveTo(x + px, y + py) : context.lineTo(x + px, y + py)));
    context.closePath();
    context.fill();
  }
  context.restore();
}
