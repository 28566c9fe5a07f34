/** Anything that holds a resource until closed (VideoFrame, ImageBitmap). */
export interface Closable {
  close(): void;
}

/**
 * Latest frame wins: a frame offered while the slot is full replaces the waiting one, and the replaced frame is
 * closed at once. Nothing queues beyond one waiting frame, so the detector never falls behind the camera.
 * `concurrency()` frames are processed at a time (2 lets one be pre-processed while the other's inference runs);
 * each is closed when its processing ends.
 */
export class LatestFrameSlot<F extends Closable> {
  private waiting: F | null = null;
  private inFlight = 0;
  /** Frames closed unprocessed because a newer one arrived. */
  dropped = 0;

  constructor(
    private readonly process: (frame: F) => Promise<void>,
    private readonly concurrency: () => number = () => 1,
  ) {}

  offer(frame: F): void {
    if (this.waiting) {
      this.waiting.close();
      this.dropped++;
    }
    this.waiting = frame;
    this.startWaiting();
  }

  /** Closes the waiting frame, if any (those in flight finish). */
  clear(): void {
    this.waiting?.close();
    this.waiting = null;
  }

  get idle(): boolean {
    return this.inFlight === 0 && !this.waiting;
  }

  private startWaiting(): void {
    while (this.waiting && this.inFlight < Math.max(1, this.concurrency())) {
      const frame = this.waiting;
      this.waiting = null;
      this.inFlight++;
      void this.process(frame)
        // `process` reports its own failures; one bad frame must not stop the ones after it.
        .catch(() => undefined)
        .finally(() => {
          frame.close();
          this.inFlight--;
          this.startWaiting();
        });
    }
  }
}
