/**
 * Records every built-in model's raw output on every COCO subset image (onnxruntime-web's WASM backend in
 * Node), as fixtures for the GPU NMS tests and benchmarks:
 *   npx tsx scripts/record-outputs.ts [--models ID,ID] [--limit N | --images FILE,FILE]
 * Writes .cache/outputs/<model-id>/model.json (sha256 + ModelDescription) and, per image, <stem>.f32 (the
 * outputs the format reads, packed one after the other as src/detection/output-packing.ts says: for a
 * one-output model its float32 tensor) + <stem>.json (packed size, letterbox, frame size). Files already recorded for
 * the same model sha256 are skipped, so a second run costs nothing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import jpeg from 'jpeg-js';
import * as ort from 'onnxruntime-web';
import { computeLetterbox } from '../src/detection/letterbox';
import type { ModelDescription } from '../src/detection/model';
import { packOutputs } from '../src/detection/output-packing';
import { describeWithSession, imageStorage, modelFeeds } from '../src/engine/tensors';
import { readOnnxModelInfo } from '../src/detection/onnx-metadata';
import { preprocessRgba } from '../src/detection/preprocess';
import type { Letterbox } from '../src/detection/types';
import { parseArgs } from './lib/args';
import { cocoImages, COCO_DIR } from '../tests/support/coco';
import { catalog, modelPath } from './lib/models';

export const OUTPUTS_DIR = resolve(import.meta.dirname, '../.cache/outputs');

/** <model-id>/model.json */
export interface RecordedModel {
  id: string;
  sha256: string;
  model: ModelDescription;
}

/** <model-id>/<stem>.json, next to <stem>.f32 */
export interface RecordedOutput {
  sha256: string;
  image: string;
  /** Bytes of the packed outputs. */
  bytes: number;
  letterbox: Letterbox;
  frameWidth: number;
  frameHeight: number;
}

const stemOf = (image: string) => basename(image).replace(/\.[^.]+$/, '');

/** <stem>'s metadata if it is recorded for this model file (same sha256, complete .f32), else null. */
function recorded(dir: string, stem: string, sha256: string): RecordedOutput | null {
  const meta = resolve(dir, `${stem}.json`);
  const data = resolve(dir, `${stem}.f32`);
  if (!existsSync(meta) || !existsSync(data)) return null;
  try {
    const output = JSON.parse(readFileSync(meta, 'utf8')) as RecordedOutput;
    return output.sha256 === sha256 && output.bytes !== undefined && statSync(data).size === output.bytes
      ? output
      : null;
  } catch {
    return null;
  }
}

function isModelRecorded(dir: string, sha256: string): boolean {
  try {
    const recorded = JSON.parse(readFileSync(resolve(dir, 'model.json'), 'utf8')) as RecordedModel;
    // A description written before layouts listed their inputs and outputs is rewritten.
    return recorded.sha256 === sha256 && recorded.model.outputLayout?.outputs !== undefined;
  } catch {
    return false;
  }
}

/** The COCO subset's images to record or load: `images` (file names, each checked), else the first `limit`, else all. */
function selectImages(options: { images?: string[]; limit?: number }): string[] {
  const all = cocoImages();
  if (!options.images) return all.slice(0, options.limit ?? Infinity);
  const missing = options.images.filter((image) => !all.includes(image));
  if (missing.length > 0) throw new Error(`not images of the COCO subset (${COCO_DIR}): ${missing.join(', ')}`);
  return options.images;
}

/** Records what is missing; returns how many outputs it ran. Models whose file is not installed are skipped. */
export async function recordOutputs(
  options: { models?: string[]; images?: string[]; limit?: number; log?: (line: string) => void } = {},
): Promise<number> {
  const log = options.log ?? (() => {});
  const images = selectImages(options);
  const decoded = new Map<string, { width: number; height: number; data: Uint8Array }>();
  ort.env.wasm.numThreads = 2;
  // Errors only: ultraface lists its weights as inputs too, and onnxruntime warns about each one.
  ort.env.logLevel = 'error';
  let ran = 0;
  for (const entry of catalog().filter((m) => !options.models || options.models.includes(m.id))) {
    const path = modelPath(entry.file);
    if (!path) {
      log(`${entry.id}: ${entry.file} is not installed, skipped`);
      continue;
    }
    const dir = resolve(OUTPUTS_DIR, entry.id);
    const todo = images.filter((image) => !recorded(dir, stemOf(image), entry.sha256));
    const modelRecorded = isModelRecorded(dir, entry.sha256);
    if (todo.length === 0 && modelRecorded) continue;
    await mkdir(dir, { recursive: true });
    const bytes = new Uint8Array(await readFile(path));
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const started = performance.now();
    try {
      const model = await describeWithSession(readOnnxModelInfo(bytes), session, entry.labels);
      if (!modelRecorded) {
        const description: RecordedModel = { id: entry.id, sha256: entry.sha256, model };
        await writeFile(resolve(dir, 'model.json'), JSON.stringify(description));
      }
      const { data: input, dims: inputDims } = imageStorage(model.preprocess);
      const feeds = modelFeeds(
        model.outputLayout,
        new ort.Tensor(input instanceof Uint8Array ? 'uint8' : 'float32', input, inputDims),
      );
      for (const image of todo) {
        let rgba = decoded.get(image);
        if (!rgba) {
          rgba = jpeg.decode(await readFile(resolve(COCO_DIR, 'images', image)), {
            useTArray: true,
            formatAsRGBA: true,
          });
          decoded.set(image, rgba);
        }
        const letterbox = computeLetterbox(rgba.width, rgba.height, model.preprocess);
        preprocessRgba(rgba.data, letterbox, model.preprocess, input);
        const outputs = await session.run(feeds);
        const packed = packOutputs(model.outputLayout, (name) => outputs[name].data as ArrayBufferView);
        const stem = stemOf(image);
        await writeFile(resolve(dir, `${stem}.f32`), packed);
        const meta: RecordedOutput = {
          sha256: entry.sha256,
          image,
          bytes: packed.byteLength,
          letterbox,
          frameWidth: rgba.width,
          frameHeight: rgba.height,
        };
        await writeFile(resolve(dir, `${stem}.json`), JSON.stringify(meta));
        ran++;
      }
    } finally {
      await session.release();
    }
    log(`${entry.id}: ${todo.length} outputs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return ran;
}

/**
 * One model's recorded outputs (those whose sha256 matches its catalog entry), with its description; of `images`
 * only (file names, in that order) when given, else of every image of the subset.
 */
export function loadRecorded(
  id: string,
  images?: string[],
): { model: ModelDescription; outputs: Array<RecordedOutput & { stem: string }> } | null {
  const entry = catalog().find((m) => m.id === id);
  const dir = resolve(OUTPUTS_DIR, id);
  if (!entry || !isModelRecorded(dir, entry.sha256)) return null;
  const { model } = JSON.parse(readFileSync(resolve(dir, 'model.json'), 'utf8')) as RecordedModel;
  const outputs = selectImages({ images }).flatMap((image) => {
    const stem = stemOf(image);
    const output = recorded(dir, stem, entry.sha256);
    return output ? [{ ...output, stem }] : [];
  });
  return { model, outputs };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const ran = await recordOutputs({
    models: args.get('models')?.split(','),
    images: args.get('images')?.split(','),
    limit: args.has('limit') ? Number(args.get('limit')) : undefined,
    log: (line) => console.log(line),
  });
  console.log(`recorded ${ran} outputs in ${((performance.now() - started) / 1000).toFixed(1)} s → ${OUTPUTS_DIR}`);
}
