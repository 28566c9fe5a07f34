import { describe, expect, it } from 'vitest';
import { COCO_CLASSES } from '../../src/detection/coco-classes';
import { DetectorError, detectorErrorCode } from '../../src/detection/errors';
import { endToEnd } from '../../src/detection/formats/end-to-end';
import { anchorCount, bestClass, type OutputLayout } from '../../src/detection/formats/format';
import { ultralytics } from '../../src/detection/formats/ultralytics';
import { yolox, yoloxGrid } from '../../src/detection/formats/yolox';
import { computeLetterbox } from '../../src/detection/letterbox';
import { describeModel, inputSize, postprocess } from '../../src/detection/model';
import type { Box, ModelInfo } from '../../src/detection/types';

function modelInfo(inputShape: Array<number | string>, outputShapes: Array<Array<number | string>>, metadata: Record<string, string> = {}): ModelInfo {
  return {
    inputs: [{ name: 'images', type: 'float32', shape: inputShape }],
    outputs: outputShapes.map((shape, i) => ({ name: `output${i}`, type: 'float32', shape })),
    metadata,
  };
}

function expectBox(actual: Box, expected: Box, digits = 4): void {
  for (let i = 0; i < 4; i++) expect(actual[i], `box[${i}]`).toBeCloseTo(expected[i], digits);
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

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

describe('YOLOX decode [1, N, 85] on a 416 input', () => {
  const size = { width: 416, height: 416 };
  const layout = yolox.recognise(modelInfo([1, 3, 416, 416], [[1, 3549, 85]]), size, [1, 3549, 85]) as OutputLayout;
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
    expect(layout).toMatchObject({ format: 'yolox', rows: 3549, numClasses: 80, inputWidth: 416, inputHeight: 416, strides: [8, 16, 32], needsNms: true });
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
    const candidates = yolox.decode(output(rows), layout, 0.2);
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
    const candidates = yolox.decode(output(rows), layout, 0.25);
    expect(candidates.map((c) => c.index)).toEqual([527, 2787]);
    expect(yolox.decode(output(rows), layout, 0).some((c) => Number.isNaN(c.score) || c.index === 0)).toBe(false);
  });

  it('a one-class YOLOX head [1, 3549, 6]', () => {
    const one = yolox.recognise(modelInfo([1, 3, 416, 416], [[1, 3549, 6]]), size, [1, 3549, 6]) as OutputLayout;
    expect(one.numClasses).toBe(1);
    const out = new Float32Array(3549 * 6);
    // row 2704: stride 16, cell (0, 0); cx = cy = 0.5*16 = 8, w = h = 16 → [0, 0, 16, 16]; score 0.5*0.8 = 0.4
    out.set([0.5, 0.5, 0, 0, 0.5, 0.8], 2704 * 6);
    const [c, ...rest] = yolox.decode(out, one, 0.1);
    expect(rest).toEqual([]);
    expect(c.index).toBe(2704);
    expect(c.classId).toBe(0);
    expectBox(c.box, [0, 0, 16, 16]);
    expect(c.score).toBeCloseTo(0.4, 6);
  });
});

