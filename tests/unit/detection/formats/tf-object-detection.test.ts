import { describe, expect, it } from 'vitest';
import { describeModel } from '../../../../src/detection/model';
import {
  decodeTfOdHeads,
  tfObjectDetection,
  validSlots,
  type TfOdHeads,
} from '../../../../src/detection/formats/tf-object-detection';
import { cocoCategoryToClass } from '../../../../src/detection/coco-ids';
import type { ModelInfo, ValueInfo } from '../../../../src/detection/types';
import { expectBox } from '../../../support/detection';
import { detectOnCpu, solidImage } from '../../../support/generated-detector';
import { constantOutputsModel } from '../../../support/onnx-builder';

const tensor = (name: string, type: string, shape: Array<number | string>): ValueInfo => ({ name, type, shape });

/** A TF2 model zoo SSD as tf2onnx converts it: uint8 NHWC of any size, 100 slots, and the raw outputs too. */
function tfOdInfo(
  overrides: { input?: ValueInfo; suffix?: string; metadata?: Record<string, string>; drop?: string } = {},
): ModelInfo {
  const s = overrides.suffix ?? '';
  const outputs = [
    tensor(`detection_anchor_indices${s}`, 'float32', [1, 100]),
    tensor(`detection_boxes${s}`, 'float32', [1, 100, 4]),
    tensor(`detection_classes${s}`, 'float32', [1, 100]),
    tensor(`detection_multiclass_scores${s}`, 'float32', [1, 100, 91]),
    tensor(`detection_scores${s}`, 'float32', [1, 100]),
    tensor(`num_detections${s}`, 'float32', [1]),
    tensor(`raw_detection_boxes${s}`, 'float32', [1, 1917, 4]),
    tensor(`raw_detection_scores${s}`, 'float32', [1, 1917, 91]),
  ].filter((o) => o.name !== overrides.drop);
  return {
    inputs: [overrides.input ?? tensor('input_tensor', 'uint8', [1, 'height', 'width', 3])],
    outputs,
    metadata: overrides.metadata ?? {},
  };
}

describe('TF Object Detection API: recognition', () => {
  it('recognises a dynamic-size uint8 NHWC export by its output names, fed 640x640 stretched', () => {
    const model = describeModel(tfOdInfo());
    expect(model.outputLayout).toMatchObject({
      format: 'tf-object-detection',
      rows: 100,
      numClasses: 80,
      needsNms: false,
      inputWidth: 640,
      inputHeight: 640,
    });
    expect(model.outputLayout.inputs).toEqual([
      { name: 'input_tensor', type: 'uint8', dims: [1, 640, 640, 3], role: { kind: 'image' } },
    ]);
    expect(model.outputLayout.outputs.map((o) => [o.role, o.name])).toEqual([
      ['boxes', 'detection_boxes'],
      ['classes', 'detection_classes'],
      ['scores', 'detection_scores'],
      ['count', 'num_detections'],
    ]);
    expect(model.preprocess).toMatchObject({
      width: 640,
      height: 640,
      layout: 'nhwc',
      dtype: 'uint8',
      resize: 'stretch',
      channelOrder: 'rgb',
    });
    expect(model.classNames[0]).toBe('person');
    expect(model.classNames).toHaveLength(80);
  });

  it('keeps a fixed input size, accepts tf2onnx ":0" names and a float 0..255 input', () => {
    const model = describeModel(
      tfOdInfo({ input: tensor('image_tensor:0', 'float32', [1, 320, 300, 3]), suffix: ':0' }),
    );
    expect(model.outputLayout).toMatchObject({ format: 'tf-object-detection', inputWidth: 300, inputHeight: 320 });
    expect(model.outputLayout.outputs[0].name).toBe('detection_boxes:0');
    expect(model.preprocess).toMatchObject({
      dtype: 'float32',
      scale: 1,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      layout: 'nhwc',
    });
  });

  it('works without num_detections, and with a symbolic or zero slot count', () => {
    expect(describeModel(tfOdInfo({ drop: 'num_detections' })).outputLayout.outputs.map((o) => o.role)).toEqual([
      'boxes',
      'classes',
      'scores',
    ]);
    const symbolic = tfOdInfo();
    for (const o of symbolic.outputs) if (o.shape.length > 1) o.shape[1] = 'K';
    expect(
      describeModel(symbolic, {
        detection_boxes: [1, 0, 4],
        detection_classes: [1, 0],
        detection_scores: [1, 0],
        num_detections: [1],
      }).outputLayout,
    ).toMatchObject({ format: 'tf-object-detection', rows: 0 });
  });

  it('reads class names from the metadata: category ids then index them as they are', () => {
    const names = JSON.stringify(['???', 'cat', 'dog']);
    const model = describeModel(tfOdInfo({ metadata: { names } }));
    expect(model.outputLayout).toMatchObject({ numClasses: 3, categoryIds: 'names' });
    expect(model.classNames).toEqual(['???', 'cat', 'dog']);
  });

  it('is not fooled: NCHW input, a missing score output, two inputs', () => {
    expect(() => describeModel(tfOdInfo({ input: tensor('input_tensor', 'uint8', [1, 3, 320, 320]) }))).toThrow(
      /Not a supported detector/,
    );
    expect(() => describeModel(tfOdInfo({ drop: 'detection_scores' }))).toThrow(/Not a supported detector/);
    const twoInputs = tfOdInfo();
    twoInputs.inputs.push(tensor('extra', 'int64', [1]));
    expect(
      tfObjectDetection.recognise({
        inputs: twoInputs.inputs.map((i) => ({ ...i, dims: [1, 320, 320, 3] })),
        outputs: [],
        metadata: {},
      }),
    ).toBeNull();
  });
});

