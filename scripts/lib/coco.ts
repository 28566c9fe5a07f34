/** The shared COCO subset (never copied into the project) and test videos made from one of its images. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CocoDataset } from '../../src/detection/coco-eval';

export const COCO_DIR = resolve(import.meta.dirname, '../../../shared/data/coco-val2017-subset');
export const CACHE_DIR = resolve(import.meta.dirname, '../../.cache');
/** The image the fake camera and the benchmarks show: a person and an elephant, both large. */
export const CAMERA_IMAGE = '000000519208.jpg';

export function loadAnnotations(): CocoDataset {
  return JSON.parse(readFileSync(resolve(COCO_DIR, 'instances.json'), 'utf8')) as CocoDataset;
}

/** The annotated images that are present, in annotation order. */
export function cocoImages(): string[] {
  return loadAnnotations()
    .images.map((i) => i.file_name)
    .filter((f) => existsSync(resolve(COCO_DIR, 'images', f)));
}

/** Makes `out` (unless it exists) with ffmpeg from CAMERA_IMAGE looped as a still; `encode` sets length, rate, codec. */
export function stillVideo(out: string, encode: string[]): string {
  if (existsSync(out)) return out;
  mkdirSync(dirname(out), { recursive: true });
  const image = resolve(COCO_DIR, 'images', CAMERA_IMAGE);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', image, ...encode, out]);
  return out;
}
