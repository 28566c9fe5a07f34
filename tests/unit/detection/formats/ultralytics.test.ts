import { describe, expect, it } from 'vitest';
import type { OutputLayout } from '../../../../src/detection/formats/format';
import { ultralytics } from '../../../../src/detection/formats/ultralytics';
import { expectBox, signature } from '../../../support/detection';

describe('Ultralytics decode [1, 4 + C, N], channel-major', () => {
  /** Channel-major tensor: channel k of anchor i at k*n + i. */
  function output(channels: number, n: number, anchors: Record<number, number[]>) {
    const out = new Float32Array(channels * n);
    for (const [i, values] of Object.entries(anchors)) values.forEach((v, k) => (out[k * n + Number(i)] = v));
    return out;
  }

  it('C = 80, N = 8400 (640 input)', () => {
    const layout = ultralytics.recognise(signature([1, 3, 640, 640], [[1, 84, 8400]])) as OutputLayout;
    expect(layout).toMatchObject({ format: 'ultralytics', rows: 8400, numClasses: 80, needsNms: true });
    const scores = new Array<number>(80).fill(0);
    scores[16] = 0.87; // dog
    // anchor 8399 (the last one): cx 320, cy 240, w 100, h 60 → [270, 210, 370, 270]
    const out = output(84, 8400, { 8399: [320, 240, 100, 60, ...scores] });
    const candidates = ultralytics.decode({ output: out }, layout, 0.25);
    expect(candidates).toHaveLength(1);
    expect(candidates[0].index).toBe(8399);
    expect(candidates[0].classId).toBe(16);
    expect(candidates[0].score).toBeCloseTo(0.87, 6);
    expectBox(candidates[0].box, [270, 210, 370, 270]);
  });

  it('C = 3, N = 2100 (320 input)', () => {
    const layout = ultralytics.recognise(signature([1, 3, 320, 320], [[1, 7, 2100]])) as OutputLayout;
    expect(layout).toMatchObject({ format: 'ultralytics', rows: 2100, numClasses: 3 });
    const out = output(7, 2100, {
      // cx 100, cy 50, w 20, h 10 → [90, 45, 110, 55]; best class 1 (0.7)
      5: [100, 50, 20, 10, 0.1, 0.7, 0.3],
      // [160 ± 160, 160 ± 160] = [0, 0, 320, 320]; class 2 (0.95)
      2099: [160, 160, 320, 320, 0.2, 0.1, 0.95],
      // exactly at the threshold 0.5 (exact in float32): excluded
      7: [10, 10, 4, 4, 0.5, 0, 0],
      // all NaN scores: excluded
      8: [10, 10, 4, 4, NaN, NaN, NaN],
      // NaN in class 0, real score in class 2
      9: [30, 30, 10, 10, NaN, 0.2, 0.6],
    });
    const candidates = ultralytics.decode({ output: out }, layout, 0.5);
    expect(candidates.map((c) => [c.index, c.classId])).toEqual([
      [5, 1],
      [9, 2],
      [2099, 2],
    ]);
    expectBox(candidates[0].box, [90, 45, 110, 55]);
    expect(candidates[0].score).toBeCloseTo(0.7, 6);
    expectBox(candidates[1].box, [25, 25, 35, 35]);
    expectBox(candidates[2].box, [0, 0, 320, 320]);
    expect(candidates[2].score).toBeCloseTo(0.95, 6);
  });
});
