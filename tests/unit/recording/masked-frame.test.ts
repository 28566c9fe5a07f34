import { describe, expect, it } from 'vitest';
import { clipSize } from '../../../src/recording/masked-frame';

describe('clipSize', () => {
  it('keeps small frames, scales wide ones to 640 px, and makes both sides even', () => {
    expect(clipSize(640, 480)).toEqual({ width: 640, height: 480 });
    expect(clipSize(1920, 1080)).toEqual({ width: 640, height: 360 });
    expect(clipSize(1280, 721)).toEqual({ width: 640, height: 360 });
    expect(clipSize(321, 241)).toEqual({ width: 322, height: 242 });
  });
});
