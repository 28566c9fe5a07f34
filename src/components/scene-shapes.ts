/**
 * SVG drawing of the monitor's zones and lines for <scene-editor>: fills, outlines, names, live counts, the
 * direction arrow of each line, the selected shape's handles and the shape being drawn. Templates only.
 */
import { css, nothing, svg, type SVGTemplateResult } from 'lit';
import { frameToScreen, inArrow, type ScreenPoint, type ShapeRef, type ViewGeometry } from './lib/scene-geometry';
import type { MonitorCounts } from '../monitor/scene';
import type { LineConfig, MonitorConfig, NormPoint, ZoneConfig } from '../monitor/types';

export interface ShapesContext {
  view: ViewGeometry;
  selected: ShapeRef | null;
  /** Handles are drawn only while editing. */
  editing: boolean;
  counts?: MonitorCounts | null;
}

/** Length of a line's "in" arrow, CSS pixels. */
const ARROW_LENGTH = 30;
/** Rough width of a label character, for keeping labels inside the view. */
const CHAR_WIDTH = 7;

export const shapeStyles = css`
  .zone polygon { fill: rgb(53 196 255 / 0.18); stroke: #35c4ff; stroke-width: 2; stroke-linejoin: round; }
  .line .segment { stroke: #ffd23f; stroke-width: 3; stroke-linecap: round; }
  .line .arrow { stroke: #ffd23f; stroke-width: 2; fill: #ffd23f; }
  .selected polygon { fill: rgb(53 196 255 / 0.3); stroke: #fff; stroke-width: 3; }
  .selected .segment { stroke: #fff; stroke-width: 4; }
  .selected .arrow { stroke: #fff; fill: #fff; }
  text { font: 600 13px system-ui, sans-serif; fill: #fff; stroke: rgb(0 0 0 / 0.85); stroke-width: 3px;
    paint-order: stroke; stroke-linejoin: round; user-select: none; -webkit-user-select: none; }
  text .count { fill: #ffd23f; }
  .arrow-label { font-size: 12px; }
  .handle { fill: #111; stroke: #fff; stroke-width: 2; r: 6px; }
  .draft polyline { fill: rgb(255 255 255 / 0.08); stroke: #fff; stroke-width: 2; stroke-dasharray: 6 4; }
  .draft .handle.first.closable { fill: #35c4ff; r: 9px; }
  @media (pointer: coarse) {
    .handle { r: 10px; }
    .draft .handle.first.closable { r: 13px; }
  }
`;

function sum(record: Record<string, number> | undefined): number {
  return record ? Object.values(record).reduce((a, b) => a + b, 0) : 0;
}

