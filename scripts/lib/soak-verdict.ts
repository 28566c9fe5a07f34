/** The soak test's verdict from its per-minute samples: pure, so that it is unit-tested in Node. */

export interface SoakSample {
  /** Frames processed since the start of sampling. */
  frames: number;
  events: number;
  /** Used JS heap of the page and of the detector worker, MB (null: not measurable in this browser). */
  pageHeapMb: number;
  workerHeapMb: number | null;
  /** VideoFrames handed to the worker and not closed. */
  openFrames: number;
  /** Restarts of the detector since the page loaded. */
  restarts: number;
}

export interface SoakVerdict {
  flat: boolean;
  line: string;
}

/** Growth allowed between the first sample after warm-up and the last one. */
export const HEAP_TOLERANCE = 0.1;

/** Flat when the last sample is at most the first (after warm-up) + 10 %, for the page and the worker alike. */
export function soakVerdict(samples: readonly SoakSample[]): SoakVerdict {
  if (samples.length === 0) return { flat: false, line: 'soak: no samples verdict growing' };
  const first = samples[0];
  const last = samples[samples.length - 1];
  const within = (a: number | null, b: number | null) => a === null || b === null || b <= a * (1 + HEAP_TOLERANCE);
  const flat = within(first.pageHeapMb, last.pageHeapMb) && within(first.workerHeapMb, last.workerHeapMb);
  const heap = (s: SoakSample) => (s.pageHeapMb + (s.workerHeapMb ?? 0)).toFixed(1);
  const line =
    `soak: frames ${last.frames} events ${last.events} heap_mb ${heap(first)}->${heap(last)} ` +
    `leaked_frames ${last.openFrames} restarts ${last.restarts} verdict ${flat ? 'flat' : 'growing'}`;
  return { flat, line };
}
