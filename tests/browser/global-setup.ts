import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CACHE_DIR, CAMERA_IMAGE, COCO_DIR, FAKE_CAMERA } from './coco';

/** Makes the fake camera's .y4m from a COCO image (never committed: built at test time). */
export default function globalSetup(): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  if (existsSync(FAKE_CAMERA)) return;
  const image = resolve(COCO_DIR, 'images', CAMERA_IMAGE);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', image, '-frames:v', '10', '-r', '10', '-pix_fmt', 'yuv420p', FAKE_CAMERA]);
}
