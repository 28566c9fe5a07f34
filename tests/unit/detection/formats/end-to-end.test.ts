import { describe, expect, it } from 'vitest';
import { endToEnd } from '../../../../src/detection/formats/end-to-end';
import type { OutputLayout } from '../../../../src/detection/formats/format';
import { signature } from '../../../support/detection';

describe('end-to-end decode [1, 300, 6]', () => {
  const layout = endToEnd.recognise(signature([1, 3, 640, 640], [[1, 300, 6]])) as OutputLayout;

  it('recognises the layout', () => {
    expect(layout).toMatchObject({ format: 'end-to-end', rows: 300, numClasses: 0, needsNms: false });
  });

  it('reads corner boxes, scores and class ids', () => {
    const out = new Float32Array(300 * 6);
    out.set([10, 20, 110, 220, 0.9, 2], 0);
    out.set([0, 0, 5, 5, 0.3, 0], 6); // below the threshold 0.5
    out.set([50, 60, 70, 80, NaN, 1], 12);
    out.set([1, 2, 3, 4, 0.75, 15.0000001], 299 * 6);
    const candidates = endToEnd.decode({ output: out }, layout, 0.5);
    expect(candidates.map((c) => [c.index, c.classId])).toEqual([
      [0, 2],
      [299, 15],
    ]);
    expect(candidates[0].box).toEqual([10, 20, 110, 220]);
    expect(candidates[0].score).toBeCloseTo(0.9, 6);
    expect(candidates[1].score).toBe(0.75);
  });

  it('excludes a score exactly at the threshold', () => {
    const out = new Float32Array(300 * 6);
    out.set([0, 0, 5, 5, 0.5, 0], 0);
    out.set([0, 0, 5, 5, 0.5000001, 0], 6);
    expect(endToEnd.decode({ output: out }, layout, 0.5).map((c) => c.index)).toEqual([1]);
  });
});
