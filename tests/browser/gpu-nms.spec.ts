import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { catalog } from '../../scripts/lib/models';
import { loadRecorded, OUTPUTS_DIR, recordOutputs } from '../../scripts/record-outputs';
import { cocoImages } from '../support/coco';
import { FULL_TESTS, gpuComparisonStandInOf, REPRESENTATIVE_IMAGES } from '../support/test-scope';
import { COCO_CATEGORY_IDS } from '../../src/detection/coco-classes';
import type { CategoryLayout } from '../../src/detection/formats/category-ids';
import { yoloxGrid } from '../../src/detection/formats/yolox';
import { computeLetterbox } from '../../src/detection/letterbox';
import { describeModel, formatOf, type ModelDescription } from '../../src/detection/model';
import { packOutputs } from '../../src/detection/output-packing';
import type { Letterbox, PostprocessOptions } from '../../src/detection/types';

// The GPU NMS (src/gpu/) against the CPU reference postprocess(), run in the same page on the same output:
// recorded outputs of every built-in model on the COCO subset, and generated edge cases per format.
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: true }) } });

interface PageCase {
  name: string;
  url: string;
  model: ModelDescription;
  letterbox: Letterbox;
  runs: PostprocessOptions[];
}

interface Result {
  classId: number;
  score: number;
  box: number[];
}

interface PageResult {
  name: string;
  options: PostprocessOptions;
  gpu: Result[];
  cpu: Result[];
}

/**
 * A bare page of the dev server's origin (so `import('/src/...')` works) without Vite's client, which would reload
 * it mid-test whenever a source file changes.
 */
async function openBlankPage(page: Page): Promise<void> {
  await page.route('**/__gpu-nms.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>GPU NMS</title>' }),
  );
  await page.goto('/__gpu-nms.html');
}

/** Runs every case through GpuPostprocess and postprocess() in the page; one GpuPostprocess per output layout. */
function runInPage(
  page: Page,
  cases: PageCase[],
): Promise<{ results: PageResult[]; ms: { fetch: number; gpu: number; cpu: number } }> {
  return page.evaluate(async (cases) => {
    const gpuModule = '/src/gpu/postprocess-pipeline.ts';
    const runnerModule = '/tests/support/gpu-postprocess-runner.ts';
    const modelModule = '/src/detection/model.ts';
    const packingModule = '/src/detection/output-packing.ts';
    const { unpackOutputs } = (await import(
      /* @vite-ignore */ packingModule
    )) as typeof import('../../src/detection/output-packing');
    const { GpuPostprocess } = (await import(
      /* @vite-ignore */ gpuModule
    )) as typeof import('../../src/gpu/postprocess-pipeline');
    const { runGpuPostprocess } = (await import(
      /* @vite-ignore */ runnerModule
    )) as typeof import('../support/gpu-postprocess-runner');
    const { postprocess } = (await import(
      /* @vite-ignore */ modelModule
    )) as typeof import('../../src/detection/model');
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) throw new Error('No WebGPU adapter');
    const device = await adapter.requestDevice();
    const pipelines = new Map<string, import('../../src/gpu/postprocess-pipeline').GpuPostprocess>();
    const results: PageResult[] = [];
    const ms = { fetch: 0, gpu: 0, cpu: 0 };
    let t = performance.now();
    const lap = (key: keyof typeof ms) => {
      const now = performance.now();
      ms[key] += now - t;
      t = now;
    };
    try {
      const load = async (url: string) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        return new Float32Array(await response.arrayBuffer());
      };
      // The next output downloads while this one runs.
      let next = load(cases[0].url);
      for (const [n, c] of cases.entries()) {
        const key = JSON.stringify(c.model.outputLayout);
        let nms = pipelines.get(key);
        if (!nms)
          pipelines.set(key, (nms = GpuPostprocess.create(device, c.model.outputLayout, { maxDetections: 1000 })));
        lap('gpu'); // pipeline creation
        const output = await next;
        if (n + 1 < cases.length) next = load(cases[n + 1].url);
        lap('fetch');
        for (const options of c.runs) {
          const gpu = await runGpuPostprocess(nms, output, {
            ...options,
            classes: options.classes ?? null,
            letterbox: c.letterbox,
          });
          lap('gpu');
          // The same bytes the GPU reads (every output the format reads, packed), unpacked for the CPU decoder.
          const cpu = postprocess(unpackOutputs(c.model.outputLayout, output), c.model, c.letterbox, options).map(
            ({ classId, score, box }) => ({ classId, score, box }),
          );
          lap('cpu');
          results.push({ name: c.name, options, gpu, cpu });
        }
      }
    } finally {
      for (const nms of pipelines.values()) nms.destroy();
      device.destroy();
    }
    return { results, ms };
  }, cases);
}

