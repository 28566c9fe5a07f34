/**
 * The rule editor's form, as plain strings and flags, to and from an alert rule. Pure, so it is tested in
 * Node; validation is the configuration parser's (the editor runs it before saving). Fields the form does not
 * show (a second schedule window, unknown keys) are kept from the rule being edited.
 */
import {
  DEFAULT_SOUND,
  WEEKDAYS,
  type AlertRule,
  type AlertTone,
  type Weekday,
  type WatchedEventType,
} from '../../monitor/alerts/rule';
import type { AlertAction } from '../../monitor/types';

export interface AlertRuleForm {
  name: string;
  enabled: boolean;
  event: WatchedEventType;
  /** The zone or line name, '' for any. */
  place: string;
  direction: '' | 'in' | 'out';
  /** Comma-separated class names, '' for every class. */
  classes: string;
  minScore: string;
  minDwellSeconds: string;
  minCount: string;
  /** Only in the first schedule window; `always` when there is none. */
  always: boolean;
  days: Weekday[];
  from: string;
  to: string;
  cooldownSeconds: string;
  actions: AlertAction[];
  tone: AlertTone;
  volume: number;
  webhookUrl: string;
}

export const EVENT_CHOICES: Record<WatchedEventType, string> = {
  'line-cross': 'crosses a line',
  'zone-enter': 'enters a zone',
  'zone-exit': 'leaves a zone',
  loiter: 'loiters in a zone',
  'object-appeared': 'appears',
  'object-left': 'leaves the picture',
};

export function isZoneEvent(event: WatchedEventType): boolean {
  return event === 'zone-enter' || event === 'zone-exit' || event === 'loiter';
}

export function newRuleForm(existingNames: readonly string[]): AlertRuleForm {
  let n = existingNames.length + 1;
  while (existingNames.includes(`Rule ${n}`)) n++;
  return {
    name: `Rule ${n}`,
    enabled: true,
    event: 'line-cross',
    place: '',
    direction: '',
    classes: 'person',
    minScore: '',
    minDwellSeconds: '',
    minCount: '',
    always: true,
    days: [...WEEKDAYS],
    from: '22:00',
    to: '06:00',
    cooldownSeconds: '30',
    actions: ['banner', 'sound'],
    tone: DEFAULT_SOUND.tone,
    volume: DEFAULT_SOUND.volume,
    webhookUrl: '',
  };
}

export function ruleToForm(rule: AlertRule): AlertRuleForm {
  const { when } = rule;
  const window = rule.schedule?.[0];
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    name: rule.name,
    enabled: rule.enabled !== false,
    event: when.event,
    place: when.zone ?? when.line ?? '',
    direction: when.direction ?? '',
    classes: (when.classes ?? []).join(', '),
    minScore: text(when.minScore),
    minDwellSeconds: text(when.minDwellSeconds),
    minCount: text(when.minCount),
    always: !window,
    days: window?.days ? [...window.days] : [...WEEKDAYS],
    from: window?.from ?? '22:00',
    to: window?.to ?? '06:00',
    cooldownSeconds: text(rule.cooldownSeconds),
    actions: [...rule.actions],
    tone: rule.sound?.tone ?? DEFAULT_SOUND.tone,
    volume: rule.sound?.volume ?? DEFAULT_SOUND.volume,
    webhookUrl: rule.webhook?.url ?? '',
  };
}

/** The rule the form describes; empty fields are left out; what the form cannot show is kept from `previous`. */
export function formToRule(form: AlertRuleForm, previous?: AlertRule): AlertRule {
  const when: AlertRule['when'] = { event: form.event };
  if (form.place) when[form.event === 'line-cross' ? 'line' : 'zone'] = form.place;
  if (form.event === 'line-cross' && form.direction) when.direction = form.direction;
  const classes = form.classes
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (classes.length) when.classes = classes;
  setNumber(when, 'minScore', form.minScore);
  if (form.event === 'zone-exit' || form.event === 'loiter') setNumber(when, 'minDwellSeconds', form.minDwellSeconds);
  if (isZoneEvent(form.event)) setNumber(when, 'minCount', form.minCount);

  // The form's own fields are rebuilt from it; anything else the rule had stays.
  const kept: Partial<AlertRule> = { ...previous };
  for (const key of ['schedule', 'cooldownSeconds', 'sound', 'webhook', 'enabled'] as const) delete kept[key];
  const rule: AlertRule = { ...kept, name: form.name.trim(), when, actions: [...form.actions] };
  if (!form.enabled) rule.enabled = false;
  if (!form.always) {
    const window = { days: [...form.days], from: form.from, to: form.to };
    rule.schedule = [window, ...(previous?.schedule?.slice(1) ?? [])];
  }
  setNumber(rule, 'cooldownSeconds', form.cooldownSeconds);
  if (form.actions.includes('sound')) rule.sound = { tone: form.tone, volume: form.volume };
  if (form.actions.includes('webhook') || form.webhookUrl.trim()) rule.webhook = { url: form.webhookUrl.trim() };
  return rule;
}

/** One line about a rule, for the list. */
export function describeRule(rule: AlertRule): string {
  const { when } = rule;
  const who = when.classes?.length ? when.classes.join('/') : 'anything';
  const where = when.line ?? when.zone;
  const what = `${EVENT_CHOICES[when.event] ?? when.event}${where ? ` "${where}"` : ''}${when.direction ? ` (${when.direction})` : ''}`;
  const windows = rule.schedule?.length
    ? `, ${rule.schedule.map((w) => `${w.days && w.days.length < 7 ? `${w.days.join(' ')} ` : ''}${w.from}–${w.to}`).join(', ')}`
    : '';
  return `When ${who} ${what}${windows} → ${rule.actions.join(', ')}`;
}

function setNumber<T extends object>(target: T, key: keyof T & string, text: string): void {
  // An unparsable entry is kept as written, so the parser names the field instead of it vanishing.
  if (text.trim() !== '')
    (target as Record<string, unknown>)[key] = Number.isFinite(Number(text)) ? Number(text) : text;
}
