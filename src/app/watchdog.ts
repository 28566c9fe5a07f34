/**
 * When to give up on the detector worker, and when to give up restarting it. Pure timing: no DOM, no worker;
 * the page's DetectorController feeds it the clock and the results.
 */

/** A worker is never declared hung sooner than this. */
export const MIN_STALL_MS = 2000;
/** …nor sooner than this many times its usual (95th percentile) frame time: a slow model is not a hung one. */
export const STALL_FACTOR = 10;
/** Before the first result (a model's first run warms up, a new worker compiles): this long at least. */
export const FIRST_RESULT_MS = 20_000;
/** Frame times kept for the percentile. */
const WINDOW = 120;

/**
 * Notices that results stopped coming while frames are being offered. `arm` when frames start (a video plays,
 * a worker was rebuilt), `disarm` when they stop on purpose (paused, no source), `progress` on every result.
 */
export class FrameWatchdog {
  private readonly frameTimes: number[] = [];
  private lastProgress: number | null = null;

  arm(now: number): void {
    this.lastProgress ??= now;
  }

  disarm(): void {
    this.lastProgress = null;
  }

  get armed(): boolean {
    return this.lastProgress !== null;
  }

  /** A result arrived; `frameMs` is the time the worker spent on it. */
  progress(now: number, frameMs: number): void {
    if (this.lastProgress !== null) this.lastProgress = now;
    if (!Number.isFinite(frameMs) || frameMs < 0) return;
    this.frameTimes.push(frameMs);
    if (this.frameTimes.length > WINDOW) this.frameTimes.shift();
  }

  /** The 95th percentile frame time (nearest rank), 0 before the first result. */
  get p95Ms(): number {
    if (this.frameTimes.length === 0) return 0;
    const sorted = [...this.frameTimes].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)];
  }

  /** How long without a result means hung: max(2 s, 10 × p95 frame time); FIRST_RESULT_MS before any result. */
  get limitMs(): number {
    if (this.frameTimes.length === 0) return FIRST_RESULT_MS;
    return Math.max(MIN_STALL_MS, STALL_FACTOR * this.p95Ms);
  }

  /** Milliseconds since the last result while armed (0 when disarmed). */
  silentFor(now: number): number {
    return this.lastProgress === null ? 0 : now - this.lastProgress;
  }

  stalled(now: number): boolean {
    return this.silentFor(now) > this.limitMs;
  }
}

/** Restarts allowed within the window before the page is reloaded instead. */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 10 * 60_000;

/** Counts restarts; the third within ten minutes says "reload the page" (a worker that cannot stay up). */
export class RestartBudget {
  private times: number[] = [];

  constructor(
    private readonly max = MAX_RESTARTS,
    private readonly windowMs = RESTART_WINDOW_MS,
  ) {}

  /** Records a restart at `now`; true when it is the max-th within the window: reload instead. */
  record(now: number): boolean {
    this.times = [...this.times.filter((t) => now - t < this.windowMs), now];
    return this.times.length >= this.max;
  }
}
