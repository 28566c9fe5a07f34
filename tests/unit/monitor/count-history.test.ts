import { describe, expect, it } from 'vitest';
import { CountHistory } from '../../../src/monitor/count-history';
import type { MonitorEvent } from '../../../src/monitor/types';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0); // a minute boundary

const cross = (ms: number, direction: 'in' | 'out', line = 'gate'): MonitorEvent => ({
  id: String(ms),
  type: 'line-cross',
  time: new Date(ms).toISOString(),
  t: 0,
  trackId: 1,
  label: 'person',
  score: 0.9,
  box: [0, 0, 1, 1],
  line,
  direction,
});
const enter = (ms: number, zone = 'door', label = 'person'): MonitorEvent => ({
  ...cross(ms, 'in'),
  type: 'zone-enter',
  line: undefined,
  direction: undefined,
  zone,
  label,
});
const occupancy = (door: Record<string, number>) => ({ zones: { door: { occupancy: door, entered: {} } } });
const valuesOf = (h: CountHistory, now: number, name: string) =>
  h.series(now).series.find((s) => s.name === name)?.values;

describe('CountHistory', () => {
  it('returns one aligned time per bucket over the span, in seconds', () => {
    const h = new CountHistory({ bucketMs: MIN, spanMs: 5 * MIN });
    const { times, series } = h.series(T0 + 4 * MIN + 30_000);
    expect(times).toEqual([0, 1, 2, 3, 4].map((i) => (T0 + i * MIN) / 1000));
    expect(series).toEqual([]);
  });

  it('defaults to an hour of minutes', () => {
    expect(new CountHistory().series(T0).times).toHaveLength(60);
  });

  it('totals crossings and entries per bucket and series, 0 in running buckets, null where nothing ran', () => {
    const h = new CountHistory({ bucketMs: MIN, spanMs: 4 * MIN });
    h.record(cross(T0 + 1_000, 'in'));
    h.record(cross(T0 + 2_000, 'in'));
    h.record(cross(T0 + 3_000, 'out'));
    h.record(enter(T0 + 2 * MIN + 5_000));
    const { series } = h.series(T0 + 3 * MIN);
    expect(series).toEqual([
      { name: 'door person entered', values: [0, null, 1, null] },
      { name: 'gate in', values: [2, null, 0, null] },
      { name: 'gate out', values: [1, null, 0, null] },
    ]);
  });

  it('ignores events that are not crossings or entries', () => {
    const h = new CountHistory();
    h.record({ ...enter(T0), type: 'zone-exit' });
    h.record({ ...enter(T0), type: 'loiter' });
    h.record({ ...cross(T0, 'in'), type: 'object-appeared' });
    expect(h.series(T0).series).toEqual([]);
  });

  it('can take the wall time explicitly', () => {
    const h = new CountHistory({ bucketMs: MIN, spanMs: 2 * MIN });
    h.record(cross(0, 'in'), T0 + MIN);
    expect(valuesOf(h, T0 + MIN, 'gate in')).toEqual([null, 1]);
  });

  it('keeps the highest occupancy per bucket, and 0 once a class has left a sampled zone', () => {
    const h = new CountHistory({ bucketMs: MIN, spanMs: 3 * MIN });
    h.sample(T0, occupancy({ person: 1 }));
    h.sample(T0 + 10_000, occupancy({ person: 3, dog: 1 }));
    h.sample(T0 + 20_000, occupancy({ person: 2 }));
    h.sample(T0 + MIN, occupancy({}));
    expect(h.series(T0 + 2 * MIN).series).toEqual([
      { name: 'door dog', values: [1, 0, null] },
      { name: 'door person', values: [3, 0, null] },
    ]);
  });

  it('drops buckets older than the span, and series left without values', () => {
    const h = new CountHistory({ bucketMs: MIN, spanMs: 3 * MIN });
    h.record(cross(T0, 'in', 'old'));
    h.record(cross(T0 + MIN, 'in'));
    h.record(cross(T0 + 3 * MIN, 'in'));
    const { series } = h.series(T0 + 3 * MIN);
    expect(series.map((s) => s.name)).toEqual(['gate in']);
    expect(series[0].values).toEqual([1, null, 1]);
    // Too old to count any more: ignored.
    h.record(cross(T0, 'in'));
    expect(valuesOf(h, T0 + 3 * MIN, 'gate in')).toEqual([1, null, 1]);
  });

  it('stays bounded over a long run', () => {
    const h = new CountHistory({ bucketMs: MIN, spanMs: 60 * MIN });
    for (let i = 0; i < 24 * 60; i++) {
      h.record(cross(T0 + i * MIN, 'in', `line${i}`));
      h.sample(T0 + i * MIN, occupancy({ person: i % 4 }));
    }
    const end = T0 + (24 * 60 - 1) * MIN;
    const { times, series } = h.series(end);
    expect(times).toHaveLength(60);
    expect(series).toHaveLength(61); // 60 live lines + the occupancy
    expect((h as unknown as { buckets: Map<number, unknown> }).buckets.size).toBeLessThanOrEqual(60);
  });

  it('clears', () => {
    const h = new CountHistory();
    h.record(cross(T0, 'in'));
    h.clear();
    expect(h.series(T0).series).toEqual([]);
  });
});
