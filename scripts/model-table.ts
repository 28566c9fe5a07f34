/**
 * The README's model table, measured: for every built-in model, `npm run eval` on the shared COCO subset and
 * `npm run bench` on WASM, one after another (run it on a quiet machine), then the table in Markdown and the
 * default model the rule picks: the most accurate Apache/MIT model at 15 fps or more on WASM.
 *   npm run models:table -- [--models id,id] [--frames 60] [--out table.json]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from './lib/args';
import { catalog, modelPath } from './lib/models';

const root = resolve(import.meta.dirname, '..');
const subset = resolve(root, '../shared/data/coco-val2017-subset');
const options = parseArgs(process.argv.slice(2));
const wanted = options.get('models')?.split(',');
const frames = options.get('frames') ?? '60';
const models = catalog().filter((m) => !wanted || wanted.includes(m.id));
const scratch = mkdtempSync(join(tmpdir(), 'model-table-'));
const MIN_FPS = 15;
const OPEN_LICENSES = ['Apache-2.0', 'MIT'];

interface Row {
  id: string;
  license: string;
  sizeMb: number;
  /** null for a model COCO cannot judge (the face detector). */
  map: number | null;
  ap50: number | null;
  /** Wall time per frame, 1000 / fps (the bench hands two frames over at a time, so one frame's own latency is longer). */
  msPerFrame: number;
  fps: number;
  oursVsBare: number;
}

function tsx(script: string, args: string[]): string {
  return execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'scripts', script), ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
}

function evaluate(id: string): { map: number; ap50: number } {
  const out = tsx('eval.ts', [
    '--model',
    id,
    '--images',
    join(subset, 'images'),
    '--annotations',
    join(subset, 'instances.json'),
  ]);
  const last = out.trim().split('\n').at(-1)!;
  const match = /mAP50-95 ([\d.]+) AP50 ([\d.]+)/.exec(last);
  if (!match) throw new Error(`eval of ${id} ended without its result line: "${last}"`);
  return { map: Number(match[1]), ap50: Number(match[2]) };
}

function bench(id: string): Pick<Row, 'msPerFrame' | 'fps' | 'oursVsBare'> {
  const json = join(scratch, `${id}.json`);
  tsx('bench.ts', ['--model', id, '--backend', 'wasm', '--frames', frames, '--json', json]);
  const result = JSON.parse(readFileSync(json, 'utf8')) as {
    ours: { fps: number };
    ours_vs_bare: number;
  };
  return { msPerFrame: 1000 / result.ours.fps, fps: result.ours.fps, oursVsBare: result.ours_vs_bare };
}

const fixed = (value: number | null, digits: number) => (value === null ? 'n/a' : value.toFixed(digits));
const line = (r: Row) =>
  `| ${r.id} | ${fixed(r.map, 1)} | ${fixed(r.ap50, 1)} | ${fixed(r.msPerFrame, 1)} | ${fixed(r.fps, 1)} | ${fixed(r.oursVsBare, 2)} | ${fixed(r.sizeMb, 1)} | ${r.license} |`;

// Each row is printed as soon as it is measured: a long run that stops still leaves what it measured.
console.log('| model | mAP50-95 | AP50 | WASM ms per frame | WASM fps | ours ÷ bare | size (MB) | license |');
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
const rows: Row[] = [];
for (const model of models) {
  const path = modelPath(model.file);
  if (!path) throw new Error(`${model.file} is not installed: run npm run setup`);
  const isCoco = model.labels === undefined || model.labels.length === 80;
  console.error(`${model.id}: ${isCoco ? 'eval, ' : ''}bench`);
  const accuracy = isCoco ? evaluate(model.id) : { map: null, ap50: null };
  const row = {
    id: model.id,
    license: model.license,
    sizeMb: statSync(path).size / 1e6,
    ...accuracy,
    ...bench(model.id),
  };
  rows.push(row);
  console.log(line(row));
}

const eligible = rows
  .filter((r) => r.map !== null && r.fps >= MIN_FPS && OPEN_LICENSES.includes(r.license))
  .sort((a, b) => b.map! - a.map!);
console.log(
  eligible.length
    ? `default by the rule (most accurate, Apache/MIT, >= ${MIN_FPS} fps on WASM): ${eligible[0].id}`
    : `no Apache/MIT COCO model reaches ${MIN_FPS} fps on WASM here`,
);
if (options.has('out')) writeFileSync(options.get('out')!, `${JSON.stringify(rows, null, 2)}\n`);
