import { describe, expect, it } from 'vitest';
import { boxOnScreen, detectionAt, type ViewGeometry } from '../../../../src/components/lib/box-hit';
import type { Detection } from '../../../../src/detection/types';

describe('tapping a box', () => {
  const person: Detection = { label: 'person', classId: 0, score: 0.9, box: [100, 100, 300, 400] };
  const cup: Detection = { label: 'cup', classId: 41, score: 0.6, box: [150, 150, 200, 200] };
  // A 640x480 frame in a 320x240 box: scale 0.5, no bars.
  const view: ViewGeometry = { fit: 'contain', viewWidth: 320, viewHeight: 240, frameWidth: 640, frameHeight: 480 };

  it('maps frame boxes to the element', () => {
    expect(boxOnScreen(person, view)).toEqual({ x: 50, y: 50, width: 100, height: 150 });
    // cover in a tall phone screen: 640x480 into 390x844 → scale 844/480, centred horizontally.
    const phone = boxOnScreen(person, {
      fit: 'cover',
      viewWidth: 390,
      viewHeight: 844,
      frameWidth: 640,
      frameHeight: 480,
    });
    const s = 844 / 480;
    expect(phone.x).toBeCloseTo((390 - 640 * s) / 2 + 100 * s, 9);
    expect(phone.height).toBeCloseTo(300 * s, 9);
  });

  it('picks the smallest box under the finger, with some slop, and nothing elsewhere', () => {
    expect(detectionAt([person, cup], 87, 87, view)).toBe(cup);
    expect(detectionAt([person, cup], 60, 180, view)).toBe(person);
    expect(detectionAt([person, cup], 45, 60, view)).toBe(person);
    expect(detectionAt([person, cup], 300, 20, view)).toBeNull();
    expect(detectionAt([person], 60, 60, { ...view, frameWidth: 0 })).toBeNull();
  });
});
