import { describe, expect, it } from 'vitest';
import {
  distanceToSegment,
  edgeAt,
  frameToScreen,
  hitTest,
  inArrow,
  insidePolygon,
  nearestVertex,
  parseClassList,
  screenToFrame,
  side,
  translateWithin,
  uniqueName,
  type ScreenPoint,
  type ViewGeometry,
} from '../../../../src/components/lib/scene-geometry';
import { parseMonitorConfig } from '../../../../src/monitor/config';
import { LineWatcher } from '../../../../src/monitor/lines';
import type { MonitorConfig } from '../../../../src/monitor/types';

// A 640x480 frame (4:3) in an 800x400 box (2:1).
const contain: ViewGeometry = { fit: 'contain', viewWidth: 800, viewHeight: 400, frameWidth: 640, frameHeight: 480 };
const cover: ViewGeometry = { ...contain, fit: 'cover' };

describe('screen ⇄ frame', () => {
  it('contain: the picture is 533.33x400 at x = 133.33 (pillarbox)', () => {
    // scale = min(800/640, 400/480) = 0.8333 → 533.33x400, x = (800 − 533.33)/2 = 133.33
    const [x0, y0] = frameToScreen([0, 0], contain);
    expect(x0).toBeCloseTo(400 / 3, 9);
    expect(y0).toBe(0);
    const [x, y] = frameToScreen([1, 1], contain);
    expect(x).toBeCloseTo(400 / 3 + 1600 / 3, 9);
    expect(y).toBeCloseTo(400, 9);
    expect(screenToFrame([400, 200], contain)).toEqual([0.5, 0.5]);
    // 133.33 + 0.25·533.33 = 266.67; 0.75·400 = 300
    expect(screenToFrame([800 / 3, 300], contain)).toEqual([0.25, 0.75]);
  });

  it('contain: a tap on a bar is clamped to the picture edge', () => {
    expect(screenToFrame([10, 200], contain)).toEqual([0, 0.5]);
    expect(screenToFrame([790, 450], contain)).toEqual([1, 1]);
  });

  it('cover: the picture is 800x600 at y = −100 (cropped top and bottom)', () => {
    // scale = max(1.25, 0.8333) = 1.25 → 800x600, y = (400 − 600)/2 = −100
    expect(frameToScreen([0, 0], cover)).toEqual([0, -100]);
    expect(frameToScreen([1, 1], cover)).toEqual([800, 500]);
    expect(screenToFrame([0, 0], cover)).toEqual([0, 1 / 6].map((v) => Math.round(v * 1e4) / 1e4));
    expect(screenToFrame([400, 200], cover)).toEqual([0.5, 0.5]);
    expect(screenToFrame([200, 350], cover)).toEqual([0.25, 0.75]);
  });

  it('round-trips within a fifth of a pixel of a frame', () => {
    for (const view of [contain, cover]) {
      for (const p of [
        [0.1234, 0.5678],
        [0.9, 0.2],
        [0.5, 0.5],
      ] as [number, number][]) {
        const back = screenToFrame(frameToScreen(p, view), view);
        expect(back[0]).toBeCloseTo(p[0], 4);
        expect(back[1]).toBeCloseTo(p[1], 4);
      }
    }
  });

  it('an unknown frame size maps to the origin instead of NaN', () => {
    expect(screenToFrame([10, 10], { ...contain, frameWidth: 0, frameHeight: 0, viewWidth: 0, viewHeight: 0 })).toEqual(
      [0, 0],
    );
  });
});

