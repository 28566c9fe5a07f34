import { describe, expect, it } from 'vitest';
import { parseMonitorConfig } from '../../../../src/monitor/config';
import type { AlertRule } from '../../../../src/monitor/alerts/rule';
import { describeRule, formToRule, newRuleForm, ruleToForm } from '../../../../src/components/lib/alert-rule-form';

const scene = {
  version: 1,
  zones: [
    {
      name: 'door',
      points: [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
    },
  ],
  lines: [{ name: 'gate', from: [0.5, 0], to: [0.5, 1] }],
};

const full: AlertRule = {
  name: 'Night gate',
  when: { event: 'line-cross', line: 'gate', direction: 'in', classes: ['person', 'dog'], minScore: 0.5 },
  schedule: [
    { days: ['fri', 'sat'], from: '22:00', to: '06:00' },
    { from: '12:00', to: '13:00' },
  ],
  cooldownSeconds: 30,
  actions: ['banner', 'sound', 'webhook'],
  sound: { tone: 'siren', volume: 0.4 },
  webhook: { url: 'https://hooks.example.test/x' },
};

describe('the rule editor form', () => {
  it('round-trips a rule, keeping the schedule windows the form does not show', () => {
    expect(formToRule(ruleToForm(full), full)).toEqual(full);
  });

  it('leaves out empty fields and those that do not apply to the event', () => {
    const form = {
      ...ruleToForm(full),
      event: 'zone-enter' as const,
      place: 'door',
      direction: 'in' as const,
      classes: ' ',
      minScore: '',
      minCount: '2',
      always: true,
      actions: ['banner' as const],
      webhookUrl: '',
    };
    expect(formToRule(form)).toEqual({
      name: 'Night gate',
      when: { event: 'zone-enter', zone: 'door', minCount: 2 },
      cooldownSeconds: 30,
      actions: ['banner'],
    });
  });

  it('keeps a mistyped number as written, so the parser names the field', () => {
    const rule = formToRule({ ...newRuleForm([]), place: 'gate', minScore: 'high' });
    const result = parseMonitorConfig({ ...scene, alerts: [rule] });
    expect(result.ok ? [] : result.errors).toEqual(['alerts[0].when.minScore: expected a number in 0..1']);
  });

  it('makes a new rule that is valid as it stands, with a free name', () => {
    const form = newRuleForm(['Rule 1', 'Rule 2']);
    expect(form.name).toBe('Rule 3');
    expect(parseMonitorConfig({ ...scene, alerts: [formToRule(form)] }).ok).toBe(true);
  });

  it('switching a rule off is kept; on is the default and not written', () => {
    expect(formToRule({ ...ruleToForm(full), enabled: false }).enabled).toBe(false);
    expect('enabled' in formToRule(ruleToForm({ ...full, enabled: true }))).toBe(false);
  });

  it('describes a rule in one line', () => {
    expect(describeRule(full)).toBe(
      'When person/dog crosses a line "gate" (in), fri sat 22:00–06:00, 12:00–13:00 → banner, sound, webhook',
    );
  });
});
