import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import jpeg from 'jpeg-js';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { parseModelCatalogJson } from '../../../src/app/model-catalog-schema';
import type { CocoDataset } from '../../../src/detection/coco-eval';
import { computeLetterbox } from '../../../src/detection/letterbox';
import { describeModel, postprocess } from '../../../src/detection/model';
import { iou } from '../../../src/detection/nms';
import { readOnnxModelInfo } from '../../../src/detection/onnx-metadata';
import { preprocessRgba } from '../../../src/detection/preprocess';
import type { Box, Detection } from '../../../src/detection/types';
import { defaultRunTwinOf } from '../../support/test-scope';

// Every built-in model through onnxruntime (its WASM backend runs in Node) and our own CPU pipeline,
// on real COCO images, checked against the annotations.
const root = resolve(import.meta.dirname, '../../..');
const coco = resolve(root, '../shared/data/coco-val2017-subset');
const catalog = parseModelCatalogJson(readFileSync(resolve(root, 'public/models/models.json'), 'utf8'), 'public/models/models.json');
const hasData = existsSync(resolve(coco, 'instances.json'));
const annotations: CocoDataset | null = hasData ? JSON.parse(readFileSync(resolve(coco, 'instances.json'), 'utf8')) : null;
/** Images with large, clear objects of varied classes. */
const IMAGES = ['000000519208.jpg', '000000346638.jpg', '000000359937.jpg', '000000199681.jpg', '000000458255.jpg'];

ort.env.wasm.numThreads = 2;

function modelPath(file: string): string | null {
  return [resolve(root, 'public/models', file), resolve(root, '../shared/models', file)].find(existsSync) ?? null;
}

function truthFor(fileName: string): Array<{ label: string; box: Box; area: number }> {
  const image = annotations!.images.find((i) => i.file_name === fileName)!;
  const names = new Map(annotations!.categories.map((c) => [c.id, c.name]));
  return annotations!.annotations
    .filter((a) => a.image_id === image.id && !a.iscrowd)
    .map((a) => ({ label: names.get(a.category_id)!, box: [a.bbox[0], a.bbox[1], a.bbox[0] + a.bbox[2], a.bbox[1] + a.bbox[3]], area: a.area }));
}

async function detect(session: ort.InferenceSession, bytes: Uint8Array, fileName: string): Promise<Detection[]> {
  const model = describeModel(readOnnxModelInfo(bytes));
  const image = jpeg.decode(readFileSync(resolve(coco, 'images', fileName)), { useTArray: true, formatAsRGBA: true });
  const letterbox = computeLetterbox(image.width, image.height, model.preprocess);
  const { width, height } = model.preprocess;
  const input = preprocessRgba(image.data, letterbox, model.preprocess, new Float32Array(3 * width * height));
  const outputs = await session.run({ [model.inputName]: new ort.Tensor('float32', input, [1, 3, height, width]) });
  const output = outputs[model.outputLayout.outputName].data as Float32Array;
  const iouThreshold = model.outputLayout.format === 'yolox' ? 0.45 : 0.7;
  return postprocess(output, model, letterbox, { scoreThreshold: 0.25, iouThreshold, maxDetections: 100 });
}

describe.skipIf(!hasData)('built-in models on COCO images', () => {
  for (const entry of catalog.models) {
    const path = modelPath(entry.file);
    // npm test runs one file of each int8/fp32 twin (tests/support/test-scope.ts); npm run test:full runs both.
    it.skipIf(!path || defaultRunTwinOf(entry.id))(`${entry.id} finds the annotated objects and little else`, async () => {
      const bytes = new Uint8Array(readFileSync(path!));
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      let confident = 0;
      let confidentRight = 0;
      let large = 0;
      let largeFound = 0;
      try {
        for (const fileName of IMAGES) {
          const detections = await detect(session, bytes, fileName);
          const truth = truthFor(fileName);
          for (const d of detections.filter((x) => x.score >= 0.5)) {
            confident++;
            if (truth.some((t) => t.label === d.label && iou(t.box, d.box) >= 0.5)) confidentRight++;
          }
          for (const t of truth.filter((x) => x.area >= 96 * 96)) {
            large++;
            if (detections.some((d) => d.label === t.label && iou(t.box, d.box) >= 0.5)) largeFound++;
          }
        }
      } finally {
        await session.release();
      }
      // Nano models on large objects: most are found and most of what the model is sure of is right (a broken
      // decoder or pre-processing scores near zero on both).
      expect(confident).toBeGreaterThanOrEqual(5);
      expect(confidentRight / confident).toBeGreaterThanOrEqual(0.6);
      expect(largeFound / large).toBeGreaterThanOrEqual(0.6);
    });
  }
});
