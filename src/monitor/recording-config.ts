/**
 * The monitor configuration's "clips" and "masks" sections: validation with the path of every bad field, and
 * defaults. Called by parseMonitorConfig (config.ts); pure, no DOM.
 */
import type { ClipsConfig, NormPoint, PrivacyMask } from './types';

export const DEFAULT_PRE_ROLL_SECONDS = 5;
export const MAX_PRE_ROLL_SECONDS = 60;
export const DEFAULT_POST_CAPTURE_SECONDS = 5;
/** Beyond this a clip would never end while anything moves; a typo, not a wish. */
export const MAX_POST_CAPTURE_SECONDS = 600;

type Json = Record<string, unknown>;

/** `"clips": { "enabled", "preRollSeconds", "postCaptureSeconds" }`, with defaults filled in. */
export function parseClipsConfig(value: unknown, errors: string[]): ClipsConfig | undefined {
  if (!isObject(value)) {
    errors.push('clips: expected an object { "enabled", "preRollSeconds", "postCaptureSeconds" }');
    return undefined;
  }
  const clips: ClipsConfig = {
    ...value,
    enabled: value.enabled ?? true,
    preRollSeconds: value.preRollSeconds ?? DEFAULT_PRE_ROLL_SECONDS,
    postCaptureSeconds: value.postCaptureSeconds ?? DEFAULT_POST_CAPTURE_SECONDS,
  } as ClipsConfig;
  if (typeof clips.enabled !== 'boolean') errors.push('clips.enabled: expected true or false');
  checkRange(clips.preRollSeconds, 'clips.preRollSeconds', 0, MAX_PRE_ROLL_SECONDS, errors);
  checkRange(clips.postCaptureSeconds, 'clips.postCaptureSeconds', 0, MAX_POST_CAPTURE_SECONDS, errors);
  return clips;
}

/** `"masks": [{ "name", "points": [[x, y], …] }]`: polygons normalised to the frame, like zones. */
export function parseMasks(value: unknown, errors: string[]): PrivacyMask[] {
  if (!Array.isArray(value)) {
    errors.push('masks: expected an array of { "name", "points" }');
    return [];
  }
  const seen = new Set<string>();
  return value.map((item, i) => {
    const path = `masks[${i}]`;
    if (!isObject(item)) {
      errors.push(`${path}: expected an object`);
      return { name: '', points: [] };
    }
    const name = typeof item.name === 'string' && item.name.trim() !== '' ? item.name : '';
    if (!name) errors.push(`${path}.name: must be a non-empty string`);
    else if (seen.has(name)) errors.push(`${path}.name: duplicate name "${name}"`);
    seen.add(name);
    const points: NormPoint[] = [];
    if (!Array.isArray(item.points)) errors.push(`${path}.points: expected an array of [x, y] points`);
    else {
      if (item.points.length < 3) errors.push(`${path}.points: a polygon needs at least 3 points`);
      item.points.forEach((p, j) => {
        if (isPoint(p)) points.push([p[0], p[1]]);
        else errors.push(`${path}.points[${j}]: expected [x, y] with numbers in 0..1`);
      });
    }
    return { ...item, name, points };
  });
}

/** The masks' polygons in pixels of a picture `width` × `height` (what a canvas fills). */
export function maskPolygons(
  masks: readonly PrivacyMask[],
  width: number,
  height: number,
): Array<Array<[number, number]>> {
  return masks.filter((m) => m.points.length >= 3).map((m) => m.points.map(([x, y]) => [x * width, y * height]));
}

function checkRange(value: unknown, path: string, min: number, max: number, errors: string[]): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    errors.push(`${path}: expected a number in ${min}..${max}`);
  }
}

function isPoint(value: unknown): value is NormPoint {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1)
  );
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
