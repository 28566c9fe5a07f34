import { describe, expect, it } from 'vitest';
import { TrailBook } from '../../../../src/components/lib/trails';

describe('TrailBook (overlay trails)', () => {
  it('keeps a bounded trail per track and forgets tracks not seen for 2 s', () => {
    const book = new TrailBook();
    for (let i = 0; i < 50; i++) {
      book.add(
        [
          { label: 'person', classId: 0, score: 0.9, box: [i, 0, i + 10, 20], trackId: 1 },
          { label: 'cat', classId: 15, score: 0.9, box: [0, 0, 1, 1] },
        ],
        i * 100,
      );
    }
    expect(book.trails()).toHaveLength(1);
    expect(book.trails()[0].points).toHaveLength(30);
    expect(book.trails()[0].points.at(-1)).toEqual([54, 20]);
    book.add([], 4900 + 2001);
    expect(book.size).toBe(0);
  });
});
