import { describe, expect, it } from 'vitest';
import type { Box } from '../../../src/detection/types';
import { SceneMonitor, type SceneEvent } from '../../../src/monitor/scene';
import type { MonitorConfig, TrackedDetection } from '../../../src/monitor/types';

const W = 1000;
const H = 1000;

const door = {
  name: 'door',
  points: [
    [0.5, 0.85],
    [0.8, 0.85],
    [0.8, 1],
    [0.5, 1],
  ] as [number, number][],
  classes: ['person'],
  loiterSeconds: 4,
};
const gate = {
  name: 'gate',
  from: [0.35, 0] as [number, number],
  to: [0.35, 1] as [number, number],
  classes: ['person'],
};
const config: MonitorConfig = { version: 1, zones: [door], lines: [gate] };

/** A 40 × 100 box whose bottom-center is (x, y). */
const feet = (x: number, y: number): Box => [x - 20, y - 100, x + 20, y];
const det = (trackId: number, box: Box, score = 0.9, label = 'person'): TrackedDetection => ({
  trackId,
  label,
  classId: 0,
  score,
  box,
});

function frame(monitor: SceneMonitor, t: number, tracked: TrackedDetection[], ended: number[] = []): SceneEvent[] {
  return monitor.update({ t, width: W, height: H, tracked, ended });
}
const types = (events: SceneEvent[]) => events.map((e) => e.type);

describe('confirmation', () => {
  it('confirms a track after minFrames with a high median score', () => {
    const monitor = new SceneMonitor(config);
    expect(frame(monitor, 0, [det(1, feet(100, 500))])).toEqual([]);
    expect(frame(monitor, 0.1, [det(1, feet(100, 500))])).toEqual([]);
    const events = frame(monitor, 0.2, [det(1, feet(110, 500), 0.8)]);
    expect(events).toEqual([
      { type: 'object-appeared', t: 0.2, trackId: 1, label: 'person', score: 0.8, box: feet(110, 500) },
    ]);
    expect(frame(monitor, 0.3, [det(1, feet(120, 500))])).toEqual([]);
    expect(monitor.counts().confirmed).toEqual({ person: 1 });
  });

  it('follows config.minFrames', () => {
    const monitor = new SceneMonitor({ ...config, minFrames: 1 });
    expect(types(frame(monitor, 0, [det(1, feet(100, 500))]))).toEqual(['object-appeared']);
  });

  it('never confirms a steady low-scoring track, nor a single high flicker', () => {
    const monitor = new SceneMonitor(config);
    const scores = [0.3, 0.35, 0.95, 0.3, 0.4, 0.3, 0.35, 0.3, 0.3, 0.3];
    const events = scores.flatMap((s, i) => frame(monitor, i * 0.1, [det(1, feet(100, 500), s)]));
    expect(events).toEqual([]);
    expect(types(frame(monitor, 1, [], [1]))).toEqual([]); // ends silently
    expect(monitor.counts().confirmed).toEqual({});
  });

  it('confirms once the median of the recent scores reaches the minimum', () => {
    const monitor = new SceneMonitor(config);
    const scores = [0.4, 0.45, 0.4, 0.6, 0.7, 0.65];
    const at = scores.map((s, i) => types(frame(monitor, i, [det(1, feet(100, 500), s)])));
    // Medians from the 3rd frame: 0.4, 0.425, 0.45, 0.525: the 6th frame reaches 0.5.
    expect(at.findIndex((e) => e.includes('object-appeared'))).toBe(5);
  });

  it('uses the class filter, else "*", else 0.5', () => {
    const filters = { car: { minScore: 0.8 }, '*': { minScore: 0.3 } };
    const monitor = new SceneMonitor({ ...config, minFrames: 1, filters });
    expect(types(frame(monitor, 0, [det(1, feet(100, 500), 0.7, 'car')]))).toEqual([]);
    expect(types(frame(monitor, 0, [det(2, feet(100, 500), 0.35, 'dog')]))).toEqual(['object-appeared']);
    const plain = new SceneMonitor({ ...config, minFrames: 1 });
    expect(types(frame(plain, 0, [det(3, feet(100, 500), 0.45)]))).toEqual([]);
    expect(types(frame(plain, 0, [det(4, feet(100, 500), 0.5)]))).toEqual(['object-appeared']);
  });

  it('ignores detections outside the class area limits: not seen, no zones, no lines', () => {
    // minArea 0.003 of 1000 × 1000 = 3000 px²; the 40 × 100 box has 4000, a 20 × 50 box 1000.
    const monitor = new SceneMonitor({
      ...config,
      minFrames: 2,
      filters: { person: { minArea: 0.003, maxArea: 0.5 } },
    });
    const tiny = (x: number, y: number): Box => [x - 10, y - 50, x + 10, y];
    expect(frame(monitor, 0, [det(1, tiny(100, 500))])).toEqual([]);
    expect(frame(monitor, 0.1, [det(1, tiny(110, 500))])).toEqual([]);
    expect(monitor.trackedStateCount()).toBe(0);
    expect(frame(monitor, 0.2, [det(1, feet(120, 500))])).toEqual([]);
    expect(types(frame(monitor, 0.3, [det(1, feet(130, 500))]))).toEqual(['object-appeared']);
    // Across the gate while too small: nothing; when it is seen properly again on the other side, it counts.
    expect(frame(monitor, 0.4, [det(1, tiny(600, 500))])).toEqual([]);
    expect(types(frame(monitor, 0.5, [det(1, feet(600, 500))]))).toEqual(['line-cross']);
    // A huge box is ignored too.
    expect(frame(monitor, 0.6, [det(1, [0, 0, 1000, 1000])])).toEqual([]);
  });

  it('raises object-left for a confirmed track that ends, nothing for an unconfirmed one', () => {
    const monitor = new SceneMonitor(config);
    for (let i = 0; i < 3; i++) frame(monitor, i, [det(1, feet(100, 500)), det(2, feet(200, 500), 0.2)]);
    const events = frame(monitor, 5, [], [1, 2]);
    expect(events).toEqual([
      { type: 'object-left', t: 5, trackId: 1, label: 'person', score: 0.9, box: feet(100, 500) },
    ]);
    expect(monitor.counts().confirmed).toEqual({});
  });
});