/** Same count and order, equal class ids, scores within 1e-5, boxes within 1e-3 frame pixels. */
function mismatches(results: PageResult[]): string[] {
  const found: string[] = [];
  for (const { name, options, gpu, cpu } of results) {
    const where = `${name} score>${options.scoreThreshold} iou ${options.iouThreshold} max ${options.maxDetections}${options.classes ? ` classes [${options.classes.join(',')}]` : ''}`;
    if (gpu.length !== cpu.length) {
      found.push(`${where}: ${gpu.length} GPU vs ${cpu.length} CPU boxes`);
      continue;
    }
    const i = gpu.findIndex(
      (g, i) =>
        g.classId !== cpu[i].classId ||
        !(Math.abs(g.score - cpu[i].score) <= 1e-5) ||
        g.box.some((v, k) => !(Math.abs(v - cpu[i].box[k]) <= 1e-3)),
    );
    if (i >= 0) found.push(`${where}: #${i} GPU ${JSON.stringify(gpu[i])} vs CPU ${JSON.stringify(cpu[i])}`);
  }
  return found;
}

/** The largest box (frame px) and score differences between matched GPU and CPU results. */
function deviation(results: PageResult[]): { box: number; score: number } {
  let box = 0;
  let score = 0;
  for (const { gpu, cpu } of results) {
    gpu.forEach((g, i) => {
      if (!cpu[i]) return;
      score = Math.max(score, Math.abs(g.score - cpu[i].score));
      g.box.forEach((v, k) => (box = Math.max(box, Math.abs(v - cpu[i].box[k]))));
    });
  }
  return { box, score };
}

const upstreamIou = (model: ModelDescription) => formatOf(model.outputLayout).defaultIouThreshold;

