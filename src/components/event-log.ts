import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { eventsToCsv, eventsToJson, exportFileName } from '../monitor/export';
import type { MonitorEvent } from '../monitor/types';
import { EventStore, type EventFacets, type StoredEvent } from '../storage/event-store';
import {
  EVENT_TYPE_NAMES as TYPES,
  facetsOf,
  filtersToQuery,
  mergeFacets,
  NO_FACETS,
  NO_FILTERS,
  RANGE_MS,
  type EventFilters,
} from './event-filters';
import { controlStyles } from './ui-styles';
import './event-clip';

/** Rows read at a time: weeks of events never reach the DOM at once. */
const PAGE = 100;
/** At most two reads a second, however many events arrive. */
const REFRESH_MS = 500;
/** One more read after a burst: the worker saves an event a moment after the page hears of it. */
const SETTLE_MS = 2500;
/** A "last 15 minutes" view slides with the clock even when nothing happens. */
const SLIDE_MS = 30_000;

/**
 * The saved event log, newest first, with snapshots, filters, export and deletion. Reads the IndexedDB log that
 * the worker writes; `eventAdded()` tells it that something new happened, and it re-reads (throttled) so what it
 * shows is what is saved. Set `.store` to share an open EventStore; otherwise it opens (and closes) its own.
 */
