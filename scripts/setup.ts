// Puts the built-in models into public/models (from ../shared/models when present, else from their upstream
// address) with their sha256 checked, and copies onnxruntime-web's runtime files into public/ort so the app
// serves them from its own origin. `npm run setup [-- ID ...]`; `npm install` runs it (postinstall).
// public/models/models.json is validated first: a mistake in it stops setup with the list of problems.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CatalogModel } from '../src/app/model-catalog-schema';
import { readCatalog } from './lib/models';

const root = resolve(import.meta.dirname, '..');
const modelsDir = join(root, 'public/models');
const sharedModels = resolve(root, '../shared/models');
const ortDist = join(root, 'node_modules/onnxruntime-web/dist');
const ortFiles = ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function fileMatches(path: string, expected: string): Promise<boolean> {
  return existsSync(path) && sha256(await readFile(path)) === expected;
}

async function fetchUpstream(model: CatalogModel): Promise<Uint8Array> {
  if (!model.upstream) throw new Error(`${model.id}: no upstream address; put ${model.file} in ../shared/models`);
  console.log(`setup: downloading ${model.id} from ${model.upstream}`);
  const response = await fetch(model.upstream);
  if (!response.ok) throw new Error(`${model.id}: download failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function installModel(model: CatalogModel): Promise<string> {
  const target = join(modelsDir, model.file);
  if (await fileMatches(target, model.sha256)) return 'present';
  const shared = join(sharedModels, model.file);
  const bytes = existsSync(shared) ? await readFile(shared) : await fetchUpstream(model);
  const actual = sha256(bytes);
  if (actual !== model.sha256) {
    throw new Error(`${model.id}: sha256 mismatch (expected ${model.sha256}, got ${actual}); refusing to install it`);
  }
  await writeFile(`${target}.part`, bytes);
  await rename(`${target}.part`, target);
  return existsSync(shared) ? 'copied from ../shared/models' : 'downloaded';
}

async function installOrtRuntime(): Promise<void> {
  const target = join(root, 'public/ort');
  await mkdir(target, { recursive: true });
  for (const file of ortFiles) await copyFile(join(ortDist, file), join(target, file));
}

let models: CatalogModel[];
try {
  models = readCatalog().models;
} catch (error) {
  console.error(`setup: ${(error as Error).message}`);
  process.exit(1);
}
const only = process.argv.slice(2);
let failed = false;
for (const model of models.filter((m) => only.length === 0 || only.includes(m.id))) {
  try {
    console.log(`setup: ${model.id}: ${await installModel(model)}`);
  } catch (error) {
    failed = true;
    console.error(`setup: ${(error as Error).message}`);
  }
}
if (existsSync(ortDist)) await installOrtRuntime();
if (failed) process.exit(1);