test.describe('GPU NMS on recorded model outputs', () => {
  // npm test: a representative subset of images, one model of each int8/fp32 twin and of each format; npm run
  // test:full: everything.
  const images = FULL_TESTS ? cocoImages() : REPRESENTATIVE_IMAGES;
  const models = catalog().filter((entry) => !gpuComparisonStandInOf(entry.id));

  test.beforeAll(async () => {
    // Records what is missing (seconds for npm test, minutes for test:full; cached in .cache/outputs by model sha256).
    test.setTimeout(20 * 60_000);
    await recordOutputs({
      models: models.map((m) => m.id),
      images,
      log: (line) => console.log(`record-outputs: ${line}`),
    });
  });

  for (const entry of catalog()) {
    test(`${entry.id}: same boxes as the CPU on every recorded image`, async ({ page }) => {
      const twin = gpuComparisonStandInOf(entry.id);
      if (twin)
        expect(
          catalog().map((m) => m.id),
          'the twin that stands for this model',
        ).toContain(twin);
      test.skip(
        twin !== undefined,
        `${twin}, of the same format, stands in for it in this run: npm run test:full checks both`,
      );
      const recorded = loadRecorded(entry.id, images);
      test.skip(!recorded?.outputs.length, `${entry.id} is not installed, so not recorded`);
      const { model, outputs } = recorded!;
      expect(
        outputs.map((o) => o.image),
        'every image of this run is recorded',
      ).toEqual(images);
      const dir = resolve(OUTPUTS_DIR, entry.id);
      await page.route('**/__outputs/**', (route) => {
        const stem = new URL(route.request().url()).pathname
          .split('/')
          .pop()!
          .replace(/[^\w.-]/g, '');
        return route.fulfill({ body: readFileSync(resolve(dir, stem)), contentType: 'application/octet-stream' });
      });
      await openBlankPage(page);
      const iouThreshold = upstreamIou(model);
      const cases: PageCase[] = outputs.map(({ stem, letterbox }) => ({
        name: `${entry.id} ${stem}`,
        url: `/__outputs/${stem}.f32`,
        model,
        letterbox,
        runs: [
          { scoreThreshold: 0.25, iouThreshold, maxDetections: 100, classes: null }, // the app's settings
          { scoreThreshold: 0.01, iouThreshold, maxDetections: 300, classes: null }, // evaluation's
        ],
      }));
      const started = Date.now();
      const { results, ms } = await runInPage(page, cases);
      const boxes = results.reduce((n, r) => n + r.cpu.length, 0);
      const round = (v: number) => Math.round(v);
      const worst = deviation(results);
      console.log(
        `${entry.id}: ${results.length} cases (${outputs.length} images x 2 thresholds), ${boxes} boxes, ${Date.now() - started} ms ` +
          `(fetch ${round(ms.fetch)}, GPU ${round(ms.gpu)}, CPU ${round(ms.cpu)}); largest difference: box ${worst.box.toExponential(1)} px, score ${worst.score}`,
      );
      expect(results).toHaveLength(outputs.length * 2);
      expect(mismatches(results)).toEqual([]);
      expect(boxes).toBeGreaterThan(0);
    });
  }
});

// ---- generated edge cases -------------------------------------------------------------------------------------

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One row of a generated output, format-independent: a box in input pixels and per-class scores. */
interface Row {
  cx: number;
  cy: number;
  w: number;
  h: number;
  /** YOLOX only (1 elsewhere). */
  objectness: number;
  /** Per-class scores (Ultralytics, YOLOX, SSD); end-to-end and DETR use scores[0] as the score and classId as the class. */
  scores: number[];
  classId: number;
  /** TF and torchvision only: the category id written instead of classId's (ids that name no class). */
  categoryId?: number;
}

type SyntheticFormat = (typeof FORMATS)[number];

