/**
 * The event log as files a person opens elsewhere: CSV for a spreadsheet, JSON for scripts. Pure: events in,
 * text out. Only the event's own fields leave; storage bookkeeping (timeMs, bytes, hasSnapshot) stays behind.
 */
import type { MonitorEvent } from './types';

export const CSV_COLUMNS = [
  'id',
  'type',
  'time',
  't',
  'trackId',
  'label',
  'score',
  'x1',
  'y1',
  'x2',
  'y2',
  'zone',
  'line',
  'direction',
  'dwellSeconds',
] as const;

type Cell = string | number | undefined | null;

/** One header row, then one row per event, CRLF line ends (RFC 4180). */
export function eventsToCsv(events: readonly MonitorEvent[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const event of events) rows.push(csvRow(event).join(','));
  return rows.join('\r\n') + '\r\n';
}

/** A JSON array of the events, each with only MonitorEvent's fields, in MonitorEvent's order. */
export function eventsToJson(events: readonly MonitorEvent[]): string {
  return JSON.stringify(events.map(eventFields), null, 2);
}

/** `events-2026-11-30.csv`: the local date, so a guard finds the file by the day they exported it. */
export function exportFileName(extension: 'csv' | 'json', date: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `events-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.${extension}`;
}

function csvRow(e: MonitorEvent): string[] {
  const [x1, y1, x2, y2] = e.box;
  const cells: Cell[] = [
    text(e.id),
    text(e.type),
    text(e.time),
    round(e.t, 3),
    round(e.trackId, 0),
    text(e.label),
    round(e.score, 4),
    round(x1, 1),
    round(y1, 1),
    round(x2, 1),
    round(y2, 1),
    text(e.zone),
    text(e.line),
    text(e.direction),
    round(e.dwellSeconds, 2),
  ];
  return cells.map(quote);
}

/** Numbers as plain decimals without float noise (0.1 + 0.2 → 0.3); not a number → empty cell. */
function round(value: number | undefined, digits: number): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  const rounded = Number(value.toFixed(digits));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * A text cell that a spreadsheet would run as a formula (= + - @, or a leading tab / carriage return that some
 * strip first) gets a leading apostrophe: a label or zone name typed by someone else must not become a formula.
 */
function text(value: string | undefined): string {
  if (value === undefined) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
function quote(cell: Cell): string {
  const s = cell === undefined || cell === null ? '' : String(cell);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function eventFields(e: MonitorEvent): MonitorEvent {
  const out: MonitorEvent = {
    id: e.id,
    type: e.type,
    time: e.time,
    t: e.t,
    trackId: e.trackId,
    label: e.label,
    score: e.score,
    box: [e.box[0], e.box[1], e.box[2], e.box[3]],
  };
  if (e.zone !== undefined) out.zone = e.zone;
  if (e.line !== undefined) out.line = e.line;
  if (e.direction !== undefined) out.direction = e.direction;
  if (e.dwellSeconds !== undefined) out.dwellSeconds = e.dwellSeconds;
  return out;
}
