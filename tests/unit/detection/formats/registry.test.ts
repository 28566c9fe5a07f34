import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../../../src/detection/formats/registry';

// Every registered format has every piece ARCHITECTURE.md §3 lists: a file in src/detection/formats/, recognise,
// preprocess, decode, an IoU default, a human name for the "Supported" message, its unit test, and either its GPU
// decode step (src/gpu/decode-<id>.wgsl, in DECODERS) or a stated reason why it has none (`cpuOnly`).
const root = resolve(import.meta.dirname, '../../../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

describe('format registry', () => {
  it('ids are unique', () => {
    expect(new Set(FORMATS.map((f) => f.id)).size).toBe(FORMATS.length);
  });

  for (const format of FORMATS) {
    describe(format.id, () => {
      it('has recognise, preprocess, decode, an IoU default and a description', () => {
        expect(typeof format.recognise).toBe('function');
        expect(typeof format.preprocess).toBe('function');
        expect(typeof format.decode).toBe('function');
        expect(format.defaultIouThreshold).toBeGreaterThan(0);
        expect(format.defaultIouThreshold).toBeLessThanOrEqual(1);
        expect(format.describes.trim()).not.toBe('');
      });

      it('has its unit test', () => {
        expect(
          existsSync(resolve(root, `tests/unit/detection/formats/${format.id}.test.ts`)),
          `tests/unit/detection/formats/${format.id}.test.ts`,
        ).toBe(true);
      });

      it('has a GPU decode step registered in DECODERS, or says why not', () => {
        const shader = `src/gpu/decode-${format.id}.wgsl`;
        // Read as text: postprocess-pipeline.ts imports WGSL with Vite's ?raw, which Node does not load.
        const pipeline = read('src/gpu/postprocess-pipeline.ts');
        const decoders = pipeline.slice(
          pipeline.indexOf('export const DECODERS'),
          pipeline.indexOf('};', pipeline.indexOf('export const DECODERS')),
        );
        const registered = new RegExp(`['"]?${format.id}['"]?:\\s*\\w+`).test(decoders);
        if (format.cpuOnly !== undefined) {
          expect(format.cpuOnly.trim(), 'cpuOnly gives a reason').not.toBe('');
          expect(registered, `${format.id} is cpuOnly yet has a GPU decoder`).toBe(false);
          return;
        }
        expect(existsSync(resolve(root, shader)), shader).toBe(true);
        expect(read(shader)).toMatch(/fn decode_row\(row: u32\) -> Decoded/);
        expect(registered, `${format.id} in DECODERS of src/gpu/postprocess-pipeline.ts`).toBe(true);
      });
    });
  }
});
