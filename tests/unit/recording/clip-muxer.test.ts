import { describe, expect, it } from 'vitest';
import { CLIP_FRAME_RATE } from '../../../src/recording/clip-encoder';
import { gridSlots } from '../../../src/recording/clip-muxer';

describe('gridSlots', () => {
  it('snaps jittery frame times to the clip frame rate, strictly increasing', () => {
    expect(CLIP_FRAME_RATE).toBe(15);
    // 0, ~1/15 s (a bit early), two frames in one slot, a gap of a second.
    expect(gridSlots([0, 0.06, 0.13, 0.14, 1.2])).toEqual([0, 1, 2, 3, 18]);
  });
});
