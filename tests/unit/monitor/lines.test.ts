import { describe, expect, it } from 'vitest';
import { LineWatcher } from '../../../src/monitor/lines';
import { SceneMonitor } from '../../../src/monitor/scene';
import type { LineConfig, MonitorConfig } from '../../../src/monitor/types';

// A 1000 × 1000 frame: normalised 0.35 is pixel 350, the dead band is 10 px (1% of the shorter side).
const W = 1000;
const H = 1000;
const gate: LineConfig = { name: 'gate', from: [0.35, 0], to: [0.35, 1] };

type Step = [x: number, y: number, t?: number];

/** Walks one track through anchor positions (0.1 s apart unless given) and returns the crossings. */
function walk(
  line: LineWatcher,
  steps: Step[],
  opts: { trackId?: number; label?: string; confirmed?: boolean; start?: number } = {},
) {
  const crossings: string[] = [];
  steps.forEach(([x, y, t], i) => {
    const time = t ?? (opts.start ?? 0) + i * 0.1;
    const d = line.observe(opts.trackId ?? 1, [x, y], time, opts.label ?? 'person', W, H, opts.confirmed ?? true);
    if (d) crossings.push(d);
  });
  return crossings;
}

describe('line crossing direction', () => {
  it('counts left to right across a line drawn from (0.35, 0) to (0.35, 1) as in', () => {
    const line = new LineWatcher(gate);
    expect(
      walk(line, [
        [200, 500],
        [300, 500],
        [400, 500],
        [500, 500],
      ]),
    ).toEqual(['in']);
    expect(line.counts()).toEqual({ in: { person: 1 }, out: {} });
  });

  it('counts right to left as out', () => {
    const line = new LineWatcher(gate);
    expect(
      walk(line, [
        [500, 500],
        [400, 500],
        [300, 500],
        [200, 500],
      ]),
    ).toEqual(['out']);
    expect(line.counts()).toEqual({ in: {}, out: { person: 1 } });
  });

  it('gives the same answer through SceneMonitor with box anchors (bottom-center)', () => {
    const config: MonitorConfig = { version: 1, zones: [], lines: [gate], minFrames: 1 };
    const monitor = new SceneMonitor(config);
    const xs = [200, 300, 400, 500];
    const events = xs.flatMap((x, i) =>
      monitor.update({
        t: i * 0.1,
        width: W,
        height: H,
        tracked: [{ trackId: 7, label: 'person', classId: 0, score: 0.9, box: [x - 20, 400, x + 20, 500] }],
        ended: [],
      }),
    );
    const crossings = events.filter((e) => e.type === 'line-cross');
    expect(crossings).toHaveLength(1);
    expect(crossings[0]).toMatchObject({
      line: 'gate',
      direction: 'in',
      trackId: 7,
      label: 'person',
      t: 0.2,
      box: [380, 400, 420, 500],
    });
    expect(monitor.counts().lines.gate).toEqual({ in: { person: 1 }, out: {} });
  });

  it('counts in and out on a horizontal line: up is in, down is out', () => {
    // from (0.2, 0.5) to (0.8, 0.5): s(p) = 600 (p.y − 500), so below is s > 0.
    const line = new LineWatcher({ name: 'h', from: [0.2, 0.5], to: [0.8, 0.5] });
    expect(
      walk(
        line,
        [
          [500, 700],
          [500, 300],
        ],
        { trackId: 1 },
      ),
    ).toEqual(['in']);
    expect(
      walk(
        line,
        [
          [500, 300],
          [500, 700],
        ],
        { trackId: 2 },
      ),
    ).toEqual(['out']);
  });
});

describe('line crossing geometry', () => {
  it('counts a jump across the line between two frames', () => {
    const line = new LineWatcher(gate);
    expect(
      walk(line, [
        [100, 500],
        [900, 500],
      ]),
    ).toEqual(['in']);
  });

  it('does not count motion along the line (on it, in the band, or beside it)', () => {
    const line = new LineWatcher(gate);
    const along = (x: number) => Array.from({ length: 20 }, (_, i): Step => [x, 50 * i]);
    expect(walk(line, along(350), { trackId: 1 })).toEqual([]);
    expect(walk(line, along(357), { trackId: 2 })).toEqual([]);
    expect(walk(line, along(330), { trackId: 3 })).toEqual([]);
    expect(walk(line, along(365), { trackId: 4 })).toEqual([]);
    expect(line.size).toBe(2); // tracks 1 and 2 never left the band: no side to remember
  });

  it('does not count crossing the infinite line beside the segment, but takes the new side', () => {
    const short: LineConfig = { name: 'short', from: [0.35, 0.2], to: [0.35, 0.4] };
    const line = new LineWatcher(short);
    // y = 800 is below the segment's end at y = 400.
    expect(
      walk(line, [
        [200, 800],
        [300, 800],
        [400, 800],
        [500, 800],
      ]),
    ).toEqual([]);
    // Back across through the segment: an out (the track is known to be on the right now).
    expect(
      walk(
        line,
        [
          [500, 300],
          [200, 300],
        ],
        { start: 5 },
      ),
    ).toEqual(['out']);
  });

  it('counts a path through an endpoint of the line, not one just beyond it', () => {
    // Horizontal line y = 500 from x = 200 to x = 800.
    const line = new LineWatcher({ name: 'h', from: [0.2, 0.5], to: [0.8, 0.5] });
    // Diagonal through the end (800, 500) exactly.
    expect(
      walk(
        line,
        [
          [700, 400],
          [900, 600],
        ],
        { trackId: 1 },
      ),
    ).toEqual(['out']);
    // The same diagonal 2 px to the right passes beside the end.
    expect(
      walk(
        line,
        [
          [702, 400],
          [902, 600],
        ],
        { trackId: 2 },
      ),
    ).toEqual([]);
  });

  it('keeps its committed side in normalised coordinates across a resolution change', () => {
    const line = new LineWatcher(gate);
    line.observe(1, [200, 500], 0, 'person', 1000, 1000, true);
    // Same place at 500 × 500, then across.
    expect(line.observe(1, [250, 250], 0.2, 'person', 500, 500, true)).toBe('in');
  });
});

