import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Detection } from '../../../src/detection/types';
import { parseMonitorConfig } from '../../../src/monitor/config';
import { Monitor } from '../../../src/monitor/monitor';
import type { MonitorConfig, MonitorEventDraft } from '../../../src/monitor/types';

const config = (() => {
  const parsed = parseMonitorConfig(
    JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../tests/fixtures/walker-monitor.json'), 'utf8')),
  );
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.config;
})();

/** The browser test's walk (tests/browser/walker-video.ts) as detections: 640x480, 10 fps. */
function walkerCentre(t: number): number {
  if (t < 3) return 80 + 120 * t;
  if (t < 8) return 440;
  return 440 + 120 * (t - 8);
}

function person(t: number, score = 0.85): Detection[] {
  const cx = walkerCentre(t);
  if (cx - 70 > 640) return [];
  return [{ label: 'person', classId: 0, score, box: [Math.max(0, cx - 70), 108, Math.min(640, cx + 70), 468] }];
}

function run(
  monitor: Monitor,
  seconds: number,
  detect: (t: number) => Detection[],
  fps = 10,
  t0 = 0,
): MonitorEventDraft[] {
  const events: MonitorEventDraft[] = [];
  for (let i = 0; i < seconds * fps; i++) {
    const t = t0 + i / fps;
    events.push(...monitor.process({ t, width: 640, height: 480, detections: detect(t) }).events);
  }
  return events;
}

describe('Monitor (tracker + rules)', () => {
  it('follows the walker across the gate, into the door zone, loitering, out, and gone, with one track id', () => {
    const monitor = new Monitor();
    monitor.setConfig(config);
    const events = run(monitor, 13, person);
    expect(events.map((e) => [e.type, e.zone ?? e.line ?? '', e.direction ?? ''])).toEqual([
      ['object-appeared', '', ''],
      ['line-cross', 'gate', 'in'],
      ['zone-enter', 'door', ''],
      ['loiter', 'door', ''],
      ['zone-exit', 'door', ''],
      ['object-left', '', ''],
    ]);
    expect(new Set(events.map((e) => e.trackId)).size).toBe(1);
    const cross = events.find((e) => e.type === 'line-cross')!;
    expect(cross.t).toBeGreaterThan(1.1);
    expect(cross.t).toBeLessThan(1.5);
    const loiter = events.find((e) => e.type === 'loiter')!;
    const enter = events.find((e) => e.type === 'zone-enter')!;
    expect(loiter.t - enter.t).toBeGreaterThanOrEqual(2.7);
    expect(events.find((e) => e.type === 'zone-exit')!.dwellSeconds).toBeGreaterThan(6);
    // Everything about the track is freed once it has left.
    expect(monitor.stateSize).toBe(0);
  });

  it('reports the track id on the input detections', () => {
    const monitor = new Monitor();
    monitor.setConfig(config);
    let last: ReturnType<Monitor['process']> | null = null;
    for (let i = 0; i < 5; i++)
      last = monitor.process({ t: i / 10, width: 640, height: 480, detections: person(i / 10) });
    expect(last!.detections[0].trackId).toBe(1);
    expect(last!.detections[0].box).toEqual(person(0.4)[0].box);
  });

  it('starts afresh when the clock goes back (another recording), freeing every per-track state', () => {
    const monitor = new Monitor();
    monitor.setConfig(config);
    run(monitor, 5, person);
    expect(monitor.stateSize).toBeGreaterThan(0);
    const again = run(monitor, 13, person);
    expect(again.filter((e) => e.type === 'line-cross')).toHaveLength(1);
    expect(monitor.stateSize).toBe(0);
  });

  it('keeps its state flat over many short-lived objects', () => {
    const monitor = new Monitor();
    const busy: MonitorConfig = { ...config, lines: [...config.lines, { name: 'mid', from: [0, 0.5], to: [1, 0.5] }] };
    monitor.setConfig(busy);
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let t = 0;
    for (let burst = 0; burst < 200; burst++) {
      const x = random() * 500;
      const y = random() * 300;
      for (let i = 0; i < 8; i++, t += 0.1) {
        monitor.process({
          t,
          width: 640,
          height: 480,
          detections: [{ label: 'person', classId: 0, score: 0.9, box: [x + i * 5, y, x + 100 + i * 5, y + 170] }],
        });
      }
      for (let i = 0; i < 15; i++, t += 0.1) monitor.process({ t, width: 640, height: 480, detections: [] });
    }
    expect(monitor.stateSize).toBe(0);
  });
});
