import { describe, expect, it } from 'vitest';
import { changedStates, countStates, labelsOf } from '../../../../src/alerts/mqtt/counts';
import type { MonitorConfig } from '../../../../src/monitor/types';

const config: MonitorConfig = {
  version: 1,
  zones: [
    {
      name: 'door',
      points: [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
      classes: ['person', 'dog'],
    },
  ],
  lines: [{ name: 'gate', from: [0, 0], to: [1, 1] }],
};

describe('count topics', () => {
  it('publishes configured classes at 0 before anything is seen', () => {
    expect(Object.fromEntries(countStates('p', config, null))).toEqual({
      'p/door/person': '0',
      'p/door/dog': '0',
      'p/gate/person': '0',
      'p/gate/person/in': '0',
      'p/gate/person/out': '0',
    });
  });

  it('gives zone occupancy and line crossings (in + out) per class, with classes counted but not configured', () => {
    const states = countStates('p', config, {
      zones: { door: { occupancy: { person: 2 }, entered: { person: 5 } } },
      lines: { gate: { in: { person: 3, car: 1 }, out: { person: 1 } } },
      confirmed: {},
    });
    expect(states.get('p/door/person')).toBe('2');
    expect(states.get('p/gate/person')).toBe('4');
    expect(states.get('p/gate/person/in')).toBe('3');
    expect(states.get('p/gate/car')).toBe('1');
    expect(states.get('p/gate/car/out')).toBe('0');
  });

  it('sends only what changed', () => {
    const before = new Map([
      ['a', '1'],
      ['b', '2'],
    ]);
    expect(
      changedStates(
        before,
        new Map([
          ['a', '1'],
          ['b', '3'],
          ['c', '0'],
        ]),
      ),
    ).toEqual([
      ['b', '3'],
      ['c', '0'],
    ]);
    expect(changedStates(new Map(), before)).toEqual([...before]);
    expect(labelsOf(undefined)).toEqual(['person']);
    expect(labelsOf([], { cat: 1 })).toEqual(['person', 'cat']);
  });
});
