import { describe, expect, it } from 'vitest';
import { AlertEvaluator, conditionMatches, zoneCount } from '../../../../src/monitor/alerts/evaluator';
import type { AlertRule } from '../../../../src/monitor/alerts/rule';
import type { MonitorCounts } from '../../../../src/monitor/scene';
import type { MonitorEvent } from '../../../../src/monitor/types';

const T0 = new Date(2026, 10, 30, 12, 0, 0);
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

let n = 0;
function event(patch: Partial<MonitorEvent>): MonitorEvent {
  return {
    id: `e${++n}`,
    type: 'line-cross',
    time: T0.toISOString(),
    t: 1.5,
    trackId: 7,
    label: 'person',
    score: 0.8,
    box: [10, 20, 110, 220],
    ...patch,
  };
}
const crossing = (patch: Partial<MonitorEvent> = {}) => event({ line: 'gate', direction: 'in', ...patch });
const counts = (occupancy: Record<string, number>): MonitorCounts => ({
  zones: { door: { occupancy, entered: {} } },
  lines: {},
  confirmed: {},
});

function rule(patch: Omit<Partial<AlertRule>, 'when'> & { when?: Partial<AlertRule['when']> } = {}): AlertRule {
  return { name: 'gate in', actions: ['banner'], ...patch, when: { event: 'line-cross', line: 'gate', ...patch.when } };
}

describe('conditionMatches', () => {
  it('checks the event type, the line and the direction', () => {
    const when = rule({ when: { direction: 'in' } }).when;
    expect(conditionMatches(when, crossing(), null)).toBe(true);
    expect(conditionMatches(when, crossing({ direction: 'out' }), null)).toBe(false);
    expect(conditionMatches(when, crossing({ line: 'back' }), null)).toBe(false);
    expect(conditionMatches(when, event({ type: 'zone-enter', zone: 'door' }), null)).toBe(false);
  });

  it('checks the zone, the classes and the minimum score', () => {
    const when = { event: 'zone-enter' as const, zone: 'door', classes: ['person', 'dog'], minScore: 0.5 };
    expect(conditionMatches(when, event({ type: 'zone-enter', zone: 'door' }), null)).toBe(true);
    expect(conditionMatches(when, event({ type: 'zone-enter', zone: 'yard' }), null)).toBe(false);
    expect(conditionMatches(when, event({ type: 'zone-enter', zone: 'door', label: 'car' }), null)).toBe(false);
    expect(conditionMatches(when, event({ type: 'zone-enter', zone: 'door', score: 0.5 }), null)).toBe(true);
    expect(conditionMatches(when, event({ type: 'zone-enter', zone: 'door', score: 0.49 }), null)).toBe(false);
    expect(
      conditionMatches(
        { event: 'zone-enter', classes: [] },
        event({ type: 'zone-enter', zone: 'x', label: 'car' }),
        null,
      ),
    ).toBe(true);
  });

  it('checks the dwell time; an event without one does not match', () => {
    const when = { event: 'zone-exit' as const, zone: 'door', minDwellSeconds: 10 };
    expect(conditionMatches(when, event({ type: 'zone-exit', zone: 'door', dwellSeconds: 10 }), null)).toBe(true);
    expect(conditionMatches(when, event({ type: 'zone-exit', zone: 'door', dwellSeconds: 9.9 }), null)).toBe(false);
    expect(conditionMatches(when, event({ type: 'zone-exit', zone: 'door' }), null)).toBe(false);
  });

  it('checks the count of the classes in the zone, the event object included', () => {
    const when = { event: 'zone-enter' as const, zone: 'door', classes: ['person'], minCount: 3 };
    const entered = event({ type: 'zone-enter', zone: 'door' });
    expect(conditionMatches(when, entered, counts({ person: 3, dog: 5 }))).toBe(true);
    expect(conditionMatches(when, entered, counts({ person: 2, dog: 5 }))).toBe(false);
    expect(conditionMatches(when, entered, null)).toBe(false);
    expect(zoneCount(counts({ person: 2, dog: 5 }), 'door', undefined)).toBe(7);
    expect(zoneCount(counts({ person: 2 }), 'yard', undefined)).toBe(0);
  });
});

describe('AlertEvaluator', () => {
  it('raises one alert per matching event, copying its cause and naming the rule', () => {
    const alerts = new AlertEvaluator();
    alerts.setRules([rule({ actions: ['banner', 'sound'] })]);
    const cause = crossing({ dwellSeconds: undefined });
    const other = event({ type: 'object-appeared' });
    expect(alerts.evaluate([other, cause], null, T0)).toEqual([
      {
        type: 'alert',
        t: 1.5,
        trackId: 7,
        label: 'person',
        score: 0.8,
        box: [10, 20, 110, 220],
        line: 'gate',
        direction: 'in',
        rule: 'gate in',
        cause: cause.id,
        actions: ['banner', 'sound'],
      },
    ]);
  });

  it('never fires on alerts, on disabled rules, or outside the schedule', () => {
    const alerts = new AlertEvaluator();
    alerts.setRules([rule({ when: { event: 'line-cross' } })]);
    expect(alerts.evaluate([event({ type: 'alert', line: 'gate' })], null, T0)).toEqual([]);
    alerts.setRules([rule({ enabled: false })]);
    expect(alerts.evaluate([crossing()], null, T0)).toEqual([]);
    alerts.setRules([rule({ schedule: [{ from: '13:00', to: '14:00' }] })]);
    expect(alerts.evaluate([crossing()], null, T0)).toEqual([]);
    expect(alerts.evaluate([crossing()], null, new Date(2026, 10, 30, 13, 30))).toHaveLength(1);
  });

  it('keeps quiet for the cooldown, per rule, and fires again once it is over', () => {
    const alerts = new AlertEvaluator();
    alerts.setRules([rule({ cooldownSeconds: 30 }), rule({ name: 'any crossing', when: { line: undefined } })]);
    const fired = (date: Date, events = [crossing()]) => alerts.evaluate(events, null, date).map((a) => a.rule);
    expect(fired(T0, [crossing(), crossing({ trackId: 8 })])).toEqual(['gate in', 'any crossing', 'any crossing']);
    expect(fired(later(29.9))).toEqual(['any crossing']);
    expect(fired(later(30))).toEqual(['gate in', 'any crossing']);
    // A clock set back ends the cooldown instead of silencing the rule.
    expect(fired(later(-3600))).toEqual(['gate in', 'any crossing']);
  });

  it("keeps an edited rule's cooldown across setRules, and forgets removed rules", () => {
    const alerts = new AlertEvaluator();
    alerts.setRules([rule({ cooldownSeconds: 60 })]);
    expect(alerts.evaluate([crossing()], null, T0)).toHaveLength(1);
    alerts.setRules([rule({ cooldownSeconds: 60, actions: ['sound'] })]);
    expect(alerts.evaluate([crossing()], null, later(10))).toHaveLength(0);
    alerts.setRules([]);
    alerts.setRules([rule({ cooldownSeconds: 60 })]);
    expect(alerts.evaluate([crossing()], null, later(20))).toHaveLength(1);
  });
});