function syntheticModel(
  format: SyntheticFormat,
  width: number,
  height: number,
  classes: number,
  rows?: number,
): ModelDescription {
  const anchors = [8, 16, 32].reduce((n, s) => n + Math.ceil(width / s) * Math.ceil(height / s), 0);
  const image = { name: 'images', type: 'float32', shape: [1, 3, height, width] };
  // Category-id formats: fewer classes than COCO's 80 are named in the metadata (ids index the names), else COCO ids.
  // torchvision's label 0 is the background whatever the names say: one name more, for it.
  const named = format === 'torchvision' ? classes + 1 : classes;
  const metadata: Record<string, string> =
    classes < 80
      ? { names: JSON.stringify(Object.fromEntries(Array.from({ length: named }, (_, c) => [c, `c${c}`]))) }
      : {};
  if (format === 'tf-object-detection') {
    const k = rows ?? 100;
    const model = describeModel({
      inputs: [{ name: 'input_tensor', type: 'uint8', shape: [1, height, width, 3] }],
      outputs: [
        { name: 'detection_boxes', type: 'float32', shape: [1, k, 4] },
        { name: 'detection_classes', type: 'float32', shape: [1, k] },
        { name: 'detection_scores', type: 'float32', shape: [1, k] },
        { name: 'num_detections', type: 'float32', shape: [1] },
      ],
      metadata,
    });
    expect(model.outputLayout.format).toBe(format);
    return model;
  }
  if (format === 'torchvision') {
    const k = rows ?? 100;
    const model = describeModel({
      inputs: [image],
      outputs: [
        { name: 'boxes', type: 'float32', shape: [k, 4] },
        { name: 'labels', type: 'int64', shape: [k] },
        { name: 'scores', type: 'float32', shape: [k] },
      ],
      metadata,
    });
    expect(model.outputLayout.format).toBe(format);
    return model;
  }
  if (format === 'detr') {
    // A DETR deploy export: labels int64, boxes and scores per query; the size input.
    const q = rows ?? 300;
    const model = describeModel({
      inputs: [image, { name: 'orig_target_sizes', type: 'int64', shape: [1, 2] }],
      outputs: [
        { name: 'labels', type: 'int64', shape: [1, q] },
        { name: 'boxes', type: 'float32', shape: [1, q, 4] },
        { name: 'scores', type: 'float32', shape: [1, q] },
      ],
      metadata: {},
    });
    expect(model.outputLayout.format).toBe(format);
    return model;
  }
  if (format === 'ssd') {
    // SSD with the background column: scores [1, N, 1 + C], normalised boxes [1, N, 4].
    const n = rows ?? anchors;
    const model = describeModel({
      inputs: [image],
      outputs: [
        { name: 'scores', type: 'float32', shape: [1, n, 1 + classes] },
        { name: 'boxes', type: 'float32', shape: [1, n, 4] },
      ],
      metadata: {},
    });
    expect(model.outputLayout.format).toBe(format);
    return model;
  }
  const dims =
    format === 'yolox'
      ? [1, anchors, 5 + classes]
      : format === 'ultralytics'
        ? [1, 4 + classes, anchors]
        : [1, rows ?? 300, 6];
  const model = describeModel({
    inputs: [image],
    outputs: [{ name: 'output', type: 'float32', shape: dims }],
    metadata: {},
  });
  expect(model.outputLayout.format).toBe(format);
  return model;
}

