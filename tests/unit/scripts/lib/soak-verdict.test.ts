import { describe, expect, it } from 'vitest';
import { soakVerdict, type SoakSample } from '../../../../scripts/lib/soak-verdict';

const sample = (pageHeapMb: number, workerHeapMb: number | null, frames = 100): SoakSample => ({
  frames,
  events: 5,
  pageHeapMb,
  workerHeapMb,
  openFrames: 0,
  restarts: 0,
});

describe('soakVerdict', () => {
  it('is flat when the last sample is within 10 % of the first, page and worker alike', () => {
    const v = soakVerdict([sample(5, 10), sample(6, 12), sample(5.4, 10.9, 900)]);
    expect(v.flat).toBe(true);
    expect(v.line).toBe('soak: frames 900 events 5 heap_mb 15.0->16.3 leaked_frames 0 restarts 0 verdict flat');
  });

  it('is growing when either heap grew more than 10 %, even if the total did not', () => {
    expect(soakVerdict([sample(5, 10), sample(5.6, 9)]).flat).toBe(false);
    expect(soakVerdict([sample(5, 10), sample(4, 11.2)]).flat).toBe(false);
  });

  it('is growing with no samples at all', () => {
    expect(soakVerdict([]).flat).toBe(false);
  });
});
