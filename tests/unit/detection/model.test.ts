import { describe, expect, it } from 'vitest';
import { COCO_CLASSES } from '../../../src/detection/coco-classes';
import { DetectorError, detectorErrorCode } from '../../../src/detection/errors';
import { computeLetterbox } from '../../../src/detection/letterbox';
import { describeModel, inputSize, postprocess } from '../../../src/detection/model';
import { expectBox, modelInfo } from '../../support/detection';

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('describeModel', () => {
  it('recognises YOLOX [1, 3549, 85]', () => {
    const d = describeModel(modelInfo([1, 3, 416, 416], [[1, 3549, 85]]));
    expect(d.outputLayout.inputs).toEqual([
      { name: 'images', type: 'float32', dims: [1, 3, 416, 416], role: { kind: 'image' } },
    ]);
    expect(d.outputLayout.outputs).toEqual([{ role: 'output', name: 'output0', type: 'float32', dims: [1, 3549, 85] }]);
    expect(d.outputLayout).toMatchObject({
      format: 'yolox',
      rows: 3549,
      numClasses: 80,
      inputWidth: 416,
      inputHeight: 416,
    });
    expect(d.preprocess).toMatchObject({
      width: 416,
      height: 416,
      channelOrder: 'bgr',
      scale: 1,
      padValue: 114,
      padding: 'top-left',
      rounding: 'floor',
    });
    expect(d.classNames).toEqual(COCO_CLASSES);
  });

  it('a one-class YOLOX [1, 3549, 6] is YOLOX, not end-to-end', () => {
    const d = describeModel(modelInfo([1, 3, 416, 416], [[1, 3549, 6]]));
    expect(d.outputLayout.format).toBe('yolox');
    expect(d.outputLayout.numClasses).toBe(1);
    expect(d.classNames).toEqual(['class 0']);
  });

  it('[1, 300, 6] is end-to-end', () => {
    const d = describeModel(modelInfo([1, 3, 640, 640], [[1, 300, 6]]));
    expect(d.outputLayout).toMatchObject({ format: 'end-to-end', rows: 300, needsNms: false });
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
      modelInfo([1, 3, 640, 640], [[1, 84, 8400]], {
        names: `{${names}}`,
        task: 'detect',
        stride: '32',
        imgsz: '[640, 640]',
      }),
    );
    expect(d.outputLayout).toMatchObject({ format: 'ultralytics', numClasses: 80, rows: 8400 });
    expect(d.preprocess).toMatchObject({
      width: 640,
      height: 640,
      channelOrder: 'rgb',
      scale: 1 / 255,
      padValue: 114,
      padding: 'center',
      rounding: 'round',
    });
    expect(d.classNames[0]).toBe('PERSON');
    expect(d.classNames[79]).toBe('TOOTHBRUSH');
    expect(d.classNames).toHaveLength(80);
  });

  it('class names: metadata when the count matches, else COCO for 80 classes, else "class N"', () => {
    const three = "{0: 'cat', 1: 'dog', 2: 'bird'}";
    expect(describeModel(modelInfo([1, 3, 320, 320], [[1, 7, 2100]], { names: three })).classNames).toEqual([
      'cat',
      'dog',
      'bird',
    ]);
    // 80 classes but 3 names: COCO.
    expect(describeModel(modelInfo([1, 3, 640, 640], [[1, 84, 8400]], { names: three })).classNames).toEqual(
      COCO_CLASSES,
    );
    // 3 classes without names, and 3 classes with 2 names: "class N".
    expect(describeModel(modelInfo([1, 3, 320, 320], [[1, 7, 2100]])).classNames).toEqual([
      'class 0',
      'class 1',
      'class 2',
    ]);
    expect(
      describeModel(modelInfo([1, 3, 320, 320], [[1, 7, 2100]], { names: "{0: 'a', 1: 'b'}" })).classNames,
    ).toEqual(['class 0', 'class 1', 'class 2']);
  });

  it('rejects a segmentation model', () => {
    const error = catchError(() =>
      describeModel(
        modelInfo(
          [1, 3, 640, 640],
          [
            [1, 116, 8400],
            [1, 32, 160, 160],
          ],
          { task: 'segment' },
        ),
      ),
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
    expect(d.outputLayout).toMatchObject({ format: 'ultralytics', inputWidth: 320, inputHeight: 320, rows: 2100 });
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
    expect(describeModel(info, { output0: [1, 84, 2100] }).outputLayout).toMatchObject({
      format: 'ultralytics',
      rows: 2100,
    });
  });
});

