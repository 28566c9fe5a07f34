import { describe, expect, it } from 'vitest';
import { DEFAULT_MONITOR_CONFIG, parseMonitorConfig, serializeMonitorConfig } from '../../../src/monitor/config';

const example = {
  version: 1,
  zones: [
    {
      name: 'door',
      points: [
        [0.5, 0.85],
        [0.8, 0.85],
        [0.8, 1],
        [0.5, 1],
      ],
      classes: ['person'],
      loiterSeconds: 4,
    },
  ],
  lines: [{ name: 'gate', from: [0.35, 0], to: [0.35, 1], classes: ['person'] }],
};

/** The errors of a document that must fail. */
function errorsOf(input: unknown): string[] {
  const result = parseMonitorConfig(input);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors;
}

const withZone = (zone: unknown) => ({ version: 1, zones: [zone], lines: [] });
const withLine = (line: unknown) => ({ version: 1, zones: [], lines: [line] });
const goodZone = example.zones[0];
const goodLine = example.lines[0];

describe('parseMonitorConfig: valid documents', () => {
  it('parses the example document', () => {
    const result = parseMonitorConfig(example);
    expect(result).toEqual({ ok: true, config: example });
  });

  it('parses the default and a document with everything', () => {
    expect(parseMonitorConfig(DEFAULT_MONITOR_CONFIG)).toEqual({ ok: true, config: DEFAULT_MONITOR_CONFIG });
    const full = {
      ...example,
      anchor: 'center',
      minFrames: 5,
      tracker: { highThreshold: 0.5, lowThreshold: 0.1, newTrackThreshold: 0.6, matchThreshold: 0.8, bufferSeconds: 1 },
      filters: { person: { minScore: 0.6, minArea: 0.001, maxArea: 0.5 }, '*': { minScore: 0.7 } },
    };
    expect(parseMonitorConfig(full)).toEqual({ ok: true, config: full });
  });

  it('reads absent zones and lines as none', () => {
    expect(parseMonitorConfig({ version: 1 })).toEqual({ ok: true, config: { version: 1, zones: [], lines: [] } });
  });

  it('keeps unknown keys for later versions and other sections', () => {
    const doc = {
      ...example,
      later: { host: 'broker' },
      rules: [{ when: 'x' }],
      zones: [{ ...goodZone, colour: 'red' }],
    };
    const result = parseMonitorConfig(doc);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.config).toMatchObject({ later: { host: 'broker' }, rules: [{ when: 'x' }] });
      expect(result.config.zones[0]).toMatchObject({ colour: 'red' });
    }
  });

  it('does not alias the input points', () => {
    const doc = structuredClone(example);
    const result = parseMonitorConfig(doc);
    doc.zones[0].points[0][0] = 0.9;
    expect(result.ok && result.config.zones[0].points[0][0]).toBe(0.5);
  });
});

