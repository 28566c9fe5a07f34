import { describe, expect, it } from 'vitest';
import { decodeDetrHeads, hfDetr, sigmoid, type DetrHeads } from '../../../../src/detection/formats/hf-detr';
import { describeModel } from '../../../../src/detection/model';
import type { ModelInfo, ValueInfo } from '../../../../src/detection/types';
import { expectBox } from '../../../support/detection';
import { detectOnCpu, solidImage } from '../../../support/generated-detector';
import { constantOutputsModel } from '../../../support/onnx-builder';

const tensor = (name: string, type: string, shape: Array<number | string>): ValueInfo => ({ name, type, shape });
const logit = (p: number) => Math.log(p / (1 - p));

/** An optimum / transformers.js export of RT-DETR: everything symbolic but the box and class sizes. */
function hfInfo(
  inputShape: Array<number | string> = ['batch_size', 3, 'height', 'width'],
  queries: number | string = 'num_queries',
): ModelInfo {
  const batch = inputShape[0];
  return {
    inputs: [tensor('pixel_values', 'float32', inputShape)],
    outputs: [tensor('logits', 'float32', [batch, queries, 80]), tensor('pred_boxes', 'float32', [batch, queries, 4])],
    metadata: {},
  };
}

describe('Hugging Face DETR: recognition', () => {
  it('recognises logits + pred_boxes; a symbolic input is fed 640x640, plain-resized RGB 0..1', () => {
    const model = describeModel(hfInfo(), { logits: [1, 300, 80], pred_boxes: [1, 300, 4] });
    expect(model.outputLayout).toMatchObject({
      format: 'hf-detr',
      rows: 300,
      numClasses: 80,
      needsNms: false,
      inputWidth: 640,
      inputHeight: 640,
    });
    expect(model.outputLayout.inputs).toEqual([
      { name: 'pixel_values', type: 'float32', dims: [1, 3, 640, 640], role: { kind: 'image' } },
    ]);
    expect(model.preprocess).toMatchObject({
      resize: 'stretch',
      channelOrder: 'rgb',
      scale: 1 / 255,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      layout: 'nchw',
    });
    expect(model.classNames[0]).toBe('person');
  });

  it('wins over SSD on a fixed-size export, whose [1,Q,C] + [1,Q,4] would fit SSD by shape', () => {
    const model = describeModel(hfInfo([1, 3, 640, 640], 300));
    expect(model.outputLayout.format).toBe('hf-detr');
    const renamed = hfInfo([1, 3, 640, 640], 300);
    renamed.outputs[0].name = 'class_scores';
    expect(describeModel(renamed).outputLayout.format).toBe('ssd'); // the shape alone is SSD's
  });

  it('is not fooled: other output names, a second input (pixel_mask), integer logits, query counts that differ', () => {
    const renamed = hfInfo();
    renamed.outputs[1].name = 'boxes_xyxy';
    expect(describeModel(renamed, { logits: [1, 300, 80], boxes_xyxy: [1, 300, 4] }).outputLayout.format).not.toBe(
      'hf-detr',
    );
    const masked = hfInfo([1, 3, 640, 640], 300);
    masked.inputs.push(tensor('pixel_mask', 'int64', [1, 640, 640]));
    expect(() => describeModel(masked)).toThrow(/Not a supported detector/);
    const signature = (logits: number[], boxes: number[], type = 'float32') => ({
      inputs: [{ name: 'pixel_values', type: 'float32', dims: [1, 3, 640, 640] }],
      outputs: [
        { name: 'logits', type, dims: logits },
        { name: 'pred_boxes', type: 'float32', dims: boxes },
      ],
      metadata: {},
    });
    expect(hfDetr.recognise(signature([1, 300, 80], [1, 300, 4], 'int64'))).toBeNull();
    expect(hfDetr.recognise(signature([1, 300, 80], [1, 100, 4]))).toBeNull();
    expect(hfDetr.recognise(signature([1, 300, 80], [1, 300, 5]))).toBeNull();
    expect(hfDetr.recognise(signature([1, 300, 80], [1, 300, 4]))).not.toBeNull();
  });
});

