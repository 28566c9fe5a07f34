/** Frames per second over the last second or so of results. */
export class FpsMeter {
  private times: number[] = [];

  tick(now: number): number {
    this.times.push(now);
    while (this.times.length > 2 && now - this.times[0] > 1000) this.times.shift();
    if (this.times.length < 2) return 0;
    return ((this.times.length - 1) * 1000) / (now - this.times[0]);
  }

  reset(): void {
    this.times = [];
  }
}
