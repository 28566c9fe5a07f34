import { FAKE_CAMERA, stillVideo, VIDEO_CLIP } from '../support/coco';
import { makeWalkerVideo } from './walker-video';

/** Makes the fake camera's .y4m and a video file from a COCO image (never committed: built at test time). */
export default function globalSetup(): void {
  stillVideo(FAKE_CAMERA, ['-frames:v', '10', '-r', '10', '-pix_fmt', 'yuv420p']);
  // 4 s of VP8 at 10 fps, 480x304 so that its frames are told apart from the camera's.
  stillVideo(VIDEO_CLIP, [
    '-t',
    '4',
    '-r',
    '10',
    '-vf',
    'scale=480:304,setsar=1',
    '-c:v',
    'libvpx',
    '-b:v',
    '1M',
    '-pix_fmt',
    'yuv420p',
  ]);
  // A person walking across a line, standing in a zone, and leaving: the monitor's scenario.
  makeWalkerVideo();
}
