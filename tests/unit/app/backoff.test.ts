import { describe, expect, it } from 'vitest';
import { backoffDelay, CAMERA_BACKOFF } from '../../../src/app/backoff';

describe('backoffDelay', () => {
  it('doubles from the first delay and stays under the cap, so a returning camera is found within 10 s', () => {
    const delays = Array.from({ length: 40 }, (_, i) => backoffDelay(i));
    expect(delays.slice(0, 4)).toEqual([500, 1000, 2000, 4000]);
    expect(Math.max(...delays)).toBe(CAMERA_BACKOFF.maxMs);
    expect(CAMERA_BACKOFF.maxMs).toBeLessThan(10_000);
  });
});
