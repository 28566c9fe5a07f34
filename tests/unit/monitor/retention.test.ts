import { describe, expect, it } from 'vitest';
import { planEviction, planRetention, type StoredItem } from '../../../src/monitor/retention';

const HOUR = 3_600_000;
const NOW = 100 * HOUR;
const item = (id: string, hoursAgo: number, bytes: number): StoredItem => ({
  id,
  timeMs: NOW - hoursAgo * HOUR,
  bytes,
});

// Deliberately out of order.
const items = [item('c', 3, 300), item('a', 30, 100), item('e', 1, 500), item('b', 25, 200), item('d', 2, 400)];

describe('planRetention', () => {
  it('deletes everything older than the maximum age, oldest first', () => {
    expect(planRetention(items, { maxAgeMs: 24 * HOUR, maxBytes: Infinity, nowMs: NOW })).toEqual(['a', 'b']);
  });

  it('keeps an item exactly at the maximum age', () => {
    expect(planRetention([item('x', 24, 1)], { maxAgeMs: 24 * HOUR, maxBytes: Infinity, nowMs: NOW })).toEqual([]);
  });

  it('then deletes the oldest until the total fits', () => {
    // After a and b: c 300 + d 400 + e 500 = 1200; down to ≤ 900 takes c.
    expect(planRetention(items, { maxAgeMs: 24 * HOUR, maxBytes: 900, nowMs: NOW })).toEqual(['a', 'b', 'c']);
    expect(planRetention(items, { maxAgeMs: 24 * HOUR, maxBytes: 899, nowMs: NOW })).toEqual(['a', 'b', 'c', 'd']);
    expect(planRetention(items, { maxAgeMs: Infinity, maxBytes: 1500, nowMs: NOW })).toEqual([]);
    expect(planRetention(items, { maxAgeMs: Infinity, maxBytes: 1400, nowMs: NOW })).toEqual(['a']);
  });

  it('can delete everything', () => {
    expect(planRetention(items, { maxAgeMs: Infinity, maxBytes: 0, nowMs: NOW })).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(planRetention([], { maxAgeMs: 0, maxBytes: 0, nowMs: NOW })).toEqual([]);
  });

  it('breaks time ties by id, whatever the input order', () => {
    const tied = [item('z', 5, 10), item('m', 5, 10), item('k', 5, 10)];
    expect(planRetention(tied, { maxAgeMs: Infinity, maxBytes: 10, nowMs: NOW })).toEqual(['k', 'm']);
    expect(planRetention([...tied].reverse(), { maxAgeMs: Infinity, maxBytes: 10, nowMs: NOW })).toEqual(['k', 'm']);
  });

  it('does not change its input', () => {
    const copy = structuredClone(items);
    planRetention(items, { maxAgeMs: HOUR, maxBytes: 0, nowMs: NOW });
    expect(items).toEqual(copy);
  });
});

describe('planEviction', () => {
  it('deletes the oldest until enough bytes are freed', () => {
    expect(planEviction(items, 100)).toEqual(['a']);
    expect(planEviction(items, 101)).toEqual(['a', 'b']);
    expect(planEviction(items, 600)).toEqual(['a', 'b', 'c']);
  });

  it('deletes nothing when nothing is needed, everything when not enough is stored', () => {
    expect(planEviction(items, 0)).toEqual([]);
    expect(planEviction(items, -5)).toEqual([]);
    expect(planEviction(items, 10_000)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