describe('zones in the scene', () => {
  it('walks a person across the gate into the door, loitering, then away', () => {
    const monitor = new SceneMonitor(config);
    const path: [number, number][] = [
      [200, 700],
      [250, 750],
      [300, 800],
      [400, 850], // across the gate (x 350): in
      [600, 900], // in the door zone from here
      [620, 900],
      [640, 900], // third in-zone frame: zone-enter
      [650, 900],
      [660, 900],
      [670, 900], // last in-zone frame: dwell t 4 → t 9 = 5 s
      [900, 500], // out
      [900, 500],
      [900, 500], // third out-of-zone frame: zone-exit
    ];
    const events = path.flatMap(([x, y], i) => frame(monitor, i, [det(1, feet(x, y))]).map((e) => ({ ...e, i })));
    expect(events.map((e) => [e.type, e.i])).toEqual([
      ['object-appeared', 2],
      ['line-cross', 3],
      ['zone-enter', 6],
      ['loiter', 8], // first in-zone t 4, t 8: 4 s
      ['zone-exit', 12],
    ]);
    const byType = Object.fromEntries(events.map((e) => [e.type, e]));
    expect(byType['line-cross']).toMatchObject({ line: 'gate', direction: 'in' });
    expect(byType['zone-enter']).toMatchObject({ zone: 'door', t: 6, box: feet(640, 900) });
    expect(byType['loiter']).toMatchObject({ zone: 'door', dwellSeconds: 4 });
    expect(byType['zone-exit']).toMatchObject({ zone: 'door', dwellSeconds: 5, t: 12 });
  });

  it('closes open visits before object-left when the track ends', () => {
    const monitor = new SceneMonitor(config);
    for (let i = 0; i < 4; i++) frame(monitor, i, [det(1, feet(600, 900))]);
    expect(monitor.counts().zones.door.occupancy).toEqual({ person: 1 });
    const events = frame(monitor, 6, [], [1]);
    expect(events.map((e) => e.type)).toEqual(['zone-exit', 'object-left']);
    expect(events[0]).toMatchObject({ zone: 'door', dwellSeconds: 3, t: 6, box: feet(600, 900) });
    expect(monitor.counts().zones.door).toEqual({ occupancy: {}, entered: { person: 1 } });
  });

  it('only lets the zone classes in', () => {
    const monitor = new SceneMonitor({ ...config, minFrames: 1 });
    const events = [0, 1, 2, 3].flatMap((t) => frame(monitor, t, [det(1, feet(600, 900), 0.9, 'car')]));
    expect(types(events)).toEqual(['object-appeared']);
    expect(monitor.counts().zones.door.occupancy).toEqual({});
  });

  it('uses the box center with anchor "center"', () => {
    const zone = {
      name: 'top',
      points: [
        [0, 0],
        [1, 0],
        [1, 0.5],
        [0, 0.5],
      ] as [number, number][],
      inertia: 1,
    };
    const box: Box = [100, 400, 200, 560]; // center y 480 (in), bottom 560 (out)
    const bottom = new SceneMonitor({ version: 1, zones: [zone], lines: [], minFrames: 1 });
    expect(types(frame(bottom, 0, [det(1, box)]))).toEqual(['object-appeared']);
    const center = new SceneMonitor({ version: 1, zones: [zone], lines: [], minFrames: 1, anchor: 'center' });
    expect(types(frame(center, 0, [det(1, box)]))).toEqual(['object-appeared', 'zone-enter']);
  });
});

