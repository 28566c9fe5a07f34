/** Box overlap for the tracker. Boxes are [x1, y1, x2, y2] in continuous pixel coordinates. */

/** Intersection over union of two corner boxes; 0 when they do not overlap or either is empty. */
export function boxIou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  if (iw <= 0) return 0;
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (ih <= 0) return 0;
  const intersection = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
  return union > 0 ? intersection / union : 0;
}
