import { describe, expect, it } from 'vitest';
import { classColor, classTextColor } from '../../../src/components/class-colors';

describe('classTextColor', () => {
  it('writes black on light label colours and white on dark ones', () => {
    // id 1: hue 137.5 (green), luminance ≈ 0.55 → black; id 20: hue 230.2 (blue), luminance ≈ 0.13 → white.
    expect(classColor(1)).toBe('hsl(137.508 85% 55%)');
    expect(classTextColor(1)).toBe('#000');
    expect(classColor(20)).toMatch(/^hsl\(230\.16\d* 85% 55%\)$/);
    expect(classTextColor(20)).toBe('#fff');
  });
});
