import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  effectiveBackend,
  effectiveOptions,
  loadSettings,
  saveSettings,
  type Settings,
} from '../../../src/app/settings';

const COCO_START = ['person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus'];

describe('effectiveOptions', () => {
  const saved: Settings = { ...DEFAULT_SETTINGS, scoreThreshold: 0.55, iouThreshold: 0.6, maxDetections: 42 };

  it('without overrides: the saved settings, every class', () => {
    expect(effectiveOptions(saved, null, COCO_START)).toEqual({
      scoreThreshold: 0.55,
      iouThreshold: 0.6,
      maxDetections: 42,
      classes: null,
    });
    // Attributes that are absent (null) override nothing either.
    const absent = { scoreThreshold: null, iouThreshold: null, maxDetections: null, backend: null };
    expect(effectiveOptions(saved, absent, COCO_START)).toEqual(effectiveOptions(saved, null, COCO_START));
  });

  it('an override wins over its setting, and only over its own', () => {
    expect(effectiveOptions(saved, { scoreThreshold: 0.9 }, null)).toEqual({
      scoreThreshold: 0.9,
      iouThreshold: 0.6,
      maxDetections: 42,
      classes: null,
    });
    expect(effectiveOptions(saved, { iouThreshold: 0.3, maxDetections: 5 }, null)).toEqual({
      scoreThreshold: 0.55,
      iouThreshold: 0.3,
      maxDetections: 5,
      classes: null,
    });
  });

  it('an override of 0 is a value, not an absence', () => {
    expect(effectiveOptions(saved, { scoreThreshold: 0, iouThreshold: 0 }, null)).toMatchObject({
      scoreThreshold: 0,
      iouThreshold: 0,
    });
  });

  it('the class filter (names) becomes the loaded model’s ids, in model order', () => {
    // 'car' is id 2, 'person' id 0; 'elephant' is not in this model and is left out.
    const filtered = { ...saved, classes: ['car', 'elephant', 'person'] };
    expect(effectiveOptions(filtered, null, COCO_START).classes).toEqual([0, 2]);
    // Another model, other ids for the same names.
    expect(effectiveOptions(filtered, null, ['truck', 'person', 'car']).classes).toEqual([1, 2]);
  });

  it('an empty filter keeps no class; without a model every class is kept', () => {
    expect(effectiveOptions({ ...saved, classes: [] }, null, COCO_START).classes).toEqual([]);
    expect(effectiveOptions({ ...saved, classes: ['person'] }, null, null).classes).toBeNull();
  });

  it('does not change its arguments', () => {
    const settings = { ...saved, classes: ['person'] };
    const copy = structuredClone(settings);
    const overrides = { scoreThreshold: 0.7 };
    effectiveOptions(settings, overrides, COCO_START);
    expect(settings).toEqual(copy);
    expect(overrides).toEqual({ scoreThreshold: 0.7 });
  });
});

describe('effectiveBackend', () => {
  it('the override, else the saved setting', () => {
    const saved: Settings = { ...DEFAULT_SETTINGS, backend: 'wasm' };
    expect(effectiveBackend(saved, null)).toBe('wasm');
    expect(effectiveBackend(saved, { backend: null })).toBe('wasm');
    expect(effectiveBackend(saved, { backend: 'webgpu' })).toBe('webgpu');
  });
});

/** An in-memory Storage (getItem/setItem only). */
class MemoryStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
  }
}

/** A storage whose single stored entry holds `raw`, whatever key the settings use. */
function storageHolding(raw: string) {
  return { getItem: () => raw };
}

describe('loadSettings and saveSettings', () => {
  const custom: Settings = {
    modelId: 'yolo11n-320',
    backend: 'wasm',
    scoreThreshold: 0.55,
    iouThreshold: 0.7,
    maxDetections: 42,
    classes: ['person', 'dog'],
    cameraId: 'cam-2',
    facing: 'user',
    trails: true,
  };

  it('an empty storage gives the defaults', () => {
    expect(loadSettings(new MemoryStorage())).toEqual(DEFAULT_SETTINGS);
  });

  it('round trips through save and load', () => {
    const storage = new MemoryStorage();
    saveSettings(custom, storage);
    expect(storage.data.size).toBe(1);
    expect(loadSettings(storage)).toEqual(custom);
    // A second save replaces the first.
    saveSettings({ ...custom, scoreThreshold: 0.1, classes: null }, storage);
    expect(storage.data.size).toBe(1);
    expect(loadSettings(storage)).toEqual({ ...custom, scoreThreshold: 0.1, classes: null });
  });

  it('clamps out-of-range numbers', () => {
    const saved = { ...custom, scoreThreshold: 1.5, iouThreshold: -0.2, maxDetections: 5000 };
    // score 1.5 → 1, IoU -0.2 → 0, max 5000 → 300 (the GPU result buffer and COCO evaluation cap)
    expect(loadSettings(storageHolding(JSON.stringify(saved)))).toEqual({
      ...custom,
      scoreThreshold: 1,
      iouThreshold: 0,
      maxDetections: 300,
    });
    // max 0 → 1; 12.6 → round 13
    expect(loadSettings(storageHolding(JSON.stringify({ maxDetections: 0 }))).maxDetections).toBe(1);
    expect(loadSettings(storageHolding(JSON.stringify({ maxDetections: 12.6 }))).maxDetections).toBe(13);
  });

  it('replaces values of the wrong type with defaults', () => {
    const saved = {
      modelId: 7,
      backend: 'cuda',
      scoreThreshold: 'high',
      iouThreshold: null, // what JSON makes of NaN
      maxDetections: '50',
      classes: ['person', 3, null, 'cat'],
      cameraId: 5,
      facing: 'sideways',
    };
    expect(loadSettings(storageHolding(JSON.stringify(saved)))).toEqual({
      ...DEFAULT_SETTINGS,
      classes: ['person', 'cat'],
    });
    expect(loadSettings(storageHolding(JSON.stringify({ classes: 'person' }))).classes).toBeNull();
  });

  it('keeps valid partial settings and fills the rest with defaults', () => {
    expect(loadSettings(storageHolding('{"backend":"webgpu","facing":"user"}'))).toEqual({
      ...DEFAULT_SETTINGS,
      backend: 'webgpu',
      facing: 'user',
    });
  });

  it('garbage JSON gives the defaults', () => {
    for (const raw of ['{not json', '', 'undefined', 'null', '[1,2,3]', '"text"', '42']) {
      expect(loadSettings(storageHolding(raw)), JSON.stringify(raw)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('a throwing storage neither breaks load nor save', () => {
    const broken = {
      getItem(): string | null {
        throw new Error('SecurityError');
      },
      setItem(): void {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadSettings(broken)).toEqual(DEFAULT_SETTINGS);
    expect(() => saveSettings(custom, broken)).not.toThrow();
  });

  it('the defaults handed out are copies', () => {
    const loaded = loadSettings(storageHolding('{not json'));
    loaded.scoreThreshold = 0.99;
    expect(DEFAULT_SETTINGS.scoreThreshold).toBe(0.3);
  });
});
