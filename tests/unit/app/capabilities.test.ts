import { describe, expect, it } from 'vitest';
import { formatBytes, wasmThreadCount } from '../../../src/app/capabilities';

describe('device report', () => {
  it('uses up to 4 WASM threads, only when cross-origin isolated', () => {
    expect(wasmThreadCount(false, 8)).toBe(1);
    expect(wasmThreadCount(true, 2)).toBe(2);
    expect(wasmThreadCount(true, 16)).toBe(4);
    expect(wasmThreadCount(true, 0)).toBe(1);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(28_900_000)).toBe('28 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });
});