export class EventLog extends LitElement {
  static override properties = {
    store: { attribute: false },
    rows: { state: true },
    total: { state: true },
    more: { state: true },
    filters: { state: true },
    facets: { state: true },
    selected: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare store: EventStore | undefined;
  declare private rows: StoredEvent[];
  declare private total: number;
  declare private more: boolean;
  declare private filters: EventFilters;
  declare private facets: EventFacets;
  declare private selected: { event: StoredEvent; url: string | null } | null;
  declare private error: string;
  declare private busy: boolean;

  private db: EventStore | null = null;
  private limit = PAGE;
  /** Snapshot object URLs of the rows shown, by event id; null while loading. */
  private readonly thumbs = new Map<string, string | null>();
  private running = false;
  private dirty = false;
  private lastRead = 0;
  private readTimer: number | undefined;
  private settleTimer: number | undefined;
  private slideTimer: number | undefined;

  static override styles = [
    controlStyles,
    css`
      :host { display: block; color: #eee; }
      .bar { margin-bottom: 8px; }
      .total { opacity: 0.8; margin-right: auto; }
      ul { list-style: none; margin: 0; padding: 0; }
      li { display: flex; gap: 10px; align-items: center; padding: 6px 4px; border-bottom: 1px solid #2a2a2a; cursor: pointer; }
      li:hover { background: #1a1a1a; }
      button:disabled { opacity: 0.5; cursor: default; }
      .thumb { padding: 0; width: 96px; height: 54px; flex: none; overflow: hidden; background: #000; }
      .thumb img { width: 100%; height: 100%; object-fit: cover; display: block; }
      .info { flex: 1; min-width: 0; }
      .meta { opacity: 0.75; font-size: 0.9em; }
      .type { font-weight: 600; }
      .empty, [role='alert'] { padding: 12px 4px; }
      [role='alert'] { color: #ffb4a8; }
      dialog { background: #1b1b1b; color: #eee; border: 1px solid #444; border-radius: 10px; max-width: min(96vw, 900px); }
      dialog::backdrop { background: rgb(0 0 0 / 70%); }
      dialog img { max-width: 100%; max-height: 70vh; display: block; margin-bottom: 8px; }
      dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0 0 8px; }
      dt { opacity: 0.7; }
      dd { margin: 0; }
      a { color: #9cf; }
    `,
  ];

  constructor() {
    super();
    this.rows = [];
    this.total = 0;
    this.more = false;
    this.filters = NO_FILTERS;
    this.facets = NO_FACETS;
    this.selected = null;
    this.error = '';
    this.busy = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.open();
    this.slideTimer = window.setInterval(() => RANGE_MS[this.filters.range] && this.requestRefresh(), SLIDE_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearTimeout(this.readTimer);
    window.clearTimeout(this.settleTimer);
    window.clearInterval(this.slideTimer);
    this.readTimer = undefined;
    for (const url of this.thumbs.values()) if (url) URL.revokeObjectURL(url);
    this.thumbs.clear();
    this.closeDialog();
    if (this.db && this.db !== this.store) this.db.close();
    this.db = null;
  }

  /** A new event happened (it may not be saved yet): note its names for the filters and re-read soon. */
  eventAdded(event: MonitorEvent): void {
    this.facets = mergeFacets(this.facets, facetsOf(event));
    this.requestRefresh();
    window.clearTimeout(this.settleTimer);
    this.settleTimer = window.setTimeout(() => this.requestRefresh(), SETTLE_MS);
  }

  /** Re-reads the rows shown and the total from the store now. */
  async refresh(): Promise<void> {
    if (!this.db) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    this.lastRead = performance.now();
    try {
      const [found, total] = await Promise.all([
        this.db.list({ ...filtersToQuery(this.filters), limit: this.limit + 1 }),
        this.db.count(),
      ]);
      this.more = found.length > this.limit;
      this.rows = found.slice(0, this.limit);
      this.total = total;
      this.syncThumbs();
    } catch (error) {
      this.error = `The event log could not be read: ${(error as Error).message}`;
    } finally {
      this.running = false;
      // Asked for during the read (a filter change, a new event): read again at once, the answer is stale.
      if (this.dirty) {
        this.dirty = false;
        void this.refresh();
      }
    }
  }

  private async open(): Promise<void> {
    try {
      const opened = this.store ?? (await EventStore.open());
      // Removed (or opened by a later connect) meanwhile: this copy is not needed.
      if (!this.isConnected || this.db) return opened === this.store ? undefined : opened.close();
      this.db = opened;
      this.error = '';
      // Merged: names that live events brought in while the log was being read stay.
      this.facets = mergeFacets(await this.db.facets(), this.facets);
      await this.refresh();
    } catch (error) {
      this.error = `The event log cannot be opened, so saved events cannot be shown (${(error as Error).message}). Storage may be blocked, e.g. in a private window.`;
    }
  }

  private requestRefresh(): void {
    if (this.readTimer !== undefined || !this.isConnected) return;
    const wait = Math.max(0, this.lastRead + REFRESH_MS - performance.now());
    this.readTimer = window.setTimeout(() => {
      this.readTimer = undefined;
      void this.refresh();
    }, wait);
  }

  private onFilters = (e: CustomEvent<EventFilters>): void => {
    this.filters = e.detail;
    this.limit = PAGE;
    void this.refresh();
  };

  /** Object URLs for the rows now shown; those of rows gone are revoked. */
  private syncThumbs(): void {
    const wanted = new Set(this.rows.filter((e) => e.hasSnapshot).map((e) => e.id));
    for (const [id, url] of this.thumbs) {
      if (wanted.has(id)) continue;
      if (url) URL.revokeObjectURL(url);
      this.thumbs.delete(id);
    }
    for (const id of wanted) if (!this.thumbs.has(id)) void this.loadThumb(id);
  }

  private async loadThumb(id: string): Promise<void> {
    this.thumbs.set(id, null);
    const jpeg = await this.db?.snapshot(id).catch(() => null);
    // The row may have gone (or the element been removed) while it loaded.
    if (!jpeg || !this.thumbs.has(id)) return;
    this.thumbs.set(id, URL.createObjectURL(jpeg));
    this.requestUpdate();
  }

  override render() {
    if (this.error && !this.db) return html`<p role="alert">${this.error}</p>`;
    return html`
      <event-filters class="bar" .filters=${this.filters} .facets=${this.facets} @filters-change=${this.onFilters}></event-filters>
      <div class="row bar">
        <span class="total" data-testid="event-total">${this.total === 1 ? '1 event' : `${this.total} events`} saved${this.shownText()}</span>
        <button data-testid="event-export-csv" ?disabled=${this.busy || !this.db} @click=${() => this.export('csv')}>Export CSV</button>
        <button data-testid="event-export-json" ?disabled=${this.busy || !this.db} @click=${() => this.export('json')}>Export JSON</button>
        <button ?disabled=${this.busy || this.total === 0} @click=${this.clearAll}>Clear all</button>
      </div>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      ${this.rows.length === 0 ? html`<p class="empty">${this.total === 0 ? 'No events yet' : 'No events match the filters'}</p>` : nothing}
      <ul>${repeat(
        this.rows,
        (e) => e.id,
        (e) => this.renderRow(e),
      )}</ul>
      ${this.more ? html`<button @click=${this.showMore}>Show ${PAGE} more</button>` : nothing}
      ${this.renderDialog()}
    `;
  }

  private shownText(): string {
    return this.rows.length > 0 && (this.more || this.rows.length < this.total)
      ? ` · ${this.rows.length}${this.more ? '+' : ''} shown`
      : '';
  }

  private renderRow(e: StoredEvent) {
    const url = this.thumbs.get(e.id);
    return html`<li data-testid="event-row" @click=${() => this.showEvent(e)}>
      <button class="thumb" aria-label=${`Show ${describe(e)}`}>${url ? html`<img src=${url} alt="" loading="lazy" />` : '—'}</button>
      <div class="info">
        <div><time datetime=${e.time}>${shortTime(e.timeMs)}</time> <span class="type">${TYPES[e.type] ?? e.type}</span> ${e.label} #${e.trackId}</div>
        <div class="meta">${facts(e)
          .map(([k, v]) => `${k} ${v}`)
          .join(' · ')}${e.clipId ? ' · ▶ clip' : ''}</div>
        ${e.cause ? html`<div class="meta" data-testid="alert-cause">fired by ${this.renderCause(e.cause)}</div>` : nothing}
      </div>
      <button @click=${(ev: Event) => (ev.stopPropagation(), this.deleteEvent(e.id))}>Delete</button>
    </li>`;
  }

  /** An alert's cause: a link to that event when it is among the rows read, else its id. */
  private renderCause(id: string) {
    const cause = this.rows.find((r) => r.id === id);
    if (!cause) return html`event ${id.slice(0, 8)}`;
    const open = (ev: Event) => (ev.stopPropagation(), void this.showEvent(cause));
    return html`<a href="#" @click=${(ev: Event) => (ev.preventDefault(), open(ev))}>${TYPES[cause.type] ?? cause.type} ${cause.label} #${cause.trackId} at ${shortTime(cause.timeMs)}</a>`;
  }

  private renderDialog() {
    const s = this.selected;
    return html`<dialog aria-label="Event details" @close=${this.closeDialog}>
      ${
        s
          ? html`${s.url ? html`<img src=${s.url} alt=${describe(s.event)} />` : html`<p>No snapshot for this event.</p>`}
            <event-clip .store=${this.db} .event=${s.event}></event-clip>
            <dl>
              <dt>Time</dt><dd>${new Date(s.event.timeMs).toLocaleString()}</dd>
              <dt>Event</dt><dd>${TYPES[s.event.type] ?? s.event.type}</dd>
              <dt>Object</dt><dd>${s.event.label} #${s.event.trackId}</dd>
              ${facts(s.event).map(([k, v]) => html`<dt>${k[0].toUpperCase() + k.slice(1)}</dt><dd>${v}</dd>`)}
              <dt>Box</dt><dd>${s.event.box.map((v) => Math.round(v)).join(', ')}</dd>
              ${s.event.cause ? html`<dt>Fired by</dt><dd>${this.renderCause(s.event.cause)}</dd>` : nothing}
            </dl>
            <div class="row">
              <button @click=${() => this.deleteEvent(s.event.id)}>Delete</button>
              <button @click=${this.closeDialog} autofocus>Close</button>
            </div>`
          : nothing
      }
    </dialog>`;
  }

  private async showEvent(event: StoredEvent): Promise<void> {
    this.closeDialog();
    // Its own URL: a refresh may revoke the row's thumbnail while the dialog is open.
    const jpeg = event.hasSnapshot ? await this.db?.snapshot(event.id).catch(() => null) : null;
    this.selected = { event, url: jpeg ? URL.createObjectURL(jpeg) : null };
    await this.updateComplete;
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  private closeDialog = (): void => {
    const dialog = this.renderRoot?.querySelector('dialog');
    if (dialog?.open) dialog.close();
    if (this.selected?.url) URL.revokeObjectURL(this.selected.url);
    this.selected = null;
  };

  private showMore = (): void => {
    this.limit += PAGE;
    void this.refresh();
  };

  private async deleteEvent(id: string): Promise<void> {
    if (this.selected?.event.id === id) this.closeDialog();
    await this.run(() => this.db!.delete(id), 'The event could not be deleted');
  }

  private clearAll = async (): Promise<void> => {
    if (!confirm(`Delete all ${this.total} saved events and their snapshots? This cannot be undone.`)) return;
    await this.run(async () => {
      await this.db!.clear();
      this.facets = NO_FACETS;
    }, 'The event log could not be cleared');
  };

  /** Exports every event that matches the filters (not only the rows shown). */
  private async export(kind: 'csv' | 'json'): Promise<void> {
    await this.run(async () => {
      const events = await this.db!.list(filtersToQuery(this.filters));
      // A byte-order mark lets spreadsheet programs read non-ASCII names as UTF-8.
      const [text, type] =
        kind === 'csv'
          ? ['\ufeff' + eventsToCsv(events), 'text/csv;charset=utf-8']
          : [eventsToJson(events), 'application/json'];
      download(new Blob([text], { type }), exportFileName(kind), this.renderRoot as ShadowRoot);
    }, 'The export failed');
  }

  /** A user action on the store, then a fresh read; a failure is shown, not thrown. */
  private async run(action: () => Promise<unknown>, failure: string): Promise<void> {
    if (!this.db) return;
    this.busy = true;
    try {
      await action();
      this.error = '';
    } catch (error) {
      this.error = `${failure}: ${(error as Error).message}`;
    } finally {
      this.busy = false;
    }
    await this.refresh();
  }
}

function download(blob: Blob, name: string, root: ShadowRoot): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name, hidden: true });
  root.append(a);
  a.click();
  a.remove();
  // Revoked later: revoking at once can cancel a download that has not started reading yet.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** What else there is to say about an event, as [name, value] pairs. */
function facts(e: MonitorEvent): [string, string][] {
  const out: [string, string][] = [];
  if (e.rule) out.push(['rule', e.rule]);
  if (e.zone) out.push(['zone', e.zone]);
  if (e.line) out.push(['line', `${e.line}${e.direction ? (e.direction === 'in' ? ' → in' : ' ← out') : ''}`]);
  if (e.dwellSeconds !== undefined) out.push(['dwell', `${Math.round(e.dwellSeconds)} s`]);
  out.push(['score', `${Math.round(e.score * 100)}%`]);
  return out;
}

function describe(e: StoredEvent): string {
  return `${TYPES[e.type] ?? e.type}: ${e.label} #${e.trackId} at ${shortTime(e.timeMs)}`;
}

/** The time of day for today's events, the date too for older ones. */
function shortTime(ms: number): string {
  const date = new Date(ms);
  return date.toDateString() === new Date().toDateString() ? date.toLocaleTimeString() : date.toLocaleString();
}

customElements.define('event-log', EventLog);

declare global {
  interface HTMLElementTagNameMap {
    'event-log': EventLog;
  }
}
