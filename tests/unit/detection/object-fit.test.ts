import { describe, expect, it } from 'vitest';
import { contentRect } from '../../../src/detection/object-fit';

describe('contentRect', () => {
  // A 400x300 box showing a 1920x1080 video.
  it('contain: fits inside, centred', () => {
    // scale = min(400/1920, 300/1080) = min(0.2083, 0.2778) = 0.2083 → 400x225, y = (300-225)/2 = 37.5
    const r = contentRect('contain', 400, 300, 1920, 1080);
    expect(r.x).toBe(0);
    expect(r.y).toBeCloseTo(37.5, 10);
    expect(r.width).toBeCloseTo(400, 10);
    expect(r.height).toBeCloseTo(225, 10);
  });

  it('contain scales a small picture up', () => {
    // 100x50 in 400x300: scale = min(4, 6) = 4 → 400x200 at y = 50
    expect(contentRect('contain', 400, 300, 100, 50)).toEqual({ x: 0, y: 50, width: 400, height: 200 });
  });

  it('cover: fills, cropping the sides', () => {
    // scale = max(0.2083, 0.2778) = 0.2778 → 533.33x300, x = (400-533.33)/2 = -66.67
    const r = contentRect('cover', 400, 300, 1920, 1080);
    expect(r.x).toBeCloseTo(-200 / 3, 9);
    expect(r.y).toBeCloseTo(0, 10);
    expect(r.width).toBeCloseTo(1600 / 3, 9);
    expect(r.height).toBeCloseTo(300, 10);
  });

  it('fill: stretches to the box', () => {
    expect(contentRect('fill', 400, 300, 1920, 1080)).toEqual({ x: 0, y: 0, width: 400, height: 300 });
  });

  it('none: natural size, centred', () => {
    // x = (400-1920)/2 = -760, y = (300-1080)/2 = -390
    expect(contentRect('none', 400, 300, 1920, 1080)).toEqual({ x: -760, y: -390, width: 1920, height: 1080 });
  });

  it('scale-down: contain when larger, natural size when smaller', () => {
    const big = contentRect('scale-down', 400, 300, 1920, 1080);
    const contain = contentRect('contain', 400, 300, 1920, 1080);
    expect(big).toEqual(contain);
    // 100x50 in 400x300: scale = min(1, 4, 6) = 1 → at ((400-100)/2, (300-50)/2) = (150, 125)
    expect(contentRect('scale-down', 400, 300, 100, 50)).toEqual({ x: 150, y: 125, width: 100, height: 50 });
  });

  it('a media element without a size yet covers the box', () => {
    expect(contentRect('contain', 400, 300, 0, 0)).toEqual({ x: 0, y: 0, width: 400, height: 300 });
  });
});
