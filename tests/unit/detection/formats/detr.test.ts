import { describe, expect, it } from 'vitest';
import { detr } from '../../../../src/detection/formats/detr';
import type { OutputLayout } from '../../../../src/detection/formats/format';
import { numericData } from '../../../../src/detection/feeds';
import { describeModel, needsTrialRun, signatureOf, trialFeeds } from '../../../../src/detection/model';
import type { ModelInfo } from '../../../../src/detection/types';

/** A DEIMv2 deploy export as readOnnxModelInfo reports it: every dim symbolic except the image's. */
function deimInfo(
  over: Partial<Record<'labels' | 'boxes' | 'scores' | 'sizes', { name?: string; type?: string }>> = {},
  q: number | string = 'q',
): ModelInfo {
  return {
    inputs: [
      { name: 'images', type: 'float32', shape: ['N', 3, 320, 320] },
      { name: over.sizes?.name ?? 'orig_target_sizes', type: over.sizes?.type ?? 'int64', shape: ['unk__383', 2] },
    ],
    outputs: [
      { name: over.labels?.name ?? 'labels', type: over.labels?.type ?? 'int64', shape: ['n', q] },
      { name: over.boxes?.name ?? 'boxes', type: over.boxes?.type ?? 'float32', shape: ['n', q, 4] },
      { name: over.scores?.name ?? 'scores', type: over.scores?.type ?? 'float32', shape: ['n', q] },
    ],
    metadata: {},
  };
}

/** The output dims a trial run reports for 300 queries. */
const TRIAL = { labels: [1, 300], boxes: [1, 300, 4], scores: [1, 300] };

describe('DETR deploy format: recognition', () => {
  it('needs a trial run for symbolic outputs, then recognises labels/boxes/scores and both inputs', () => {
    const info = deimInfo();
    expect(needsTrialRun(info)).toBe(true);
    expect(detr.recognise(signatureOf(info))).toBeNull();
    // The trial run feeds every input with its type: images float32 [1,3,320,320], orig_target_sizes int64 [1,2].
    expect(trialFeeds(info)).toEqual([
      { name: 'images', type: 'float32', dims: [1, 3, 320, 320] },
      { name: 'orig_target_sizes', type: 'int64', dims: [1, 2] },
    ]);
    const d = describeModel(info, TRIAL);
    expect(d.outputLayout).toMatchObject({
      format: 'detr',
      rows: 300,
      numClasses: 0,
      inputWidth: 320,
      inputHeight: 320,
      needsNms: false,
    });
    expect(d.outputLayout.inputs).toEqual([
      { name: 'images', type: 'float32', dims: [1, 3, 320, 320], role: { kind: 'image' } },
      { name: 'orig_target_sizes', type: 'int64', dims: [1, 2], role: { kind: 'image-size', order: 'wh' } },
    ]);
    expect(d.outputLayout.outputs.map((o) => [o.role, o.name, o.type])).toEqual([
      ['labels', 'labels', 'int64'],
      ['boxes', 'boxes', 'float32'],
      ['scores', 'scores', 'float32'],
    ]);
    expect(d.preprocess).toMatchObject({
      width: 320,
      height: 320,
      channelOrder: 'rgb',
      scale: 1 / 255,
      resize: 'stretch',
      layout: 'nchw',
    });
    expect(d.classNames).toHaveLength(80);
    expect(d.classNames[0]).toBe('person');
  });

  it('recognises other names by shape and type, and int32 ids', () => {
    const info = deimInfo(
      {
        labels: { name: 'cls', type: 'int32' },
        boxes: { name: 'bbox' },
        scores: { name: 'conf' },
        sizes: { name: 'size' },
      },
      100,
    );
    const layout = detr.recognise(
      signatureOf(info, { cls: [1, 100], bbox: [1, 100, 4], conf: [1, 100] }),
    ) as OutputLayout;
    expect(layout.rows).toBe(100);
    expect(layout.outputs.map((o) => [o.role, o.name])).toEqual([
      ['labels', 'cls'],
      ['boxes', 'bbox'],
      ['scores', 'conf'],
    ]);
  });

  it('rejects what is not this layout', () => {
    // float labels, a float size input, mismatched query counts, a missing size input
    expect(detr.recognise(signatureOf(deimInfo({ labels: { type: 'float32' } }, 300)))).toBeNull();
    expect(detr.recognise(signatureOf(deimInfo({ sizes: { type: 'float32' } }, 300)))).toBeNull();
    expect(
      detr.recognise(signatureOf(deimInfo({}), { labels: [1, 300], boxes: [1, 299, 4], scores: [1, 300] })),
    ).toBeNull();
    const oneInput = deimInfo({}, 300);
    oneInput.inputs.pop();
    expect(detr.recognise(signatureOf(oneInput))).toBeNull();
  });
});

describe('DETR deploy format: decode', () => {
  const layout = describeModel(deimInfo(), TRIAL).outputLayout;
  function outputs(rows: Array<{ q: number; label: number; box: number[]; score: number }>) {
    const labels = new BigInt64Array(300);
    const boxes = new Float32Array(300 * 4);
    const scores = new Float32Array(300);
    for (const r of rows) {
      labels[r.q] = BigInt(r.label);
      boxes.set(r.box, r.q * 4);
      scores[r.q] = r.score;
    }
    // int64 arrives as onnxruntime gives it and is converted the way the pipelines convert it.
    return { labels: numericData(labels), boxes, scores };
  }

  it('keeps queries above the threshold with their class and corners, in query order', () => {
    const out = outputs([
      { q: 0, label: 0, box: [10, 20, 110, 220], score: 0.9 },
      { q: 1, label: 2, box: [0, 0, 5, 5], score: 0.3 }, // below
      { q: 7, label: 79, box: [1.5, 2.5, 3.5, 4.5], score: 0.6 },
      { q: 299, label: 15, box: [300, 300, 320, 320], score: 0.51 },
    ]);
    const candidates = detr.decode(out, layout, 0.5);
    expect(candidates.map((c) => [c.index, c.classId])).toEqual([
      [0, 0],
      [7, 79],
      [299, 15],
    ]);
    expect(candidates[1].box).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(candidates[0].score).toBe(Math.fround(0.9));
  });

  it('degenerate cases: NaN scores never pass, a score at the threshold does not, inverted and empty boxes pass through', () => {
    const out = outputs([
      { q: 0, label: 1, box: [5, 5, 5, 5], score: 0.8 }, // zero area: no NMS here, so it is kept
      { q: 1, label: 1, box: [10, 10, 0, 0], score: 0.8 }, // inverted
      { q: 2, label: 1, box: [0, 0, 1, 1], score: NaN },
      { q: 3, label: 1, box: [0, 0, 1, 1], score: 0.5 },
      { q: 4, label: 1, box: [0, 0, 1, 1], score: 0.5000001 },
    ]);
    expect(detr.decode(out, layout, Math.fround(0.5)).map((c) => c.index)).toEqual([0, 1, 4]);
    expect(detr.decode(outputs([]), layout, 0)).toEqual([]);
  });
});
