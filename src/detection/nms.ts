import type { Box, Candidate } from './types';

/** Intersection over union; 0 when the union is empty, so zero-area boxes never suppress anything. */
export function iou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const intersection = w * h;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - intersection;
  return union > 0 ? intersection / union : 0;
}

/**
 * Whether iou(a, b) > threshold, decided in float32 step by step exactly as the GPU NMS (src/gpu/postprocess.wgsl) does,
 * and without a division (WGSL's is not correctly rounded): both paths suppress the same boxes even when an IoU
 * lies within float rounding of the threshold. Zero-area, disjoint and NaN boxes never overlap.
 */
export function iouAbove(a: Box, b: Box, threshold: number): boolean {
  const f = Math.fround;
  const w = f(Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = f(Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  if (!(w > 0 && h > 0)) return false;
  const intersection = f(w * h);
  const areaA = f(f(a[2] - a[0]) * f(a[3] - a[1]));
  const areaB = f(f(b[2] - b[0]) * f(b[3] - b[1]));
  const union = f(f(areaA + areaB) - intersection);
  return union > 0 && intersection > f(f(threshold) * union);
}

/** Higher score first; equal scores keep output order (lower index first). The GPU sort uses the same key. */
export function byScoreThenIndex(a: Candidate, b: Candidate): number {
  return b.score - a.score || a.index - b.index;
}

/**
 * Class-aware greedy non-maximum suppression, the reference for the GPU version.
 * A box is dropped when its IoU with a kept box of the same class is above `iouThreshold` (see iouAbove).
 * Candidates are expected to have passed the score threshold (NaN scores never do).
 */
export function nonMaxSuppression(candidates: Candidate[], iouThreshold: number, maxDetections: number): Candidate[] {
  const sorted = [...candidates].sort(byScoreThenIndex);
  const kept: Candidate[] = [];
  for (const candidate of sorted) {
    if (kept.length >= maxDetections) break;
    const suppressed = kept.some(
      (k) => k.classId === candidate.classId && iouAbove(k.box, candidate.box, iouThreshold),
    );
    if (!suppressed) kept.push(candidate);
  }
  return kept;
}