describe('line crossing debounce', () => {
  it('does not count jitter inside the dead band, then counts the real crossing once', () => {
    const line = new LineWatcher(gate);
    const jitter: Step[] = [
      [300, 500],
      [345, 500],
      [355, 500],
      [342, 500],
      [358, 500],
      [349, 500],
      [351, 500],
    ];
    expect(walk(line, jitter)).toEqual([]);
    expect(
      walk(
        line,
        [
          [400, 500],
          [450, 500],
        ],
        { start: 1 },
      ),
    ).toEqual(['in']);
  });

  it('does not count jitter in the band that returns to the side it came from', () => {
    const line = new LineWatcher(gate);
    expect(
      walk(line, [
        [300, 500],
        [352, 500],
        [358, 500],
        [355, 500],
        [300, 500],
      ]),
    ).toEqual([]);
  });

  it('counts jitter wider than the band at most once per direction within the minimum interval', () => {
    const line = new LineWatcher(gate);
    const steps: Step[] = Array.from({ length: 10 }, (_, i): Step => [i % 2 ? 370 : 330, 500, i * 0.05]);
    const crossings = walk(line, steps);
    expect(crossings.filter((d) => d === 'in').length).toBeLessThanOrEqual(1);
    expect(crossings.filter((d) => d === 'out').length).toBeLessThanOrEqual(1);
    expect(crossings).toEqual(['in', 'out']);
  });

  it('skips a same-direction crossing within the interval (still taking the side), counts it after', () => {
    const line = new LineWatcher(gate);
    const steps: Step[] = [
      [300, 500, 0],
      [400, 500, 0.1], // in
      [300, 500, 0.5], // out
      [400, 500, 0.6], // in again 0.5 s after the last in: not counted, but the track is now on the right
      [300, 500, 2], // out, 1.5 s after the last out
      [400, 500, 2.1], // in, 2 s after the last counted in
    ];
    expect(walk(line, steps)).toEqual(['in', 'out', 'out', 'in']);
    expect(line.counts()).toEqual({ in: { person: 2 }, out: { person: 2 } });
  });

  it('keeps the interval per track', () => {
    const line = new LineWatcher(gate);
    expect(
      walk(
        line,
        [
          [300, 500],
          [400, 500],
        ],
        { trackId: 1 },
      ),
    ).toEqual(['in']);
    expect(
      walk(
        line,
        [
          [300, 500],
          [400, 500],
        ],
        { trackId: 2 },
      ),
    ).toEqual(['in']);
  });

  it('has a configurable band and interval', () => {
    const line = new LineWatcher(gate, { deadBand: 0.1, minIntervalSeconds: 0 });
    // ±50 px is inside a 100 px band.
    expect(
      walk(line, [
        [300, 500],
        [400, 500],
        [300, 500],
      ]),
    ).toEqual([]);
    expect(
      walk(
        line,
        [
          [200, 500],
          [500, 500],
          [200, 500],
          [500, 500],
        ],
        { start: 1 },
      ),
    ).toEqual(['in', 'out', 'in']);
  });
});

describe('line crossing classes and confirmation', () => {
  it('counts only the listed classes, per class', () => {
    const line = new LineWatcher({ ...gate, classes: ['person', 'dog'] });
    expect(
      walk(
        line,
        [
          [200, 500],
          [500, 500],
        ],
        { trackId: 1, label: 'car' },
      ),
    ).toEqual([]);
    expect(
      walk(
        line,
        [
          [200, 500],
          [500, 500],
        ],
        { trackId: 2, label: 'dog' },
      ),
    ).toEqual(['in']);
    expect(
      walk(
        line,
        [
          [500, 500],
          [200, 500],
        ],
        { trackId: 3, label: 'person' },
      ),
    ).toEqual(['out']);
    expect(line.counts()).toEqual({ in: { dog: 1 }, out: { person: 1 } });
    expect(line.size).toBe(2); // the car has no state
  });

  it('counts a crossing made before confirmation once the track confirms', () => {
    const line = new LineWatcher(gate);
    expect(
      walk(
        line,
        [
          [200, 500],
          [300, 500],
          [400, 500],
        ],
        { confirmed: false },
      ),
    ).toEqual([]);
    expect(line.observe(1, [450, 500], 0.3, 'person', W, H, true)).toBe('in');
  });

  it('does not count a crossing undone before confirmation', () => {
    const line = new LineWatcher(gate);
    expect(
      walk(
        line,
        [
          [200, 500],
          [400, 500],
          [200, 500],
        ],
        { confirmed: false },
      ),
    ).toEqual([]);
    expect(line.observe(1, [210, 500], 0.3, 'person', W, H, true)).toBeNull();
  });

  it('forgets a track on delete and resets its counts', () => {
    const line = new LineWatcher(gate);
    walk(line, [
      [200, 500],
      [500, 500],
    ]);
    line.delete(1);
    expect(line.size).toBe(0);
    line.resetCounts();
    expect(line.counts()).toEqual({ in: {}, out: {} });
  });
});
