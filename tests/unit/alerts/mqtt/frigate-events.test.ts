import { describe, expect, it } from 'vitest';
import { FrigateEvents } from '../../../../src/alerts/mqtt/frigate-events';
import type { MonitorEvent } from '../../../../src/monitor/types';

let n = 0;
function event(type: MonitorEvent['type'], trackId: number, extra: Partial<MonitorEvent> = {}): MonitorEvent {
  n++;
  return {
    id: `e${n}`,
    type,
    time: new Date(1_700_000_000_000 + n * 1000).toISOString(),
    t: n,
    trackId,
    label: 'person',
    score: 0.5 + n / 100,
    box: [10, 20, 30, 60],
    ...extra,
  };
}

describe('Frigate-style events', () => {
  it('follows an object: new, updates with current and entered zones, end; then forgets it', () => {
    const frigate = new FrigateEvents('porch');
    const appeared = event('object-appeared', 7);
    const created = frigate.next(appeared)!;
    expect(created.type).toBe('new');
    expect(created.after).toMatchObject({
      id: appeared.id,
      camera: 'porch',
      label: 'person',
      box: [10, 20, 30, 60],
      area: 800,
      current_zones: [],
      entered_zones: [],
      end_time: null,
      event_id: appeared.id,
    });
    expect(created.after.start_time).toBe(Date.parse(appeared.time) / 1000);

    const entered = frigate.next(event('zone-enter', 7, { zone: 'door', box: [0, 0, 10, 10] }))!;
    expect(entered).toMatchObject({
      type: 'update',
      before: { current_zones: [] },
      after: { id: appeared.id, current_zones: ['door'], entered_zones: ['door'], area: 100 },
    });
    frigate.next(event('zone-enter', 7, { zone: 'yard' }));
    const left = frigate.next(event('zone-exit', 7, { zone: 'door' }))!;
    expect(left.after).toMatchObject({ current_zones: ['yard'], entered_zones: ['door', 'yard'] });
    expect(left.after.top_score).toBeGreaterThanOrEqual(left.after.score);
    expect(frigate.size).toBe(1);

    const gone = event('object-left', 7);
    const ended = frigate.next(gone)!;
    expect(ended).toMatchObject({
      type: 'end',
      after: {
        id: appeared.id,
        current_zones: [],
        entered_zones: ['door', 'yard'],
        active: false,
        end_time: Date.parse(gone.time) / 1000,
        event_id: gone.id,
      },
    });
    expect(frigate.size).toBe(0);
  });

  it('keeps objects apart, treats an object first heard of as new, and ignores alerts and system events', () => {
    const frigate = new FrigateEvents('c');
    frigate.next(event('object-appeared', 1));
    expect(frigate.next(event('zone-enter', 2, { zone: 'door' }))).toMatchObject({
      type: 'new',
      after: { track_id: 2, entered_zones: ['door'] },
    });
    expect(frigate.next(event('line-cross', 1, { line: 'gate', direction: 'in' }))?.after.entered_zones).toEqual([]);
    expect(frigate.next(event('alert', 1, { rule: 'r', actions: ['mqtt'] }))).toBeNull();
    expect(frigate.next({ ...event('object-appeared', 0), type: 'system' })).toBeNull();
    expect(frigate.size).toBe(2);
  });
});
