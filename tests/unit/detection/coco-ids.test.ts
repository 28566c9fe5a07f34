import { describe, expect, it } from 'vitest';
import { COCO_CATEGORY_IDS, COCO_CLASSES } from '../../../src/detection/coco-classes';
import { cocoCategoryToClass } from '../../../src/detection/coco-ids';

describe('cocoCategoryToClass', () => {
  it('maps the first, a post-gap and the last category id', () => {
    expect(COCO_CLASSES[cocoCategoryToClass(1)]).toBe('person');
    expect(COCO_CLASSES[cocoCategoryToClass(13)]).toBe('stop sign'); // 12 is unused
    expect(COCO_CLASSES[cocoCategoryToClass(27)]).toBe('backpack'); // 26 is unused
    expect(COCO_CLASSES[cocoCategoryToClass(90)]).toBe('toothbrush');
  });

  it('maps every one of the 80 categories to its own class, in order', () => {
    expect(COCO_CATEGORY_IDS.map(cocoCategoryToClass)).toEqual(Array.from({ length: 80 }, (_, i) => i));
  });

  it('gives -1 for background, unused ids and non-ids', () => {
    for (const id of [0, 12, 26, 29, 30, 45, 66, 68, 69, 71, 83, 91, -1, 1.5, NaN, Infinity]) {
      expect(cocoCategoryToClass(id), String(id)).toBe(-1);
    }
  });
});
