import { COCO_CATEGORY_IDS } from './coco-classes';
import type { Detection } from './types';

export interface CocoResultRow {
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  score: number;
}

/**
 * Maps model class ids to the dataset's category ids: by name when the dataset names the model's classes,
 * else by COCO's 80-class order.
 */
export function categoryMapper(
  classNames: readonly string[],
  categories: ReadonlyArray<{ id: number; name: string }>,
): (classId: number) => number | null {
  const byName = new Map(categories.map((c) => [c.name, c.id]));
  if (classNames.every((name) => byName.has(name))) return (classId) => byName.get(classNames[classId]) ?? null;
  if (classNames.length === COCO_CATEGORY_IDS.length) return (classId) => COCO_CATEGORY_IDS[classId] ?? null;
  return () => null;
}

/** One image's detections as COCO result rows (bbox [x, y, w, h] in image pixels). */
export function toCocoResults(
  imageId: number,
  detections: Detection[],
  categoryOf: (classId: number) => number | null,
): CocoResultRow[] {
  return detections.flatMap((d) => {
    const category = categoryOf(d.classId);
    if (category === null) return [];
    const [x1, y1, x2, y2] = d.box;
    return [{ image_id: imageId, category_id: category, bbox: [x1, y1, x2 - x1, y2 - y1], score: d.score }];
  });
}
