import { contentRect, type ObjectFit, type Rect } from '../../detection/object-fit';
import type { Detection } from '../../detection/types';

/** The picture's geometry on screen: the element's size, how the frame is fitted into it, the frame's size. */
export interface ViewGeometry {
  fit: ObjectFit;
  viewWidth: number;
  viewHeight: number;
  frameWidth: number;
  frameHeight: number;
}

/** A detection's box in the element's CSS pixels. */
export function boxOnScreen(detection: Detection, view: ViewGeometry): Rect {
  const picture = contentRect(view.fit, view.viewWidth, view.viewHeight, view.frameWidth, view.frameHeight);
  const sx = picture.width / view.frameWidth;
  const sy = picture.height / view.frameHeight;
  const [x1, y1, x2, y2] = detection.box;
  return { x: picture.x + x1 * sx, y: picture.y + y1 * sy, width: (x2 - x1) * sx, height: (y2 - y1) * sy };
}

/**
 * The detection a tap at (x, y) (element CSS pixels) means: among the boxes that contain the point, widened by
 * `slop` pixels for fingers, the smallest one (a box inside another is otherwise impossible to pick).
 */
export function detectionAt(
  detections: readonly Detection[],
  x: number,
  y: number,
  view: ViewGeometry,
  slop = 8,
): Detection | null {
  if (!(view.frameWidth > 0 && view.frameHeight > 0)) return null;
  let best: Detection | null = null;
  let bestArea = Infinity;
  for (const detection of detections) {
    const r = boxOnScreen(detection, view);
    const inside = x >= r.x - slop && x <= r.x + r.width + slop && y >= r.y - slop && y <= r.y + r.height + slop;
    const area = r.width * r.height;
    if (inside && area < bestArea) {
      best = detection;
      bestArea = area;
    }
  }
  return best;
}