describe('Ultralytics decode [1, 4 + C, N], channel-major', () => {
  /** Channel-major tensor: channel k of anchor i at k*n + i. */
  function output(channels: number, n: number, anchors: Record<number, number[]>) {
    const out = new Float32Array(channels * n);
    for (const [i, values] of Object.entries(anchors)) values.forEach((v, k) => (out[k * n + Number(i)] = v));
    return out;
  }

  it('C = 80, N = 8400 (640 input)', () => {
    const layout = ultralytics.recognise(modelInfo([1, 3, 640, 640], [[1, 84, 8400]]), { width: 640, height: 640 }, [1, 84, 8400]) as OutputLayout;
    expect(layout).toMatchObject({ format: 'ultralytics', rows: 8400, numClasses: 80, needsNms: true });
    const scores = new Array(80).fill(0);
    scores[16] = 0.87; // dog
    // anchor 8399 (the last one): cx 320, cy 240, w 100, h 60 → [270, 210, 370, 270]
    const out = output(84, 8400, { 8399: [320, 240, 100, 60, ...scores] });
    const candidates = ultralytics.decode(out, layout, 0.25);
    expect(candidates).toHaveLength(1);
    expect(candidates[0].index).toBe(8399);
    expect(candidates[0].classId).toBe(16);
    expect(candidates[0].score).toBeCloseTo(0.87, 6);
    expectBox(candidates[0].box, [270, 210, 370, 270]);
  });

  it('C = 3, N = 2100 (320 input)', () => {
    const layout = ultralytics.recognise(modelInfo([1, 3, 320, 320], [[1, 7, 2100]]), { width: 320, height: 320 }, [1, 7, 2100]) as OutputLayout;
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
    const candidates = ultralytics.decode(out, layout, 0.5);
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

describe('end-to-end decode [1, 300, 6]', () => {
  const layout = endToEnd.recognise(modelInfo([1, 3, 640, 640], [[1, 300, 6]]), { width: 640, height: 640 }, [1, 300, 6]) as OutputLayout;

  it('recognises the layout', () => {
    expect(layout).toMatchObject({ format: 'end-to-end', rows: 300, numClasses: 0, needsNms: false });
  });

  it('reads corner boxes, scores and class ids', () => {
    const out = new Float32Array(300 * 6);
    out.set([10, 20, 110, 220, 0.9, 2], 0);
    out.set([0, 0, 5, 5, 0.3, 0], 6); // below the threshold 0.5
    out.set([50, 60, 70, 80, NaN, 1], 12);
    out.set([1, 2, 3, 4, 0.75, 15.0000001], 299 * 6);
    const candidates = endToEnd.decode(out, layout, 0.5);
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
    expect(endToEnd.decode(out, layout, 0.5).map((c) => c.index)).toEqual([1]);
  });
});

describe('describeModel', () => {
  it('recognises YOLOX [1, 3549, 85]', () => {
    const d = describeModel(modelInfo([1, 3, 416, 416], [[1, 3549, 85]]));
    expect(d.inputName).toBe('images');
    expect(d.layout).toMatchObject({ format: 'yolox', outputName: 'output0', rows: 3549, numClasses: 80, inputWidth: 416, inputHeight: 416 });
    expect(d.preprocess).toMatchObject({ width: 416, height: 416, channelOrder: 'bgr', scale: 1, padValue: 114, padding: 'top-left', rounding: 'floor' });
    expect(d.classNames).toEqual(COCO_CLASSES);
  });

  it('a one-class YOLOX [1, 3549, 6] is YOLOX, not end-to-end', () => {
    const d = describeModel(modelInfo([1, 3, 416, 416], [[1, 3549, 6]]));
    expect(d.layout.format).toBe('yolox');
    expect(d.layout.numClasses).toBe(1);
    expect(d.classNames).toEqual(['class 0']);
  });

  it('[1, 300, 6] is end-to-end', () => {
    const d = describeModel(modelInfo([1, 3, 640, 640], [[1, 300, 6]]));
    expect(d.layout).toMatchObject({ format: 'end-to-end', rows: 300, needsNms: false });
    expect(d.preprocess).toMatchObject({ channelOrder: 'rgb', scale: 1 / 255, padding: 'center', rounding: 'round' });
    // No names in the metadata: COCO.
    expect(d.classNames).toEqual(COCO_CLASSES);
  });

  it('end-to-end takes its class count from the metadata names', () => {
    const d = describeModel(modelInfo([1, 3, 640, 640], [[1, 300, 6]], { names: "{0: 'cat', 1: 'dog'}" }));
    expect(d.classNames).toEqual(['cat', 'dog']);
  });

  it('Ultralytics [1, 84, 8400] with metadata names uses them', () => {
    const names = COCO_CLASSES.map((n, i) => `${i}: '${n.toUpperCase()}'`).join(', ');
    const d = describeModel(
      modelInfo([1, 3, 640, 640], [[1, 84, 8400]], { names: `{${names}}`, task: 'detect', stride: '32', imgsz: '[640, 640]' }),
    );
    expect(d.layout).toMatchObject({ format: 'ultralytics', numClasses: 80, rows: 8400 });
    expect(d.preprocess).toMatchObject({ width: 640, height: 640, channelOrder: 'rgb', scale: 1 / 255, padValue: 114, padding: 'center', rounding: 'round' });
    expect(d.classNames[0]).toBe('PERSON');
    expect(d.classNames[79]).toBe('TOOTHBRUSH');
    expect(d.classNames).toHaveLength(80);
  });

  it('class names: metadata when the count matches, else COCO for 80 classes, else "class N"', () => {
    const three = "{0: 'cat', 1: 'dog', 2: 'bird'}";
    expect(describeModel(modelInfo([1, 3, 320, 320], [[1, 7, 2100]], { names: three })).classNames).toEqual(['cat', 'dog', 'bird']);
    // 80 classes but 3 names: COCO.
    expect(describeModel(modelInfo([1, 3, 640, 640], [[1, 84, 8400]], { names: three })).classNames).toEqual(COCO_CLASSES);
    // 3 classes without names, and 3 classes with 2 names: "class N".
    expect(describeModel(modelInfo([1, 3, 320, 320], [[1, 7, 2100]])).classNames).toEqual(['class 0', 'class 1', 'class 2']);
    expect(describeModel(modelInfo([1, 3, 320, 320], [[1, 7, 2100]], { names: "{0: 'a', 1: 'b'}" })).classNames).toEqual([
      'class 0',
      'class 1',
      'class 2',
    ]);
  });

  it('rejects a segmentation model', () => {
    const error = catchError(() =>
      describeModel(modelInfo([1, 3, 640, 640], [[1, 116, 8400], [1, 32, 160, 160]], { task: 'segment' })),
    );
    expect(error).toBeInstanceOf(DetectorError);
    expect((error as DetectorError).code).toBe('model-unsupported');
    expect((error as DetectorError).message).toMatch(/segment/);
    expect(detectorErrorCode(error)).toBe('model-unsupported');
  });

  it('rejects an unrecognised output shape, naming it', () => {
    const error = catchError(() => describeModel(modelInfo([1, 3, 224, 224], [[1, 1000]])));
    expect(error).toBeInstanceOf(DetectorError);
    expect((error as DetectorError).code).toBe('model-unsupported');
    expect((error as DetectorError).name).toBe('DetectorError:model-unsupported');
    expect((error as DetectorError).message).toContain('[1,1000]');
    expect((error as DetectorError).message).toContain('224x224');
    // A YOLOX-like output whose anchor count does not fit the input (3549 anchors, 640 input).
    const mismatch = catchError(() => describeModel(modelInfo([1, 3, 640, 640], [[1, 3549, 85]])));
    expect((mismatch as DetectorError).code).toBe('model-unsupported');
    expect((mismatch as DetectorError).message).toContain('[1,3549,85]');
  });

  it('rejects an input that is not an image tensor', () => {
    const error = catchError(() => describeModel(modelInfo([1, 3, 640], [[1, 84, 8400]])));
    expect((error as DetectorError).code).toBe('model-unsupported');
  });

  it('falls back to metadata imgsz when the input dims are symbolic', () => {
    const info = modelInfo([1, 3, 'height', 'width'], [[1, 84, 2100]], { imgsz: '[320, 320]' });
    expect(inputSize(info)).toEqual({ width: 320, height: 320 });
    const d = describeModel(info);
    expect(d.layout).toMatchObject({ format: 'ultralytics', inputWidth: 320, inputHeight: 320, rows: 2100 });
    expect(d.preprocess).toMatchObject({ width: 320, height: 320 });
  });

  it('imgsz is [height, width]', () => {
    // 480 high, 640 wide: 80*60 + 40*30 + 20*15 = 6300 anchors.
    const info = modelInfo(['batch', 3, 'h', 'w'], [[1, 84, 6300]], { imgsz: '[480, 640]' });
    expect(inputSize(info)).toEqual({ width: 640, height: 480 });
    expect(describeModel(info).preprocess).toMatchObject({ width: 640, height: 480 });
  });

  it('without imgsz a symbolic input is 640', () => {
    expect(inputSize(modelInfo([1, 3, 'h', 'w'], [[1, 84, 8400]]))).toEqual({ width: 640, height: 640 });
  });

  it('uses trial-run output dims when the declared output is symbolic', () => {
    const info = modelInfo([1, 3, 320, 320], [[1, 84, 'anchors']]);
    expect(() => describeModel(info)).toThrow(DetectorError);
    expect(describeModel(info, [1, 84, 2100]).layout).toMatchObject({ format: 'ultralytics', rows: 2100 });
  });
});

describe('postprocess end to end', () => {
  /** A 3-class Ultralytics model on a 320 input. */
  const model = describeModel(modelInfo([1, 3, 320, 320], [[1, 7, 2100]], { names: "{0: 'cat', 1: 'dog', 2: 'bird'}" }));
  const n = 2100;
  function output(anchors: Record<number, number[]>) {
    const out = new Float32Array(7 * n);
    for (const [i, values] of Object.entries(anchors)) values.forEach((v, k) => (out[k * n + Number(i)] = v));
    return out;
  }
  const out = output({
    10: [100, 100, 40, 40, 0.9, 0, 0], // [80, 80, 120, 120] cat 0.9
    11: [102, 100, 40, 40, 0.8, 0, 0], // [82, 80, 122, 120] cat 0.8: IoU = 38*40 / (1600+1600-1520) = 1520/1680 = 0.905 > 0.7 → dropped
    12: [100, 100, 40, 40, 0, 0.85, 0], // same box, dog 0.85: another class → kept
    13: [200, 150, 20, 20, 0, 0, 0.6], // [190, 140, 210, 160] bird 0.6
    14: [50, 50, 10, 10, 0.2, 0, 0], // below the score threshold
  });
  // 640x480 frame → 320: scale = min(0.5, 0.667) = 0.5 → 320x240, padX 0, padY = round(80/2 - 0.1) = 40.
  const letterbox = computeLetterbox(640, 480, model.preprocess);
  const options = { scoreThreshold: 0.25, iouThreshold: 0.7, maxDetections: 10 };

  it('decodes, suppresses and maps to frame pixels', () => {
    expect(letterbox).toMatchObject({ scale: 0.5, padY: 40, resizedWidth: 320, resizedHeight: 240 });
    const detections = postprocess(out, model, letterbox, options);
    expect(detections.map((d) => [d.label, d.classId])).toEqual([
      ['cat', 0],
      ['dog', 1],
      ['bird', 2],
    ]);
    // cat: [80/0.5, (80-40)/0.5, 120/0.5, (120-40)/0.5] = [160, 80, 240, 160]
    expectBox(detections[0].box, [160, 80, 240, 160]);
    expect(detections[0].score).toBeCloseTo(0.9, 6);
    expectBox(detections[1].box, [160, 80, 240, 160]);
    // bird: [380, (140-40)*2, 420, (160-40)*2] = [380, 200, 420, 240]
    expectBox(detections[2].box, [380, 200, 420, 240]);
  });

  it('filters classes before NMS and max detections', () => {
    expect(postprocess(out, model, letterbox, { ...options, classes: [1, 2] }).map((d) => d.label)).toEqual(['dog', 'bird']);
    // Only bird wanted, max 1: the bird is kept even though cat and dog score higher.
    expect(postprocess(out, model, letterbox, { ...options, classes: [2], maxDetections: 1 }).map((d) => d.label)).toEqual(['bird']);
    expect(postprocess(out, model, letterbox, { ...options, classes: [] })).toEqual([]);
    expect(postprocess(out, model, letterbox, { ...options, classes: null })).toHaveLength(3);
  });

  it('maxDetections keeps the best', () => {
    expect(postprocess(out, model, letterbox, { ...options, maxDetections: 2 }).map((d) => d.label)).toEqual(['cat', 'dog']);
  });

  it('the IoU threshold applies within a class only', () => {
    // IoU threshold 0: every same-class overlap is suppressed; cat 0.8 goes, dog (another class) stays.
    expect(postprocess(out, model, letterbox, { ...options, iouThreshold: 0 }).map((d) => d.label)).toEqual(['cat', 'dog', 'bird']);
    // IoU threshold 0.95: the second cat (IoU 0.905) survives.
    expect(postprocess(out, model, letterbox, { ...options, iouThreshold: 0.95 }).map((d) => d.label)).toEqual(['cat', 'dog', 'cat', 'bird']);
  });

  it('end-to-end: no NMS, sorted by score, capped, mapped through the letterbox', () => {
    const e2e = describeModel(modelInfo([1, 3, 640, 640], [[1, 300, 6]]));
    const rows = new Float32Array(300 * 6);
    rows.set([0, 80, 100, 180, 0.5, 0], 0); // person 0.5
    rows.set([0, 80, 100, 180, 0.75, 0], 6); // identical box, person 0.75: no NMS, both kept
    rows.set([320, 240, 640, 560, 0.9, 2], 12); // car 0.9
    // 1280x720 frame → 640: scale 0.5 → 640x360, padY = round(140 - 0.1) = 140
    const lb = computeLetterbox(1280, 720, e2e.preprocess);
    expect(lb.padY).toBe(140);
    const detections = postprocess(rows, e2e, lb, { scoreThreshold: 0.25, iouThreshold: 0.7, maxDetections: 300 });
    expect(detections.map((d) => [d.label, d.score])).toEqual([
      ['car', Math.fround(0.9)],
      ['person', 0.75],
      ['person', 0.5],
    ]);
    // car: [320/0.5, (240-140)/0.5, 640/0.5, (560-140)/0.5] = [640, 200, 1280, 840 → clipped 720]
    expectBox(detections[0].box, [640, 200, 1280, 720]);
    // person: [0, (80-140)/0.5 → clipped 0, 200, (180-140)/0.5 = 80]
    expectBox(detections[1].box, [0, 0, 200, 80]);
    expect(postprocess(rows, e2e, lb, { scoreThreshold: 0.25, iouThreshold: 0.7, maxDetections: 2 }).map((d) => d.score)).toEqual([
      Math.fround(0.9),
      0.75,
    ]);
  });

  it('YOLOX: mapped back with the top-left letterbox', () => {
    const yx = describeModel(modelInfo([1, 3, 416, 416], [[1, 3549, 85]]));
    const raw = new Float32Array(3549 * 85);
    // row 527: box [52, 78, 68, 86] (see the decode test), class 3 (motorcycle) score 0.72
    raw.set([0.5, 0.25, Math.log(2), 0, 0.8], 527 * 85);
    raw[527 * 85 + 5 + 3] = 0.9;
    const lb = computeLetterbox(640, 480, yx.preprocess); // scale 0.65, no pad offset
    const [d, ...rest] = postprocess(raw, yx, lb, { scoreThreshold: 0.3, iouThreshold: 0.45, maxDetections: 100 });
    expect(rest).toEqual([]);
    expect(d.label).toBe('motorcycle');
    // [52/0.65, 78/0.65, 68/0.65, 86/0.65] = [80, 120, 104.615, 132.308]
    expectBox(d.box, [80, 120, 68 / 0.65, 86 / 0.65], 3);
  });
});
