import { describe, expect, it } from 'vitest';
import { FIRST_RESULT_MS, FrameWatchdog, MIN_STALL_MS, RestartBudget } from '../../../src/app/watchdog';

describe('FrameWatchdog', () => {
  it('is never stalled while disarmed (no frames offered), however long the silence', () => {
    const dog = new FrameWatchdog();
    expect(dog.stalled(1e9)).toBe(false);
  });

  it('gives a first result FIRST_RESULT_MS (model warm-up), then max(2 s, 10 × p95 frame time)', () => {
    const dog = new FrameWatchdog();
    dog.arm(0);
    expect(dog.stalled(FIRST_RESULT_MS - 1)).toBe(false);
    expect(dog.stalled(FIRST_RESULT_MS + 1)).toBe(true);
    dog.progress(100, 50);
    expect(dog.limitMs).toBe(MIN_STALL_MS);
    expect(dog.stalled(100 + MIN_STALL_MS)).toBe(false);
    expect(dog.stalled(100 + MIN_STALL_MS + 1)).toBe(true);
  });

  it('scales the limit with a slow model: 10 × its p95, not a few slow outliers', () => {
    const dog = new FrameWatchdog();
    dog.arm(0);
    for (let i = 0; i < 100; i++) dog.progress(i, i < 96 ? 400 : 5000);
    expect(dog.p95Ms).toBe(400);
    expect(dog.limitMs).toBe(4000);
    dog.progress(200, 400);
    expect(dog.stalled(200 + 3999)).toBe(false);
    expect(dog.stalled(200 + 4001)).toBe(true);
  });

  it('restarts its clock when re-armed after a pause', () => {
    const dog = new FrameWatchdog();
    dog.arm(0);
    dog.progress(10, 20);
    dog.disarm();
    dog.arm(100_000);
    expect(dog.silentFor(100_500)).toBe(500);
    expect(dog.stalled(100_500)).toBe(false);
  });
});

describe('RestartBudget', () => {
  it('asks for a page reload at the third restart within ten minutes, not when they are spread out', () => {
    const budget = new RestartBudget();
    expect(budget.record(0)).toBe(false);
    expect(budget.record(5 * 60_000)).toBe(false);
    expect(budget.record(9 * 60_000)).toBe(true);
    const spread = new RestartBudget();
    expect(spread.record(0)).toBe(false);
    expect(spread.record(6 * 60_000)).toBe(false);
    expect(spread.record(12 * 60_000)).toBe(false);
  });
});
