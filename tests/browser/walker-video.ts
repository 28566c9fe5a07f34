/**
 * A test video made with ffmpeg at test time (never committed): a person cropped from a COCO image walks
 * left to right across a snowy background, stops for a while, then walks out of the picture.
 * The script of the walk is exported so tests can say where the person is at any time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CACHE_DIR, COCO_DIR } from '../support/coco';

/** The snowboarder of COCO 000000343937 (annotated box 275,15,135,394) on snow like her own. */
const SOURCE = '000000343937.jpg';
const CROP = { x: 262, y: 8, width: 160, height: 410 };
export const WALKER = {
  width: 640,
  height: 480,
  fps: 10,
  seconds: 13,
  /** The person's height on screen, px; her feet are near the bottom. */
  personHeight: 360,
  top: 108,
  /** Centre x (px) of the person at time t: walks right at 120 px/s, stands 5 s, walks out of the picture. */
  centre(t: number): number {
    if (t < 3) return 80 + 120 * t;
    if (t < 8) return 440;
    return 440 + 120 * (t - 8);
  },
};

export const WALKER_VIDEO = resolve(CACHE_DIR, 'walker.webm');

/** The same walk as an ffmpeg expression for the overlay's left edge (commas escaped for the filter graph). */
function leftEdgeExpression(personWidth: number): string {
  const half = personWidth / 2;
  return `if(lt(t\\,3)\\,${80 - half}+120*t\\,if(lt(t\\,8)\\,${440 - half}\\,${440 - half}+120*(t-8)))`;
}

export function makeWalkerVideo(out = WALKER_VIDEO): string {
  if (existsSync(out)) return out;
  mkdirSync(dirname(out), { recursive: true });
  const personWidth = Math.round((CROP.width * WALKER.personHeight) / CROP.height);
  const graph =
    `[1:v]crop=${CROP.width}:${CROP.height}:${CROP.x}:${CROP.y},scale=${personWidth}:${WALKER.personHeight}[p];` +
    `[0:v][p]overlay=x='${leftEdgeExpression(personWidth)}':y=${WALKER.top}:eval=frame,format=yuv420p`;
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=0xe9e9ec:s=${WALKER.width}x${WALKER.height}:r=${WALKER.fps}:d=${WALKER.seconds}`,
    '-i',
    resolve(COCO_DIR, 'images', SOURCE),
    '-filter_complex',
    graph,
    '-r',
    String(WALKER.fps),
    '-c:v',
    'libvpx',
    '-b:v',
    '1M',
    '-g',
    '10',
    out,
  ]);
  return out;
}

/** The walk, then `emptySeconds` of empty snow: looped, each walk starts after a quiet spell (a clip's pre-roll). */
export function makePausedWalkerVideo(emptySeconds = 5): string {
  const out = resolve(CACHE_DIR, `walker-then-empty-${emptySeconds}s.webm`);
  if (existsSync(out)) return out;
  const { width, height, fps } = WALKER;
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-i',
    makeWalkerVideo(),
    '-f',
    'lavfi',
    '-i',
    `color=c=0xe9e9ec:s=${width}x${height}:r=${fps}:d=${emptySeconds}`,
    '-filter_complex',
    '[0:v][1:v]concat=n=2:v=1,format=yuv420p[v]',
    '-map',
    '[v]',
    '-r',
    String(fps),
    '-c:v',
    'libvpx',
    '-b:v',
    '1M',
    '-g',
    '10',
    out,
  ]);
  return out;
}

/** A video as a fake camera: Chromium's `--use-file-for-fake-video-capture` plays (and loops) a .y4m file. */
export function makeCameraFile(video: string): string {
  const out = video.replace(/\.[^.]+$/, '.y4m');
  if (!existsSync(out))
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-i',
      video,
      '-r',
      String(WALKER.fps),
      '-pix_fmt',
      'yuv420p',
      out,
    ]);
  return out;
}
