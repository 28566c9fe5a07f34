/**
 * Detection on image files through the app's own worker and engine in headless Chromium: for checking one's own
 * model on one's own pictures (or a model COCO evaluation cannot judge, like a face detector).
 *   npm run detect -- --model ID_OR_PATH --images DIR_OR_FILE [--labels FILE] [--backend wasm|webgpu|auto]
 *                     [--score S] [--iou I] --out OUT.json
 * Writes, per image, { file, width, height, detections: [{ label, classId, score, box: [x1,y1,x2,y2] }] } in image
 * pixels; last line: images N boxes B.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Harness } from '../src/harness';
import { parseLabelsFile } from '../src/detection/labels-file';
import { DEFAULT_OPTIONS } from '../src/detection/types';
import { parseArgs, required } from './lib/args';
import { openApp } from './lib/browser';
import { imageUrl, listImages, toImageDetections, type ImageDetections } from './lib/detect-output';
import { catalog, resolveModel } from './lib/models';

const USAGE =
  'npm run detect -- --model ID_OR_PATH --images DIR_OR_FILE [--labels FILE] [--backend wasm|webgpu|auto] [--score S] [--iou I] --out OUT.json';
const options = parseArgs(process.argv.slice(2));
const modelArg = required(options, 'model', USAGE);
const model = resolveModel(modelArg);
const { root, files } = listImages(required(options, 'images', USAGE));
const out = required(options, 'out', USAGE);
const backend = options.get('backend') ?? 'wasm';
if (backend !== 'wasm' && backend !== 'webgpu' && backend !== 'auto')
  throw new Error('--backend is wasm, webgpu or auto');
const scoreThreshold = Number(options.get('score') ?? DEFAULT_OPTIONS.scoreThreshold);
if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) throw new Error('--score is between 0 and 1');
if (files.length === 0) throw new Error(`No image files in ${root}`);
// A user's labels file names the classes by id, whatever the model file says; a built-in's own labels otherwise.
const userLabels = options.has('labels') ? parseLabelsFile(await readFile(options.get('labels')!, 'utf8')) : null;
const labels = userLabels ?? catalog().find((m) => m.id === modelArg)?.labels;

const app = await openApp({ webgpu: backend !== 'wasm', mounts: { ...model.mounts, '/__images/': root } });
const written: ImageDetections[] = [];
try {
  const summary = await app.page.evaluate(
    (request) => (globalThis as unknown as { harness: Harness }).harness.loadModel(request),
    { id: model.name, name: model.name, url: model.url, backend, labels: labels ? [...labels] : undefined } as const,
  );
  const iouThreshold = Number(options.get('iou') ?? summary.defaultIouThreshold);
  console.log(
    `${model.name}: ${summary.format} ${summary.inputWidth}x${summary.inputHeight} on ${summary.backend.name} (${summary.backend.reason})`,
  );
  console.log(
    `score >= ${scoreThreshold}, NMS IoU ${iouThreshold}, ${files.length} images${userLabels ? `, ${userLabels.length} labels from ${options.get('labels')}` : ''}`,
  );
  await app.page.evaluate((o) => (globalThis as unknown as { harness: Harness }).harness.setOptions(o), {
    scoreThreshold,
    iouThreshold,
    maxDetections: DEFAULT_OPTIONS.maxDetections,
    classes: null,
  });
  for (const [i, file] of files.entries()) {
    const result = await app.page.evaluate(
      (url) => (globalThis as unknown as { harness: Harness }).harness.detectUrl(url),
      imageUrl('/__images/', file),
    );
    written.push(toImageDetections(file, result, userLabels));
    if ((i + 1) % 20 === 0 || i + 1 === files.length) console.log(`  ${i + 1}/${files.length} images`);
  }
} finally {
  await app.close();
}
// One image per line: readable, and easy to grep or diff.
await writeFile(out, `[\n${written.map((image) => JSON.stringify(image)).join(',\n')}\n]\n`);
console.log(`wrote ${out}`);
console.log(`images ${written.length} boxes ${written.reduce((sum, image) => sum + image.detections.length, 0)}`);
