/**
 * Offline analysis of a recording with the app's own engine, tracker and monitor rules, in headless Chromium.
 *   npm run analyze -- --video FILE --config MONITOR.json [--model ID_OR_PATH] [--backend wasm|webgpu] --out EVENTS.jsonl
 *                      [--score 0.3]
 * Every frame is decoded (WebCodecs) and timed by the video's own timestamps, not by how long inference takes.
 * Writes one event per line as JSON (the event log's fields, without snapshots) and prints as its last line:
 * frames N tracks T events E
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Harness } from '../src/harness';
import { parseArgs, required } from './lib/args';
import { openApp } from './lib/browser';
import { defaultModel, resolveModel } from './lib/models';

const USAGE =
  'npm run analyze -- --video FILE --config MONITOR.json [--model ID_OR_PATH] [--backend wasm|webgpu] --out EVENTS.jsonl';
const options = parseArgs(process.argv.slice(2));
const video = resolve(required(options, 'video', USAGE));
const config = JSON.parse(await readFile(required(options, 'config', USAGE), 'utf8')) as unknown;
const out = required(options, 'out', USAGE);
const model = resolveModel(options.get('model') ?? defaultModel().id);
const backend = (options.get('backend') ?? 'wasm') as 'wasm' | 'webgpu';
if (backend !== 'wasm' && backend !== 'webgpu') throw new Error('--backend is wasm or webgpu');
const scoreThreshold = Number(options.get('score') ?? 0.3);

const app = await openApp({ webgpu: backend === 'webgpu', mounts: { ...model.mounts, '/__video/': dirname(video) } });
try {
  await app.page.exposeFunction('analysisProgress', (frames: number) => console.log(`  ${frames} frames`));
  const summary = await app.page.evaluate(
    ([url, b]) => (globalThis as unknown as { harness: Harness }).harness.load(url, b),
    [model.url, backend] as const,
  );
  console.log(`${model.name} on ${summary.backend.name} (${summary.backend.reason}), score > ${scoreThreshold}`);
  await app.page.evaluate(
    (s) => (globalThis as unknown as { harness: Harness }).harness.setOptions({ scoreThreshold: s }),
    scoreThreshold,
  );
  const errors = await app.page.evaluate(
    (c) => (globalThis as unknown as { harness: Harness }).harness.setMonitorConfig(c),
    config,
  );
  if (errors.length) throw new Error(`The monitor configuration is invalid:\n  ${errors.join('\n  ')}`);
  const analysis = await app.page.evaluate(
    (url) => (globalThis as unknown as { harness: Harness }).harness.analyzeUrl(url),
    `/__video/${encodeURIComponent(basename(video))}`,
  );
  await writeFile(
    out,
    analysis.events.map((event) => JSON.stringify(event)).join('\n') + (analysis.events.length ? '\n' : ''),
  );
  const byType = new Map<string, number>();
  for (const event of analysis.events) byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
  console.log(
    `${analysis.width}x${analysis.height}, ${analysis.seconds.toFixed(1)} s (${(analysis.frames / analysis.seconds).toFixed(1)} frames/s)`,
  );
  console.log(`events by type: ${[...byType].map(([type, n]) => `${type} ${n}`).join(', ') || 'none'}; wrote ${out}`);
  console.log(`frames ${analysis.frames} tracks ${analysis.tracks} events ${analysis.events.length}`);
} finally {
  await app.close();
}