/** The packed bytes of a multi-output model, as a Float32Array over them (what the GPU binds). */
function packed(model: ModelDescription, data: Record<string, ArrayBufferView>): Float32Array {
  const bytes = packOutputs(model.outputLayout, (name) => data[name]);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/**
 * The category id a TF or torchvision row carries for its class: COCO's id, or with names the class itself (torchvision:
 * the next one, past the background 0).
 */
function categoryOf(model: ModelDescription, r: Row): number {
  const layout = model.outputLayout as CategoryLayout;
  if (r.categoryId !== undefined) return r.categoryId;
  if (layout.categoryIds === 'coco') return COCO_CATEGORY_IDS[r.classId];
  return layout.format === 'torchvision' ? r.classId + 1 : r.classId;
}

/**
 * Writes rows in the model's own layout (YOLOX boxes become grid offsets and log sizes). `count`: TF's
 * num_detections (every row by default).
 */
function encode(model: ModelDescription, rows: Row[], count?: number): Float32Array {
  const { outputLayout: layout } = model;
  const n = layout.rows;
  const corners = (r: Row) => [r.cx - r.w / 2, r.cy - r.h / 2, r.cx + r.w / 2, r.cy + r.h / 2];
  if (layout.format === 'tf-object-detection') {
    const boxes = new Float32Array(n * 4);
    const classes = new Float32Array(n);
    const scores = new Float32Array(n);
    const [W, H] = [layout.inputWidth, layout.inputHeight];
    rows.forEach((r, i) => {
      const [x1, y1, x2, y2] = corners(r);
      boxes.set([y1 / H, x1 / W, y2 / H, x2 / W], i * 4);
      classes[i] = categoryOf(model, r);
      scores[i] = r.scores[r.classId];
    });
    const data = { boxes, classes, scores, count: Float32Array.of(count ?? n) };
    const byName = Object.fromEntries(layout.outputs.map((o) => [o.name, data[o.role as keyof typeof data]]));
    return packed(model, byName);
  }
  if (layout.format === 'torchvision') {
    const boxes = new Float32Array(n * 4);
    const labels = new BigInt64Array(n);
    const scores = new Float32Array(n);
    rows.forEach((r, i) => {
      boxes.set(corners(r), i * 4);
      labels[i] = BigInt(categoryOf(model, r));
      scores[i] = r.scores[r.classId];
    });
    return packed(model, { boxes, labels, scores });
  }
  if (layout.format === 'detr') {
    const labels = new BigInt64Array(n);
    const boxes = new Float32Array(n * 4);
    const scores = new Float32Array(n);
    rows.forEach((r, i) => {
      labels[i] = BigInt(r.classId);
      boxes.set(corners(r), i * 4);
      scores[i] = r.scores[0];
    });
    return packed(model, { labels, boxes, scores });
  }
  if (layout.format === 'ssd') {
    const columns = 1 + layout.numClasses;
    const scores = new Float32Array(n * columns);
    const boxes = new Float32Array(n * 4);
    const [W, H] = [layout.inputWidth, layout.inputHeight];
    rows.forEach((r, i) => {
      // Background column: whatever is left of the softmax; it never competes.
      scores.set([Math.max(0, 1 - r.scores.reduce((a, b) => a + (b || 0), 0)), ...r.scores], i * columns);
      const [x1, y1, x2, y2] = corners(r);
      boxes.set([x1 / W, y1 / H, x2 / W, y2 / H], i * 4);
    });
    return packed(model, { scores, boxes });
  }
  if (layout.format === 'end-to-end') {
    const out = new Float32Array(n * 6);
    rows.forEach((r, i) =>
      out.set([r.cx - r.w / 2, r.cy - r.h / 2, r.cx + r.w / 2, r.cy + r.h / 2, r.scores[0], r.classId], i * 6),
    );
    return out;
  }
  const c = layout.numClasses;
  if (layout.format === 'ultralytics') {
    const out = new Float32Array((4 + c) * n);
    rows.forEach((r, i) => [r.cx, r.cy, r.w, r.h, ...r.scores].forEach((v, k) => (out[k * n + i] = v)));
    return out;
  }
  const grid = yoloxGrid(layout);
  const out = new Float32Array((5 + c) * n);
  rows.forEach((r, i) => {
    const s = grid.stride[i];
    // A zero size is exp(-1000): 0 in float32 and float64 alike.
    const log = (v: number) => (v > 0 ? Math.log(v / s) : -1000);
    out.set([r.cx / s - grid.x[i], r.cy / s - grid.y[i], log(r.w), log(r.h), r.objectness, ...r.scores], i * (5 + c));
  });
  return out;
}

interface Generated {
  name: string;
  model: ModelDescription;
  rows: (i: number, next: () => number) => Row;
  runs: PostprocessOptions[];
  /** Checks on the CPU result counts, so that a case tests what it says. */
  expectCounts?: (counts: number[]) => void;
  /** TF's num_detections, where the case sets it. */
  count?: number;
}

const FORMATS = ['yolox', 'ultralytics', 'end-to-end', 'detr', 'ssd', 'tf-object-detection', 'torchvision'] as const;

function generatedCases(format: (typeof FORMATS)[number]): Generated[] {
  const C = 3;
  // Small, non-square, not a multiple of 32: the YOLOX grid's ceil() matters. End-to-end and DETR: 50 result slots.
  // DETR and SSD stretch the frame: the generated frames map back with a different scale per axis.
  const small = syntheticModel(format, 100, 60, C, 50);
  const large = syntheticModel(format, 640, 640, 80, 300);
  const rowsOf = (m: ModelDescription) => m.outputLayout.rows;
  const iou = upstreamIou(small);
  const opts = (
    scoreThreshold: number,
    maxDetections: number,
    extra: Partial<PostprocessOptions> = {},
  ): PostprocessOptions => ({
    scoreThreshold,
    iouThreshold: iou,
    maxDetections,
    classes: null,
    ...extra,
  });
  const classCount = (m: ModelDescription) => m.outputLayout.numClasses || 80;
  /** A row whose best class is `classId` with `score` (the others lower), objectness 1. */
  const scored = (
    m: ModelDescription,
    box: [number, number, number, number],
    score: number,
    classId: number,
    next: () => number,
  ): Row => {
    const scores = Array.from({ length: classCount(m) }, () => next() * 0.004);
    scores[classId] = score;
    return {
      cx: box[0],
      cy: box[1],
      w: box[2],
      h: box[3],
      objectness: 1,
      scores: m.outputLayout.numClasses === 0 ? [score] : scores,
      classId,
    };
  };
  /** Random boxes clustered around a few centres, so that suppression has work. */
  const clustered =
    (m: ModelDescription) =>
    (_i: number, next: () => number): Row => {
      const W = m.outputLayout.inputWidth;
      const H = m.outputLayout.inputHeight;
      const centre = Math.floor(next() * 6);
      const cx = ((centre * 0.37 + 0.1) % 1) * W + (next() - 0.5) * W * 0.05;
      const cy = ((centre * 0.61 + 0.2) % 1) * H + (next() - 0.5) * H * 0.05;
      return scored(
        m,
        [cx, cy, W * (0.1 + next() * 0.2), H * (0.1 + next() * 0.2)],
        0.3 + next() * 0.7,
        Math.floor(next() * 3),
        next,
      );
    };
  return [
    {
      name: 'zero candidates',
      model: small,
      rows: (_i, next) => scored(small, [50, 30, 10, 10], next() * 0.25, 0, next),
      runs: [opts(0.25, 100)],
      expectCounts: (counts) => expect(counts).toEqual([0]),
    },
    {
      name: 'every row above the threshold',
      model: small,
      rows: clustered(small),
      runs: [opts(0.25, 300), opts(0.25, 300, { iouThreshold: 0 }), opts(0.25, 300, { iouThreshold: 1 })],
      expectCounts: (counts) => expect(counts[2]).toBe(rowsOf(small)),
    },
    {
      name: 'every row above the threshold, 640 input',
      model: large,
      rows: clustered(large),
      runs: [opts(0.25, 300), opts(0.25, 100, { iouThreshold: 0.45 })],
    },
    {
      name: 'more survivors than max-detections',
      model: small,
      // Disjoint 2x2 boxes: nothing suppresses anything.
      rows: (i, next) =>
        scored(small, [(i % 25) * 4 + 2, Math.floor(i / 25) * 4 + 2, 2, 2], 0.3 + next() * 0.7, i % 3, next),
      runs: [opts(0.25, 10), opts(0.25, 1), opts(0.25, 0)],
      expectCounts: (counts) => expect(counts).toEqual([10, 1, 0]),
    },
    {
      name: 'equal scores',
      model: small,
      // Two score values over boxes that repeat every 7 rows: which twin is kept depends on the row order alone.
      // Every third row also ties its best class with the next class id (the lower id wins).
      rows: (i, next) => {
        const row = scored(small, [20 + (i % 7) * 9, 30, 12, 12], [0.5, 0.75][i % 2], i % 2, next);
        if (i % 3 === 0 && small.outputLayout.numClasses > 0) row.scores[row.classId + 1] = row.scores[row.classId];
        return row;
      },
      // A score equal to the threshold does not pass (strictly above).
      runs: [opts(0.25, 300), opts(0.25, 3), opts(0.5, 300), opts(0.75, 300)],
      expectCounts: (counts) => expect(counts[3]).toBe(0),
    },
    {
      name: 'identical boxes',
      model: small,
      rows: (i, next) => scored(small, [50, 30, 20, 16], 0.3 + next() * 0.7, i % 3, next),
      runs: [opts(0.25, 300), opts(0.25, 300, { iouThreshold: 0.999 }), opts(0.25, 300, { iouThreshold: 1 })],
      // End-to-end and DETR rows are not suppressed: every slot stays.
      expectCounts: (counts) => expect(counts[0]).toBe(small.outputLayout.needsNms ? 3 : rowsOf(small)),
    },
    {
      name: 'zero-area boxes',
      model: small,
      rows: (i, next) =>
        scored(small, [50, 30, i % 3 === 0 ? 0 : 20, i % 3 === 1 ? 0 : 16], 0.3 + next() * 0.7, 0, next),
      runs: [opts(0.25, 300)],
    },
    {
      name: 'NaN scores',
      model: small,
      rows: (i, next) => {
        const row = clustered(small)(i, next);
        const scores = row.scores.map((s) => (next() < 0.3 ? NaN : s));
        if (i % 5 === 0) scores.fill(NaN);
        return { ...row, scores, objectness: i % 7 === 0 ? NaN : 1 };
      },
      runs: [opts(0.25, 300), opts(0, 300)],
    },
    {
      name: 'class filter',
      model: small,
      rows: clustered(small),
      runs: [
        opts(0.25, 300, { classes: [1] }),
        opts(0.25, 300, { classes: [0, 2] }),
        opts(0.25, 300, { classes: [] }),
        opts(0.25, 300, { classes: [5, 2000] }),
      ],
      expectCounts: (counts) => expect(counts[2]).toBe(0),
    },
    ...(large.outputLayout.needsNms ? [nearTies(large)] : []),
    ...categoryCases(format, small, large, clustered, opts),
    {
      name: 'random thresholds',
      model: small,
      rows: (i, next) => ({ ...clustered(small)(i, next), objectness: format === 'yolox' ? next() : 1 }),
      runs: [0.01, 0.3, 0.5].flatMap((s) => [0, 0.3, 0.5, 0.7].map((iouThreshold) => opts(s, 300, { iouThreshold }))),
    },
  ];
}

/**
 * TF and torchvision rows carry category ids: ids that name no class (background 0, COCO's unused 12, beyond the
 * names or the table, negative, NaN, huge; TF's fractional ids round half up), non-finite boxes, and TF's
 * num_detections (fractional, NaN, negative, beyond the slots).
 */
function categoryCases(
  format: SyntheticFormat,
  small: ModelDescription,
  large: ModelDescription,
  clustered: (m: ModelDescription) => (i: number, next: () => number) => Row,
  opts: (scoreThreshold: number, maxDetections: number) => PostprocessOptions,
): Generated[] {
  if (format !== 'tf-object-detection' && format !== 'torchvision') return [];
  const tf = format === 'tf-object-detection';
  const odd = [0, 12, 91, 3, 2, 1000, -5, 2 ** 40, ...(tf ? [NaN, Infinity, 1.5, 2.5, -0.4, 0.49999997] : [])];
  const oddIds =
    (m: ModelDescription) =>
    (i: number, next: () => number): Row => {
      const row = clustered(m)(i, next);
      return i % 2 ? { ...row, categoryId: odd[(i >> 1) % odd.length] } : row;
    };
  const brokenBoxes = (i: number, next: () => number): Row => {
    const row = clustered(small)(i, next);
    const broken = [NaN, Infinity, -Infinity, 1e38][i % 5];
    return broken === undefined ? row : { ...row, w: broken };
  };
  return [
    { name: 'category ids that name no class', model: small, rows: oddIds(small), runs: [opts(0.25, 300)] },
    { name: 'category ids that name no class, COCO ids', model: large, rows: oddIds(large), runs: [opts(0.25, 300)] },
    { name: 'non-finite boxes', model: small, rows: brokenBoxes, runs: [opts(0.25, 300)] },
    ...(tf
      ? [17.6, 0.5, NaN, -3, Infinity, 1e9].map((count): Generated => ({
          name: `num_detections ${count}`,
          model: small,
          rows: clustered(small),
          runs: [opts(0.25, 300)],
          count,
          expectCounts: ([n]) => expect(n).toBeLessThanOrEqual(count > 0 ? Math.min(count, 50) : 0),
        }))
      : []),
  ];
}

/**
 * Up to 400 pairs of same-size boxes, each pair shifted so that its IoU lies within about ±5e-7 of the threshold (a few
 * dozen float32 ulps): only the exact same float32 arithmetic on both sides keeps or drops the same ones. Pairs
 * never meet each other (another class, or 120 px apart). YOLOX boxes are stride-sized (exp(0) = 1 exactly).
 */
function nearTies(model: ModelDescription): Generated {
  // As many as the rows hold (the SSD model here has 300 rows).
  const pairs = Math.min(400, Math.floor(model.outputLayout.rows / 2));
  const t = upstreamIou(model);
  const yolox = model.outputLayout.format === 'yolox';
  const quiet = (next: () => number): Row => ({
    cx: 0,
    cy: 0,
    w: 1,
    h: 1,
    objectness: 1,
    scores: Array.from({ length: 80 }, () => next() * 0.2),
    classId: 0,
  });
  return {
    name: 'IoU within rounding of the threshold',
    model,
    rows: (i, next) => {
      const p = i >> 1;
      if (p >= pairs) return quiet(next);
      // The pair's shared random draws come from its index, not from the stream (which both rows advance).
      const own = random(p + 7);
      const w = yolox ? 8 : 20 + own() * 40;
      const h = yolox ? 8 : 20 + own() * 40;
      const shift = ((w * (1 - t)) / (1 + t)) * (1 + (own() * 2 - 1) * 1e-6);
      const cx = 40 + Math.floor(p / 80) * 120 + (i & 1) * shift;
      const row = { ...quiet(next), cx, cy: 320 + own() * 10, w, h, classId: p % 80 };
      row.scores[p % 80] = (i & 1 ? 0.5 : 0.9) + own() * 0.01;
      return row;
    },
    runs: [{ scoreThreshold: 0.25, iouThreshold: t, maxDetections: 1000, classes: null }],
    // Both outcomes occur: some second boxes are dropped, some kept.
    expectCounts: ([count]) => expect(count > pairs && count < 2 * pairs, `${count} kept of ${2 * pairs}`).toBe(true),
  };
}

test.describe('GPU NMS on generated edge cases', () => {
  for (const format of FORMATS) {
    test(`${format}: zero/all/too many candidates, ties, identical and zero-area boxes, NaN, class filter`, async ({
      page,
    }) => {
      const generated = generatedCases(format);
      const outputs = new Map<string, Buffer>();
      const cases: PageCase[] = generated.map((g, k) => {
        const next = random(1000 + k);
        const rows = Array.from({ length: g.model.outputLayout.rows }, (_, i) => g.rows(i, next));
        const data = encode(g.model, rows, g.count);
        outputs.set(`${k}.f32`, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
        // A frame larger than the input, letterboxed with padding on one axis.
        const letterbox = computeLetterbox(
          g.model.outputLayout.inputWidth * 3,
          g.model.outputLayout.inputHeight * 2.5,
          g.model.preprocess,
        );
        return { name: `${format} ${g.name}`, url: `/__generated/${k}.f32`, model: g.model, letterbox, runs: g.runs };
      });
      await page.route('**/__generated/**', (route) => {
        const body = outputs.get(new URL(route.request().url()).pathname.split('/').pop()!);
        return body ? route.fulfill({ body, contentType: 'application/octet-stream' }) : route.fulfill({ status: 404 });
      });
      await openBlankPage(page);
      const { results } = await runInPage(page, cases);
      const worst = deviation(results);
      const boxes = results.reduce((n, r) => n + r.cpu.length, 0);
      console.log(
        `${format} generated: ${results.length} runs, ${boxes} boxes; largest difference: box ${worst.box.toExponential(1)} px, score ${worst.score}`,
      );
      expect(mismatches(results)).toEqual([]);
      for (const g of generated)
        g.expectCounts?.(results.filter((r) => r.name === `${format} ${g.name}`).map((r) => r.cpu.length));
    });
  }
});
