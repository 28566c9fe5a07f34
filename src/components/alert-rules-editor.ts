import { css, html, LitElement, nothing } from 'lit';
import { askNotificationPermission, notificationState, type NotificationState } from '../alerts/system-notification';
import { TonePlayer } from '../alerts/tone-player';
import { parseMonitorConfig } from '../monitor/config';
import { ALERT_ACTIONS, ALERT_TONES, WEEKDAYS, type AlertRule } from '../monitor/alerts/rule';
import type { AlertAction, MonitorConfig } from '../monitor/types';
import {
  describeRule,
  EVENT_CHOICES,
  formToRule,
  isZoneEvent,
  newRuleForm,
  ruleToForm,
  type AlertRuleForm,
} from './lib/alert-rule-form';
import { controlStyles } from './ui-styles';

const ACTION_NAMES: Record<AlertAction, string> = {
  banner: 'Banner',
  sound: 'Sound',
  notification: 'Notification',
  vibrate: 'Vibrate',
  mqtt: 'MQTT',
  webhook: 'Webhook',
};

/**
 * The alert rules of the monitor configuration: list, add, edit, switch off, delete. A rule is checked with the
 * configuration's own parser before it is saved; the new list goes up as `alert-rules-change` ({ rules }).
 * Also where notifications are allowed (the permission prompt needs a click) and a tone can be heard.
 */
export class AlertRulesEditor extends LitElement {
  static override properties = {
    config: { attribute: false },
    draft: { state: true },
    errors: { state: true },
    permission: { state: true },
  };

