import { resolve } from 'node:path';
import { CACHE_DIR, loadAnnotations } from '../../scripts/lib/coco';

export { CACHE_DIR, CAMERA_IMAGE, COCO_DIR, loadAnnotations } from '../../scripts/lib/coco';

export const FAKE_CAMERA = resolve(CACHE_DIR, 'fake-camera.y4m');
/** A short video file of the same image, for the video-file source. */
export const VIDEO_CLIP = resolve(CACHE_DIR, 'clip.webm');

/** Non-crowd ground truth of one image as [x1, y1, x2, y2] boxes with class names. */
export function groundTruth(fileName: string): Array<{ label: string; box: [number, number, number, number]; area: number }> {
  const data = loadAnnotations();
  const image = data.images.find((i) => i.file_name === fileName);
  if (!image) throw new Error(`${fileName} is not annotated`);
  const names = new Map(data.categories.map((c) => [c.id, c.name]));
  return data.annotations
    .filter((a) => a.image_id === image.id && !a.iscrowd)
    .map((a) => ({ label: names.get(a.category_id)!, box: [a.bbox[0], a.bbox[1], a.bbox[0] + a.bbox[2], a.bbox[1] + a.bbox[3]], area: a.area }));
}