function perClass(record: Record<string, number> | undefined): string {
  return Object.entries(record ?? {})
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${label} ${n}`)
    .join(', ');
}

function isSelected(ctx: ShapesContext, kind: ShapeRef['kind'], name: string): boolean {
  return ctx.selected !== null && ctx.selected.kind === kind && ctx.selected.name === name;
}

/** A label whose text starts, is centred or ends at x (y is the baseline), kept inside the view. */
function label(
  ctx: ShapesContext,
  at: ScreenPoint,
  anchor: 'start' | 'middle' | 'end',
  text: string,
  count: string | null,
  title: string,
) {
  const width = (text.length + (count ? count.length + 3 : 0)) * CHAR_WIDTH;
  const left = anchor === 'end' ? at[0] - width : anchor === 'middle' ? at[0] - width / 2 : at[0];
  const x = Math.max(4, Math.min(left, ctx.view.viewWidth - width - 4));
  const y = Math.max(16, Math.min(at[1], ctx.view.viewHeight - 6));
  return svg`<text x=${x} y=${y}><title>${title}</title>${text}${count !== null ? svg`<tspan class="count"> · ${count}</tspan>` : nothing}</text>`;
}

function handles(points: ScreenPoint[]) {
  return points.map(([x, y]) => svg`<circle class="handle" cx=${x} cy=${y} r="6"></circle>`);
}

function pointsAttribute(points: ScreenPoint[]): string {
  return points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
}

function zone(ctx: ShapesContext, z: ZoneConfig): SVGTemplateResult {
  const points = z.points.map((p) => frameToScreen(p, ctx.view));
  const selected = isSelected(ctx, 'zone', z.name);
  // The name sits above the top vertex (below it when that is at the top of the view).
  const top = points.reduce((a, b) => (b[1] < a[1] || (b[1] === a[1] && b[0] < a[0]) ? b : a), points[0] ?? [0, 0]);
  const counts = ctx.counts?.zones[z.name];
  const count = counts ? String(sum(counts.occupancy)) : null;
  const title = counts
    ? `${z.name}: ${count} inside${perClass(counts.occupancy) ? ` (${perClass(counts.occupancy)})` : ''}`
    : z.name;
  return svg`<g class="zone ${selected ? 'selected' : ''}">
    <polygon data-testid=${`zone-${z.name}`} points=${pointsAttribute(points)}></polygon>
    ${label(ctx, [top[0], top[1] - 8 < 16 ? top[1] + 20 : top[1] - 8], 'start', z.name, count, title)}
    ${selected && ctx.editing ? handles(points) : nothing}
  </g>`;
}

function line(ctx: ShapesContext, l: LineConfig): SVGTemplateResult {
  const from = frameToScreen(l.from, ctx.view);
  const to = frameToScreen(l.to, ctx.view);
  const selected = isSelected(ctx, 'line', l.name);
  const arrow = inArrow(from, to, ARROW_LENGTH);
  const counts = ctx.counts?.lines[l.name];
  const count = counts ? `in ${sum(counts.in)} · out ${sum(counts.out)}` : null;
  const title = counts ? `${l.name}: in ${sum(counts.in)}, out ${sum(counts.out)}` : l.name;
  let arrowTemplate: SVGTemplateResult | typeof nothing = nothing;
  let nameAt: ScreenPoint = [(from[0] + to[0]) / 2 + 8, (from[1] + to[1]) / 2 - 8];
  let anchor: 'start' | 'middle' | 'end' = 'start';
  if (arrow) {
    const [sx, sy] = arrow.start;
    const [ex, ey] = arrow.end;
    const ux = (ex - sx) / ARROW_LENGTH;
    const uy = (ey - sy) / ARROW_LENGTH;
    // Arrow head: a triangle at the tip; the "in" label just past it.
    const head = [
      [ex + ux * 2, ey + uy * 2],
      [ex - ux * 8 - uy * 5, ey - uy * 8 + ux * 5],
      [ex - ux * 8 + uy * 5, ey - uy * 8 - ux * 5],
    ] as ScreenPoint[];
    arrowTemplate = svg`<g class="arrow" data-testid=${`line-${l.name}-arrow`}>
      <line x1=${sx} y1=${sy} x2=${ex - ux * 6} y2=${ey - uy * 6}></line>
      <polygon points=${pointsAttribute(head)}></polygon>
      <text class="arrow-label" x=${ex + ux * 12} y=${ey + uy * 12 + 4} text-anchor="middle">in</text>
    </g>`;
    // The name goes on the other side of the line, away from the arrow.
    nameAt = [sx - ux * 14, sy - uy * 14 + 4 - (uy > 0.5 ? 4 : 0)];
    anchor = ux > 0.5 ? 'end' : ux < -0.5 ? 'start' : 'middle';
  }
  // The test id is on the group: a vertical or horizontal segment alone has an empty bounding box.
  return svg`<g class="line ${selected ? 'selected' : ''}" data-testid=${`line-${l.name}`}>
    <line class="segment" x1=${from[0]} y1=${from[1]} x2=${to[0]} y2=${to[1]}></line>
    ${arrowTemplate}
    ${label(ctx, nameAt, anchor, l.name, count, title)}
    ${selected && ctx.editing ? handles([from, to]) : nothing}
  </g>`;
}

export function renderShapes(ctx: ShapesContext, config: MonitorConfig): SVGTemplateResult {
  return svg`${config.zones.map((z) => zone(ctx, z))}${config.lines.map((l) => line(ctx, l))}`;
}

/** The shape being drawn: its points so far and a rubber band to the pointer. */
export function renderDraft(
  ctx: ShapesContext,
  kind: 'zone' | 'line',
  points: readonly NormPoint[],
  hover: NormPoint | null,
): SVGTemplateResult | typeof nothing {
  if (points.length === 0) return nothing;
  const screen = points.map((p) => frameToScreen(p, ctx.view));
  const band = hover ? [...screen, frameToScreen(hover, ctx.view)] : screen;
  const closable = kind === 'zone' && points.length >= 3;
  return svg`<g class="draft" data-testid="scene-draft">
    <polyline points=${pointsAttribute(kind === 'zone' && band.length > 2 ? [...band, band[0]] : band)}></polyline>
    ${screen.map(([x, y], i) => svg`<circle class="handle ${i === 0 ? 'first' : ''} ${closable ? 'closable' : ''}" cx=${x} cy=${y} r="6"></circle>`)}
  </g>`;
}
