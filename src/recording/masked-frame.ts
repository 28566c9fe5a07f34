/**
 * The picture that is recorded: the frame scaled down to the clip's size with the privacy masks painted in
 * black, as a new VideoFrame for the encoder. Detection keeps using the original frame.
 */
import type { PrivacyMask } from '../monitor/types';
import { paintMasks } from './paint-masks';

/** Clips are at most this wide: enough to see what happened, cheap to encode in software. */
export const CLIP_MAX_WIDTH = 640;

/** The clip's size for a frame: at most CLIP_MAX_WIDTH wide, even sides (4:2:0 encoders need them). */
export function clipSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, CLIP_MAX_WIDTH / width);
  const even = (v: number) => Math.max(2, 2 * Math.round((v * scale) / 2));
  return { width: even(width), height: even(height) };
}

export class MaskedFramePainter {
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;
  masks: PrivacyMask[] = [];

  /** A new VideoFrame (the caller closes it) of `frame` at `size`, masks painted, same timestamp. */
  paint(frame: VideoFrame, size: { width: number; height: number }): VideoFrame {
    if (!this.canvas || this.canvas.width !== size.width || this.canvas.height !== size.height) {
      this.canvas = new OffscreenCanvas(size.width, size.height);
      this.context = this.canvas.getContext('2d', { alpha: false })!;
    }
    const context = this.context!;
    context.drawImage(frame, 0, 0, size.width, size.height);
    paintMasks(context, this.masks, size.width, size.height);
    return new VideoFrame(this.canvas, { timestamp: frame.timestamp, duration: frame.duration ?? undefined });
  }
}
