import { describe, expect, it } from 'vitest';
import {
  addLine,
  addZone,
  flipLine,
  moveShape,
  moveVertex,
  removeShape,
  renameShape,
  setClasses,
  setLoiter,
} from '../../../../src/components/lib/scene-edits';
import { parseMonitorConfig } from '../../../../src/monitor/config';
import type { MonitorConfig } from '../../../../src/monitor/types';

describe('configuration edits', () => {
  const base: MonitorConfig = {
    version: 1,
    anchor: 'center',
    zones: [
      {
        name: 'porch',
        points: [
          [0.1, 0.1],
          [0.3, 0.1],
          [0.3, 0.3],
        ],
        classes: ['person'],
        loiterSeconds: 30,
      },
    ],
    lines: [{ name: 'gate', from: [0.5, 0.1], to: [0.5, 0.9] }],
    mqtt: { url: 'ws://broker' },
  };
  const frozen = JSON.stringify(base);
  const valid = (config: MonitorConfig) => expect(parseMonitorConfig(config).ok).toBe(true);

  it('adds shapes under unique default names, keeping every other field', () => {
    const { config, ref } = addZone(base, [
      [0.5, 0.5],
      [0.6, 0.5],
      [0.6, 0.6],
    ]);
    expect(ref).toEqual({ kind: 'zone', name: 'zone 1' });
    expect(config.zones[1]).toEqual({
      name: 'zone 1',
      points: [
        [0.5, 0.5],
        [0.6, 0.5],
        [0.6, 0.6],
      ],
    });
    expect((config as unknown as { mqtt: unknown }).mqtt).toEqual({ url: 'ws://broker' });
    expect(config.anchor).toBe('center');
    valid(config);
    const line = addLine(config, [0.1, 0.5], [0.9, 0.5])!;
    expect(line.ref).toEqual({ kind: 'line', name: 'line 1' });
    valid(line.config);
    expect(addLine(base, [0.2, 0.2], [0.2, 0.2])).toBeNull();
    expect(JSON.stringify(base)).toBe(frozen);
  });

  it('renames: trimmed, unique per kind', () => {
    const zone = { kind: 'zone', name: 'porch' } as const;
    const renamed = renameShape(base, zone, '  front porch ');
    expect('config' in renamed && renamed.config.zones[0].name).toBe('front porch');
    expect(renameShape(base, zone, ' ')).toEqual({ error: 'A name is needed' });
    expect(
      renameShape(
        addZone(base, [
          [0, 0],
          [1, 0],
          [1, 1],
        ]).config,
        zone,
        'zone 1',
      ),
    ).toEqual({ error: '“zone 1” is taken' });
    // A zone and a line may share a name (the schema checks each list).
    expect('config' in renameShape(base, zone, 'gate')).toBe(true);
    expect(JSON.stringify(base)).toBe(frozen);
  });

  it('classes and loitering: set, or removed when empty', () => {
    const zone = { kind: 'zone', name: 'porch' } as const;
    expect(setClasses(base, zone, ['car', 'truck']).zones[0].classes).toEqual(['car', 'truck']);
    expect('classes' in setClasses(base, zone, undefined).zones[0]).toBe(false);
    expect(setClasses(base, { kind: 'line', name: 'gate' }, ['person']).lines[0].classes).toEqual(['person']);
    expect(setLoiter(base, zone, 12.5).zones[0].loiterSeconds).toBe(12.5);
    expect('loiterSeconds' in setLoiter(base, zone, undefined).zones[0]).toBe(false);
    expect(JSON.stringify(base)).toBe(frozen);
  });

  it('flips, deletes and moves', () => {
    const gate = { kind: 'line', name: 'gate' } as const;
    expect(flipLine(base, gate).lines[0]).toEqual({ name: 'gate', from: [0.5, 0.9], to: [0.5, 0.1] });
    expect(removeShape(base, gate).lines).toEqual([]);
    expect(removeShape(base, { kind: 'zone', name: 'porch' }).zones).toEqual([]);
    expect(moveVertex(base, gate, 1, [0.7, 0.8]).lines[0].to).toEqual([0.7, 0.8]);
    // A line's ends never meet.
    expect(moveVertex(base, gate, 1, [0.5, 0.1]).lines[0].to).toEqual([0.5, 0.9]);
    expect(moveVertex(base, { kind: 'zone', name: 'porch' }, 2, [0.2, 0.4]).zones[0].points).toEqual([
      [0.1, 0.1],
      [0.3, 0.1],
      [0.2, 0.4],
    ]);
    expect(moveShape(base, gate, 0.6, 0.05).lines[0]).toEqual({ name: 'gate', from: [1, 0.15], to: [1, 0.95] });
    expect(JSON.stringify(base)).toBe(frozen);
  });
});
