import { describe, expect, it } from 'vitest';
import { categoryIdsOf, classOfCategory, type CategoryLayout } from '../../../../src/detection/formats/category-ids';
import { torchvision } from '../../../../src/detection/formats/torchvision';

describe('category ids', () => {
  it('reads COCO ids when the model names no classes, the ids as they are when it does', () => {
    expect(categoryIdsOf({})).toEqual({ categoryIds: 'coco', numClasses: 80 });
    expect(categoryIdsOf({ names: "{0: 'background', 1: 'cat', 2: 'dog'}" })).toEqual({
      categoryIds: 'names',
      numClasses: 3,
    });
  });

  it('maps or drops an id under each reading', () => {
    const layout = (categoryIds: 'coco' | 'names', numClasses: number) =>
      ({ categoryIds, numClasses }) as CategoryLayout;
    expect([1, 13, 90, 0, 12, 91].map((id) => classOfCategory(layout('coco', 80), id))).toEqual([
      0, 11, 79, -1, -1, -1,
    ]);
    expect([0, 2, 3, -1, 1.5, NaN].map((id) => classOfCategory(layout('names', 3), id))).toEqual([
      0, 2, -1, -1, -1, -1,
    ]);
  });

  it('torchvision skips label 0 even when the names give it one', () => {
    const layout = torchvision.recognise({
      inputs: [{ name: 'images', type: 'float32', dims: [1, 3, 64, 64] }],
      outputs: [
        { name: 'boxes', type: 'float32', dims: [2, 4] },
        { name: 'labels', type: 'int64', dims: [2] },
        { name: 'scores', type: 'float32', dims: [2] },
      ],
      metadata: { names: '["__background__", "cat", "dog"]' },
    })!;
    expect(layout).toMatchObject({ categoryIds: 'names', numClasses: 3 });
    const found = torchvision.decode(
      { boxes: [0, 0, 1, 1, 0, 0, 2, 2], labels: [0, 2], scores: [0.9, 0.8] },
      layout,
      0.5,
    );
    expect(found.map((c) => [c.index, c.classId])).toEqual([[1, 2]]);
  });
});
