import { describe, expect, it } from 'vitest';
import { PrerollRing, type TimedChunk } from '../../../../src/monitor/clips/preroll-ring';

/** Chunks of a 10 fps stream from `from` s, a key frame every `gop` frames, 100 bytes each. */
function stream(frames: number, gop: number, from = 0): TimedChunk[] {
  return Array.from({ length: frames }, (_, i) => ({
    timestamp: from + i / 10,
    duration: 0.1,
    key: i % gop === 0,
    byteLength: 100,
  }));
}

describe('PrerollRing', () => {
  it('keeps at least the asked seconds and less than one group of pictures more, starting on a key frame', () => {
    const ring = new PrerollRing(2);
    for (const chunk of stream(100, 10)) {
      ring.push(chunk);
      const items = ring.items();
      expect(items[0].key).toBe(true);
      const end = chunk.timestamp + chunk.duration;
      if (end >= 2) expect(ring.span).toBeGreaterThanOrEqual(2 - 1e-9);
      expect(ring.span).toBeLessThan(3 + 1e-9);
    }
    // After 10 s: the key frame at 8.0 s is the latest one that still leaves 2 s (8.0 → 10.0).
    expect(ring.items()[0].timestamp).toBeCloseTo(8);
    expect(ring.byteLength).toBe(ring.items().length * 100);
  });

  it('evicts whole groups of pictures: never a delta frame first', () => {
    const ring = new PrerollRing(1);
    for (const chunk of stream(57, 7)) ring.push(chunk);
    const items = ring.items();
    expect(items[0].key).toBe(true);
    expect(items.filter((c) => c.key).length).toBeGreaterThanOrEqual(1);
    // Contiguous: nothing dropped in the middle.
    items.forEach((c, i) => i > 0 && expect(c.timestamp - items[i - 1].timestamp).toBeCloseTo(0.1));
  });

  it('drops delta chunks until its first key frame', () => {
    const ring = new PrerollRing(5);
    const chunks = stream(30, 10, 0).slice(3);
    for (const chunk of chunks) ring.push(chunk);
    expect(ring.items()[0].timestamp).toBeCloseTo(1);
    expect(ring.items()).toHaveLength(20);
  });

  it('with 0 s keeps only the latest group of pictures; clear empties it', () => {
    const ring = new PrerollRing(0);
    for (const chunk of stream(25, 10)) ring.push(chunk);
    expect(ring.items().map((c) => Math.round(c.timestamp * 10))).toEqual([20, 21, 22, 23, 24]);
    ring.clear();
    expect(ring.items()).toEqual([]);
    expect(ring.byteLength).toBe(0);
    expect(ring.span).toBe(0);
  });

  it('a longer setting takes effect on later pushes (nothing evicted comes back)', () => {
    const ring = new PrerollRing(1);
    for (const chunk of stream(50, 10)) ring.push(chunk);
    ring.seconds = 3;
    for (const chunk of stream(50, 10, 5)) ring.push(chunk);
    expect(ring.span).toBeGreaterThanOrEqual(3);
    expect(ring.span).toBeLessThan(4);
  });
});
