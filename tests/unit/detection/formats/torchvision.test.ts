import { describe, expect, it } from 'vitest';
import { cocoCategoryToClass } from '../../../../src/detection/coco-ids';
import {
  decodeTorchvisionHeads,
  torchvision,
  type TorchvisionHeads,
} from '../../../../src/detection/formats/torchvision';
import { describeModel } from '../../../../src/detection/model';
import type { ModelInfo, ValueInfo } from '../../../../src/detection/types';
import { expectBox } from '../../../support/detection';
import { detectOnCpu, solidImage } from '../../../support/generated-detector';
import { constantOutputsModel } from '../../../support/onnx-builder';

const tensor = (name: string, type: string, shape: Array<number | string>): ValueInfo => ({ name, type, shape });

/** torch.onnx.export of ssdlite320_mobilenet_v3_large with output_names boxes, labels, scores. */
function torchvisionInfo(names = ['boxes', 'labels', 'scores'], metadata: Record<string, string> = {}): ModelInfo {
  return {
    inputs: [tensor('images', 'float32', [1, 3, 320, 320])],
    outputs: [
      tensor(names[0], 'float32', ['K', 4]),
      tensor(names[1], 'int64', ['K']),
      tensor(names[2], 'float32', ['K']),
    ],
    metadata,
  };
}
const trialDims = (names = ['boxes', 'labels', 'scores'], k = 0) => ({
  [names[0]]: [k, 4],
  [names[1]]: [k],
  [names[2]]: [k],
});

describe('torchvision: recognition', () => {
  it('recognises boxes [K,4], labels [K] int64, scores [K] by name, with K from a trial run (even 0)', () => {
    const model = describeModel(torchvisionInfo(), trialDims());
    expect(model.outputLayout).toMatchObject({
      format: 'torchvision',
      rows: 0,
      numClasses: 80,
      needsNms: false,
      inputWidth: 320,
      inputHeight: 320,
    });
    expect(model.outputLayout.outputs.map((o) => [o.role, o.name])).toEqual([
      ['boxes', 'boxes'],
      ['labels', 'labels'],
      ['scores', 'scores'],
    ]);
    expect(model.preprocess).toMatchObject({
      channelOrder: 'rgb',
      scale: 1 / 255,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      resize: 'stretch',
      layout: 'nchw',
      dtype: 'float32',
    });
    expect(describeModel(torchvisionInfo(), trialDims(undefined, 17)).outputLayout.rows).toBe(17);
  });

  it('recognises an export without output names by ranks and types in torchvision order', () => {
    const names = ['3196', '3197', '3198'];
    const model = describeModel(torchvisionInfo(names), trialDims(names, 5));
    expect(model.outputLayout.outputs.map((o) => [o.role, o.name])).toEqual([
      ['boxes', '3196'],
      ['labels', '3197'],
      ['scores', '3198'],
    ]);
  });

  it('is not fooled: float labels, integer scores, batched DETR-style outputs, a second input', () => {
    const floatLabels = torchvisionInfo();
    floatLabels.outputs[1].type = 'float32';
    expect(() => describeModel(floatLabels, trialDims())).toThrow(/Not a supported detector/);
    const intScores = torchvisionInfo();
    intScores.outputs[2].type = 'int64';
    expect(() => describeModel(intScores, trialDims())).toThrow(/Not a supported detector/);
    const batched = torchvisionInfo();
    expect(() => describeModel(batched, { boxes: [1, 300, 4], labels: [1, 300], scores: [1, 300] })).toThrow(
      /Not a supported detector/,
    );
    expect(
      torchvision.recognise({
        inputs: [
          { name: 'images', type: 'float32', dims: [1, 3, 320, 320] },
          { name: 'sizes', type: 'int64', dims: [1, 2] },
        ],
        outputs: [
          { name: 'boxes', type: 'float32', dims: [3, 4] },
          { name: 'labels', type: 'int64', dims: [3] },
          { name: 'scores', type: 'float32', dims: [3] },
        ],
        metadata: {},
      }),
    ).toBeNull();
  });
});

