import { describe, expect, it } from 'vitest';
import type { OutputLayout } from '../../../../src/detection/formats/format';
import { ssd } from '../../../../src/detection/formats/ssd';
import { describeModel, signatureOf } from '../../../../src/detection/model';
import type { ModelInfo } from '../../../../src/detection/types';

function ssdInfo(
  n: number,
  columns: number,
  names: [string, string] = ['scores', 'boxes'],
  input: number[] = [1, 3, 240, 320],
): ModelInfo {
  return {
    inputs: [{ name: 'input', type: 'float32', shape: input }],
    outputs: [
      { name: names[0], type: 'float32', shape: [1, n, columns] },
      { name: names[1], type: 'float32', shape: [1, n, 4] },
    ],
    metadata: {},
  };
}

describe('SSD format: recognition', () => {
  it('the Ultra-Light face detector: scores [1,4420,2] + boxes [1,4420,4], one class, named from models.json', () => {
    const d = describeModel(ssdInfo(4420, 2), undefined, ['face']);
    expect(d.outputLayout).toMatchObject({
      format: 'ssd',
      rows: 4420,
      numClasses: 1,
      inputWidth: 320,
      inputHeight: 240,
      needsNms: true,
    });
    expect(d.outputLayout.outputs.map((o) => [o.role, o.name])).toEqual([
      ['scores', 'scores'],
      ['boxes', 'boxes'],
    ]);
    expect(d.preprocess).toMatchObject({
      width: 320,
      height: 240,
      channelOrder: 'rgb',
      scale: 1,
      mean: [127, 127, 127],
      std: [128, 128, 128],
      resize: 'stretch',
    });
    expect(d.classNames).toEqual(['face']);
    // Without labels a one-class model says what it can.
    expect(describeModel(ssdInfo(4420, 2)).classNames).toEqual(['class 0']);
  });

  it('pytorch-ssd MobileNet-SSD (21 VOC columns), outputs in either order, recognised by shape', () => {
    const info = ssdInfo(3000, 21, ['confidences', 'locations'], [1, 3, 300, 300]);
    info.outputs.reverse();
    const layout = ssd.recognise(signatureOf(info)) as OutputLayout;
    expect(layout).toMatchObject({ rows: 3000, numClasses: 20, inputWidth: 300 });
    expect(layout.outputs.map((o) => [o.role, o.name])).toEqual([
      ['scores', 'confidences'],
      ['boxes', 'locations'],
    ]);
  });

  it('a 3-class model has two [1,N,4] outputs: names decide', () => {
    const layout = ssd.recognise(signatureOf(ssdInfo(100, 4))) as OutputLayout;
    expect(layout.outputs.map((o) => o.name)).toEqual(['scores', 'boxes']);
    expect(layout.numClasses).toBe(3);
  });

  it('rejects mismatched rows, a background-only score and three outputs', () => {
    const mismatched = ssdInfo(100, 2);
    mismatched.outputs[1].shape = [1, 99, 4];
    expect(ssd.recognise(signatureOf(mismatched))).toBeNull();
    expect(ssd.recognise(signatureOf(ssdInfo(100, 1)))).toBeNull();
    const three = ssdInfo(100, 2);
    three.outputs.push({ name: 'extra', type: 'float32', shape: [1, 100] });
    expect(ssd.recognise(signatureOf(three))).toBeNull();
  });
});

describe('SSD format: decode', () => {
  const layout = describeModel(ssdInfo(10, 3)).outputLayout; // 2 classes + background, input 320x240
  function outputs(rows: Record<number, { scores: number[]; box: number[] }>) {
    const scores = new Float32Array(10 * 3);
    const boxes = new Float32Array(10 * 4);
    for (const [i, r] of Object.entries(rows)) {
      scores.set(r.scores, Number(i) * 3);
      boxes.set(r.box, Number(i) * 4);
    }
    return { scores, boxes };
  }

  it('skips the background column, class c is column c + 1, boxes scaled to input pixels', () => {
    const out = outputs({
      0: { scores: [0.1, 0.2, 0.7], box: [0.25, 0.5, 0.5, 1] },
      3: { scores: [0.05, 0.9, 0.05], box: [-0.01, 0, 0.1, 0.1] }, // slightly outside: kept as is
      5: { scores: [0.9, 0.06, 0.04], box: [0, 0, 1, 1] }, // background: nothing above the threshold
    });
    const candidates = ssd.decode(out, layout, 0.5);
    expect(candidates.map((c) => [c.index, c.classId])).toEqual([
      [0, 1],
      [3, 0],
    ]);
    expect(candidates[0].box).toEqual([80, 120, 160, 240]);
    expect(candidates[0].score).toBe(Math.fround(0.7));
    expect(candidates[1].box).toEqual([
      Math.fround(Math.fround(-0.01) * 320),
      0,
      Math.fround(Math.fround(0.1) * 320),
      Math.fround(Math.fround(0.1) * 240),
    ]);
  });

  it('a high background score does not hide a class above the threshold (upstream thresholds each class)', () => {
    const out = outputs({ 2: { scores: [0.55, 0.45, 0], box: [0, 0, 0.5, 0.5] } });
    expect(ssd.decode(out, layout, 0.4).map((c) => [c.index, c.classId])).toEqual([[2, 0]]);
  });

  it('degenerate cases: NaN scores, ties to the lower class, a score at the threshold', () => {
    const out = outputs({
      0: { scores: [0, NaN, NaN], box: [0, 0, 0.1, 0.1] },
      1: { scores: [0, 0.6, 0.6], box: [0, 0, 0.1, 0.1] },
      2: { scores: [0, NaN, 0.8], box: [0, 0, 0.1, 0.1] },
      3: { scores: [0, 0.5, 0], box: [0, 0, 0.1, 0.1] },
    });
    expect(ssd.decode(out, layout, Math.fround(0.5)).map((c) => [c.index, c.classId])).toEqual([
      [1, 0],
      [2, 1],
    ]);
  });
});
