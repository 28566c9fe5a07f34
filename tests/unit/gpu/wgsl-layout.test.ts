import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { structLayout } from '../../../src/gpu/wgsl-layout';

const shader = (name: string) => readFileSync(resolve(import.meta.dirname, '../../../src/gpu', name), 'utf8');

describe('structLayout (WGSL memory layout rules)', () => {
  it('aligns members to their type and rounds the size up to the struct alignment', () => {
    const source = `
      struct A {
        a: f32,       // 0
        b: vec2<f32>, // 8
        c: u32,       // 16
        d: vec4u,     // 32
        e: f16,       // 48
      }`;
    expect(structLayout(source, 'A')).toEqual({ size: 64, align: 16, offsets: { a: 0, b: 8, c: 16, d: 32, e: 48 } });
  });

  it('lays out vec3, atomics, nested structs and fixed arrays', () => {
    const source = `
      struct Inner { x: vec3<f32>, y: f32 }
      struct Outer {
        n: atomic<u32>,
        inner: Inner,
        list: array<vec2<i32>, 3>,
        tail: array<f32, COUNT>,
      }`;
    expect(structLayout(source, 'Inner')).toEqual({ size: 16, align: 16, offsets: { x: 0, y: 12 } });
    expect(structLayout(source, 'Outer', { COUNT: 5 })).toEqual({
      size: 80,
      align: 16,
      offsets: { n: 0, inner: 16, list: 32, tail: 56 },
    }); // 76 rounded up to 16;
  });

  it('gives a runtime-sized array last its offset, and the size of the fixed part', () => {
    const layout = structLayout('struct R { count: u32, items: array<vec4<f32>> }', 'R');
    expect(layout).toEqual({ size: 16, align: 16, offsets: { count: 0, items: 16 } });
  });

  it('ignores comments, in and around the struct', () => {
    const source = '/* struct S { a: vec4<f32> } */\nstruct S {\n  // b: f32,\n  a: u32, /* c: f32 */\n}';
    expect(structLayout(source, 'S')).toEqual({ size: 4, align: 4, offsets: { a: 0 } });
  });

  it('refuses what it cannot lay out, by name', () => {
    expect(() => structLayout('struct S { a: u32 }', 'T')).toThrow('no struct T');
    expect(() => structLayout('struct S { a: mat4x4<f32> }', 'S')).toThrow('S.a: unsupported type mat4x4<f32>');
    expect(() => structLayout('struct S { a: array<u32, N> }', 'S')).toThrow('S.a: array count N');
    expect(() => structLayout('struct S { @size(8) a: u32 }', 'S')).toThrow('attributes are not supported');
    expect(() => structLayout('struct S { a: array<u32>, b: u32 }', 'S')).toThrow(
      'S.a: a runtime-sized array must come last',
    );
  });

  it('reads the structs that the pipelines size their buffers from', () => {
    const post = shader('postprocess.wgsl');
    expect(structLayout(post, 'Candidate').size).toBe(32);
    expect(structLayout(post, 'SortItem').size).toBe(12);
    expect(structLayout(post, 'State').size).toBe(4);
    const params = structLayout(post, 'Params', { MASK_VEC4S: 8 });
    expect(params.offsets).toMatchObject({
      score_threshold: 0,
      max_detections: 8,
      pad_x: 16,
      frame_w: 32,
      class_mask: 48,
    });
    expect(params.size).toBe(48 + 8 * 16);
    const pre = structLayout(shader('preprocess.wgsl'), 'Params');
    expect(pre.offsets).toEqual({
      frame_size: 0,
      resized_size: 8,
      pad: 16,
      input_size: 24,
      ratio: 32,
      // vec2<u32> in what was the padding before the next vec4.
      strides: 40,
      source_channel: 48,
      scale: 64,
      offset: 80,
      pad_value: 96,
    });
    expect(pre.size).toBe(112);
  });
});