describe('counts', () => {
  it('reports zones, lines and confirmed objects per class, and resets totals only', () => {
    const monitor = new SceneMonitor({ ...config, minFrames: 1 });
    for (let i = 0; i < 3; i++)
      frame(monitor, i, [det(1, feet(600, 900)), det(2, feet(200 + 200 * i, 500)), det(3, feet(100, 100), 0.9, 'car')]);
    expect(monitor.counts()).toEqual({
      zones: { door: { occupancy: { person: 1 }, entered: { person: 1 } } },
      lines: { gate: { in: { person: 1 }, out: {} } },
      confirmed: { person: 2, car: 1 },
    });
    monitor.resetCounts();
    expect(monitor.counts()).toEqual({
      zones: { door: { occupancy: { person: 1 }, entered: {} } },
      lines: { gate: { in: {}, out: {} } },
      confirmed: { person: 2, car: 1 },
    });
  });
});

describe('setConfig', () => {
  it('drops the state of removed zones and lines, keeps that of zones kept by name', () => {
    const monitor = new SceneMonitor(config);
    for (let i = 0; i < 4; i++) frame(monitor, i, [det(1, feet(600, 900)), det(2, feet(100, 500))]);
    // confirmation ×2, door visit ×1, gate side ×2 (both tracks are clearly on one side of it)
    expect(monitor.trackedStateCount()).toBe(5);
    monitor.setConfig({ ...config, lines: [] });
    expect(monitor.trackedStateCount()).toBe(3);
    expect(monitor.counts().lines).toEqual({});
    expect(monitor.counts().zones.door.occupancy).toEqual({ person: 1 });
    // The kept zone closes its visit normally.
    expect(types(frame(monitor, 9, [], [1]))).toEqual(['zone-exit', 'object-left']);
    monitor.setConfig({ ...config, zones: [] });
    expect(monitor.trackedStateCount()).toBe(1);
  });
});

describe('memory', () => {
  it('frees every per-track entry when tracks end', () => {
    const monitor = new SceneMonitor({
      ...config,
      zones: [{ ...door, classes: [] }],
      lines: [{ ...gate, classes: [] }],
    });
    let t = 0;
    for (let batch = 0; batch < 200; batch++) {
      const ids = [batch * 3, batch * 3 + 1, batch * 3 + 2];
      for (let step = 0; step < 6; step++) {
        frame(
          monitor,
          (t += 0.1),
          ids.map((id, k) =>
            det(id, feet(100 + step * 100 + k, 700 + 40 * k), k === 2 ? 0.2 : 0.9, k ? 'person' : 'car'),
          ),
        );
      }
      frame(monitor, (t += 0.1), [], ids);
      expect(monitor.trackedStateCount()).toBe(0);
    }
    expect(monitor.counts().lines.gate.in).toEqual({ car: 200, person: 200 });
  });
});
