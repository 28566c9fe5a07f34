import { DEFAULT_OPTIONS, MAX_DETECTIONS_LIMIT, type PostprocessOptions } from '../detection/types';
import type { BackendPreference } from '../engine/types';

/** What the user sets and expects to find again after a reload. */
export interface Settings {
  modelId: string;
  backend: BackendPreference;
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
  /** Class names to show; null shows every class. Names, not ids, so the choice survives a model change. */
  classes: string[] | null;
  cameraId: string | null;
  facing: 'user' | 'environment';
  /** Draw a short trail behind each tracked object. */
  trails: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  modelId: '',
  backend: 'auto',
  scoreThreshold: DEFAULT_OPTIONS.scoreThreshold,
  iouThreshold: DEFAULT_OPTIONS.iouThreshold,
  maxDetections: DEFAULT_OPTIONS.maxDetections,
  classes: null,
  cameraId: null,
  facing: 'environment',
  trails: false,
};

const KEY = 'detector-settings-v1';

export function loadSettings(storage: Pick<Storage, 'getItem'> = localStorage): Settings {
  try {
    const saved = JSON.parse(storage.getItem(KEY) ?? '{}') as Partial<Settings>;
    return sanitise({ ...DEFAULT_SETTINGS, ...saved });
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export function saveSettings(settings: Settings, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(settings));
  } catch {
    // Private mode or a full quota: settings then last for this visit only.
  }
}

function sanitise(s: Settings): Settings {
  const clamp = (v: unknown, lo: number, hi: number, fallback: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback;
  return {
    modelId: typeof s.modelId === 'string' ? s.modelId : '',
    backend: s.backend === 'webgpu' || s.backend === 'wasm' ? s.backend : 'auto',
    scoreThreshold: clamp(s.scoreThreshold, 0, 1, DEFAULT_SETTINGS.scoreThreshold),
    iouThreshold: clamp(s.iouThreshold, 0, 1, DEFAULT_SETTINGS.iouThreshold),
    maxDetections: Math.round(clamp(s.maxDetections, 1, MAX_DETECTIONS_LIMIT, DEFAULT_SETTINGS.maxDetections)),
    classes: Array.isArray(s.classes) ? s.classes.filter((c) => typeof c === 'string') : null,
    cameraId: typeof s.cameraId === 'string' ? s.cameraId : null,
    facing: s.facing === 'user' ? 'user' : 'environment',
    trails: s.trails === true,
  };
}

/** What a page that embeds the app sets on it (its attributes); null (or absent) leaves the saved setting. */
export interface SettingOverrides {
  scoreThreshold?: number | null;
  iouThreshold?: number | null;
  maxDetections?: number | null;
  backend?: BackendPreference | null;
}

/**
 * The post-processing options in force, worked out in this one place: an override wins over the saved setting,
 * and the class filter (names) becomes the loaded model's class ids. Without a model (`classNames` null) every
 * class is kept.
 */
export function effectiveOptions(
  settings: Settings,
  overrides: SettingOverrides | null,
  classNames: readonly string[] | null,
): PostprocessOptions {
  const shown = settings.classes;
  return {
    scoreThreshold: overrides?.scoreThreshold ?? settings.scoreThreshold,
    iouThreshold: overrides?.iouThreshold ?? settings.iouThreshold,
    maxDetections: overrides?.maxDetections ?? settings.maxDetections,
    classes: shown && classNames ? classNames.flatMap((name, id) => (shown.includes(name) ? [id] : [])) : null,
  };
}

/** The backend asked for: the override, else the saved setting. */
export function effectiveBackend(settings: Settings, overrides: SettingOverrides | null): BackendPreference {
  return overrides?.backend ?? settings.backend;
}
