import { cocoCategoryToClass } from '../coco-ids';
import { COCO_CLASSES } from '../coco-classes';
import { parseClassNames } from '../onnx-metadata';
import type { OutputLayout } from './format';

/**
 * Formats whose rows carry dataset category ids (TF Object Detection API, torchvision) rather than class indices.
 * 'coco': no names of its own, so the ids are COCO's 1..90 and map to the app's 80 classes (others dropped);
 * 'names': the model's metadata (or the user's labels file) names the ids, so an id indexes those names as it is.
 */
export type CategoryIds = 'coco' | 'names';

export interface CategoryLayout extends OutputLayout {
  categoryIds: CategoryIds;
}

/** How a model's category ids are read, and the class count that follows: 80 for COCO, else the names'. */
export function categoryIdsOf(metadata: Record<string, string>): { categoryIds: CategoryIds; numClasses: number } {
  const names = parseClassNames(metadata);
  return names
    ? { categoryIds: 'names', numClasses: names.length }
    : { categoryIds: 'coco', numClasses: COCO_CLASSES.length };
}

/** The class index of a category id under the layout's reading, or -1 to drop the row. */
export function classOfCategory(layout: OutputLayout, categoryId: number): number {
  const { categoryIds, numClasses } = layout as CategoryLayout;
  if (categoryIds === 'names')
    return Number.isInteger(categoryId) && categoryId >= 0 && categoryId < numClasses ? categoryId : -1;
  return cocoCategoryToClass(categoryId);
}
