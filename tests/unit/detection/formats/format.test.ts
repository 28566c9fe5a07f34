import { describe, expect, it } from 'vitest';
import { anchorCount, bestClass } from '../../../../src/detection/formats/format';

describe('anchorCount and bestClass', () => {
  it('counts stride 8/16/32 anchors', () => {
    // 416: 52² + 26² + 13² = 2704 + 676 + 169 = 3549; 320: 40² + 20² + 10² = 2100; 640: 80² + 40² + 20² = 8400
    expect(anchorCount(416, 416, [8, 16, 32])).toBe(3549);
    expect(anchorCount(320, 320, [8, 16, 32])).toBe(2100);
    expect(anchorCount(640, 640, [8, 16, 32])).toBe(8400);
    // 640x480: 80*60 + 40*30 + 20*15 = 4800 + 1200 + 300 = 6300
    expect(anchorCount(640, 480, [8, 16, 32])).toBe(6300);
  });

  it('picks the best class, lower id on ties, skipping NaN', () => {
    expect(bestClass(3, (c) => [0.2, 0.7, 0.7][c])).toEqual({ classId: 1, score: 0.7 });
    expect(bestClass(3, (c) => [NaN, 0.4, 0.1][c])).toEqual({ classId: 1, score: 0.4 });
    expect(bestClass(3, (c) => [0.5, NaN, 0.1][c])).toEqual({ classId: 0, score: 0.5 });
    expect(bestClass(2, () => NaN).score).toBeNaN();
  });
});
