/**
 * The two WGSL shaders alone against their CPU versions, on real outputs of every built-in model, in headless
 * Chromium's WebGPU (SwiftShader on a machine without a GPU):
 *   npm run bench:shaders -- [--models ID,ID] [--images N] [--runs N] [--json out.json]
 * Pre-processing: preprocess.wgsl from an ImageBitmap vs preprocessRgba() on its pixels.
 * NMS: the decode + NMS shaders on an output already on the GPU, to the result read back, vs postprocess().
 * Each number is the median over images of each image's median over runs.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BenchPage } from '../src/bench/bench-page';
import type { ShaderCase, ShaderSample } from '../src/bench/shader-bench';
import { DEFAULT_OPTIONS } from '../src/detection/types';
import { parseArgs } from './lib/args';
import { openApp } from './lib/browser';
import { round, summarise } from './lib/stats';
import { COCO_DIR } from '../tests/support/coco';
import { catalog } from './lib/models';
import { loadRecorded, OUTPUTS_DIR, recordOutputs } from './record-outputs';

const options = parseArgs(process.argv.slice(2));
const images = Number(options.get('images') ?? 10);
const runs = Number(options.get('runs') ?? 10);
const wanted = options.get('models')?.split(',');
const postprocess = DEFAULT_OPTIONS;

await recordOutputs({ models: wanted, limit: images, log: (line) => console.log(`record-outputs: ${line}`) });

const app = await openApp({
  webgpu: true,
  path: 'bench.html',
  mounts: { '/__outputs/': OUTPUTS_DIR, '/__images/': resolve(COCO_DIR, 'images') },
});
const rows: Array<{ model: string; preprocess: Stat; nms: Stat; readback_bytes: number; boxes: number }> = [];
type Stat = { gpu_ms: number; cpu_ms: number };
const medianOf = (values: number[]) => summarise(values).median_ms;
try {
  for (const entry of catalog().filter((m) => !wanted || wanted.includes(m.id))) {
    const recorded = loadRecorded(entry.id);
    const outputs = recorded?.outputs.slice(0, images) ?? [];
    if (!recorded || outputs.length === 0) continue;
    const { model } = recorded;
    const cases: ShaderCase[] = outputs.map((o) => ({
      outputUrl: `/__outputs/${entry.id}/${o.stem}.f32`,
      imageUrl: `/__images/${o.image}`,
      letterbox: o.letterbox,
    }));
    const samples: ShaderSample[] = await app.page.evaluate(
      ([m, c, o, r]) => (globalThis as unknown as { bench: BenchPage }).bench.runShaders(m, c, o, r),
      [model, cases, postprocess, runs] as const,
    );
    const stat = (pick: (s: ShaderSample) => { gpuMs: number; cpuMs: number }) => ({
      gpu_ms: medianOf(samples.map((s) => pick(s).gpuMs)),
      cpu_ms: medianOf(samples.map((s) => pick(s).cpuMs)),
    });
    rows.push({
      model: entry.id,
      preprocess: stat((s) => s.preprocess),
      nms: stat((s) => s.nms),
      readback_bytes: samples[0].readbackBytes,
      boxes: round(samples.reduce((sum, s) => sum + s.nms.detections, 0) / samples.length, 1),
    });
    console.log(`${entry.id}: ${samples.length} images`);
  }
} finally {
  await app.close();
}

const num = (v: number) => v.toFixed(2).padStart(9);
console.log(
  `\n${'model'.padEnd(22)} ${'pre GPU'.padStart(9)} ${'pre CPU'.padStart(9)}   ${'NMS GPU'.padStart(9)} ${'NMS CPU'.padStart(9)}   readback B  boxes  (median ms)`,
);
for (const r of rows) {
  console.log(
    `${r.model.padEnd(22)} ${num(r.preprocess.gpu_ms)} ${num(r.preprocess.cpu_ms)}   ${num(r.nms.gpu_ms)} ${num(r.nms.cpu_ms)}   ${String(r.readback_bytes).padStart(10)} ${String(r.boxes).padStart(6)}`,
  );
}
if (options.has('json')) {
  await writeFile(options.get('json')!, `${JSON.stringify({ images, runs, postprocess, models: rows }, null, 2)}\n`);
  console.log(`wrote ${options.get('json')}`);
}
