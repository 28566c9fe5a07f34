#!/usr/bin/env node
// Puts the built-in models into public/models (from ../shared/models when present, else from their upstream
// address) with their sha256 checked, and copies onnxruntime-web's runtime files into public/ort so the app
// serves them from its own origin.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = join(root, 'public/models');
const sharedModels = resolve(root, '../shared/models');
const ortDist = join(root, 'node_modules/onnxruntime-web/dist');
const ortFiles = ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function fileMatches(path, expected) {
  return existsSync(path) && sha256(await readFile(path)) === expected;
}

async function fetchUpstream(model) {
  if (!model.upstream) throw new Error(`${model.id}: no upstream address; put ${model.file} in ../shared/models`);
  console.log(`setup: downloading ${model.id} from ${model.upstream}`);
  const response = await fetch(model.upstream);
  if (!response.ok) throw new Error(`${model.id}: download failed with HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function installModel(model) {
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

async function installOrtRuntime() {
  const target = join(root, 'public/ort');
  await mkdir(target, { recursive: true });
  for (const file of ortFiles) await copyFile(join(ortDist, file), join(target, file));
}

const { models } = JSON.parse(await readFile(join(modelsDir, 'models.json'), 'utf8'));
const only = process.argv.slice(2);
let failed = false;
for (const model of models.filter((m) => only.length === 0 || only.includes(m.id))) {
  try {
    console.log(`setup: ${model.id}: ${await installModel(model)}`);
  } catch (error) {
    failed = true;
    console.error(`setup: ${error.message}`);
  }
}
if (existsSync(ortDist)) await installOrtRuntime();
if (failed) process.exit(1);
