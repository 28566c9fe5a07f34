import { frameSize, type Frame } from '../capture/frame';

/** Reads a frame's RGBA pixels through one reused OffscreenCanvas (the CPU path's capture stage). */
export class FramePixels {
  private readonly canvas = new OffscreenCanvas(1, 1);
  private readonly context = this.canvas.getContext('2d', { willReadFrequently: true })!;

  read(frame: Frame): { rgba: Uint8ClampedArray; width: number; height: number } {
    const { width, height } = frameSize(frame);
    if (!(width > 0 && height > 0)) throw new Error('The frame has no pixels');
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    this.context.drawImage(frame, 0, 0, width, height);
    return { rgba: this.context.getImageData(0, 0, width, height).data, width, height };
  }
}
