import { describe, expect, it } from 'vitest';
import { ZoneWatcher } from '../../../src/monitor/zones';
import type { ZoneConfig } from '../../../src/monitor/types';

const door: ZoneConfig = {
  name: 'door',
  points: [
    [0.5, 0.5],
    [1, 0.5],
    [1, 1],
    [0.5, 1],
  ],
};

/** Feeds one track's in/out frames, 1 s apart from t0, and lists what happened with the frame times. */
function feed(
  zone: ZoneWatcher,
  pattern: string,
  opts: { trackId?: number; t0?: number; label?: string; confirmed?: boolean } = {},
) {
  const out: string[] = [];
  [...pattern].forEach((c, i) => {
    const t = (opts.t0 ?? 0) + i;
    for (const h of zone.observe(opts.trackId ?? 1, c === 'I', t, opts.label ?? 'person', opts.confirmed ?? true)) {
      out.push(h.kind === 'enter' ? `enter@${t}` : `${h.kind}@${t}:${h.dwellSeconds}`);
    }
  });
  return out;
}

describe('zone membership', () => {
  it('tests the anchor against the polygon in pixels, boundary inside', () => {
    const zone = new ZoneWatcher(door);
    expect(zone.contains([700, 700], 'person', 1000, 1000)).toBe(true);
    expect(zone.contains([500, 700], 'person', 1000, 1000)).toBe(true); // on the left edge
    expect(zone.contains([1000, 1000], 'person', 1000, 1000)).toBe(true); // a corner
    expect(zone.contains([499, 700], 'person', 1000, 1000)).toBe(false);
    // Same normalised zone at another resolution.
    expect(zone.contains([350, 300], 'person', 640, 480)).toBe(true);
    expect(zone.contains([300, 300], 'person', 640, 480)).toBe(false);
  });

  it('applies the class filter (empty list = every class)', () => {
    const people = new ZoneWatcher({ ...door, classes: ['person'] });
    expect(people.contains([700, 700], 'person', 1000, 1000)).toBe(true);
    expect(people.contains([700, 700], 'car', 1000, 1000)).toBe(false);
    expect(new ZoneWatcher({ ...door, classes: [] }).contains([700, 700], 'car', 1000, 1000)).toBe(true);
  });
});

describe('zone inertia and dwell', () => {
  it('enters on the third consecutive in-zone frame and leaves after three out', () => {
    const zone = new ZoneWatcher(door);
    // in at t 0..4, out from t 5: exit on t 7; dwell from t 0 (first in) to t 4 (last in).
    expect(feed(zone, 'IIIIIOOO')).toEqual(['enter@2', 'exit@7:4']);
    expect(zone.size).toBe(0);
  });

  it('starts the entering run over when it is broken', () => {
    const zone = new ZoneWatcher(door);
    expect(feed(zone, 'IIOIII')).toEqual(['enter@5']);
    expect(zone.size).toBe(1);
  });

  it('does not flap on a box jittering at the edge', () => {
    const zone = new ZoneWatcher(door);
    expect(feed(zone, 'IIIOIOOIOIOIOOI')).toEqual(['enter@2']);
    expect(zone.occupancy()).toEqual({ person: 1 });
  });

  it('measures dwell to the last in-zone frame, not to the exit', () => {
    const zone = new ZoneWatcher(door);
    expect(feed(zone, 'OOIIIIOIOOO')).toEqual(['enter@4', 'exit@10:5']); // first in t 2, last in t 7
  });

  it('follows the configured inertia (1 = at once)', () => {
    const zone = new ZoneWatcher({ ...door, inertia: 1 });
    expect(feed(zone, 'IO')).toEqual(['enter@0', 'exit@1:0']);
    const slow = new ZoneWatcher({ ...door, inertia: 5 });
    expect(feed(slow, 'IIIIIOOOOO')).toEqual(['enter@4', 'exit@9:4']);
  });

  it('closes an open visit when the track ends', () => {
    const zone = new ZoneWatcher(door);
    feed(zone, 'IIIII');
    expect(zone.end(1)).toEqual({ kind: 'exit', dwellSeconds: 4 });
    expect(zone.end(1)).toBeNull();
    expect(zone.size).toBe(0);
  });

  it('ends a not-yet-entered visit silently', () => {
    const zone = new ZoneWatcher(door);
    feed(zone, 'II');
    expect(zone.end(1)).toBeNull();
    expect(zone.size).toBe(0);
  });
});

describe('loitering', () => {
  it('raises exactly one loiter per visit once inside long enough', () => {
    const zone = new ZoneWatcher({ ...door, loiterSeconds: 4 });
    expect(feed(zone, 'IIIIIIIIIOOO')).toEqual(['enter@2', 'loiter@4:4', 'exit@11:8']);
    // A new visit may loiter again.
    expect(feed(zone, 'IIIIII', { t0: 20 })).toEqual(['enter@22', 'loiter@24:4']);
  });

  it('does not loiter when the visit is shorter', () => {
    const zone = new ZoneWatcher({ ...door, loiterSeconds: 10 });
    expect(feed(zone, 'IIIIIOOO')).toEqual(['enter@2', 'exit@7:4']);
  });

  it('loiters on entry when loiterSeconds is 0', () => {
    const zone = new ZoneWatcher({ ...door, loiterSeconds: 0, inertia: 1 });
    expect(feed(zone, 'I')).toEqual(['enter@0', 'loiter@0:0']);
  });
});

describe('zones and confirmation', () => {
  it('raises nothing for an unconfirmed track and forgets it when it leaves', () => {
    const zone = new ZoneWatcher(door);
    expect(feed(zone, 'IIIIIOOO', { confirmed: false })).toEqual([]);
    expect(zone.size).toBe(0);
    expect(zone.entered()).toEqual({});
  });

  it('reports the entry when a track already inside confirms, dwell from its first in-zone frame', () => {
    const zone = new ZoneWatcher({ ...door, loiterSeconds: 3 });
    expect(feed(zone, 'IIII', { confirmed: false })).toEqual([]);
    expect(feed(zone, 'IOOO', { t0: 4 })).toEqual(['enter@4', 'loiter@4:4', 'exit@7:4']);
  });
});

describe('zone counts', () => {
  it('counts occupancy and entries per class; reset clears entries only', () => {
    const zone = new ZoneWatcher(door);
    feed(zone, 'III', { trackId: 1, label: 'person' });
    feed(zone, 'III', { trackId: 2, label: 'person' });
    feed(zone, 'III', { trackId: 3, label: 'dog' });
    expect(zone.occupancy()).toEqual({ person: 2, dog: 1 });
    expect(zone.entered()).toEqual({ person: 2, dog: 1 });
    feed(zone, 'OOO', { trackId: 2, t0: 3 });
    expect(zone.occupancy()).toEqual({ person: 1, dog: 1 });
    zone.resetCounts();
    expect(zone.entered()).toEqual({});
    expect(zone.occupancy()).toEqual({ person: 1, dog: 1 });
  });
});