describe('Hugging Face DETR: decode', () => {
  const input = { width: 200, height: 100 };
  /** Q queries of C classes: probabilities per class (as logits) and cx, cy, w, h. */
  function heads(queries: Array<{ p: number[]; box: number[] }>, numClasses = 3): DetrHeads {
    return {
      logits: Float32Array.from(
        queries.flatMap((q) => q.p.map((p) => (Number.isFinite(p) && p > 0 && p < 1 ? logit(p) : p))),
      ),
      predBoxes: Float32Array.from(queries.flatMap((q) => q.box)),
      queries: queries.length,
      numClasses,
    };
  }
  const t = Math.fround(0.3);

  it('sigmoid per class, top-k over queries × classes, boxes to input pixels', () => {
    const found = decodeDetrHeads(
      heads([
        { p: [0.1, 0.8, 0.1], box: [0.5, 0.5, 0.5, 0.2] },
        { p: [0.9, 0.1, 0.6], box: [0.25, 0.25, 0.1, 0.1] }, // one query, two classes above the threshold
        { p: [0.2, 0.2, 0.2], box: [0.5, 0.5, 1, 1] },
      ]),
      input,
      t,
    );
    expect(found.map((c) => [c.index, c.classId])).toEqual([
      [3, 0],
      [1, 1],
      [5, 2],
    ]);
    expect(found[0].score).toBeCloseTo(0.9, 6);
    expectBox(found[0].box, [40, 20, 60, 30]);
    expectBox(found[1].box, [50, 40, 150, 60]);
    expect(found[2].box).toEqual(found[0].box);
  });

  it('keeps only the top k, score ties to the lower query × class index', () => {
    const h = heads([
      { p: [0.7, 0.5, 0.7], box: [0.5, 0.5, 0.1, 0.1] },
      { p: [0.7, 0.9, 0.4], box: [0.5, 0.5, 0.1, 0.1] },
    ]);
    expect(decodeDetrHeads(h, input, t, 3).map((c) => c.index)).toEqual([4, 0, 2]);
    expect(decodeDetrHeads(h, input, t, 0)).toEqual([]);
    expect(decodeDetrHeads(h, input, t).map((c) => c.index)).toEqual([4, 0]); // k defaults to Q = 2
  });

  it('NaN logits never pass, +inf gives 1, -inf 0; a score exactly at the threshold is out', () => {
    const found = decodeDetrHeads(heads([{ p: [NaN, Infinity, -Infinity], box: [0.5, 0.5, 0.2, 0.2] }]), input, t);
    expect(found.map((c) => [c.classId, c.score])).toEqual([[1, 1]]);
    expect(sigmoid(0)).toBe(0.5);
    expect(decodeDetrHeads(heads([{ p: [0, 0, 0], box: [0.5, 0.5, 0.2, 0.2] }]), input, 0.5)).toEqual([]);
  });

  it('Q = 0 and all below the threshold give nothing', () => {
    expect(decodeDetrHeads(heads([]), input, t)).toEqual([]);
    expect(decodeDetrHeads(heads([{ p: [0.1, 0.2, 0.3], box: [0.5, 0.5, 1, 1] }]), input, t)).toEqual([]);
  });

  it('skips queries with a non-finite box; keeps out-of-frame and zero-area boxes', () => {
    const found = decodeDetrHeads(
      heads([
        { p: [0.9, 0.01, 0.01], box: [NaN, 0.5, 0.1, 0.1] },
        { p: [0.9, 0.01, 0.01], box: [0.5, 0.5, Infinity, 0.1] },
        { p: [0.8, 0.01, 0.01], box: [1, 1, 1, 1] },
        { p: [0.7, 0.01, 0.01], box: [0.5, 0.5, 0, 0] },
      ]),
      input,
      t,
    );
    expect(found.map((c) => c.index)).toEqual([6, 9]);
    expectBox(found[0].box, [100, 50, 300, 150]);
    expectBox(found[1].box, [100, 50, 100, 50]);
  });

  it('decodes through the format with a symbolic query count read from the data', () => {
    const layout = hfDetr.recognise({
      inputs: [{ name: 'pixel_values', type: 'float32', dims: [1, 3, 100, 200] }],
      outputs: [
        { name: 'logits', type: 'float32', dims: [1, -1, 2] },
        { name: 'pred_boxes', type: 'float32', dims: [1, -1, 4] },
      ],
      metadata: {},
    })!;
    const found = hfDetr.decode(
      { logits: [logit(0.25), logit(0.75), 5, -5], pred_boxes: [0.5, 0.5, 1, 1, 0.1, 0.1, 0.2, 0.2] },
      layout,
      t,
    );
    expect(found.map((c) => [c.index, c.classId])).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expectBox(found[1].box, [0, 0, 200, 100]);
  });
});

describe('Hugging Face DETR: a generated graph through the CPU pipeline (onnxruntime WASM in Node)', () => {
  it('reports top queries as frame-pixel boxes, no NMS (overlapping boxes of one class both stay)', async () => {
    const q = 4;
    const logits = new Array(q * 80).fill(-8);
    logits[0 * 80 + 0] = logit(0.95); // person
    logits[1 * 80 + 0] = logit(0.9); // person again, overlapping: a DETR query is one object, nothing suppressed
    logits[2 * 80 + 16] = logit(0.8); // dog
    logits[3 * 80 + 2] = logit(0.1); // car, below the threshold
    const boxes = [0.5, 0.5, 0.5, 0.5, 0.52, 0.5, 0.5, 0.5, 0.2, 0.8, 0.2, 0.2, 0.5, 0.5, 1, 1];
    const bytes = constantOutputsModel(
      { name: 'pixel_values', type: 'float32', shape: ['batch', 3, 'height', 'width'] },
      [
        { name: 'logits', type: 'float32', shape: ['batch', 'queries', 80], dims: [1, q, 80], data: logits },
        { name: 'pred_boxes', type: 'float32', shape: ['batch', 'queries', 4], dims: [1, q, 4], data: boxes },
      ],
    );
    const { model, detections } = await detectOnCpu(bytes, solidImage(800, 400), { iouThreshold: 0.45 });
    expect(model.outputLayout).toMatchObject({ format: 'hf-detr', rows: q });
    expect(detections.map((d) => d.label)).toEqual(['person', 'person', 'dog']);
    expect(detections[0].score).toBeCloseTo(0.95, 5);
    expectBox(detections[0].box, [200, 100, 600, 300], 2);
    expectBox(detections[2].box, [80, 280, 240, 360], 2);
  });
});
