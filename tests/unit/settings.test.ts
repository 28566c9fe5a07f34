import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, effectiveBackend, effectiveOptions, type Settings } from '../../src/app/settings';

const COCO_START = ['person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus'];

describe('effectiveOptions', () => {
  const saved: Settings = { ...DEFAULT_SETTINGS, scoreThreshold: 0.55, iouThreshold: 0.6, maxDetections: 42 };

  it('without overrides: the saved settings, every class', () => {
    expect(effectiveOptions(saved, null, COCO_START)).toEqual({ scoreThreshold: 0.55, iouThreshold: 0.6, maxDetections: 42, classes: null });
    // Attributes that are absent (null) override nothing either.
    const absent = { scoreThreshold: null, iouThreshold: null, maxDetections: null, backend: null };
    expect(effectiveOptions(saved, absent, COCO_START)).toEqual(effectiveOptions(saved, null, COCO_START));
  });

  it('an override wins over its setting, and only over its own', () => {
    expect(effectiveOptions(saved, { scoreThreshold: 0.9 }, null)).toEqual({ scoreThreshold: 0.9, iouThreshold: 0.6, maxDetections: 42, classes: null });
    expect(effectiveOptions(saved, { iouThreshold: 0.3, maxDetections: 5 }, null)).toEqual({ scoreThreshold: 0.55, iouThreshold: 0.3, maxDetections: 5, classes: null });
  });

  it('an override of 0 is a value, not an absence', () => {
    expect(effectiveOptions(saved, { scoreThreshold: 0, iouThreshold: 0 }, null)).toMatchObject({ scoreThreshold: 0, iouThreshold: 0 });
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
