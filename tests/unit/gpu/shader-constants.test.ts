import { describe, expect, it } from 'vitest';
import { POSTPROCESS_CONSTANTS, PREPROCESS_CONSTANTS, wgslConstants } from '../../../src/gpu/shader-constants';

describe('wgslConstants', () => {
  it('writes numbers as u32 and booleans as bool, one declaration a line', () => {
    expect(wgslConstants({ ROWS: 8400, NEEDS_NMS: false, ZERO: 0 })).toBe(
      'const ROWS: u32 = 8400u;\nconst NEEDS_NMS: bool = false;\nconst ZERO: u32 = 0u;',
    );
  });

  it('refuses values that are not u32, and names that are not upper case', () => {
    expect(() => wgslConstants({ HALF: 0.5 })).toThrow('HALF = 0.5 is not a u32');
    expect(() => wgslConstants({ NEGATIVE: -1 })).toThrow('is not a u32');
    expect(() => wgslConstants({ HUGE: 2 ** 32 })).toThrow('is not a u32');
    expect(() => wgslConstants({ rows: 1 })).toThrow('names are upper case');
  });
});

describe('the shared sizes', () => {
  it('keep the relations the shaders rely on', () => {
    const {
      WORKGROUP_SIZE,
      SORT_TILE,
      MATRIX_BLOCK,
      MATRIX_BLOCK_WORDS,
      SORT_TILES_ARGS,
      MERGE_ARGS,
      SUPPRESS_ARGS,
      DISPATCH_ARGS_WORDS,
    } = POSTPROCESS_CONSTANTS;
    expect(SORT_TILE).toBe(2 * WORKGROUP_SIZE); // bitonic sort: a pair per thread
    expect(MATRIX_BLOCK).toBe(32 * MATRIX_BLOCK_WORDS);
    // Three (x, y, z) triples, apart, inside the buffer.
    const triples = [SORT_TILES_ARGS, MERGE_ARGS, SUPPRESS_ARGS].sort((a, b) => a - b);
    expect(triples[1] - triples[0]).toBeGreaterThanOrEqual(3);
    expect(triples[2] - triples[1]).toBeGreaterThanOrEqual(3);
    expect(triples[2] + 3).toBeLessThanOrEqual(DISPATCH_ARGS_WORDS);
    expect(PREPROCESS_CONSTANTS.WORKGROUP_SIZE ** 2).toBeLessThanOrEqual(256); // WebGPU's default invocation limit
  });
});
