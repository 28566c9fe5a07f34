/**
 * The numbers that a shader and the TypeScript driving it both depend on (workgroup sizes, tile sizes, the
 * result buffer's layout, where the indirect-dispatch arguments are), defined once, here. A pipeline prepends
 * them to its shader's source as WGSL `const` declarations (wgslConstants), so the .wgsl files use these
 * names and never repeat the numbers. Struct sizes and member offsets come from the shaders' own struct
 * declarations instead (wgsl-layout.ts).
 */

/** preprocess.wgsl: one thread per model-input pixel, in square workgroups. */
export const PREPROCESS_CONSTANTS = {
  /** Threads per side of preprocess's (square) workgroups. */
  WORKGROUP_SIZE: 16,
} as const;

const POSTPROCESS_WORKGROUP_SIZE = 256;
const MATRIX_BLOCK = 64;

/** postprocess.wgsl and postprocess-pipeline.ts. */
export const POSTPROCESS_CONSTANTS = {
  /** Threads per workgroup of decode, sort_tiles, merge and resolve. */
  WORKGROUP_SIZE: POSTPROCESS_WORKGROUP_SIZE,
  /** Candidates sort_tiles sorts in one workgroup: two per thread. */
  SORT_TILE: 2 * POSTPROCESS_WORKGROUP_SIZE,
  /** Side of one block of the suppression matrix: candidates per suppress workgroup (its workgroup size). */
  MATRIX_BLOCK,
  /** u32 words of one matrix row per block: a bit per candidate. */
  MATRIX_BLOCK_WORDS: MATRIX_BLOCK / 32,
  /** The result buffer: a header of RESULT_HEADER_WORDS u32 (the count first), then RESULT_WORDS per detection. */
  RESULT_HEADER_WORDS: 4,
  /** One detection in the result buffer: x1, y1, x2, y2, score (f32 bits), class id (i32 bits). */
  RESULT_WORDS: 6,
  /** The indirect dispatch arguments that `plan` writes: u32 offsets of each pass's (x, y, z) triple. */
  SORT_TILES_ARGS: 0,
  MERGE_ARGS: 3,
  SUPPRESS_ARGS: 6,
  /** u32 words of the indirect dispatch arguments buffer. */
  DISPATCH_ARGS_WORDS: 9,
} as const;

/**
 * WGSL `const` declarations of `values`, one per line: numbers as u32 (they are counts, sizes and offsets;
 * anything else is an error), booleans as bool.
 */
export function wgslConstants(values: Record<string, number | boolean>): string {
  return Object.entries(values)
    .map(([name, value]) => {
      if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new Error(`WGSL constant ${name}: names are upper case`);
      if (typeof value === 'boolean') return `const ${name}: bool = ${value};`;
      if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
        throw new Error(`WGSL constant ${name} = ${value} is not a u32`);
      return `const ${name}: u32 = ${value}u;`;
    })
    .join('\n');
}
