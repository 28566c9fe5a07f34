import { describe, expect, it } from 'vitest';
import { alertText } from '../../../src/alerts/alert-text';
import type { MonitorEvent } from '../../../src/monitor/types';

const base: MonitorEvent = {
  id: 'a1',
  type: 'alert',
  time: '2026-11-30T10:00:00Z',
  t: 3,
  trackId: 4,
  label: 'person',
  score: 0.874,
  box: [0, 0, 1, 1],
  rule: 'Gate',
  cause: 'e1',
};

describe('alertText', () => {
  it('titles the alert with its rule and says what happened where', () => {
    expect(alertText({ ...base, line: 'gate', direction: 'in' })).toEqual({
      title: 'Gate',
      body: 'person #4 crossed gate (in), 87%',
    });
    expect(alertText({ ...base, zone: 'door' }).body).toBe('person #4 in door, 87%');
    expect(alertText({ ...base, zone: 'door', dwellSeconds: 12.4 }).body).toBe('person #4 in door for 12 s, 87%');
    expect(alertText({ ...base, rule: undefined }).title).toBe('Alert');
    expect(alertText(base).body).toBe('person #4 seen, 87%');
  });
});