describe('TF Object Detection API: decode', () => {
  const input = { width: 400, height: 200 };
  /** Slots of [y1, x1, y2, x2, class, score]. */
  function heads(rows: number[][], numDetections = rows.length): TfOdHeads {
    return {
      boxes: Float32Array.from(rows.flatMap((r) => r.slice(0, 4))),
      classes: Float32Array.from(rows.map((r) => r[4])),
      scores: Float32Array.from(rows.map((r) => r[5])),
      numDetections,
      slots: rows.length,
    };
  }
  // The app compares in float32 (postprocess rounds the threshold so).
  const decode = (h: TfOdHeads, threshold = Math.fround(0.3)) =>
    decodeTfOdHeads(h, input, threshold, cocoCategoryToClass);

  it('turns normalised y1,x1,y2,x2 into x1,y1,x2,y2 input pixels and category ids into COCO-80 classes', () => {
    const [a, b, c] = decode(
      heads([
        [0.1, 0.25, 0.5, 0.75, 1, 0.9], // person
        [0, 0, 1, 1, 90, 0.8], // toothbrush
        [0.5, 0.5, 0.75, 1, 13.0000002, 0.7], // stop sign (id 13 after the unused 12), float noise rounded
      ]),
    );
    expect([a.classId, b.classId, c.classId]).toEqual([0, 79, 11]);
    expectBox(a.box, [100, 20, 300, 100]);
    expectBox(b.box, [0, 0, 400, 200]);
    expectBox(c.box, [200, 100, 400, 150]);
    expect([a.index, b.index, c.index]).toEqual([0, 1, 2]);
    expect(a.score).toBe(Math.fround(0.9));
  });

  it('honours num_detections: padding slots after it are ignored whatever they hold', () => {
    const rows = [
      [0, 0, 0.5, 0.5, 1, 0.9],
      [0, 0, 0.5, 0.5, 2, 0.8],
      [0, 0, 0.5, 0.5, 3, 0.95],
    ];
    expect(decode(heads(rows, 2)).map((c) => c.index)).toEqual([0, 1]);
    expect(decode(heads(rows, 2.9)).map((c) => c.index)).toEqual([0, 1]);
    expect(decode(heads(rows, 100)).map((c) => c.index)).toEqual([0, 1, 2]);
    expect(decode(heads(rows, 0))).toEqual([]);
    expect(decode(heads(rows, NaN))).toEqual([]);
    expect(decode(heads(rows, -1))).toEqual([]);
    expect(validSlots(Infinity, 3)).toBe(3);
  });

  it('K = 0 and all below the threshold give nothing; a score at the threshold is out', () => {
    expect(decode(heads([], 0))).toEqual([]);
    expect(
      decode(
        heads([
          [0, 0, 1, 1, 1, 0.2],
          [0, 0, 1, 1, 1, 0.3],
        ]),
      ),
    ).toEqual([]);
  });

  it('drops NaN scores, non-COCO ids (0, 12, 91) and non-finite boxes; +inf scores pass', () => {
    const found = decode(
      heads([
        [0, 0, 1, 1, 1, NaN],
        [0, 0, 1, 1, 0, 0.9],
        [0, 0, 1, 1, 12, 0.9],
        [0, 0, 1, 1, 91, 0.9],
        [NaN, 0, 1, 1, 1, 0.9],
        [0, 0, Infinity, 1, 1, 0.9],
        [0, 0, 1, 1, 2, Infinity],
        [0, 0, 1, 1, 2, -Infinity],
      ]),
    );
    expect(found.map((c) => [c.index, c.classId, c.score])).toEqual([[6, 1, Infinity]]);
  });

  it('keeps boxes outside the frame and zero-area boxes as the model gave them (the frame mapping clips)', () => {
    const found = decode(
      heads([
        [-0.5, -0.25, 1.5, 1.25, 1, 0.9],
        [0.5, 0.5, 0.5, 0.5, 1, 0.9],
      ]),
    );
    expectBox(found[0].box, [-100, -100, 500, 300]);
    expectBox(found[1].box, [200, 100, 200, 100]);
  });
});

