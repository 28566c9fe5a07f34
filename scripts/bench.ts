/**
 * Benchmark of the app's engine against today's common browser-detector approach, in headless Chromium.
 *   npm run bench -- --model ID --backend webgpu|wasm --frames N [--json out.json] [--image FILE.jpg]
 * Prints a table and writes JSON: { model, backend, frames, ours: R, baseline: R, bare, ours_vs_bare } (README
 * documents R). `bare` is `session.run` alone on the same input (src/bench/bare-inference.worker.ts);
 * `ours_vs_bare` is our whole-frame fps ÷ bare-inference fps: 1 would mean everything around inference is free.
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import type { BareReport, BenchPage, RunReport } from '../src/bench/bench-page';
import { DEFAULT_OPTIONS } from '../src/detection/types';
import { parseArgs, required } from './lib/args';
import { openApp } from './lib/browser';
import { CACHE_DIR, CAMERA_IMAGE, COCO_DIR, stillVideo } from '../tests/support/coco';
import { resolveModel } from './lib/models';
import { round, summarise } from './lib/stats';

const USAGE = 'npm run bench -- --model ID --backend webgpu|wasm --frames N [--json out.json] [--image FILE.jpg]';
const STAGES = ['capture', 'preprocess', 'inference', 'postprocess', 'readback', 'draw'] as const;

const options = parseArgs(process.argv.slice(2));
const model = resolveModel(required(options, 'model', USAGE));
const backend = required(options, 'backend', USAGE);
if (backend !== 'wasm' && backend !== 'webgpu') throw new Error('--backend is wasm or webgpu');
const frames = Number(required(options, 'frames', USAGE));
if (!(frames > 0)) throw new Error('--frames is a positive number');
const image = resolve(options.get('image') ?? resolve(COCO_DIR, 'images', CAMERA_IMAGE));
const postprocess = DEFAULT_OPTIONS;

function report(run: RunReport) {
  const stages = Object.fromEntries(STAGES.map((s) => [s, summarise(run.samples.map((f) => f.stages[s]))]));
  return {
    pipeline: run.pipeline,
    stages,
    frame: summarise(run.samples.map((f) => f.frameMs)),
    fps: round((run.samples.length * 1000) / run.wallMs, 2),
    readback_bytes_per_frame: Math.round(run.samples.reduce((sum, f) => sum + f.readbackBytes, 0) / run.samples.length),
    long_tasks: { count: run.longTasks.length, max_ms: round(Math.max(0, ...run.longTasks), 1) },
    boxes_per_frame: round(run.samples.reduce((sum, f) => sum + f.boxes, 0) / run.samples.length, 1),
  };
}

function bareReport(run: BareReport) {
  return { run: summarise(run.samples), fps: round((run.samples.length * 1000) / run.wallMs, 2) };
}

// The fake camera shows the image at 30 fps: ours reads real camera frames (I420), as the app does.
const camera = stillVideo(
  resolve(CACHE_DIR, `bench-camera-${basename(image, extname(image))}.y4m`),
  ['-frames:v', '30', '-r', '30', '-pix_fmt', 'yuv420p'],
  image,
);
const app = await openApp({
  webgpu: backend === 'webgpu',
  fakeCamera: camera,
  path: 'bench.html',
  mounts: { ...model.mounts, '/__images/': dirname(image) },
});
let result;
try {
  const imageUrl = `/__images/${basename(image)}`;
  const run = (which: 'runBaseline') =>
    app.page.evaluate(([w, m, i, b, n, o]) => (globalThis as unknown as { bench: BenchPage }).bench[w](m, i, b, n, o), [
      which,
      model.url,
      imageUrl,
      backend,
      frames,
      postprocess,
    ] as const);
  console.log(
    `${model.name} on ${backend}: ${frames} camera frames of ${basename(image)}, warm-up of at least 2 frames and 4 s each; ours and bare alternate in blocks of 10`,
  );
  const paired = await app.page.evaluate(
    ([m, i, b, n, o]) => (globalThis as unknown as { bench: BenchPage }).bench.runOursAndBare(m, i, b, n, o),
    [model.url, imageUrl, backend, frames, postprocess] as const,
  );
  const ours = report(paired.ours);
  const bare = bareReport(paired.bare);
  const baseline = report(await run('runBaseline'));
  // Where our time goes besides the model, per frame: robust to machine load that slows inference for both alike.
  // The frame's own work besides inference. (Not frame time minus inference: two frames are in flight, so a frame's
  // time from hand-over includes waiting for the previous one's inference.)
  const outside = summarise(
    paired.ours.samples.map(({ stages: s }) => s.capture + s.preprocess + s.readback + s.postprocess + s.draw),
  );
  result = {
    model: model.name,
    backend,
    frames,
    ours,
    baseline,
    bare,
    ours_vs_bare: round(ours.fps / bare.fps, 3),
    ours_outside_inference: outside,
  };
} finally {
  await app.close();
}

const rows = [
  ...STAGES.map((s) => [s, result.ours.stages[s], result.baseline.stages[s]] as const),
  ['frame', result.ours.frame, result.baseline.frame] as const,
];
const cell = (v: { median_ms: number; p90_ms: number }) =>
  `${v.median_ms.toFixed(2).padStart(9)} ${v.p90_ms.toFixed(2).padStart(9)}`;
console.log(
  `\n${'stage (ms)'.padEnd(12)} ${'ours med'.padStart(9)} ${'ours p90'.padStart(9)}   ${'base med'.padStart(9)} ${'base p90'.padStart(9)}`,
);
for (const [name, ours, base] of rows) console.log(`${name.padEnd(12)} ${cell(ours)}   ${cell(base)}`);
console.log(
  `${'fps'.padEnd(12)} ${String(result.ours.fps).padStart(19)}   ${String(result.baseline.fps).padStart(19)}`,
);
console.log(
  `${'readback B'.padEnd(12)} ${String(result.ours.readback_bytes_per_frame).padStart(19)}   ${String(result.baseline.readback_bytes_per_frame).padStart(19)}`,
);
const lt = (r: typeof result.ours) => `${r.long_tasks.count} (max ${r.long_tasks.max_ms} ms)`;
console.log(`${'long tasks'.padEnd(12)} ${lt(result.ours).padStart(19)}   ${lt(result.baseline).padStart(19)}`);
console.log(`pipelines: ours ${result.ours.pipeline}, baseline ${result.baseline.pipeline}`);
console.log(
  `bare session.run: median ${result.bare.run.median_ms.toFixed(2)} ms, p90 ${result.bare.run.p90_ms.toFixed(2)} ms, ${result.bare.fps} fps`,
);
console.log(
  `ours ÷ bare (whole-frame fps ÷ bare-inference fps): ${result.ours_vs_bare} (${result.ours.fps} ÷ ${result.bare.fps})`,
);
console.log(
  `ours besides inference (capture, pre-processing, readback, post-processing, draw): median ${result.ours_outside_inference.median_ms.toFixed(2)} ms, p90 ${result.ours_outside_inference.p90_ms.toFixed(2)} ms per frame`,
);
if (options.has('json')) {
  await writeFile(options.get('json')!, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${options.get('json')}`);
}
