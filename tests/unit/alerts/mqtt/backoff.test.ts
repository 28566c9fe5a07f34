import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../../../../src/alerts/mqtt/backoff';

describe('reconnect back-off', () => {
  it('waits 1 s, doubles, and stays at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(reconnectDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(reconnectDelayMs(-1)).toBe(1000);
  });
});
