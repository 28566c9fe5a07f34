import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import jpeg from 'jpeg-js';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { parseModelCatalogJson } from '../../../src/app/model-catalog-schema';
import type { CocoDataset } from '../../../src/detection/coco-eval';
import { computeLetterbox } from '../../../src/detection/letterbox';
import { formatOf, postprocess, type ModelDescription } from '../../../src/detection/model';
import { iou } from '../../../src/detection/nms';
import { readOnnxModelInfo } from '../../../src/detection/onnx-metadata';
import { preprocessRgba } from '../../../src/detection/preprocess';
import type { Box, Detection } from '../../../src/detection/types';
import { describeWithSession, imageStorage, modelFeeds, readOutputs } from '../../../src/engine/tensors';
import { defaultRunTwinOf } from '../../support/test-scope';

// Every built-in model through onnxruntime (its WASM backend runs in Node) and our own CPU pipeline,
// on real COCO images, checked against the annotations.
const root = resolve(import.meta.dirname, '../../..');
const coco = resolve(root, '../shared/data/coco-val2017-subset');
const catalog = parseModelCatalogJson(
  readFileSync(resolve(root, 'public/models/models.json'), 'utf8'),
  'public/models/models.json',
);
const hasData = existsSync(resolve(coco, 'instances.json'));
const annotations: CocoDataset | null = hasData
  ? (JSON.parse(readFileSync(resolve(coco, 'instances.json'), 'utf8')) as CocoDataset)
  : null;
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
    .map((a) => ({
      label: names.get(a.category_id)!,
      box: [a.bbox[0], a.bbox[1], a.bbox[0] + a.bbox[2], a.bbox[1] + a.bbox[3]],
      area: a.area,
    }));
}

/** The app's CPU pipeline in Node: every input fed by name, every output the format reads decoded, upstream IoU. */
async function detect(
  session: ort.InferenceSession,
  model: ModelDescription,
  fileName: string,
  scoreThreshold = 0.25,
): Promise<Detection[]> {
  const image = jpeg.decode(readFileSync(resolve(coco, 'images', fileName)), { useTArray: true, formatAsRGBA: true });
  const letterbox = computeLetterbox(image.width, image.height, model.preprocess);
  const { data, dims } = imageStorage(model.preprocess);
  preprocessRgba(image.data, letterbox, model.preprocess, data);
  const feeds = modelFeeds(
    model.outputLayout,
    new ort.Tensor(data instanceof Uint8Array ? 'uint8' : 'float32', data, dims),
  );
  const outputs = await session.run(feeds);
  const { data: decoded } = await readOutputs(model.outputLayout, outputs);
  const iouThreshold = formatOf(model.outputLayout).defaultIouThreshold;
  return postprocess(decoded, model, letterbox, { scoreThreshold, iouThreshold, maxDetections: 100 });
}

async function open(
  entry: (typeof catalog.models)[number],
): Promise<{ session: ort.InferenceSession; model: ModelDescription }> {
  const bytes = new Uint8Array(readFileSync(modelPath(entry.file)!));
  // The face model's old exporter lists every weight as an input too: onnxruntime warns once per weight.
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], logSeverityLevel: 3 });
  return { session, model: await describeWithSession(readOnnxModelInfo(bytes), session, entry.labels) };
}

describe.skipIf(!hasData)('built-in models on COCO images', () => {
  // COCO detectors: those whose labels are not their own (the face model is tested below).
  for (const entry of catalog.models.filter((m) => !m.labels)) {
    const path = modelPath(entry.file);
    // npm test runs one file of each int8/fp32 twin (tests/support/test-scope.ts); npm run test:full runs both.
    it.skipIf(!path || defaultRunTwinOf(entry.id))(
      `${entry.id} finds the annotated objects and little else`,
      async () => {
        const { session, model } = await open(entry);
        let confident = 0;
        let confidentRight = 0;
        let large = 0;
        let largeFound = 0;
        try {
          for (const fileName of IMAGES) {
            const detections = await detect(session, model, fileName);
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
      },
    );
  }
});

describe.skipIf(!hasData)('the built-in face model (SSD) on COCO images', () => {
  const entry = catalog.models.find((m) => m.id === 'ultraface-rfb-320');
  const personBoxes = (fileName: string) => truthFor(fileName).filter((t) => t.label === 'person');
  /** How much of `inner` lies inside `outer`. */
  const inside = (inner: Box, outer: Box) => {
    const w = Math.min(inner[2], outer[2]) - Math.max(inner[0], outer[0]);
    const h = Math.min(inner[3], outer[3]) - Math.max(inner[1], outer[1]);
    return w > 0 && h > 0 ? (w * h) / ((inner[2] - inner[0]) * (inner[3] - inner[1])) : 0;
  };

  it.skipIf(!entry || !modelPath(entry.file))(
    'finds faces inside annotated persons, labelled "face", and none where nobody is',
    async () => {
      const { session, model } = await open(entry!);
      try {
        expect(model.outputLayout).toMatchObject({
          format: 'ssd',
          rows: 4420,
          numClasses: 1,
          inputWidth: 320,
          inputHeight: 240,
        });
        expect(model.classNames).toEqual(['face']);
        // A group photo of 14 people facing the camera, and a crowd of 11.
        for (const [fileName, atLeast] of [
          ['000000005001.jpg', 10],
          ['000000064523.jpg', 8],
        ] as const) {
          const faces = (await detect(session, model, fileName, 0.7)).filter((d) => d.score >= 0.7);
          expect(faces.length, fileName).toBeGreaterThanOrEqual(atLeast);
          expect(new Set(faces.map((f) => f.label))).toEqual(new Set(['face']));
          const persons = personBoxes(fileName);
          // A face lies within an annotated person, and is a small part of it (a few faces in the back belong to
          // people COCO left unannotated or marked as a crowd).
          const owned = faces.filter((face) => {
            const area = (face.box[2] - face.box[0]) * (face.box[3] - face.box[1]);
            return persons.some(
              (p) => inside(face.box, p.box) >= 0.8 && area < 0.5 * (p.box[2] - p.box[0]) * (p.box[3] - p.box[1]),
            );
          });
          expect(owned.length / faces.length, fileName).toBeGreaterThanOrEqual(0.7);
        }
        expect(personBoxes('000000359937.jpg')).toEqual([]);
        expect((await detect(session, model, '000000359937.jpg', 0.7)).length).toBe(0);
      } finally {
        await session.release();
      }
    },
  );
});
