/** The shared COCO subset (never copied into the project), test videos made from one of its images, ground truth. */
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
export function stillVideo(out: string, encode: string[], image = resolve(COCO_DIR, 'images', CAMERA_IMAGE)): string {
  if (existsSync(out)) return out;
  mkdirSync(dirname(out), { recursive: true });
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', image, ...encode, out]);
  return out;
}

/** The fake camera's video: CAMERA_IMAGE as a still (made by tests/browser/global-setup.ts). */
export const FAKE_CAMERA = resolve(CACHE_DIR, 'fake-camera.y4m');
/** A short video file of the same image, for the video-file source. */
export const VIDEO_CLIP = resolve(CACHE_DIR, 'clip.webm');

/** Non-crowd ground truth of one image as [x1, y1, x2, y2] boxes with class names. */
export function groundTruth(
  fileName: string,
): Array<{ label: string; box: [number, number, number, number]; area: number }> {
  const data = loadAnnotations();
  const image = data.images.find((i) => i.file_name === fileName);
  if (!image) throw new Error(`${fileName} is not annotated`);
  const names = new Map(data.categories.map((c) => [c.id, c.name]));
  return data.annotations
    .filter((a) => a.image_id === image.id && !a.iscrowd)
    .map((a) => ({
      label: names.get(a.category_id)!,
      box: [a.bbox[0], a.bbox[1], a.bbox[0] + a.bbox[2], a.bbox[1] + a.bbox[3]],
      area: a.area,
    }));
}