describe('hit testing', () => {
  const square: ScreenPoint[] = [
    [10, 10],
    [110, 10],
    [110, 110],
    [10, 110],
  ];

  it('nearest vertex within the radius', () => {
    expect(nearestVertex(square, [14, 13], 8)).toBe(0);
    expect(nearestVertex(square, [105, 105], 8)).toBe(2);
    expect(nearestVertex(square, [60, 60], 8)).toBe(-1);
  });

  it('edges, closing edge only for a polygon', () => {
    expect(distanceToSegment([60, 15], [10, 10], [110, 10])).toBe(5);
    expect(edgeAt(square, [60, 15], 8, true)).toBe(0);
    expect(edgeAt(square, [13, 60], 8, true)).toBe(3);
    expect(edgeAt(square, [13, 60], 8, false)).toBe(-1);
    expect(edgeAt(square, [60, 60], 8, true)).toBe(-1);
  });

  it('inside a polygon', () => {
    expect(insidePolygon([60, 60], square)).toBe(true);
    expect(insidePolygon([120, 60], square)).toBe(false);
    const concave: ScreenPoint[] = [
      [0, 0],
      [100, 0],
      [100, 100],
      [50, 50],
      [0, 100],
    ];
    expect(insidePolygon([50, 80], concave)).toBe(false);
    expect(insidePolygon([50, 30], concave)).toBe(true);
  });

  const config: MonitorConfig = {
    version: 1,
    zones: [
      {
        name: 'yard',
        points: [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      },
      {
        name: 'porch',
        points: [
          [0.4, 0.4],
          [0.6, 0.4],
          [0.6, 0.6],
          [0.4, 0.6],
        ],
      },
    ],
    lines: [{ name: 'gate', from: [0.25, 0.1], to: [0.25, 0.9] }],
  };

  it('vertices, then segments and edges, then the smallest zone containing the point', () => {
    const at = (p: [number, number]) => hitTest(config, contain, frameToScreen(p, contain), 8);
    expect(at([0.25, 0.9])).toEqual({ kind: 'line', name: 'gate', part: 'vertex', index: 1 });
    expect(at([0.25, 0.5])).toEqual({ kind: 'line', name: 'gate', part: 'edge', index: 0 });
    expect(at([0.6, 0.4])).toEqual({ kind: 'zone', name: 'porch', part: 'vertex', index: 1 });
    expect(at([0.5, 0.6])).toEqual({ kind: 'zone', name: 'porch', part: 'edge', index: 2 });
    expect(at([0.5, 0.5])).toEqual({ kind: 'zone', name: 'porch', part: 'inside', index: -1 });
    expect(at([0.8, 0.8])).toEqual({ kind: 'zone', name: 'yard', part: 'inside', index: -1 });
    // A tap on the pillarbox bar, outside the picture.
    expect(hitTest(config, contain, [20, 200], 8)).toBeNull();
  });

  it('the selected shape wins a vertex shared with another', () => {
    const shared: MonitorConfig = { ...config, lines: [{ name: 'edge', from: [0.4, 0.4], to: [0.4, 0.9] }] };
    const p = frameToScreen([0.4, 0.4], contain);
    expect(hitTest(shared, contain, p, 8)?.kind).toBe('line');
    expect(hitTest(shared, contain, p, 8, { kind: 'zone', name: 'porch' })).toEqual({
      kind: 'zone',
      name: 'porch',
      part: 'vertex',
      index: 0,
    });
  });
});

describe('direction arrow', () => {
  it('from (0.35,0) to (0.35,1): the arrow points right (+x), the way a left-to-right crossing goes (in)', () => {
    const from = frameToScreen([0.35, 0], contain);
    const to = frameToScreen([0.35, 1], contain);
    const arrow = inArrow(from, to, 30)!;
    expect(arrow.start[0]).toBeCloseTo(from[0], 9);
    expect(arrow.start[1]).toBeCloseTo(200, 9);
    expect(arrow.end[0] - arrow.start[0]).toBeCloseTo(30, 9);
    expect(arrow.end[1] - arrow.start[1]).toBeCloseTo(0, 9);
    // The arrow's tip is on the s < 0 side.
    expect(side(from, to, arrow.end)).toBeLessThan(0);
  });

  it('agrees with the monitor: walking along the arrow counts as in', () => {
    const line = { name: 'door', from: [0.35, 0] as [number, number], to: [0.35, 1] as [number, number] };
    const watcher = new LineWatcher(line, { minIntervalSeconds: 0 });
    const arrow = inArrow(frameToScreen(line.from, cover), frameToScreen(line.to, cover), 50)!;
    // Walk from behind the arrow's tail to its tip, in frame pixels.
    const tail = screenToFrame([2 * arrow.start[0] - arrow.end[0], 2 * arrow.start[1] - arrow.end[1]], cover);
    const tip = screenToFrame(arrow.end, cover);
    const crossings: string[] = [];
    const steps = 10;
    for (let i = 0; i <= steps; i++) {
      const x = (tail[0] + ((tip[0] - tail[0]) * i) / steps) * 640;
      const y = (tail[1] + ((tip[1] - tail[1]) * i) / steps) * 480;
      const result = watcher.observe(1, [x, y], i / 10, 'person', 640, 480, true);
      if (result) crossings.push(result);
    }
    expect(crossings).toEqual(['in']);
  });

  it('a diagonal line: the arrow is perpendicular on screen and on the s < 0 side', () => {
    const from: ScreenPoint = [100, 100];
    const to: ScreenPoint = [200, 200];
    const arrow = inArrow(from, to, 10)!;
    const v = [arrow.end[0] - arrow.start[0], arrow.end[1] - arrow.start[1]];
    expect(v[0] * 100 + v[1] * 100).toBeCloseTo(0, 9);
    expect(Math.hypot(v[0], v[1])).toBeCloseTo(10, 9);
    expect(side(from, to, arrow.end)).toBeLessThan(0);
    // Swapping the ends flips the arrow.
    const flipped = inArrow(to, from, 10)!;
    expect(flipped.end[0] - flipped.start[0]).toBeCloseTo(-v[0], 9);
    expect(flipped.end[1] - flipped.start[1]).toBeCloseTo(-v[1], 9);
  });

  it('none for a degenerate segment', () => {
    expect(inArrow([5, 5], [5, 5], 10)).toBeNull();
  });
});

describe('names, moves, classes', () => {
  it('default names are unique and fill gaps', () => {
    expect(uniqueName('zone', [])).toBe('zone 1');
    expect(uniqueName('line', ['line 1'])).toBe('line 2');
    expect(uniqueName('zone', ['zone 1', 'zone 3'])).toBe('zone 2');
  });

  it('a moved shape stops at the frame edge without changing shape', () => {
    const points: [number, number][] = [
      [0.1, 0.2],
      [0.3, 0.2],
      [0.3, 0.5],
    ];
    expect(translateWithin(points, 0.1, 0.1)).toEqual([
      [0.2, 0.3],
      [0.4, 0.3],
      [0.4, 0.6],
    ]);
    expect(translateWithin(points, -0.5, 0.9)).toEqual([
      [0, 0.7],
      [0.2, 0.7],
      [0.2, 1],
    ]);
  });

  it('class lists: trimmed, deduplicated, empty means every class', () => {
    expect(parseClassList(' person, car,,person ')).toEqual(['person', 'car']);
    expect(parseClassList('  ')).toBeUndefined();
  });

  it('the geometry yields configurations the schema accepts', () => {
    const view = cover;
    const config: MonitorConfig = {
      version: 1,
      zones: [
        {
          name: uniqueName('zone', []),
          points: [
            [-50, -50],
            [900, 10],
            [400, 390],
          ].map((p) => screenToFrame(p as ScreenPoint, view)),
        },
      ],
      lines: [
        { name: uniqueName('line', []), from: screenToFrame([10, 10], view), to: screenToFrame([700, 380], view) },
      ],
    };
    expect(parseMonitorConfig(config)).toEqual({ ok: true, config });
  });
});
