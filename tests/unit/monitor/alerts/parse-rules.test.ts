import { describe, expect, it } from 'vitest';
import { parseMonitorConfig } from '../../../../src/monitor/config';
import { isWebhookUrl } from '../../../../src/monitor/alerts/parse-rules';

const scene = {
  version: 1,
  zones: [
    {
      name: 'door',
      points: [
        [0.5, 0.7],
        [0.9, 0.7],
        [0.9, 1],
      ],
    },
  ],
  lines: [{ name: 'gate', from: [0.35, 0], to: [0.35, 1] }],
};

const gateRule = {
  name: 'Someone came in',
  when: { event: 'line-cross', line: 'gate', direction: 'in', classes: ['person'], minScore: 0.4 },
  schedule: [{ days: ['fri', 'sat'], from: '22:00', to: '06:00' }],
  cooldownSeconds: 30,
  actions: ['banner', 'sound', 'webhook'],
  sound: { tone: 'siren', volume: 0.5 },
  webhook: { url: 'https://example.test/hook' },
};

function errorsOf(alerts: unknown): string[] {
  const result = parseMonitorConfig({ ...scene, alerts });
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors;
}

describe('parseMonitorConfig: the "alerts" section', () => {
  it('accepts a full rule and keeps it as written', () => {
    const result = parseMonitorConfig({ ...scene, alerts: [gateRule] });
    expect(result.ok && result.config.alerts).toEqual([gateRule]);
  });

  it('accepts zone rules with dwell and count conditions, and rules without schedule or sound', () => {
    const rules = [
      {
        name: 'crowd',
        when: { event: 'zone-enter', zone: 'door', classes: ['person'], minCount: 3 },
        actions: ['notification', 'vibrate'],
      },
      {
        name: 'lingered',
        when: { event: 'zone-exit', zone: 'door', minDwellSeconds: 10 },
        actions: ['mqtt'],
        enabled: false,
      },
      {
        name: 'any',
        when: { event: 'object-appeared' },
        actions: ['banner'],
        schedule: [{ from: '00:00', to: '24:00' }],
      },
    ];
    expect(parseMonitorConfig({ ...scene, alerts: rules }).ok).toBe(true);
  });

  it('names the field of every mistake', () => {
    const errors = errorsOf([
      { name: '', when: { event: 'teleport' }, actions: [] },
      {
        name: 'x',
        when: { event: 'line-cross', line: 'nope', direction: 'up', minScore: 2 },
        actions: ['shout', 'banner', 'banner'],
      },
      {
        name: 'x',
        when: { event: 'zone-enter', zone: 'door', line: 'gate', minDwellSeconds: 3, minCount: 0 },
        actions: ['webhook'],
      },
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        'alerts[0].name: must be a non-empty string',
        expect.stringMatching(/^alerts\[0\]\.when\.event: expected one of "object-appeared"/),
        expect.stringMatching(/^alerts\[0\]\.actions: expected a non-empty array/),
        'alerts[1].when.line: no line named "nope" in this configuration',
        'alerts[1].when.direction: expected "in" or "out"',
        'alerts[1].when.minScore: expected a number in 0..1',
        expect.stringMatching(/^alerts\[1\]\.actions\[0\]: expected one of/),
        'alerts[1].actions[2]: "banner" is listed twice',
        'alerts[2].name: duplicate name "x"',
        'alerts[2].when: name a zone or a line, not both',
        'alerts[2].when.line: only for "line-cross"',
        expect.stringMatching(/^alerts\[2\]\.when\.minDwellSeconds: only for "zone-exit" and "loiter"/),
        'alerts[2].when.minCount: expected an integer in 1..1000',
        expect.stringMatching(/^alerts\[2\]\.webhook: required by the "webhook" action/),
      ]),
    );
  });

  it('checks schedules, sound and webhook', () => {
    const errors = errorsOf([
      {
        ...gateRule,
        schedule: [{ days: ['monday'], from: '7:00', to: '25:00' }, { from: '08:00', to: '08:00' }, 'always'],
        sound: { tone: 'trumpet', volume: 1.5 },
        webhook: { url: 'ftp://example.test/x' },
        cooldownSeconds: -1,
      },
    ]);
    expect(errors).toEqual([
      expect.stringMatching(/^alerts\[0\]\.schedule\[0\]\.days: expected an array of "sun"/),
      'alerts[0].schedule[0].from: expected "HH:MM" (00:00 to 23:59)',
      'alerts[0].schedule[0].to: expected "HH:MM" (00:00 to 24:00)',
      'alerts[0].schedule[1].to: must differ from alerts[0].schedule[1].from (a whole day is "00:00" to "24:00")',
      'alerts[0].schedule[2]: expected an object { "days", "from", "to" }',
      'alerts[0].cooldownSeconds: expected a number in 0..86400',
      'alerts[0].sound.tone: expected one of "chime", "beep", "siren", "ding"',
      'alerts[0].sound.volume: expected a number in 0..1',
      'alerts[0].webhook.url: expected an http(s) address or a path on this site ("/…")',
    ]);
  });

  it('refuses a section that is not an array, and a zone rule naming a missing zone', () => {
    expect(errorsOf({})).toEqual(['alerts: expected an array of rules']);
    expect(errorsOf([{ name: 'a', when: { event: 'loiter', zone: 'yard' }, actions: ['banner'] }])).toEqual([
      'alerts[0].when.zone: no zone named "yard" in this configuration',
    ]);
    expect(errorsOf([{ name: 'a', when: { event: 'line-cross', minCount: 2 }, actions: ['banner'] }])).toEqual([
      'alerts[0].when.minCount: needs a zone to count in',
    ]);
  });
});

describe('isWebhookUrl', () => {
  it('takes http(s) addresses and same-site paths only', () => {
    expect(isWebhookUrl('https://hooks.example.test/a?b=1')).toBe(true);
    expect(isWebhookUrl('http://192.168.1.5:8123/api/webhook/x')).toBe(true);
    expect(isWebhookUrl('/hooks/alert')).toBe(true);
    expect(isWebhookUrl('//evil.test/x')).toBe(false);
    expect(isWebhookUrl('javascript:alert(1)')).toBe(false);
    expect(isWebhookUrl('hooks/alert')).toBe(false);
  });
});
