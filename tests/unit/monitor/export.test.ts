import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, eventsToCsv, eventsToJson, exportFileName } from '../../../src/monitor/export';
import type { MonitorEvent } from '../../../src/monitor/types';

const base: MonitorEvent = {
  id: '1764500000000-1',
  type: 'zone-enter',
  time: '2026-11-30T10:00:00.000Z',
  t: 12.345678,
  trackId: 7,
  label: 'person',
  score: 0.876543,
  box: [10.04, 20.06, 110.56, 220],
  zone: 'door',
};

/** Splits CSV text into rows of cells, honouring quotes (a tiny RFC 4180 reader for the round trip). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('eventsToCsv', () => {
  it('has the header row even without events', () => {
    expect(eventsToCsv([])).toBe(CSV_COLUMNS.join(',') + '\r\n');
    expect(CSV_COLUMNS).toEqual([
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
    ]);
  });

  it('writes one row per event with rounded numbers and empty optional cells', () => {
    const [, row] = parseCsv(eventsToCsv([base]));
    // t: 3 decimals; score: 4; box: 1 decimal; missing line/direction/dwell: empty.
    expect(row).toEqual([
      '1764500000000-1',
      'zone-enter',
      '2026-11-30T10:00:00.000Z',
      '12.346',
      '7',
      'person',
      '0.8765',
      '10',
      '20.1',
      '110.6',
      '220',
      'door',
      '',
      '',
      '',
    ]);
  });

  it('keeps line crossings and dwell times', () => {
    const cross: MonitorEvent = { ...base, type: 'line-cross', zone: undefined, line: 'gate', direction: 'out' };
    const loiter: MonitorEvent = { ...base, type: 'loiter', dwellSeconds: 30.129 };
    const rows = parseCsv(eventsToCsv([cross, loiter]));
    expect(rows[1].slice(11)).toEqual(['', 'gate', 'out', '']);
    expect(rows[2].slice(11)).toEqual(['door', '', '', '30.13']);
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    const odd: MonitorEvent = { ...base, label: 'big, "red" car', zone: 'north\nside' };
    const text = eventsToCsv([odd]);
    expect(text).toContain('"big, ""red"" car"');
    expect(text).toContain('"north\nside"');
    const rows = parseCsv(text);
    expect(rows).toHaveLength(2);
    expect(rows[1][5]).toBe('big, "red" car');
    expect(rows[1][11]).toBe('north\nside');
  });

  it('defuses formula injection in text cells, not in numbers', () => {
    const evil: MonitorEvent = {
      ...base,
      label: '=HYPERLINK("http://x")',
      zone: '+1',
      line: '-2',
      box: [-3.5, 0, 4, 5],
    };
    const at: MonitorEvent = { ...base, label: '@SUM(A1)', zone: '\tcmd' };
    const rows = parseCsv(eventsToCsv([evil, at]));
    expect(rows[1][5]).toBe(`'=HYPERLINK("http://x")`);
    expect(rows[1][11]).toBe("'+1");
    expect(rows[1][12]).toBe("'-2");
    // A negative coordinate stays a number.
    expect(rows[1][7]).toBe('-3.5');
    expect(rows[2][5]).toBe("'@SUM(A1)");
    expect(rows[2][11]).toBe("'\tcmd");
  });

  it('writes non-finite numbers as empty cells and no negative zero', () => {
    const [, row] = parseCsv(eventsToCsv([{ ...base, t: Number.NaN, box: [-0.01, 0, 1, 1] }]));
    expect(row[3]).toBe('');
    expect(row[7]).toBe('0');
  });
});

describe('eventsToJson', () => {
  it('is an array of the event fields only', () => {
    const stored = { ...base, timeMs: 1, bytes: 2, hasSnapshot: true };
    const parsed = JSON.parse(eventsToJson([stored])) as Record<string, unknown>[];
    expect(parsed).toEqual([base]);
    expect(Object.keys(parsed[0])).not.toContain('timeMs');
    expect(Object.keys(parsed[0])).not.toContain('hasSnapshot');
  });

  it('leaves absent optional fields out and keeps full precision', () => {
    const cross: MonitorEvent = { ...base, zone: undefined, line: 'gate', direction: 'in' };
    const [parsed] = JSON.parse(eventsToJson([cross])) as MonitorEvent[];
    expect(parsed).not.toHaveProperty('zone');
    expect(parsed.line).toBe('gate');
    expect(parsed.direction).toBe('in');
    expect(parsed.score).toBe(0.876543);
  });

  it('is an empty array without events', () => {
    expect(JSON.parse(eventsToJson([]))).toEqual([]);
  });
});

describe('exportFileName', () => {
  it('names the file by the local date', () => {
    expect(exportFileName('csv', new Date(2026, 10, 30, 23, 59))).toBe('events-2026-11-30.csv');
    expect(exportFileName('json', new Date(2026, 0, 5))).toBe('events-2026-01-05.json');
  });
});
