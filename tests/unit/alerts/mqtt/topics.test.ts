import { describe, expect, it } from 'vitest';
import { FrigateEvents } from '../../../../src/alerts/mqtt/frigate-events';
import { eventMessages, topicLevel, topics } from '../../../../src/alerts/mqtt/topics';
import type { MonitorEvent } from '../../../../src/monitor/types';

const base: MonitorEvent = {
  id: '1700000000000-1',
  type: 'zone-enter',
  time: '2023-11-14T22:13:20.000Z',
  t: 1,
  trackId: 3,
  label: 'person',
  score: 0.9,
  box: [0, 0, 5, 5],
  zone: 'door',
};

describe('topics and the messages of an event', () => {
  it('sends every event on <prefix>/monitor as its JSON, with QoS 1, and the Frigate message on <prefix>/events', () => {
    const out = eventMessages(base, 'detector/porch', new FrigateEvents('porch'));
    expect(out.map((m) => m.topic)).toEqual(['detector/porch/monitor', 'detector/porch/events']);
    expect(JSON.parse(out[0].payload)).toEqual(base);
    expect(out.every((m) => m.qos === 1 && !m.retain)).toBe(true);
    expect(JSON.parse(out[1].payload)).toMatchObject({
      type: 'new',
      after: { event_id: base.id, current_zones: ['door'] },
    });
  });

  it('sends alerts with the mqtt action on <prefix>/alerts too, and only those', () => {
    const alert: MonitorEvent = {
      ...base,
      id: 'a1',
      type: 'alert',
      rule: 'night',
      cause: base.id,
      actions: ['banner', 'mqtt'],
    };
    expect(eventMessages(alert, 'p', new FrigateEvents('c')).map((m) => m.topic)).toEqual(['p/monitor', 'p/alerts']);
    expect(eventMessages({ ...alert, actions: ['banner'] }, 'p', new FrigateEvents('c')).map((m) => m.topic)).toEqual([
      'p/monitor',
    ]);
  });

  it('makes names safe as one topic level', () => {
    expect(topics.count('p', 'front/door', 'person')).toBe('p/front_door/person');
    expect(topics.snapshot('p', 'car')).toBe('p/car/snapshot');
    expect(topicLevel('a+b#c')).toBe('a_b_c');
    expect(topics.available('detector/x')).toBe('detector/x/available');
  });
});
