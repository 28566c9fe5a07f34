import { describe, expect, it } from 'vitest';
import { byScoreThenIndex, iou, iouAbove, nonMaxSuppression } from '../../../src/detection/nms';
import type { Box, Candidate } from '../../../src/detection/types';

const cand = (index: number, box: Box, score: number, classId = 0): Candidate => ({ box, score, classId, index });
const indices = (list: Candidate[]) => list.map((c) => c.index);

describe('iou', () => {
  it('is 0 for disjoint boxes', () => {
    expect(iou([0, 0, 10, 10], [20, 20, 30, 30])).toBe(0);
    // overlapping in x only
    expect(iou([0, 0, 10, 10], [5, 20, 15, 30])).toBe(0);
  });

  it('is 0 for boxes that only touch at an edge or a corner', () => {
    expect(iou([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    expect(iou([0, 0, 10, 10], [10, 10, 20, 20])).toBe(0);
  });

  it('is the area ratio for a contained box', () => {
    // inner 2x2 = 4, union = 100 + 4 - 4 = 100 → 0.04
    expect(iou([0, 0, 10, 10], [2, 2, 4, 4])).toBeCloseTo(0.04, 12);
    expect(iou([2, 2, 4, 4], [0, 0, 10, 10])).toBeCloseTo(0.04, 12);
  });

  it('is 1 for identical boxes', () => {
    expect(iou([3, 4, 13, 24], [3, 4, 13, 24])).toBe(1);
  });

  it('handles a partial overlap', () => {
    // [0,0,10,10] ∩ [5,5,15,15] = 5x5 = 25; union = 100 + 100 - 25 = 175 → 1/7
    expect(iou([0, 0, 10, 10], [5, 5, 15, 15])).toBeCloseTo(25 / 175, 12);
  });

  it('is 0 for zero-area boxes', () => {
    expect(iou([5, 5, 5, 5], [0, 0, 10, 10])).toBe(0); // a point inside a box
    expect(iou([5, 0, 5, 10], [0, 0, 10, 10])).toBe(0); // a vertical line
    expect(iou([5, 5, 5, 5], [5, 5, 5, 5])).toBe(0); // identical points
    expect(iou([0, 5, 10, 5], [0, 5, 10, 5])).toBe(0); // identical horizontal lines
  });
});

describe('iouAbove', () => {
  it('agrees with iou away from the threshold', () => {
    // intersection 50, union 150: IoU 1/3
    const a: Box = [0, 0, 10, 10];
    const b: Box = [5, 0, 15, 10];
    expect(iouAbove(a, b, 0.3)).toBe(true);
    expect(iouAbove(a, b, 0.34)).toBe(false);
  });

  it('is strict: an IoU equal to the threshold is not above it', () => {
    // intersection 50, union 100: IoU exactly 0.5
    expect(iouAbove([0, 0, 10, 10], [0, 0, 10, 5], 0.5)).toBe(false);
  });

  it('is false for zero-area boxes and disjoint boxes', () => {
    expect(iouAbove([5, 5, 5, 5], [5, 5, 5, 5], 0)).toBe(false);
    expect(iouAbove([0, 0, 1, 1], [2, 2, 3, 3], 0)).toBe(false);
  });
});

describe('byScoreThenIndex', () => {
  it('orders by score descending, then index ascending', () => {
    const list = [cand(3, [0, 0, 1, 1], 0.5), cand(1, [0, 0, 1, 1], 0.5), cand(2, [0, 0, 1, 1], 0.9)];
    expect(indices([...list].sort(byScoreThenIndex))).toEqual([2, 1, 3]);
  });
});

describe('nonMaxSuppression', () => {
  it('returns nothing for no candidates', () => {
    expect(nonMaxSuppression([], 0.5, 100)).toEqual([]);
  });

  it('keeps the highest score and drops same-class overlaps above the threshold', () => {
    // iou([0,0,10,10], [1,0,11,10]) = 90 / 110 = 0.818 > 0.5 → dropped; [50,50,60,60] is disjoint → kept
    const kept = nonMaxSuppression(
      [cand(0, [1, 0, 11, 10], 0.7), cand(1, [0, 0, 10, 10], 0.9), cand(2, [50, 50, 60, 60], 0.3)],
      0.5,
      100,
    );
    expect(indices(kept)).toEqual([1, 2]);
  });

  it('equal scores keep the lower index first', () => {
    // Same box, same score: index 2 comes before index 5, so 2 is kept and 5 suppressed.
    const kept = nonMaxSuppression([cand(5, [0, 0, 10, 10], 0.8), cand(2, [0, 0, 10, 10], 0.8)], 0.5, 100);
    expect(indices(kept)).toEqual([2]);
    // Disjoint boxes with equal scores: both kept, in index order.
    const both = nonMaxSuppression([cand(7, [0, 0, 10, 10], 0.8), cand(4, [20, 20, 30, 30], 0.8)], 0.5, 100);
    expect(indices(both)).toEqual([4, 7]);
  });

  it('is class-aware: overlapping boxes of different classes are both kept', () => {
    const kept = nonMaxSuppression([cand(0, [0, 0, 10, 10], 0.9, 0), cand(1, [0, 0, 10, 10], 0.8, 1)], 0.5, 100);
    expect(kept.map((c) => [c.index, c.classId])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('keeps exactly maxDetections, highest scores first', () => {
    // Ten disjoint boxes with scores 0.1..1.0 (index i has score (i+1)/10); keep 3 → indices 9, 8, 7.
    const list = Array.from({ length: 10 }, (_, i) => cand(i, [i * 20, 0, i * 20 + 10, 10], (i + 1) / 10));
    const kept = nonMaxSuppression(list, 0.5, 3);
    expect(indices(kept)).toEqual([9, 8, 7]);
    expect(kept.map((c) => c.score)).toEqual([1, 0.9, 0.8]);
  });

  it('maxDetections counts kept boxes, not examined ones', () => {
    // The second-best overlaps the best (suppressed), so the 2 kept are index 0 and index 2.
    const kept = nonMaxSuppression(
      [
        cand(0, [0, 0, 10, 10], 0.9),
        cand(1, [0, 0, 10, 10], 0.8),
        cand(2, [30, 30, 40, 40], 0.7),
        cand(3, [60, 60, 70, 70], 0.6),
      ],
      0.5,
      2,
    );
    expect(indices(kept)).toEqual([0, 2]);
  });

  it('identical boxes: only the first is kept', () => {
    const list = [0, 1, 2, 3].map((i) => cand(i, [10, 10, 50, 50], 0.6));
    expect(indices(nonMaxSuppression(list, 0.45, 100))).toEqual([0]);
  });

  it('zero-area boxes never suppress and are never suppressed', () => {
    // A point box with the top score inside a real box, and a real box above a line box on top of it.
    const list = [
      cand(0, [5, 5, 5, 5], 0.99), // zero area, best score
      cand(1, [0, 0, 10, 10], 0.9), // would be suppressed by a real box at 0,0,10,10
      cand(2, [0, 5, 10, 5], 0.8), // zero-area line inside box 1
      cand(3, [5, 5, 5, 5], 0.7), // identical to 0
    ];
    expect(indices(nonMaxSuppression(list, 0, 100))).toEqual([0, 1, 2, 3]);
  });

  it('an IoU exactly equal to the threshold is not suppressed (strict >)', () => {
    // [0,0,10,5] inside [0,0,10,10]: intersection 50, union 100 → IoU exactly 0.5.
    const list = [cand(0, [0, 0, 10, 10], 0.9), cand(1, [0, 0, 10, 5], 0.8)];
    expect(iou(list[0].box, list[1].box)).toBe(0.5);
    expect(indices(nonMaxSuppression(list, 0.5, 100))).toEqual([0, 1]);
    // Just below: suppressed.
    expect(indices(nonMaxSuppression(list, 0.49, 100))).toEqual([0]);
  });

  it('does not mutate its input', () => {
    const list = [cand(0, [0, 0, 10, 10], 0.2), cand(1, [0, 0, 10, 10], 0.9), cand(2, [40, 40, 50, 50], 0.5)];
    const snapshot = structuredClone(list);
    const kept = nonMaxSuppression(list, 0.5, 100);
    expect(indices(kept)).toEqual([1, 2]);
    expect(list).toEqual(snapshot);
    expect(kept).not.toBe(list);
  });
});
