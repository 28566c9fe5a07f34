import { describe, expect, it } from 'vitest';
import { isIos } from '../../../src/app/install';

describe('isIos (install instructions)', () => {
  it('recognises iPhone, iPad and iPadOS that says it is a Mac', () => {
    expect(
      isIos(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1',
        5,
      ),
    ).toBe(true);
    expect(
      isIos('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.5 Safari/605.1.15', 5),
    ).toBe(true);
    expect(
      isIos('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.5 Safari/605.1.15', 0),
    ).toBe(false);
    expect(
      isIos('Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36', 5),
    ).toBe(false);
  });
});
