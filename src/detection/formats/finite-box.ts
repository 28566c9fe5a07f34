import type { Box } from '../types';

/**
 * Whether every corner is a finite number. Decoders of already-decoded boxes drop the others: a NaN or
 * infinite corner cannot be drawn, tracked or clipped into the frame. Zero-area and out-of-frame boxes stay
 * (the model said so; boxToFrame clips them).
 */
export function isFiniteBox(box: Box): boolean {
  return Number.isFinite(box[0]) && Number.isFinite(box[1]) && Number.isFinite(box[2]) && Number.isFinite(box[3]);
}
