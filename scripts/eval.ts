/**
 * COCO evaluation of a model through the app's own worker and engine in headless Chromium.
 *   npm run eval -- --model ID_OR_PATH --images DIR --annotations COCO.json [--backend wasm|webgpu] [--out results.json]
 *                   [--score 0.01] [--iou UPSTREAM] [--max-dets 300] [--limit N]
 * Prints progress, then as its last line: mAP50-95 X AP50 Y (percent).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluateCoco, type CocoDataset } from '../src/detection/coco-eval';
import { categoryMapper, toCocoResults, type CocoResultRow } from '../src/detection/coco-results';
import type { Harness } from '../src/harness';
import { parseArgs, required } from './lib/args';
import { openApp } from './lib/browser';
import { resolveModel } from './lib/models';

const USAGE =
  'npm run eval -- --model ID_OR_PATH --images DIR --annotations COCO.json [--backend wasm|webgpu] [--out results.json]';
const options = parseArgs(process.argv.slice(2));
const model = resolveModel(required(options, 'model', USAGE));
const imagesDir = resolve(required(options, 'images', USAGE));
const annotations = JSON.parse(await readFile(required(options, 'annotations', USAGE), 'utf8')) as CocoDataset;
const backend = (options.get('backend') ?? 'wasm') as 'wasm' | 'webgpu';
if (backend !== 'wasm' && backend !== 'webgpu') throw new Error('--backend is wasm or webgpu');
const scoreThreshold = Number(options.get('score') ?? 0.01);
const maxDetections = Number(options.get('max-dets') ?? 300);
const images = annotations.images
  .filter((image) => existsSync(resolve(imagesDir, image.file_name)))
  .slice(0, Number(options.get('limit') ?? Infinity));
if (images.length === 0) throw new Error(`None of the annotated images is in ${imagesDir}`);

const app = await openApp({ webgpu: backend === 'webgpu', mounts: { ...model.mounts, '/__images/': imagesDir } });
const results: CocoResultRow[] = [];
try {
  const summary = await app.page.evaluate(
    ([url, b]) => (globalThis as unknown as { harness: Harness }).harness.load(url, b),
    [model.url, backend] as const,
  );
  const iouThreshold = Number(options.get('iou') ?? summary.defaultIouThreshold);
  console.log(
    `${model.name}: ${summary.format} ${summary.inputWidth}x${summary.inputHeight} on ${summary.backend.name} (${summary.backend.reason})`,
  );
  console.log(
    `score > ${scoreThreshold}, NMS IoU ${iouThreshold}, up to ${maxDetections} boxes, ${images.length} images`,
  );
  await app.page.evaluate((o) => (globalThis as unknown as { harness: Harness }).harness.setOptions(o), {
    scoreThreshold,
    iouThreshold,
    maxDetections,
    classes: null,
  });
  const categoryOf = categoryMapper(summary.classNames, annotations.categories);
  const started = performance.now();
  let inferenceMs = 0;
  for (const [i, image] of images.entries()) {
    const result = await app.page.evaluate(
      (url) => (globalThis as unknown as { harness: Harness }).harness.detectUrl(url),
      `/__images/${image.file_name}`,
    );
    if (result.width !== image.width || result.height !== image.height) {
      throw new Error(
        `${image.file_name}: decoded as ${result.width}x${result.height}, annotated as ${image.width}x${image.height}`,
      );
    }
    inferenceMs += result.timings.inference;
    results.push(...toCocoResults(image.id, result.detections, categoryOf));
    if ((i + 1) % 20 === 0 || i + 1 === images.length) console.log(`  ${i + 1}/${images.length} images`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${results.length} detections in ${seconds.toFixed(1)} s (mean inference ${(inferenceMs / images.length).toFixed(1)} ms)`,
  );
} finally {
  await app.close();
}

if (options.has('out')) {
  await writeFile(options.get('out')!, JSON.stringify(results));
  console.log(`wrote ${options.get('out')}`);
}
const metrics = evaluateCoco(annotations, results, { imgIds: images.map((image) => image.id) });
const pct = (v: number) => (v * 100).toFixed(1);
console.log(
  `AP75 ${pct(metrics.ap75)} APs ${pct(metrics.apSmall)} APm ${pct(metrics.apMedium)} APl ${pct(metrics.apLarge)} AR100 ${pct(metrics.ar100)}`,
);
console.log(`mAP50-95 ${pct(metrics.ap)} AP50 ${pct(metrics.ap50)}`);
