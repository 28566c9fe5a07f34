import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CACHE_DIR, CAMERA_IMAGE, COCO_DIR, FAKE_CAMERA, VIDEO_CLIP } from './coco';

/** Makes the fake camera's .y4m and a video file from a COCO image (never committed: built at test time). */
export default function globalSetup(): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  const image = resolve(COCO_DIR, 'images', CAMERA_IMAGE);
  if (!existsSync(FAKE_CAMERA)) {
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', image, '-frames:v', '10', '-r', '10', '-pix_fmt', 'yuv420p', FAKE_CAMERA]);
  }
  if (!existsSync(VIDEO_CLIP)) {
    // 4 s of VP8 at 10 fps, 480x304 so that its frames are told apart from the camera's.
    const encode = ['-t', '4', '-r', '10', '-vf', 'scale=480:304,setsar=1', '-c:v', 'libvpx', '-b:v', '1M', '-pix_fmt', 'yuv420p'];
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', image, ...encode, VIDEO_CLIP]);
  }
}
