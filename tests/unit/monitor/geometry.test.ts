import { describe, expect, it } from 'vitest';
import {
  anchorPoint,
  boxAreaFraction,
  distanceToSegment,
  type Point,
  pointInPolygon,
  segmentsIntersect,
  side,
  signedDistance,
  toPixels,
} from '../../../src/monitor/geometry';

const square: Point[] = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
];

describe('anchorPoint', () => {
  it('is the bottom-center by default (the feet, as Frigate)', () => {
    expect(anchorPoint([10, 20, 30, 60])).toEqual([20, 60]);
  });
  it('can be the center', () => {
    expect(anchorPoint([10, 20, 30, 60], 'center')).toEqual([20, 40]);
  });
});

describe('toPixels and areas', () => {
  it('scales normalised points by the frame size', () => {
    expect(toPixels([0.5, 0.25], 640, 480)).toEqual([320, 120]);
  });
  it('gives a box area as a fraction of the frame', () => {
    expect(boxAreaFraction([0, 0, 64, 48], 640, 480)).toBeCloseTo(0.01, 12);
    expect(boxAreaFraction([10, 10, 5, 5], 640, 480)).toBe(0);
  });
});

describe('pointInPolygon', () => {
  it('finds points inside and outside', () => {
    expect(pointInPolygon([5, 5], square)).toBe(true);
    expect(pointInPolygon([15, 5], square)).toBe(false);
    expect(pointInPolygon([-1, -1], square)).toBe(false);
  });

  it('counts points on an edge or a vertex as inside', () => {
    expect(pointInPolygon([10, 5], square)).toBe(true);
    expect(pointInPolygon([5, 0], square)).toBe(true);
    expect(pointInPolygon([0, 0], square)).toBe(true);
    expect(pointInPolygon([10, 10], square)).toBe(true);
    expect(pointInPolygon([10.001, 5], square)).toBe(false);
  });

  it('handles a concave polygon', () => {
    // A "U": the notch between x 4..6 above y 4 is outside.
    const u: Point[] = [
      [0, 0],
      [10, 0],
      [10, 10],
      [6, 10],
      [6, 4],
      [4, 4],
      [4, 10],
      [0, 10],
    ];
    expect(pointInPolygon([5, 8], u)).toBe(false);
    expect(pointInPolygon([5, 2], u)).toBe(true);
    expect(pointInPolygon([2, 8], u)).toBe(true);
    expect(pointInPolygon([8, 8], u)).toBe(true);
  });

  it('is false for fewer than 3 points', () => {
    expect(
      pointInPolygon(
        [0, 0],
        [
          [0, 0],
          [1, 1],
        ],
      ),
    ).toBe(false);
  });

  it('is not fooled by a ray through a vertex', () => {
    const diamond: Point[] = [
      [5, 0],
      [10, 5],
      [5, 10],
      [0, 5],
    ];
    expect(pointInPolygon([2, 5], diamond)).toBe(true);
    expect(pointInPolygon([-2, 5], diamond)).toBe(false);
    expect(pointInPolygon([12, 5], diamond)).toBe(false);
  });
});

describe('side and distances', () => {
  it('has opposite signs on each side of a line', () => {
    const from: Point = [0, 0];
    const to: Point = [0, 10];
    expect(side(from, to, [-1, 5])).toBeGreaterThan(0);
    expect(side(from, to, [1, 5])).toBeLessThan(0);
    expect(side(from, to, [0, 50])).toBe(0);
    expect(signedDistance(from, to, [-3, 5])).toBeCloseTo(3, 12);
  });

  it('measures distance to a segment, clamped to its ends', () => {
    expect(distanceToSegment([5, 3], [0, 0], [10, 0])).toBe(3);
    expect(distanceToSegment([13, 4], [0, 0], [10, 0])).toBe(5);
  });
});

describe('segmentsIntersect', () => {
  it('finds a proper crossing', () => {
    expect(segmentsIntersect([0, 0], [10, 10], [0, 10], [10, 0])).toBe(true);
  });
  it('rejects segments that would meet only if extended', () => {
    expect(segmentsIntersect([0, 0], [4, 4], [0, 10], [10, 0])).toBe(false);
  });
  it('includes touching at an endpoint', () => {
    expect(segmentsIntersect([0, 5], [5, 5], [5, 0], [5, 10])).toBe(true);
    expect(segmentsIntersect([0, 0], [10, 0], [5, 0], [5, 10])).toBe(true);
  });
  it('includes collinear overlap, not collinear gaps', () => {
    expect(segmentsIntersect([0, 0], [5, 0], [3, 0], [10, 0])).toBe(true);
    expect(segmentsIntersect([0, 0], [2, 0], [3, 0], [10, 0])).toBe(false);
  });
  it('rejects parallel segments', () => {
    expect(segmentsIntersect([0, 0], [10, 0], [0, 1], [10, 1])).toBe(false);
  });
});
