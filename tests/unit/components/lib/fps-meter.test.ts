import { describe, expect, it } from 'vitest';
import { FpsMeter } from '../../../../src/components/lib/fps-meter';

describe('FpsMeter', () => {
  it('10 ticks 100 ms apart → 10 fps', () => {
    const meter = new FpsMeter();
    expect(meter.tick(0)).toBe(0); // one tick: no interval yet
    let fps = 0;
    for (let t = 100; t <= 900; t += 100) fps = meter.tick(t);
    // 9 intervals over 900 ms: 9 * 1000 / 900 = 10
    expect(fps).toBe(10);
  });

  it('keeps about one second of ticks', () => {
    const meter = new FpsMeter();
    let fps = 0;
    // 50 ms apart for 3 s: the window is the ticks within 1000 ms: t = 2000..3000, 20 intervals over 1000 ms = 20
    for (let t = 0; t <= 3000; t += 50) fps = meter.tick(t);
    expect(fps).toBe(20);
    // Slower now: a tick 500 ms later keeps ticks ≥ 2500: 2500..3000 (11 ticks) + 3500 → 11 intervals over 1000 ms = 11
    expect(meter.tick(3500)).toBe(11);
  });

  it('after a pause the last two ticks give the rate', () => {
    const meter = new FpsMeter();
    for (let t = 0; t <= 900; t += 100) meter.tick(t);
    // At 5000 every old tick but 900 is dropped: 1 interval over 4100 ms
    expect(meter.tick(5000)).toBeCloseTo(1000 / 4100, 10);
  });

  it('reset starts over', () => {
    const meter = new FpsMeter();
    meter.tick(0);
    meter.tick(100);
    meter.reset();
    expect(meter.tick(200)).toBe(0);
    expect(meter.tick(250)).toBe(20); // 1 interval of 50 ms
  });
});
