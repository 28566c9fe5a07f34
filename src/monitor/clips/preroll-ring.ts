/**
 * The last seconds of encoded video, kept so that a clip can start before its event. Pure: holds whatever
 * chunk type it is given. Evicts whole groups of pictures, so it always starts on a key frame (a clip that
 * starts elsewhere cannot be decoded until its first key frame).
 */

/** What the ring needs to know of an encoded chunk. Times in seconds on the frames' own clock. */
export interface TimedChunk {
  timestamp: number;
  duration: number;
  key: boolean;
  byteLength: number;
}

export class PrerollRing<T extends TimedChunk> {
  private chunks: T[] = [];
  private bytes = 0;

  /** Keeps at least `seconds` (when there is that much), plus at most one group of pictures more. */
  constructor(public seconds: number) {}

  push(chunk: T): void {
    // Delta chunks before the first key frame would not decode: drop them.
    if (this.chunks.length === 0 && !chunk.key) return;
    this.chunks.push(chunk);
    this.bytes += chunk.byteLength;
    this.evict();
  }

  /** The chunks held, oldest first; the first is a key frame. */
  items(): T[] {
    return [...this.chunks];
  }

  get byteLength(): number {
    return this.bytes;
  }

  /** Seconds from the first chunk's start to the last chunk's end. */
  get span(): number {
    if (this.chunks.length === 0) return 0;
    const last = this.chunks[this.chunks.length - 1];
    return last.timestamp + last.duration - this.chunks[0].timestamp;
  }

  clear(): void {
    this.chunks = [];
    this.bytes = 0;
  }

  /** Drops the oldest group of pictures while the next key frame on still covers `seconds`. */
  private evict(): void {
    const last = this.chunks[this.chunks.length - 1];
    const end = last.timestamp + last.duration;
    for (;;) {
      const nextKey = this.chunks.findIndex((c, i) => i > 0 && c.key);
      if (nextKey < 0 || end - this.chunks[nextKey].timestamp < this.seconds) return;
      for (const dropped of this.chunks.splice(0, nextKey)) this.bytes -= dropped.byteLength;
    }
  }
}
