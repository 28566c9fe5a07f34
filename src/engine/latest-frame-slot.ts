/** Anything that holds a resource until closed (VideoFrame, ImageBitmap). */
export interface Closable {
  close(): void;
}

/**
 * Latest frame wins: a frame offered while one is being processed replaces the waiting one, and the replaced
 * frame is closed at once. Nothing queues, so the detector never falls behind the camera.
 */
export class LatestFrameSlot<F extends Closable> {
  private waiting: F | null = null;
  private busy = false;
  /** Frames closed unprocessed because a newer one arrived. */
  dropped = 0;

  constructor(private readonly process: (frame: F) => Promise<void>) {}

  offer(frame: F): void {
    if (this.waiting) {
      this.waiting.close();
      this.dropped++;
    }
    this.waiting = frame;
    if (!this.busy) void this.drain();
  }

  /** Closes the waiting frame, if any (the one in flight finishes). */
  clear(): void {
    this.waiting?.close();
    this.waiting = null;
  }

  get idle(): boolean {
    return !this.busy && !this.waiting;
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting) {
        const frame = this.waiting;
        this.waiting = null;
        try {
          await this.process(frame);
        } catch {
          // `process` reports its own failures; one bad frame must not stop the ones after it.
        } finally {
          frame.close();
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