describe('parseMonitorConfig: errors name their field', () => {
  it('rejects a non-object and a wrong version', () => {
    expect(errorsOf(null)).toEqual(['(document): expected an object']);
    expect(errorsOf([])).toEqual(['(document): expected an object']);
    expect(errorsOf({ ...example, version: 2 })).toEqual(['version: expected 1']);
    expect(errorsOf({ zones: [], lines: [] })).toEqual(['version: expected 1']);
  });

  it('checks zone points', () => {
    const points = [
      [0.5, 0.85],
      [0.8, 0.85],
      [0.8, 1.2],
      [0.5, 1],
    ];
    expect(errorsOf(withZone({ ...goodZone, points }))).toEqual([
      'zones[0].points[2]: expected [x, y] with numbers in 0..1',
    ]);
    expect(
      errorsOf(
        withZone({
          ...goodZone,
          points: [
            [0, 0],
            [1, 'a'],
            [1, 1],
          ],
        }),
      ),
    ).toEqual(['zones[0].points[1]: expected [x, y] with numbers in 0..1']);
    expect(
      errorsOf(
        withZone({
          ...goodZone,
          points: [
            [0, 0],
            [1, 1],
          ],
        }),
      ),
    ).toEqual(['zones[0].points: a polygon needs at least 3 points']);
    expect(errorsOf(withZone({ ...goodZone, points: 'square' }))).toEqual([
      'zones[0].points: expected an array of [x, y] points',
    ]);
    expect(
      errorsOf(
        withZone({
          ...goodZone,
          points: [
            [0, 0, 0],
            [1, 0],
            [1, 1],
          ],
        }),
      ),
    ).toEqual(['zones[0].points[0]: expected [x, y] with numbers in 0..1']);
  });

  it('checks zone names, classes, loiterSeconds and inertia', () => {
    expect(errorsOf(withZone({ ...goodZone, name: '' }))).toEqual(['zones[0].name: must be a non-empty string']);
    expect(errorsOf(withZone({ ...goodZone, name: undefined }))).toEqual(['zones[0].name: must be a non-empty string']);
    expect(errorsOf(withZone({ ...goodZone, classes: 'person' }))).toEqual([
      'zones[0].classes: expected an array of class names',
    ]);
    expect(errorsOf(withZone({ ...goodZone, loiterSeconds: -1 }))).toEqual([
      'zones[0].loiterSeconds: expected a number ≥ 0',
    ]);
    expect(errorsOf(withZone({ ...goodZone, inertia: 0 }))).toEqual([
      'zones[0].inertia: expected an integer in 1..1000',
    ]);
    expect(errorsOf(withZone({ ...goodZone, inertia: 2.5 }))).toEqual([
      'zones[0].inertia: expected an integer in 1..1000',
    ]);
    expect(parseMonitorConfig(withZone({ ...goodZone, loiterSeconds: 0 })).ok).toBe(true);
    expect(errorsOf(withZone(7))).toEqual(['zones[0]: expected an object']);
  });

  it('rejects duplicate names within zones and within lines', () => {
    const doc = {
      version: 1,
      zones: [goodZone, goodZone],
      lines: [goodLine, { ...goodLine, name: 'other' }, goodLine],
    };
    expect(errorsOf(doc)).toEqual(['zones[1].name: duplicate name "door"', 'lines[2].name: duplicate name "gate"']);
  });

  it('checks lines', () => {
    expect(errorsOf({ version: 1, zones: [], lines: [goodLine, { ...goodLine, name: ' ' }] })).toEqual([
      'lines[1].name: must be a non-empty string',
    ]);
    expect(errorsOf(withLine({ ...goodLine, to: [0.35, 0] }))).toEqual([
      'lines[0].to: must differ from lines[0].from (a line needs two distinct ends)',
    ]);
    expect(errorsOf(withLine({ ...goodLine, from: [-0.1, 0] }))).toEqual([
      'lines[0].from: expected [x, y] with numbers in 0..1',
    ]);
    expect(errorsOf(withLine({ ...goodLine, to: undefined }))).toEqual([
      'lines[0].to: expected [x, y] with numbers in 0..1',
    ]);
    expect(errorsOf({ version: 1, zones: {}, lines: 'x' })).toEqual([
      'zones: expected an array',
      'lines: expected an array',
    ]);
  });

  it('checks anchor and minFrames', () => {
    expect(errorsOf({ ...example, anchor: 'top' })).toEqual(['anchor: expected "bottom-center" or "center"']);
    expect(errorsOf({ ...example, minFrames: 0 })).toEqual(['minFrames: expected an integer in 1..1000']);
  });

  it('checks tracker numbers', () => {
    expect(errorsOf({ ...example, tracker: { highThreshold: 1.5, bufferSeconds: -1 } })).toEqual([
      'tracker.highThreshold: expected a number in 0..1',
      'tracker.bufferSeconds: expected a number in 0..3600',
    ]);
    expect(errorsOf({ ...example, tracker: { highThreshold: 0.3, lowThreshold: 0.5 } })).toEqual([
      'tracker.lowThreshold: must not exceed tracker.highThreshold',
    ]);
    expect(errorsOf({ ...example, tracker: { matchThreshold: 'high' } })).toEqual([
      'tracker.matchThreshold: expected a number in 0..1',
    ]);
    expect(errorsOf({ ...example, tracker: 3 })).toEqual(['tracker: expected an object']);
  });

  it('checks filters', () => {
    expect(errorsOf({ ...example, filters: { person: { minScore: 2 } } })).toEqual([
      'filters.person.minScore: expected a number in 0..1',
    ]);
    expect(errorsOf({ ...example, filters: { 'traffic light': { minArea: 0.5, maxArea: 0.1 } } })).toEqual([
      'filters["traffic light"].minArea: must not exceed filters["traffic light"].maxArea',
    ]);
    expect(errorsOf({ ...example, filters: { '*': 0.5 } })).toEqual(['filters.*: expected an object']);
    expect(errorsOf({ ...example, filters: [] })).toEqual(['filters: expected an object of class name → filter']);
  });

  it('reports every error at once', () => {
    const doc = {
      version: 3,
      zones: [{ name: '', points: [[0, 0]] }],
      lines: [{ name: 'l', from: [0, 0], to: [0, 0] }],
      anchor: 1,
    };
    expect(errorsOf(doc)).toEqual([
      'version: expected 1',
      'zones[0].name: must be a non-empty string',
      'zones[0].points: a polygon needs at least 3 points',
      'lines[0].to: must differ from lines[0].from (a line needs two distinct ends)',
      'anchor: expected "bottom-center" or "center"',
    ]);
  });
});

