/**
 * The schema of public/models/models.json, the built-in models, and its validator: every reader (the app, the
 * service worker, scripts/setup.ts and the other scripts) takes the list through parseModelCatalog, so a
 * mistake in the file is reported once, clearly, where it is read. Pure TypeScript: runs in the page, the
 * service worker and Node.
 *
 *   {
 *     "default": "<id of one of the models>",
 *     "models": [
 *       { "id": "yolox-nano-416", "name": "YOLOX-nano 416", "file": "yolox-nano-416.onnx",
 *         "sha256": "<64 lowercase hex digits>", "license": "Apache-2.0",
 *         "upstream": "https://…" or null, "note": "optional, for people reading the file",
 *         "labels": ["optional class names, for a file that carries none in its ONNX metadata"] }
 *     ]
 *   }
 */

/** One built-in model. */
export interface CatalogModel {
  /** Unique; lowercase letters, digits, '.', '_' and '-'. */
  id: string;
  /** Shown in the model picker. */
  name: string;
  /** Unique file name (no folders) of the .onnx file in public/models/. */
  file: string;
  /** Lowercase hex SHA-256 of the file: setup and the service worker refuse any other bytes. */
  sha256: string;
  license: string;
  /** Where setup downloads the file from when ../shared/models lacks it (https), or null. */
  upstream: string | null;
  /** Free text for people reading models.json (how the file was made); never read by code. */
  note?: string;
  /** Class names for a file whose ONNX metadata has none (e.g. ["face"]); the file's own names win. */
  labels?: string[];
}

export interface ModelCatalog {
  /** The id of the model the app loads first. */
  default: string;
  models: CatalogModel[];
}

/** A models.json that does not follow the schema: `problems` lists every mistake, each with where it is. */
export class ModelCatalogError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not a valid model list:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ModelCatalogError';
  }
}

const MODEL_KEYS = ['id', 'name', 'file', 'sha256', 'license', 'upstream', 'note', 'labels'] as const;
const REQUIRED_MODEL_KEYS = MODEL_KEYS.filter((k) => k !== 'note' && k !== 'labels');
const ID = /^[a-z0-9][a-z0-9._-]*$/;
const FILE = /^[\w.-]+\.onnx$/;
const SHA256 = /^[0-9a-f]{64}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

function nonEmptyString(value: unknown, where: string, problems: string[]): value is string {
  if (typeof value === 'string' && value.trim() !== '') return true;
  problems.push(`${where}: expected a non-empty string, got ${show(value)}`);
  return false;
}

function checkModel(model: unknown, where: string, problems: string[]): void {
  if (!isObject(model)) {
    problems.push(`${where}: expected an object, got ${show(model)}`);
    return;
  }
  for (const key of Object.keys(model)) {
    if (!(MODEL_KEYS as readonly string[]).includes(key))
      problems.push(`${where}.${key}: unknown field (known: ${MODEL_KEYS.join(', ')})`);
  }
  for (const key of REQUIRED_MODEL_KEYS) {
    if (!(key in model)) problems.push(`${where}.${key}: missing`);
  }
  const { id, name, file, sha256, license, upstream, note, labels } = model;
  if ('id' in model && nonEmptyString(id, `${where}.id`, problems) && !ID.test(id)) {
    problems.push(`${where}.id: ${show(id)} may only hold lowercase letters, digits, '.', '_' and '-'`);
  }
  if ('name' in model) nonEmptyString(name, `${where}.name`, problems);
  if ('file' in model && nonEmptyString(file, `${where}.file`, problems) && !FILE.test(file)) {
    problems.push(`${where}.file: ${show(file)} is not a plain .onnx file name (no folders)`);
  }
  if ('sha256' in model && (typeof sha256 !== 'string' || !SHA256.test(sha256))) {
    problems.push(`${where}.sha256: expected 64 lowercase hex digits, got ${show(sha256)}`);
  }
  if ('license' in model) nonEmptyString(license, `${where}.license`, problems);
  if ('upstream' in model && upstream !== null) {
    let https = false;
    try {
      https = typeof upstream === 'string' && new URL(upstream).protocol === 'https:';
    } catch {
      // not a URL
    }
    if (!https) problems.push(`${where}.upstream: expected an https:// address or null, got ${show(upstream)}`);
  }
  if ('note' in model && typeof note !== 'string') problems.push(`${where}.note: expected a string, got ${show(note)}`);
  if (
    'labels' in model &&
    !(Array.isArray(labels) && labels.length > 0 && labels.every((l) => typeof l === 'string' && l.trim() !== ''))
  ) {
    problems.push(`${where}.labels: expected a non-empty list of class names, got ${show(labels)}`);
  }
}

/** Every way `value` breaks the schema, each naming its place (`models[2].sha256: …`); empty when it is valid. */
export function modelCatalogProblems(value: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(value)) return [`expected an object { "default", "models" }, got ${show(value)}`];
  for (const key of Object.keys(value)) {
    if (key !== 'default' && key !== 'models') problems.push(`${key}: unknown field (known: default, models)`);
  }
  const { models } = value;
  if (!Array.isArray(models) || models.length === 0) {
    problems.push(`models: expected a non-empty list of models, got ${show(models)}`);
  } else {
    models.forEach((model, i) => checkModel(model, `models[${i}]`, problems));
    for (const key of ['id', 'file'] as const) {
      const seen = new Set<unknown>();
      models.forEach((model, i) => {
        const v = isObject(model) ? model[key] : undefined;
        if (typeof v !== 'string') return;
        if (seen.has(v)) problems.push(`models[${i}].${key}: ${show(v)} is already used by an earlier model`);
        seen.add(v);
      });
    }
  }
  if (nonEmptyString(value.default, 'default', problems) && Array.isArray(models)) {
    const ids = models.map((m) => (isObject(m) ? m.id : undefined));
    if (!ids.includes(value.default))
      problems.push(`default: ${show(value.default)} is not the id of a model in the list`);
  }
  return problems;
}

/** The catalog in `value` (parsed JSON), checked against the schema; throws ModelCatalogError naming `source`. */
export function parseModelCatalog(value: unknown, source = 'models.json'): ModelCatalog {
  const problems = modelCatalogProblems(value);
  if (problems.length) throw new ModelCatalogError(source, problems);
  return value as ModelCatalog;
}

/** The catalog in the JSON text `text`; a text that is not JSON is a ModelCatalogError too. */
export function parseModelCatalogJson(text: string, source = 'models.json'): ModelCatalog {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelCatalogError(source, [`not JSON: ${(error as Error).message}`]);
  }
  return parseModelCatalog(value, source);
}
