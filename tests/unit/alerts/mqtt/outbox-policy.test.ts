import { describe, expect, it } from 'vitest';
import { OUTBOX_CAPACITY, overflow } from '../../../../src/alerts/mqtt/outbox-policy';

describe('outbox policy', () => {
  it('keeps at least 500 events and drops the oldest beyond the capacity', () => {
    expect(OUTBOX_CAPACITY).toBeGreaterThanOrEqual(500);
    expect(overflow(0, 1)).toBe(0);
    expect(overflow(OUTBOX_CAPACITY - 1, 1)).toBe(0);
    expect(overflow(OUTBOX_CAPACITY, 1)).toBe(1);
    expect(overflow(10, 5, 12)).toBe(3);
  });
});
