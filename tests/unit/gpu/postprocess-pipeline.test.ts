import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeModel } from '../../../src/detection/model';
import { postprocessShaderCode } from '../../../src/gpu/postprocess-pipeline';
import { undeclaredNames, withoutComments } from '../../support/wgsl';

function model(format: 'yolox' | 'ultralytics' | 'end-to-end' | 'detr' | 'ssd') {
  const images = { name: 'images', type: 'float32', shape: [1, 3, 416, 416] };
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

  for (const format of ['yolox', 'ultralytics', 'end-to-end', 'detr', 'ssd'] as const) {
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