describe('TF Object Detection API: a generated graph through the CPU pipeline (onnxruntime WASM in Node)', () => {
  const boxes = [0.1, 0.2, 0.6, 0.5, 0.5, 0.5, 0.9, 0.95, 0, 0, 1, 1, 0, 0, 0, 0];
  const graph = (numDetections: number, metadata: Record<string, string> = {}) =>
    constantOutputsModel(
      { name: 'input_tensor', type: 'uint8', shape: [1, 'height', 'width', 3] },
      [
        // Slot dims symbolic, as tf2onnx often leaves them (unk__N): the engine's trial run resolves them.
        { name: 'detection_boxes', type: 'float32', shape: [1, 'unk__1', 4], dims: [1, 4, 4], data: boxes },
        // dog, car, person, person
        { name: 'detection_classes', type: 'float32', shape: [1, 'unk__1'], dims: [1, 4], data: [18, 3, 1, 1] },
        {
          name: 'detection_scores',
          type: 'float32',
          shape: [1, 'unk__1'],
          dims: [1, 4],
          data: [0.92, 0.61, 0.2, 0.99],
        },
        { name: 'num_detections', type: 'float32', shape: ['unk__2'], dims: [1], data: [numDetections] },
      ],
      metadata,
    );

  it('reports the boxes in frame pixels with COCO names, below-threshold and padding slots left out', async () => {
    const { model, detections } = await detectOnCpu(graph(3), solidImage(320, 180));
    expect(model.outputLayout).toMatchObject({ format: 'tf-object-detection', rows: 4 });
    expect(detections.map((d) => [d.label, d.classId, Math.fround(d.score)])).toEqual([
      ['dog', 16, Math.fround(0.92)],
      ['car', 2, Math.fround(0.61)],
    ]);
    // Stretched to 640x640 and back: normalised coordinates times the frame size.
    expectBox(detections[0].box, [0.2 * 320, 0.1 * 180, 0.5 * 320, 0.6 * 180], 3);
    expectBox(detections[1].box, [0.5 * 320, 0.5 * 180, 0.95 * 320, 0.9 * 180], 3);
  });

  it('uses the metadata names and raw ids when the file has them', async () => {
    const names = JSON.stringify({ 1: 'widget', 3: 'gadget', 18: 'gizmo' });
    const { detections } = await detectOnCpu(graph(3, { names }), solidImage(100, 100));
    expect(detections.map((d) => [d.label, d.classId])).toEqual([
      ['gizmo', 18],
      ['gadget', 3],
    ]);
  });
});