describe('tracker options', () => {
  it('takes the original behaviour switches and refuses wrong values', () => {
    expect(parseMonitorConfig({ version: 1, tracker: { lowScoreRefind: false, outputBox: 'kalman' } }).ok).toBe(true);
    expect(parseMonitorConfig({ version: 1, tracker: { lowScoreRefind: 'no', outputBox: 'box' } })).toEqual({
      ok: false,
      errors: ['tracker.lowScoreRefind: expected true or false', 'tracker.outputBox: expected "detection" or "kalman"'],
    });
  });
});

describe('retention', () => {
  it('accepts a policy and names each bad number', () => {
    expect(parseMonitorConfig({ version: 1, retention: { maxAgeDays: 7, maxMegabytes: 200 } })).toMatchObject({
      ok: true,
      config: { retention: { maxAgeDays: 7, maxMegabytes: 200 } },
    });
    expect(parseMonitorConfig({ version: 1, retention: { maxAgeDays: -1, maxMegabytes: 'lots' } })).toEqual({
      ok: false,
      errors: [
        'retention.maxAgeDays: expected a number in 0..3650',
        'retention.maxMegabytes: expected a number in 1..100000',
      ],
    });
    expect(parseMonitorConfig({ version: 1, retention: 30 })).toMatchObject({
      ok: false,
      errors: [expect.stringContaining('retention: expected an object')],
    });
  });
});

describe('serializeMonitorConfig', () => {
  it('writes pretty JSON that parses back to the same config', () => {
    const text = serializeMonitorConfig(example as never);
    expect(text).toContain('\n  "zones": [');
    expect(text).toContain('[0.5, 0.85]');
    expect(text).toContain('"classes": ["person"]');
    expect(parseMonitorConfig(JSON.parse(text))).toEqual({ ok: true, config: example });
  });

  it('survives strings with brackets and commas', () => {
    const config = {
      version: 1 as const,
      zones: [],
      lines: [
        { name: 'a, [b]', from: [0, 0] as [number, number], to: [1, 1] as [number, number], classes: ['x]', '[y'] },
      ],
    };
    expect(JSON.parse(serializeMonitorConfig(config))).toEqual(config);
  });
});