  declare config: MonitorConfig;
  /** The rule being edited: its index in the list, or null for a new one. */
  declare private draft: { index: number | null; form: AlertRuleForm } | null;
  declare private errors: string[];
  declare private permission: NotificationState;
  private readonly preview = new TonePlayer();

  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: 8px;
        color: #eee;
      }
      h3 {
        font-size: 14px;
        margin: 0;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 4px;
      }
      li {
        display: flex;
        gap: 8px;
        align-items: center;
        padding: 4px 0;
        border-bottom: 1px solid #2a2a2a;
      }
      .rule {
        flex: 1;
        min-width: 0;
      }
      .rule small {
        display: block;
        opacity: 0.75;
      }
      form {
        display: grid;
        gap: 8px;
        padding: 8px;
        border: 1px solid #444;
        border-radius: 8px;
      }
      input[type='text'],
      input[type='number'],
      input[type='time'] {
        font: inherit;
        padding: 4px 6px;
        border-radius: 6px;
        border: 1px solid #555;
        background: #222;
        color: #eee;
        min-width: 0;
      }
      input[type='number'] {
        width: 6em;
      }
      fieldset {
        border: 1px solid #333;
        border-radius: 6px;
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin: 0;
      }
      [role='alert'] {
        color: #ffb4a8;
        margin: 0;
        padding-left: 18px;
      }
    `,
  ];

  constructor() {
    super();
    this.config = { version: 1, zones: [], lines: [] };
    this.draft = null;
    this.errors = [];
    this.permission = notificationState();
  }

  private get rules(): AlertRule[] {
    return this.config.alerts ?? [];
  }

  override render() {
    return html`
      <div class="row">
        <h3>Alert rules</h3>
        <button @click=${this.add} ?disabled=${this.draft !== null}>Add rule</button>
        ${this.permission === 'default' ? html`<button @click=${this.allowNotifications}>Allow notifications</button>` : nothing}
        ${this.permission === 'denied' ? html`<small>Notifications are blocked in the browser's site settings.</small>` : nothing}
      </div>
      <ul>
        ${this.rules.map(
          (rule, i) =>
            html`<li data-testid="alert-rule">
              <input
                type="checkbox"
                aria-label=${`Rule ${rule.name} on`}
                .checked=${rule.enabled !== false}
                @change=${(e: Event) => this.toggle(i, (e.target as HTMLInputElement).checked)}
              />
              <span class="rule">${rule.name}<small>${describeRule(rule)}</small></span>
              <button @click=${() => this.edit(i)} ?disabled=${this.draft !== null}>Edit</button>
              <button @click=${() => this.deleteRule(i)} aria-label=${`Delete rule ${rule.name}`}>Delete</button>
            </li>`,
        )}
      </ul>
      ${this.rules.length === 0 && !this.draft ? html`<small>No rules: events are logged, nothing alerts.</small>` : nothing}
      ${this.draft ? this.renderForm(this.draft.form) : nothing}
      ${
        this.errors.length
          ? html`<ul role="alert" data-testid="alert-rule-errors">
              ${this.errors.map((e) => html`<li>${e}</li>`)}
            </ul>`
          : nothing
      }
    `;
  }

  private renderForm(f: AlertRuleForm) {
    const places = f.event === 'line-cross' ? this.config.lines : isZoneEvent(f.event) ? this.config.zones : [];
    const set = (patch: Partial<AlertRuleForm>) => (this.draft = { ...this.draft!, form: { ...f, ...patch } });
    const value = (key: keyof AlertRuleForm) => (e: Event) => set({ [key]: (e.target as HTMLInputElement).value });
    return html`<form aria-label="Alert rule" @submit=${this.save}>
      <label>Name <input type="text" required .value=${f.name} @input=${value('name')} /></label>
      <div class="row">
        <label
          >When
          <input
            type="text"
            aria-label="Classes"
            placeholder="any class"
            .value=${f.classes}
            @input=${value('classes')}
        /></label>
        <select
          aria-label="Event"
          @change=${(e: Event) => set({ event: (e.target as HTMLSelectElement).value as AlertRuleForm['event'], place: '' })}
        >
          ${Object.entries(EVENT_CHOICES).map(([k, name]) => html`<option value=${k} ?selected=${k === f.event}>${name}</option>`)}
        </select>
        ${
          places.length || f.place
            ? html`<select aria-label="Zone or line" @change=${value('place')}>
                <option value="" ?selected=${!f.place}>any</option>
                ${places.map((p) => html`<option ?selected=${p.name === f.place}>${p.name}</option>`)}
              </select>`
            : nothing
        }
        ${
          f.event === 'line-cross'
            ? html`<select aria-label="Direction" @change=${value('direction')}>
                ${(['', 'in', 'out'] as const).map((d) => html`<option value=${d} ?selected=${d === f.direction}>${d || 'either way'}</option>`)}
              </select>`
            : nothing
        }
      </div>
      <div class="row">
        <label
          >Score ≥ <input type="number" min="0" max="1" step="0.05" .value=${f.minScore} @input=${value('minScore')}
        /></label>
        ${f.event === 'zone-exit' || f.event === 'loiter' ? html`<label>Dwell ≥ <input type="number" min="0" .value=${f.minDwellSeconds} @input=${value('minDwellSeconds')} /> s</label>` : nothing}
        ${isZoneEvent(f.event) ? html`<label>Count in zone ≥ <input type="number" min="1" step="1" .value=${f.minCount} @input=${value('minCount')} /></label>` : nothing}
        <label
          >Cooldown
          <input type="number" min="0" .value=${f.cooldownSeconds} @input=${value('cooldownSeconds')} /> s</label
        >
      </div>
      <fieldset>
        <legend>Schedule (local time)</legend>
        <label
          ><input
            type="checkbox"
            .checked=${f.always}
            @change=${(e: Event) => set({ always: (e.target as HTMLInputElement).checked })}
          />
          Any time</label
        >
        ${
          f.always
            ? nothing
            : html`${WEEKDAYS.map((d) => html`<label><input type="checkbox" .checked=${f.days.includes(d)} @change=${(e: Event) => set({ days: toggled(f.days, d, (e.target as HTMLInputElement).checked) })} />${d}</label>`)}
                <label>from <input type="time" .value=${f.from} @input=${value('from')} /></label>
                <label>to <input type="time" .value=${f.to} @input=${value('to')} /></label>`
        }
      </fieldset>
      <fieldset>
        <legend>Actions</legend>
        ${ALERT_ACTIONS.map(
          (a) =>
            html`<label
              ><input
                type="checkbox"
                .checked=${f.actions.includes(a)}
                @change=${(e: Event) => set({ actions: toggled(f.actions, a, (e.target as HTMLInputElement).checked) })}
              />${ACTION_NAMES[a]}</label
            >`,
        )}
      </fieldset>
      ${
        f.actions.includes('sound')
          ? html`<div class="row">
              <select aria-label="Tone" @change=${value('tone')}>
                ${ALERT_TONES.map((t) => html`<option ?selected=${t === f.tone}>${t}</option>`)}
              </select>
              <label
                >Volume
                <input
                  type="range"
                  min="0"
                  max="1"
                  step="0.05"
                  .value=${String(f.volume)}
                  @input=${(e: Event) => set({ volume: Number((e.target as HTMLInputElement).value) })}
              /></label>
              <button type="button" @click=${() => void this.preview.play(f.tone, f.volume)}>Play</button>
            </div>`
          : nothing
      }
      ${f.actions.includes('webhook') ? html`<label>Webhook URL <input type="text" inputmode="url" placeholder="https://…" .value=${f.webhookUrl} @input=${value('webhookUrl')} /></label>` : nothing}
      <div class="row">
        <button type="submit">Save rule</button><button type="button" @click=${this.cancel}>Cancel</button>
      </div>
    </form>`;
  }

  private add = (): void => {
    this.errors = [];
    this.draft = { index: null, form: newRuleForm(this.rules.map((r) => r.name)) };
  };

  private edit(index: number): void {
    this.errors = [];
    this.draft = { index, form: ruleToForm(this.rules[index]) };
  }

  private cancel = (): void => {
    this.draft = null;
    this.errors = [];
  };

  private save = (e: Event): void => {
    e.preventDefault();
    const { index, form } = this.draft!;
    const rules = [...this.rules];
    const rule = formToRule(form, index === null ? undefined : rules[index]);
    if (index === null) rules.push(rule);
    else rules[index] = rule;
    if (this.emit(rules)) this.draft = null;
  };

  private toggle(index: number, on: boolean): void {
    const rules = this.rules.map((r, i) => (i === index ? { ...r, enabled: on } : r));
    this.emit(rules);
  }

  private deleteRule(index: number): void {
    if (!confirm(`Delete the alert rule "${this.rules[index].name}"?`)) return;
    this.emit(this.rules.filter((_, i) => i !== index));
  }

  /** Checks the rules with the configuration's parser; sends them up when they pass. */
  private emit(rules: AlertRule[]): boolean {
    const parsed = parseMonitorConfig({ ...this.config, alerts: rules });
    this.errors = parsed.ok ? [] : parsed.errors;
    if (!parsed.ok) return false;
    this.dispatchEvent(new CustomEvent('alert-rules-change', { detail: { rules }, bubbles: true, composed: true }));
    return true;
  }

  private allowNotifications = async (): Promise<void> => {
    this.permission = await askNotificationPermission();
  };
}

function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}

customElements.define('alert-rules-editor', AlertRulesEditor);

declare global {
  interface HTMLElementTagNameMap {
    'alert-rules-editor': AlertRulesEditor;
  }
}