describe('torchvision: decode', () => {
  /** Rows of [x1, y1, x2, y2, label, score]. */
  function heads(rows: number[][]): TorchvisionHeads {
    return {
      boxes: Float32Array.from(rows.flatMap((r) => r.slice(0, 4))),
      labels: BigInt64Array.from(rows.map((r) => BigInt(r[4]))),
      scores: Float32Array.from(rows.map((r) => r[5])),
      count: rows.length,
    };
  }
  const classOf = (label: number) => (label === 0 ? -1 : cocoCategoryToClass(label));
  const decode = (h: TorchvisionHeads, threshold = Math.fround(0.3)) => decodeTorchvisionHeads(h, threshold, classOf);

  it('keeps input-pixel corners, maps COCO category ids, skips background 0 and unused ids', () => {
    const found = decode(
      heads([
        [10, 20, 110, 220, 1, 0.9],
        [0, 0, 5, 5, 0, 0.99], // background
        [1, 2, 3, 4, 44, 0.8], // bottle
        [1, 2, 3, 4, 83, 0.8], // unused id
      ]),
    );
    expect(found.map((c) => [c.index, c.classId])).toEqual([
      [0, 0],
      [2, 39],
    ]);
    expect(found[0].box).toEqual([10, 20, 110, 220]);
  });

  it('reads labels as numbers too (what decode() gets from the pipeline)', () => {
    const h = { ...heads([[1, 2, 3, 4, 3, 0.9]]), labels: [3] };
    expect(decode(h).map((c) => c.classId)).toEqual([2]);
  });

  it('K = 0, all below the threshold, NaN scores and non-finite boxes give nothing', () => {
    expect(decode(heads([]))).toEqual([]);
    expect(
      decode(
        heads([
          [0, 0, 1, 1, 1, 0.3],
          [0, 0, 1, 1, 1, NaN],
          [NaN, 0, 1, 1, 1, 0.9],
          [0, 0, -Infinity, 1, 1, 0.9],
        ]),
      ),
    ).toEqual([]);
  });

  it('keeps out-of-frame and zero-area boxes', () => {
    const found = decode(
      heads([
        [-50, -10, 900, 700, 1, 0.9],
        [5, 5, 5, 5, 1, 0.8],
      ]),
    );
    expect(found.map((c) => c.box)).toEqual([
      [-50, -10, 900, 700],
      [5, 5, 5, 5],
    ]);
  });
});

describe('torchvision: generated graphs through the CPU pipeline (onnxruntime WASM in Node)', () => {
  const graph = (k: number, boxes: number[], labels: number[], scores: number[]) =>
    constantOutputsModel({ name: 'images', type: 'float32', shape: [1, 3, 320, 320] }, [
      { name: 'boxes', type: 'float32', shape: ['K', 4], dims: [k, 4], data: boxes },
      { name: 'labels', type: 'int64', shape: ['K'], dims: [k], data: labels },
      { name: 'scores', type: 'float32', shape: ['K'], dims: [k], data: scores },
    ]);

  it('reports input-pixel boxes in frame pixels with COCO names (symbolic K resolved by the trial run)', async () => {
    const bytes = graph(3, [32, 16, 160, 320, 0, 0, 10, 10, 160, 160, 400, 400], [17, 0, 62], [0.88, 0.95, 0.5]);
    const { model, detections } = await detectOnCpu(bytes, solidImage(640, 480));
    expect(model.outputLayout).toMatchObject({ format: 'torchvision', rows: 3 });
    expect(detections.map((d) => [d.label, d.classId])).toEqual([
      ['cat', 15],
      ['chair', 56],
    ]);
    // 640x480 stretched to 320x320: x × 2, y × 1.5, clipped to the frame.
    expectBox(detections[0].box, [64, 24, 320, 480], 3);
    expectBox(detections[1].box, [320, 240, 640, 480], 3);
  });

  it('a model that found nothing (K = 0) reports nothing', async () => {
    const { model, detections } = await detectOnCpu(graph(0, [], [], []), solidImage(64, 64));
    expect(model.outputLayout.format).toBe('torchvision');
    expect(detections).toEqual([]);
  });
});
