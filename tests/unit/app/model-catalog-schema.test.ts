import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ModelCatalogError,
  modelCatalogProblems,
  parseModelCatalog,
  parseModelCatalogJson,
} from '../../../src/app/model-catalog-schema';

const MODELS_JSON = resolve(import.meta.dirname, '../../../public/models/models.json');

const model = (overrides: Record<string, unknown> = {}) => ({
  id: 'yolox-nano-416',
  name: 'YOLOX-nano 416',
  file: 'yolox-nano-416.onnx',
  sha256: 'dc1a3bc37ffd961222999f05aa134a1e95274c9603b8e60518ff26e90917a225',
  license: 'Apache-2.0',
  upstream: 'https://example.com/yolox_nano_416x416.onnx',
  ...overrides,
});
const catalog = (models: unknown[] = [model()], extra: Record<string, unknown> = {}) => ({
  default: 'yolox-nano-416',
  models,
  ...extra,
});

/** The problems of a catalog with one model changed by `overrides`. */
const problemsOf = (overrides: Record<string, unknown>) => modelCatalogProblems(catalog([model(overrides)]));

describe('models.json schema', () => {
  it("accepts the project's public/models/models.json", () => {
    const parsed = parseModelCatalogJson(readFileSync(MODELS_JSON, 'utf8'), MODELS_JSON);
    expect(parsed.models.length).toBeGreaterThan(0);
    expect(parsed.models.some((m) => m.id === parsed.default)).toBe(true);
  });

  it('accepts a minimal catalog, a null upstream and a note', () => {
    expect(modelCatalogProblems(catalog())).toEqual([]);
    expect(problemsOf({ upstream: null, note: 'made by hand' })).toEqual([]);
    expect(parseModelCatalog(catalog()).models[0].id).toBe('yolox-nano-416');
  });

  it('refuses a document that is not a catalog', () => {
    expect(modelCatalogProblems(null)).toEqual(['expected an object { "default", "models" }, got null']);
    expect(modelCatalogProblems([])).toEqual(['expected an object { "default", "models" }, got []']);
    expect(modelCatalogProblems({ default: 'a' })).toContain(
      'models: expected a non-empty list of models, got nothing',
    );
    expect(modelCatalogProblems({ default: 'a', models: [] })).toContain(
      'models: expected a non-empty list of models, got []',
    );
    expect(modelCatalogProblems({ models: [model()] })).toEqual(['default: expected a non-empty string, got nothing']);
  });

  it('names missing and unknown fields', () => {
    const { sha256: _sha256, ...withoutSha } = model();
    expect(modelCatalogProblems(catalog([withoutSha]))).toEqual(['models[0].sha256: missing']);
    expect(problemsOf({ sha265: 'x' })).toEqual([
      'models[0].sha265: unknown field (known: id, name, file, sha256, license, upstream, note, labels)',
    ]);
    expect(modelCatalogProblems(catalog([model()], { version: 2 }))).toEqual([
      'version: unknown field (known: default, models)',
    ]);
  });

  it("checks each field's value", () => {
    expect(modelCatalogProblems({ default: 'YOLO X', models: [model({ id: 'YOLO X' })] })).toEqual([
      `models[0].id: "YOLO X" may only hold lowercase letters, digits, '.', '_' and '-'`,
    ]);
    expect(problemsOf({ name: '' })).toEqual(['models[0].name: expected a non-empty string, got ""']);
    expect(problemsOf({ file: '../secret.onnx' })).toEqual([
      'models[0].file: "../secret.onnx" is not a plain .onnx file name (no folders)',
    ]);
    expect(problemsOf({ file: 'model.bin' })).toEqual([
      'models[0].file: "model.bin" is not a plain .onnx file name (no folders)',
    ]);
    expect(problemsOf({ sha256: 'DC1A' })).toEqual(['models[0].sha256: expected 64 lowercase hex digits, got "DC1A"']);
    expect(problemsOf({ license: 3 })).toEqual(['models[0].license: expected a non-empty string, got 3']);
    expect(problemsOf({ upstream: 'http://example.com/m.onnx' })).toEqual([
      'models[0].upstream: expected an https:// address or null, got "http://example.com/m.onnx"',
    ]);
    expect(problemsOf({ upstream: 'not a url' })).toEqual([
      'models[0].upstream: expected an https:// address or null, got "not a url"',
    ]);
    expect(problemsOf({ note: ['a'] })).toEqual(['models[0].note: expected a string, got ["a"]']);
    expect(problemsOf({ labels: ['face'] })).toEqual([]);
    expect(problemsOf({ labels: [] })).toEqual(['models[0].labels: expected a non-empty list of class names, got []']);
    expect(problemsOf({ labels: ['face', ''] })).toEqual([
      'models[0].labels: expected a non-empty list of class names, got ["face",""]',
    ]);
    expect(problemsOf({ labels: 'face' })).toEqual([
      'models[0].labels: expected a non-empty list of class names, got "face"',
    ]);
    expect(modelCatalogProblems(catalog(['yolox']))).toContain('models[0]: expected an object, got "yolox"');
  });

  it('refuses duplicate ids and files, and a default that is not in the list', () => {
    const second = model({ id: 'yolox-nano-416', file: 'other.onnx' });
    const third = model({ id: 'third', file: 'yolox-nano-416.onnx' });
    expect(modelCatalogProblems(catalog([model(), second, third]))).toEqual([
      'models[1].id: "yolox-nano-416" is already used by an earlier model',
      'models[2].file: "yolox-nano-416.onnx" is already used by an earlier model',
    ]);
    expect(modelCatalogProblems({ ...catalog(), default: 'yolov8n-640' })).toEqual([
      'default: "yolov8n-640" is not the id of a model in the list',
    ]);
  });

  it('reports every problem at once, in an error that names the file', () => {
    const bad = catalog([model({ sha256: 'x', upstream: 'ftp://x' })], { default: 'none' });
    let error: unknown;
    try {
      parseModelCatalog(bad, 'public/models/models.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelCatalogError);
    const { message, problems, source } = error as ModelCatalogError;
    expect(source).toBe('public/models/models.json');
    expect(problems).toHaveLength(3);
    expect(message).toBe(
      'public/models/models.json is not a valid model list:\n' +
        '  - models[0].sha256: expected 64 lowercase hex digits, got "x"\n' +
        '  - models[0].upstream: expected an https:// address or null, got "ftp://x"\n' +
        '  - default: "none" is not the id of a model in the list',
    );
  });

  it('says when the text is not JSON', () => {
    expect(() => parseModelCatalogJson('{ "default": ', 'models.json')).toThrow(
      /^models\.json is not a valid model list:\n {2}- not JSON: /,
    );
  });
});
