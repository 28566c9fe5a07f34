import { describe, expect, it } from 'vitest';
import type { OutputLayout } from '../../../../src/detection/formats/format';
import { yolox, yoloxGrid } from '../../../../src/detection/formats/yolox';
import { expectBox, signature } from '../../../support/detection';

describe('YOLOX decode [1, N, 85] on a 416 input', () => {
  const layout = yolox.recognise(signature([1, 3, 416, 416], [[1, 3549, 85]])) as OutputLayout;
  const C = 85;

  interface Row {
    row: number;
    t: [number, number, number, number];
    obj: number;
    cls: Record<number, number>;
  }
  function output(rows: Row[]) {
    const out = new Float32Array(3549 * C);
    for (const r of rows) {
      out.set(r.t, r.row * C);
      out[r.row * C + 4] = r.obj;
      for (const [c, v] of Object.entries(r.cls)) out[r.row * C + 5 + Number(c)] = v;
    }
    return out;
  }

  it('recognises the layout', () => {
    expect(layout).toMatchObject({
      format: 'yolox',
      rows: 3549,
      numClasses: 80,
      inputWidth: 416,
      inputHeight: 416,
      strides: [8, 16, 32],
      needsNms: true,
    });
  });

  it('builds the grid: 52x52 stride 8, then 26x26 stride 16, then 13x13 stride 32, row-major', () => {
    const grid = yoloxGrid(layout);
    const at = (i: number) => [grid.x[i], grid.y[i], grid.stride[i]];
    expect(at(0)).toEqual([0, 0, 8]);
    expect(at(51)).toEqual([51, 0, 8]);
    expect(at(52)).toEqual([0, 1, 8]);
    expect(at(2703)).toEqual([51, 51, 8]);
    expect(at(2704)).toEqual([0, 0, 16]);
    expect(at(3379)).toEqual([25, 25, 16]); // 2704 + 676 - 1
    expect(at(3380)).toEqual([0, 0, 32]);
    expect(at(3548)).toEqual([12, 12, 32]);
  });

  const rows: Row[] = [
    // row 527 = 10*52 + 7: stride 8, gx 7, gy 10.
    // cx = (0.5+7)*8 = 60, cy = (0.25+10)*8 = 82, w = exp(ln 2)*8 = 16, h = exp(0)*8 = 8 → [52, 78, 68, 86]
    // score = 0.8 * max(0.9 (class 3), 0.5 (class 1)) = 0.72
    { row: 527, t: [0.5, 0.25, Math.log(2), 0], obj: 0.8, cls: { 1: 0.5, 3: 0.9 } },
    // row 2787 = 2704 + 3*26 + 5: stride 16, gx 5, gy 3.
    // cx = 5*16 = 80, cy = 3*16 = 48, w = 16, h = exp(ln 3)*16 = 48 → [72, 24, 88, 72]; score = 1 * 0.6, class 79
    { row: 2787, t: [0, 0, 0, Math.log(3)], obj: 1, cls: { 79: 0.6 } },
    // row 3548: stride 32, gx 12, gy 12. cx = cy = 12.5*32 = 400, w = h = 32 → [384, 384, 416, 416]; score 0.5*0.5 = 0.25
    { row: 3548, t: [0.5, 0.5, 0, 0], obj: 0.5, cls: { 0: 0.5 } },
    // row 0: stride 8, gx 0, gy 0; NaN objectness: never a candidate even though the class score is high.
    { row: 0, t: [0, 0, 0, 0], obj: NaN, cls: { 0: 0.99 } },
    // row 100: class 2 is NaN, every other class 0: the best is class 0 with score 0, never above a threshold ≥ 0.
    { row: 100, t: [0, 0, 0, 0], obj: 0.9, cls: { 2: NaN } },
  ];

  it('decodes boxes and scores on every stride level', () => {
    const candidates = yolox.decode({ output: output(rows) }, layout, 0.2);
    expect(candidates.map((c) => [c.index, c.classId])).toEqual([
      [527, 3],
      [2787, 79],
      [3548, 0],
    ]);
    const [a, b, c] = candidates;
    expectBox(a.box, [52, 78, 68, 86]);
    expect(a.score).toBeCloseTo(0.72, 6);
    expectBox(b.box, [72, 24, 88, 72]);
    expect(b.score).toBeCloseTo(0.6, 6);
    expectBox(c.box, [384, 384, 416, 416]);
    expect(c.score).toBe(0.25); // 0.5 and 0.5 are exact in float32
  });

  it('excludes a score exactly at the threshold (strict >) and NaN scores', () => {
    const candidates = yolox.decode({ output: output(rows) }, layout, 0.25);
    expect(candidates.map((c) => c.index)).toEqual([527, 2787]);
    expect(yolox.decode({ output: output(rows) }, layout, 0).some((c) => Number.isNaN(c.score) || c.index === 0)).toBe(
      false,
    );
  });

  it('a one-class YOLOX head [1, 3549, 6]', () => {
    const one = yolox.recognise(signature([1, 3, 416, 416], [[1, 3549, 6]])) as OutputLayout;
    expect(one.numClasses).toBe(1);
    const out = new Float32Array(3549 * 6);
    // row 2704: stride 16, cell (0, 0); cx = cy = 0.5*16 = 8, w = h = 16 → [0, 0, 16, 16]; score 0.5*0.8 = 0.4
    out.set([0.5, 0.5, 0, 0, 0.5, 0.8], 2704 * 6);
    const [c, ...rest] = yolox.decode({ output: out }, one, 0.1);
    expect(rest).toEqual([]);
    expect(c.index).toBe(2704);
    expect(c.classId).toBe(0);
    expectBox(c.box, [0, 0, 16, 16]);
    expect(c.score).toBeCloseTo(0.4, 6);
  });
});
