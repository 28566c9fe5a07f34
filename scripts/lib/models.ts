import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseModelCatalogJson, type CatalogModel, type ModelCatalog } from '../../src/app/model-catalog-schema';

const root = resolve(import.meta.dirname, '../..');

/** public/models/models.json, validated: a mistake in it stops the script with a ModelCatalogError naming it. */
export function readCatalog(): ModelCatalog {
  const path = resolve(root, 'public/models/models.json');
  return parseModelCatalogJson(readFileSync(path, 'utf8'), path);
}

/** The built-in models (public/models/models.json). */
export function catalog(): CatalogModel[] {
  return readCatalog().models;
}

/** Where a built-in model file is on disk: installed in public/models, else in ../shared/models; null if neither. */
export function modelPath(file: string): string | null {
  return [resolve(root, 'public/models', file), resolve(root, '../shared/models', file)].find(existsSync) ?? null;
}

/**
 * A built-in model id (served from /models/) or a path to any .onnx file (served to the page under
 * /__model/, mounted by the caller). Returns the URL the page loads and the mounts it needs.
 */
export function resolveModel(idOrPath: string): { url: string; mounts: Record<string, string>; name: string } {
  const builtIn = catalog().find((m) => m.id === idOrPath);
  if (builtIn) {
    if (!existsSync(resolve(root, 'public/models', builtIn.file)))
      throw new Error(`${builtIn.file} is not installed: run npm run setup`);
    return { url: `/models/${builtIn.file}`, mounts: {}, name: builtIn.id };
  }
  const path = resolve(idOrPath);
  if (!existsSync(path)) throw new Error(`"${idOrPath}" is neither a built-in model id nor an existing file`);
  return { url: `/__model/${basename(path)}`, mounts: { '/__model/': resolve(path, '..') }, name: basename(path) };
}

/** The model the app starts with (models.json's `default`). */
export function defaultModel(): CatalogModel {
  const { default: id, models } = readCatalog();
  return models.find((m) => m.id === id)!;
}
