import { COCO_CATEGORY_IDS } from './coco-classes';

/**
 * COCO category ids (1..90, with gaps; 0 = background in torchvision) → the 80-class index of COCO_CLASSES.
 * TF Object Detection API and torchvision exports report category ids; the app counts classes 0..79.
 */
const CLASS_OF_CATEGORY: ReadonlyMap<number, number> = new Map(COCO_CATEGORY_IDS.map((id, index) => [id, index]));

/** The 80-class index of a COCO category id, or -1 for background, the unused ids and anything else. */
export function cocoCategoryToClass(categoryId: number): number {
  return CLASS_OF_CATEGORY.get(categoryId) ?? -1;
}
