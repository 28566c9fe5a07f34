import { css, html, LitElement, nothing } from 'lit';
import type { MonitorEvent, MonitorEventType } from '../monitor/types';
import type { EventFacets, EventQuery } from '../storage/event-store';
import { controlStyles } from './ui-styles';

/** How the log names event types to a person. */
export const EVENT_TYPE_NAMES: Record<MonitorEventType, string> = {
  'object-appeared': 'Appeared',
  'object-left': 'Left',
  'zone-enter': 'Entered zone',
  'zone-exit': 'Left zone',
  loiter: 'Loitering',
  'line-cross': 'Crossed line',
  alert: 'Alert',
  system: 'System',
};

const RANGES = {
  all: 'All time',
  '15m': 'Last 15 min',
  '1h': 'Last hour',
  '24h': 'Last 24 h',
  custom: 'From – to',
} as const;
export type RangeKey = keyof typeof RANGES;
/** The sliding ranges: they move with the clock. */
export const RANGE_MS: Partial<Record<RangeKey, number>> = { '15m': 900_000, '1h': 3_600_000, '24h': 86_400_000 };

export interface EventFilters {
  type: MonitorEventType | '';
  place: string;
  label: string;
  range: RangeKey;
  /** datetime-local values (local time), used when range is 'custom'. */
  from: string;
  to: string;
}

export const NO_FILTERS: EventFilters = { type: '', place: '', label: '', range: 'all', from: '', to: '' };
export const NO_FACETS: EventFacets = { zones: [], lines: [], labels: [] };

/** The store query for the filters at a given moment (sliding ranges end now). */
export function filtersToQuery(f: EventFilters, nowMs: number = Date.now()): EventQuery {
  const query: EventQuery = {
    types: f.type ? [f.type] : undefined,
    place: f.place || undefined,
    label: f.label || undefined,
  };
  const span = RANGE_MS[f.range];
  if (span) query.fromMs = nowMs - span;
  if (f.range === 'custom') {
    if (f.from) query.fromMs = new Date(f.from).getTime();
    // datetime-local has minute precision: "to 10:05" takes in the whole minute.
    if (f.to) query.toMs = new Date(f.to).getTime() + 59_999;
  }
  return query;
}

/** Both sets of names, sorted; `a` itself when `b` adds nothing (so Lit sees no change). */
export function mergeFacets(a: EventFacets, b: Partial<EventFacets>): EventFacets {
  const merge = (x: string[], y: string[] = []) =>
    y.every((n) => x.includes(n)) ? x : [...new Set([...x, ...y])].sort();
  const next = { zones: merge(a.zones, b.zones), lines: merge(a.lines, b.lines), labels: merge(a.labels, b.labels) };
  return next.zones === a.zones && next.lines === a.lines && next.labels === a.labels ? a : next;
}

export function facetsOf(e: MonitorEvent): Partial<EventFacets> {
  return { zones: e.zone ? [e.zone] : [], lines: e.line ? [e.line] : [], labels: [e.label] };
}

/** The event log's filter bar: type, zone or line, class and time range. Emits `filters-change` (EventFilters). */
export class EventFiltersBar extends LitElement {
  static override properties = {
    filters: { attribute: false },
    facets: { attribute: false },
  };

  declare filters: EventFilters;
  declare facets: EventFacets;

  static override styles = [
    controlStyles,
    css`
      :host { display: block; }
      input[type='datetime-local'] { font: inherit; min-height: 36px; background: #222; color: #eee; border: 1px solid #555; border-radius: 8px; color-scheme: dark; }
    `,
  ];

  constructor() {
    super();
    this.filters = NO_FILTERS;
    this.facets = NO_FACETS;
  }

  override render() {
    const f = this.filters;
    const { zones, lines, labels } = this.facets;
    const pick = (key: keyof EventFilters) => (e: Event) =>
      this.change({ [key]: (e.target as HTMLSelectElement).value });
    const option = (value: string, label: string, current: string) =>
      html`<option value=${value} ?selected=${value === current}>${label}</option>`;
    return html`<div class="row">
      <select aria-label="Event type" data-testid="event-filter-type" @change=${pick('type')}>
        ${option('', 'All types', f.type)} ${Object.entries(EVENT_TYPE_NAMES).map(([t, name]) => option(t, name, f.type))}
      </select>
      <select aria-label="Zone or line" data-testid="event-filter-place" @change=${pick('place')}>
        ${option('', 'All zones and lines', f.place)}
        ${zones.length ? html`<optgroup label="Zones">${zones.map((z) => option(z, z, f.place))}</optgroup>` : nothing}
        ${lines.length ? html`<optgroup label="Lines">${lines.map((l) => option(l, l, f.place))}</optgroup>` : nothing}
      </select>
      <select aria-label="Class" data-testid="event-filter-label" @change=${pick('label')}>
        ${option('', 'All classes', f.label)} ${labels.map((l) => option(l, l, f.label))}
      </select>
      <select aria-label="Time range" data-testid="event-filter-time" @change=${pick('range')}>
        ${Object.entries(RANGES).map(([r, name]) => option(r, name, f.range))}
      </select>
      ${
        f.range === 'custom'
          ? html`<label>From <input type="datetime-local" aria-label="From" data-testid="event-filter-from" .value=${f.from} @change=${pick('from')} /></label>
            <label>To <input type="datetime-local" aria-label="To" data-testid="event-filter-to" .value=${f.to} @change=${pick('to')} /></label>`
          : nothing
      }
    </div>`;
  }

  private change(patch: Partial<EventFilters>): void {
    this.filters = { ...this.filters, ...patch };
    this.dispatchEvent(
      new CustomEvent<EventFilters>('filters-change', { detail: this.filters, bubbles: true, composed: true }),
    );
  }
}

customElements.define('event-filters', EventFiltersBar);

declare global {
  interface HTMLElementTagNameMap {
    'event-filters': EventFiltersBar;
  }
}
