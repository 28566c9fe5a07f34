import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeModel } from '../../../src/detection/model';
import { gpuDecodable, postprocessShaderCode } from '../../../src/gpu/postprocess-pipeline';
import { undeclaredNames, withoutComments } from '../../support/wgsl';

type Format = 'yolox' | 'ultralytics' | 'end-to-end' | 'detr' | 'ssd' | 'tf-object-detection' | 'torchvision';

function model(format: Format, { metadata = {}, count = true } = {}) {
  const images = { name: 'images', type: 'float32', shape: [1, 3, 416, 416] };
  if (format === 'tf-object-detection') {
    return describeModel({
      inputs: [{ name: 'input_tensor', type: 'uint8', shape: [1, 320, 320, 3] }],
      outputs: [
        { name: 'detection_boxes', type: 'float32', shape: [1, 100, 4] },
        { name: 'detection_classes', type: 'float32', shape: [1, 100] },
        { name: 'detection_scores', type: 'float32', shape: [1, 100] },
        ...(count ? [{ name: 'num_detections', type: 'float32', shape: [1] }] : []),
      ],
      metadata,
    });
  }
  if (format === 'torchvision') {
    return describeModel({
      inputs: [images],
      outputs: [
        { name: 'boxes', type: 'float32', shape: [50, 4] },
        { name: 'labels', type: 'int64', shape: [50] },
        { name: 'scores', type: 'float32', shape: [50] },
      ],
      metadata,
    });
  }
  if (format === 'detr') {
    return describeModel({
      inputs: [images, { name: 'orig_target_sizes', type: 'int64', shape: [1, 2] }],
      outputs: [
        { name: 'labels', type: 'int64', shape: [1, 300] },
        { name: 'boxes', type: 'float32', shape: [1, 300, 4] },
        { name: 'scores', type: 'float32', shape: [1, 300] },
      ],
      metadata: {},
    });
  }
  if (format === 'ssd') {
    return describeModel({
      inputs: [images],
      outputs: [
        { name: 'scores', type: 'float32', shape: [1, 3000, 21] },
        { name: 'boxes', type: 'float32', shape: [1, 3000, 4] },
      ],
      metadata: {},
    });
  }
  const dims = { yolox: [1, 3549, 85], ultralytics: [1, 84, 3549], 'end-to-end': [1, 300, 6] }[format];
  return describeModel({ inputs: [images], outputs: [{ name: 'output', type: 'float32', shape: dims }], metadata: {} });
}

