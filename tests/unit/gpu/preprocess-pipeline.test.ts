import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preprocessShaderCode } from '../../../src/gpu/preprocess-pipeline';
import { undeclaredNames, withoutComments } from '../../support/wgsl';

describe('preprocessShaderCode', () => {
  it('declares every name the shader uses, for float32 and float16 inputs', () => {
    expect(undeclaredNames(preprocessShaderCode(false))).toEqual([]);
    expect(undeclaredNames(preprocessShaderCode(true))).toEqual([]);
    expect(preprocessShaderCode(false)).toMatch(/^alias OUTPUT_TYPE = f32;/);
    expect(preprocessShaderCode(true)).toMatch(/^enable f16;\nalias OUTPUT_TYPE = f16;/);
  });

  it('takes its workgroup size by name', () => {
    const shader = withoutComments(
      readFileSync(resolve(import.meta.dirname, '../../../src/gpu/preprocess.wgsl'), 'utf8'),
    );
    expect(shader).toContain('@workgroup_size(WORKGROUP_SIZE, WORKGROUP_SIZE)');
  });
});