describe('postprocess end to end', () => {
  /** A 3-class Ultralytics model on a 320 input. */
  const model = describeModel(
    modelInfo([1, 3, 320, 320], [[1, 7, 2100]], { names: "{0: 'cat', 1: 'dog', 2: 'bird'}" }),
  );
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
    const detections = postprocess({ output: out }, model, letterbox, options);
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
    expect(postprocess({ output: out }, model, letterbox, { ...options, classes: [1, 2] }).map((d) => d.label)).toEqual(
      ['dog', 'bird'],
    );
    // Only bird wanted, max 1: the bird is kept even though cat and dog score higher.
    expect(
      postprocess({ output: out }, model, letterbox, { ...options, classes: [2], maxDetections: 1 }).map(
        (d) => d.label,
      ),
    ).toEqual(['bird']);
    expect(postprocess({ output: out }, model, letterbox, { ...options, classes: [] })).toEqual([]);
    expect(postprocess({ output: out }, model, letterbox, { ...options, classes: null })).toHaveLength(3);
  });

  it('maxDetections keeps the best', () => {
    expect(
      postprocess({ output: out }, model, letterbox, { ...options, maxDetections: 2 }).map((d) => d.label),
    ).toEqual(['cat', 'dog']);
  });

  it('the IoU threshold applies within a class only', () => {
    // IoU threshold 0: every same-class overlap is suppressed; cat 0.8 goes, dog (another class) stays.
    expect(postprocess({ output: out }, model, letterbox, { ...options, iouThreshold: 0 }).map((d) => d.label)).toEqual(
      ['cat', 'dog', 'bird'],
    );
    // IoU threshold 0.95: the second cat (IoU 0.905) survives.
    expect(
      postprocess({ output: out }, model, letterbox, { ...options, iouThreshold: 0.95 }).map((d) => d.label),
    ).toEqual(['cat', 'dog', 'cat', 'bird']);
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
    const detections = postprocess({ output: rows }, e2e, lb, {
      scoreThreshold: 0.25,
      iouThreshold: 0.7,
      maxDetections: 300,
    });
    expect(detections.map((d) => [d.label, d.score])).toEqual([
      ['car', Math.fround(0.9)],
      ['person', 0.75],
      ['person', 0.5],
    ]);
    // car: [320/0.5, (240-140)/0.5, 640/0.5, (560-140)/0.5] = [640, 200, 1280, 840 → clipped 720]
    expectBox(detections[0].box, [640, 200, 1280, 720]);
    // person: [0, (80-140)/0.5 → clipped 0, 200, (180-140)/0.5 = 80]
    expectBox(detections[1].box, [0, 0, 200, 80]);
    expect(
      postprocess({ output: rows }, e2e, lb, { scoreThreshold: 0.25, iouThreshold: 0.7, maxDetections: 2 }).map(
        (d) => d.score,
      ),
    ).toEqual([Math.fround(0.9), 0.75]);
  });

  it('YOLOX: mapped back with the top-left letterbox', () => {
    const yx = describeModel(modelInfo([1, 3, 416, 416], [[1, 3549, 85]]));
    const raw = new Float32Array(3549 * 85);
    // row 527: box [52, 78, 68, 86] (see the decode test), class 3 (motorcycle) score 0.72
    raw.set([0.5, 0.25, Math.log(2), 0, 0.8], 527 * 85);
    raw[527 * 85 + 5 + 3] = 0.9;
    const lb = computeLetterbox(640, 480, yx.preprocess); // scale 0.65, no pad offset
    const [d, ...rest] = postprocess({ output: raw }, yx, lb, {
      scoreThreshold: 0.3,
      iouThreshold: 0.45,
      maxDetections: 100,
    });
    expect(rest).toEqual([]);
    expect(d.label).toBe('motorcycle');
    // [52/0.65, 78/0.65, 68/0.65, 86/0.65] = [80, 120, 104.615, 132.308]
    expectBox(d.box, [80, 120, 68 / 0.65, 86 / 0.65], 3);
  });
});