describe('postprocessShaderCode', () => {
  it('multi-output formats find each output at its word offset in the packed buffer', () => {
    // DETR: labels int64 (300 x 2 words) at 0, boxes (1200 words) at 600, scores at 1800.
    const detr = postprocessShaderCode(model('detr').outputLayout);
    expect(detr).toContain('const OUT_LABELS: u32 = 0u;');
    expect(detr).toContain('const OUT_BOXES: u32 = 600u;');
    expect(detr).toContain('const OUT_SCORES: u32 = 1800u;');
    expect(detr).toContain('const NEEDS_NMS: bool = false;');
    // SSD: scores [3000, 21] at 0, boxes after them; 20 classes without the background, 21 values per row.
    const ssd = postprocessShaderCode(model('ssd').outputLayout);
    expect(ssd).toContain('const OUT_SCORES: u32 = 0u;');
    expect(ssd).toContain(`const OUT_BOXES: u32 = ${3000 * 21}u;`);
    expect(ssd).toContain('const NUM_CLASSES: u32 = 20u;');
    expect(ssd).toContain('const OUTPUT_ROW_VALUES: u32 = 21u;');
    expect(ssd).toContain('const NEEDS_NMS: bool = true;');
  });

  it("category-id formats carry the COCO table, or index the model's own names", () => {
    const coco = postprocessShaderCode(model('torchvision').outputLayout);
    expect(coco).toContain('const CATEGORY_IDS_COCO: bool = true;');
    // Ids 0 (background) and 12 (unused) name no class; 1 is person, 13 stop sign (class 11).
    expect(coco).toMatch(/const COCO_CLASS_OF_CATEGORY = array<i32, 91>\(-1, 0, [^)]*\b10, -1, 11\b/);
    const named = postprocessShaderCode(
      model('torchvision', { metadata: { names: '{"0": "a", "1": "b"}' } }).outputLayout,
    );
    expect(named).toContain('const CATEGORY_IDS_COCO: bool = false;');
    expect(named).toContain('const NUM_CLASSES: u32 = 2u;');
    // TF: boxes (400 words), classes, scores, num_detections, in that order.
    const tf = postprocessShaderCode(model('tf-object-detection').outputLayout);
    expect(tf).toContain('const HAS_COUNT: bool = true;');
    expect(tf).toContain('const OUT_COUNT: u32 = 600u;');
    const uncounted = postprocessShaderCode(model('tf-object-detection', { count: false }).outputLayout);
    expect(uncounted).toContain('const HAS_COUNT: bool = false;');
    expect(undeclaredNames(uncounted)).toEqual([]);
  });

  it('leaves outputs of another type or length than the decoder reads to the CPU', () => {
    expect(gpuDecodable(model('torchvision').outputLayout)).toBe(true);
    expect(gpuDecodable(model('tf-object-detection').outputLayout)).toBe(true);
    const int32Labels = describeModel({
      inputs: [{ name: 'images', type: 'float32', shape: [1, 3, 416, 416] }],
      outputs: [
        { name: 'boxes', type: 'float32', shape: [50, 4] },
        { name: 'labels', type: 'int32', shape: [50] },
        { name: 'scores', type: 'float32', shape: [50] },
      ],
      metadata: {},
    });
    expect(int32Labels.outputLayout.format).toBe('torchvision');
    expect(gpuDecodable(int32Labels.outputLayout)).toBe(false);
    const fewerScores = describeModel({
      inputs: [{ name: 'images', type: 'float32', shape: [1, 3, 416, 416] }],
      outputs: [
        { name: 'boxes', type: 'float32', shape: [50, 4] },
        { name: 'labels', type: 'int64', shape: [50] },
        { name: 'scores', type: 'float32', shape: [40] },
      ],
      metadata: {},
    });
    expect(gpuDecodable(fewerScores.outputLayout)).toBe(false);
  });

  for (const format of [
    'yolox',
    'ultralytics',
    'end-to-end',
    'detr',
    'ssd',
    'tf-object-detection',
    'torchvision',
  ] as const) {
    it(`${format}: declares every constant the shaders use, once`, () => {
      const code = postprocessShaderCode(model(format).outputLayout);
      expect(undeclaredNames(code)).toEqual([]);
      const declarations = [...withoutComments(code).matchAll(/\bconst\s+([A-Z][A-Z0-9_]*)\b/g)].map((m) => m[1]);
      expect(declarations.length).toBe(new Set(declarations).size);
    });
  }

  it('carries the model into the constants', () => {
    const code = postprocessShaderCode(model('yolox').outputLayout);
    expect(code).toContain('const ROWS: u32 = 3549u;');
    expect(code).toContain('const OUTPUT_ROW_VALUES: u32 = 85u;');
    expect(code).toContain('const STRIDES = array<u32, 3>(8u, 16u, 32u);');
    expect(code).toContain('const NEEDS_NMS: bool = true;');
    expect(postprocessShaderCode(model('end-to-end').outputLayout)).toContain('const NEEDS_NMS: bool = false;');
  });

  it('leaves no shared size to copies in postprocess.wgsl: workgroup sizes and tiles are names', () => {
    const shader = withoutComments(
      readFileSync(resolve(import.meta.dirname, '../../../src/gpu/postprocess.wgsl'), 'utf8'),
    );
    const sizes = [...shader.matchAll(/@workgroup_size\(([^)]*)\)/g)].map((m) => m[1]);
    expect(sizes.filter((size) => /\d/.test(size) && size !== '1')).toEqual([]);
    expect(shader).not.toMatch(/\b(256|512|64)u?\b/);
  });
});
