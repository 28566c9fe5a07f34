import { readdirSync, statSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import type { FrameResult } from '../../src/engine/types';

/** Image files Chromium decodes. */
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.bmp', '.gif', '.avif']);

/** One image's line of `npm run detect`'s output: boxes in the image's own pixels. */
export interface ImageDetections {
  file: string;
  width: number;
  height: number;
  detections: Array<{ label: string; classId: number; score: number; box: [number, number, number, number] }>;
}

/**
 * The images to detect on: the file itself, or the image files of a folder and its subfolders in name order,
 * with the folder they are served from and their names relative to it.
 */
export function listImages(fileOrDir: string): { root: string; files: string[] } {
  const path = resolve(fileOrDir);
  if (!statSync(path).isDirectory()) return { root: resolve(path, '..'), files: [relative(resolve(path, '..'), path)] };
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = resolve(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(relative(path, full));
    }
  };
  walk(path);
  return { root: path, files };
}

/** The served URL of an image under `prefix`, each path segment escaped. */
export function imageUrl(prefix: string, file: string): string {
  return prefix + file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/** A frame result as the output file has it; `labels` (a user's labels file) rename the classes by id. */
export function toImageDetections(
  file: string,
  result: Pick<FrameResult, 'width' | 'height' | 'detections'>,
  labels: readonly string[] | null,
): ImageDetections {
  return {
    file,
    width: result.width,
    height: result.height,
    detections: result.detections.map((d) => ({
      label: labels?.[d.classId] ?? d.label,
      classId: d.classId,
      score: round(d.score, 4),
      box: d.box.map((v) => round(v, 2)) as [number, number, number, number],
    })),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
