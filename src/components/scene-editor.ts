import { css, html, LitElement, nothing } from 'lit';
import {
  addLine,
  addZone,
  flipLine,
  moveShape,
  moveVertex,
  removeShape,
  renameShape,
  setClasses,
  setLoiter,
} from './lib/scene-edits';
import {
  distance,
  frameToScreen,
  hitTest,
  parseClassList,
  screenToFrame,
  type ScreenPoint,
  type ShapeRef,
  type ViewGeometry,
} from './lib/scene-geometry';
import { DEFAULT_MONITOR_CONFIG, parseMonitorConfig } from '../monitor/config';
import type { MonitorCounts } from '../monitor/scene';
import type { LineConfig, MonitorConfig, NormPoint, ZoneConfig } from '../monitor/types';
import { renderDraft, renderShapes, shapeStyles } from './scene-shapes';
import { renderToolbar, toolbarStyles, type Tool } from './scene-toolbar';
import { controlStyles } from './ui-styles';

export interface MonitorConfigChangeDetail {
  config: MonitorConfig;
}

/** A press on the picture: a tap, or the start of a drag (of a vertex, a whole shape, or a line being drawn). */
interface Press {
  pointerId: number;
  start: ScreenPoint;
  moved: boolean;
  /** Select tool: what is dragged, and the configuration it started from. */
  drag?: { ref: ShapeRef; vertex: number | null; from: MonitorConfig };
  /** Line tool: this press placed the line's first end. */
  firstEnd?: boolean;
}

/** Movement (CSS pixels) below which a press is a tap, not a drag. */
const DRAG_THRESHOLD = 6;

/**
 * The monitor's zones and lines drawn over the picture (always), and edited there while `editing`: draw zones
 * and lines, select, drag vertices or whole shapes, rename, set classes and loitering, flip, delete. Every change
 * is applied here and announced as `monitor-config-change` (detail `{ config }`, a new valid configuration).
 */
export class SceneEditor extends LitElement {
  static override properties = {
    config: { attribute: false },
    frameWidth: { attribute: false },
    frameHeight: { attribute: false },
    fit: {},
    editing: { type: Boolean, reflect: true },
    counts: { attribute: false },
    tool: { state: true },
    selected: { state: true },
    draft: { state: true },
    hover: { state: true },
    preview: { state: true },
    nameError: { state: true },
    viewWidth: { state: true },
    viewHeight: { state: true },
  };

  declare config: MonitorConfig;
  declare frameWidth: number;
  declare frameHeight: number;
  declare fit: 'contain' | 'cover';
  declare editing: boolean;
  declare counts: MonitorCounts | null | undefined;
  declare private tool: Tool;
  declare private selected: ShapeRef | null;
  /** Points of the zone or line being drawn. */
  declare private draft: NormPoint[];
  /** Where the pointer hovers while drawing (rubber band), mouse only. */
  declare private hover: NormPoint | null;
  /** The configuration while a drag is under way; committed when it ends. */
  declare private preview: MonitorConfig | null;
  declare private nameError: string;
  declare private viewWidth: number;
  declare private viewHeight: number;

  private press: Press | null = null;
  private readonly resizeObserver = new ResizeObserver(() => {
    this.viewWidth = this.clientWidth;
    this.viewHeight = this.clientHeight;
  });

  static override styles = [
    controlStyles,
    shapeStyles,
    toolbarStyles,
    css`
      :host {
        position: absolute;
        inset: 0;
        pointer-events: none;
        color: #eee;
        font: 14px system-ui, sans-serif;
        --control-padding: 2px 10px;
      }
      svg {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
        display: block;
        overflow: hidden;
        outline: none;
        user-select: none;
        -webkit-user-select: none;
        -webkit-touch-callout: none;
      }
      :host([editing]) svg {
        pointer-events: auto;
        touch-action: none;
        cursor: crosshair;
      }
      :host([editing]) svg.select {
        cursor: default;
      }
    `,
  ];

  constructor() {
    super();
    this.config = DEFAULT_MONITOR_CONFIG;
    this.frameWidth = 0;
    this.frameHeight = 0;
    this.fit = 'contain';
    this.editing = false;
    this.tool = 'select';
    this.selected = null;
    this.draft = [];
    this.hover = null;
    this.preview = null;
    this.nameError = '';
    this.viewWidth = 0;
    this.viewHeight = 0;
    this.addEventListener('keydown', (e) => this.onKey(e));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    this.resizeObserver.disconnect();
    super.disconnectedCallback();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('editing') && !this.editing) {
      this.tool = 'select';
      this.selected = null;
      this.cancelDrawing();
    }
    if (changed.has('selected')) this.nameError = '';
  }

  private get view(): ViewGeometry {
    return {
      fit: this.fit,
      viewWidth: this.viewWidth,
      viewHeight: this.viewHeight,
      frameWidth: this.frameWidth,
      frameHeight: this.frameHeight,
    };
  }

  private get shown(): MonitorConfig {
    return this.preview ?? this.config ?? DEFAULT_MONITOR_CONFIG;
  }

  override render() {
    const ctx = { view: this.view, selected: this.selected, editing: this.editing, counts: this.counts };
    const ready = this.viewWidth > 0 && this.frameWidth > 0 && this.frameHeight > 0;
    return html`
      <svg data-testid="scene-svg" class=${this.tool} viewBox="0 0 ${this.viewWidth} ${this.viewHeight}" tabindex=${this.editing ? '0' : '-1'}
        role="group" aria-label="Zones and lines"
        @pointerdown=${this.onPointerDown} @pointermove=${this.onPointerMove} @pointerup=${this.onPointerUp}
        @pointercancel=${this.onPointerCancel} @lostpointercapture=${this.onPointerCancel} @pointerleave=${() => (this.hover = null)} @dblclick=${this.onDoubleClick}>
        ${ready ? renderShapes(ctx, this.shown) : nothing}
        ${ready && this.tool !== 'select' ? renderDraft(ctx, this.tool, this.draft, this.hover) : nothing}
      </svg>
      ${
        this.editing
          ? renderToolbar({
              tool: this.tool,
              draftLength: this.draft.length,
              zone: this.selectedZone(),
              line: this.selectedLine(),
              nameError: this.nameError,
              onTool: (tool) => this.setTool(tool),
              onDone: () => this.closeZone(),
              onDelete: () => this.deleteSelected(),
              onFlip: () => this.selected && this.commit(flipLine(this.config, this.selected)),
              onName: (ref, value) => this.rename(ref, value),
              onClasses: (ref, value) => this.commit(setClasses(this.config, ref, parseClassList(value))),
              onLoiter: (ref, input) => this.setLoiter(ref, input),
            })
          : nothing
      }
    `;
  }

  // ---- Pointer input ----

  private local(e: PointerEvent | MouseEvent): ScreenPoint {
    const rect = (e.currentTarget as Element).getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  private radius(e: PointerEvent): number {
    return e.pointerType === 'mouse' ? 10 : 22;
  }

  private onPointerDown(e: PointerEvent): void {
    if (!this.editing || e.button !== 0 || this.press || !(this.frameWidth > 0 && this.frameHeight > 0)) return;
    e.preventDefault();
    const svg = e.currentTarget as SVGSVGElement;
    // Focus first: a name being typed is committed (its change event) before the selection moves.
    svg.focus({ preventScroll: true });
    svg.setPointerCapture(e.pointerId);
    const p = this.local(e);
    this.press = { pointerId: e.pointerId, start: p, moved: false };
    if (this.tool === 'line') {
      this.press.firstEnd = this.draft.length === 0;
      if (this.press.firstEnd) this.draft = [screenToFrame(p, this.view)];
    } else if (this.tool === 'select') {
      const hit = hitTest(this.config, this.view, p, this.radius(e), this.selected);
      this.selected = hit ? { kind: hit.kind, name: hit.name } : null;
      if (hit)
        this.press.drag = { ref: this.selected!, vertex: hit.part === 'vertex' ? hit.index : null, from: this.config };
    }
  }

  private onPointerMove(e: PointerEvent): void {
    const p = this.local(e);
    const press = this.press;
    if (this.tool !== 'select' && (e.pointerType === 'mouse' || press)) this.hover = screenToFrame(p, this.view);
    if (!press || press.pointerId !== e.pointerId) return;
    if (!press.moved && distance(p, press.start) < DRAG_THRESHOLD) return;
    press.moved = true;
    if (press.drag) this.preview = this.dragged(press.drag, press.start, p);
  }

  private onPointerUp(e: PointerEvent): void {
    const press = this.press;
    if (!press || press.pointerId !== e.pointerId) return;
    this.press = null;
    const p = this.local(e);
    const at = screenToFrame(p, this.view);
    if (this.tool === 'zone') this.zoneTap(p, at, this.radius(e));
    else if (this.tool === 'line') {
      // A drag draws the line in one go; a tap places the first end and waits for the second.
      if (!press.firstEnd || press.moved) this.finishLine(at);
    } else if (press.drag && press.moved && this.preview) {
      const next = this.preview;
      this.preview = null;
      this.commit(next);
    }
    this.preview = null;
    if (e.pointerType !== 'mouse') this.hover = null;
  }

  private onPointerCancel(): void {
    this.press = null;
    this.preview = null;
    this.hover = null;
  }

  private onDoubleClick(e: MouseEvent): void {
    if (this.editing && this.tool === 'zone' && this.draft.length >= 3) {
      e.preventDefault();
      this.closeZone();
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.editing) return;
    const target = e.composedPath()[0];
    if (
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement
    )
      return;
    if (e.key === 'Enter' && this.tool === 'zone' && this.draft.length >= 3) this.closeZone();
    else if (e.key === 'Escape') {
      if (this.draft.length > 0) this.cancelDrawing();
      else if (this.tool !== 'select') this.tool = 'select';
      else this.selected = null;
    } else if (e.key === 'Backspace' && this.draft.length > 0) this.draft = this.draft.slice(0, -1);
    else if ((e.key === 'Delete' || e.key === 'Backspace') && this.selected && this.tool === 'select')
      this.deleteSelected();
    else return;
    e.preventDefault();
  }

  // ---- Drawing ----

  private setTool(tool: Tool): void {
    this.tool = this.tool === tool ? 'select' : tool;
    this.cancelDrawing();
    if (this.tool !== 'select') this.selected = null;
  }

  private cancelDrawing(): void {
    this.draft = [];
    this.hover = null;
    this.press = null;
    this.preview = null;
  }

  private zoneTap(p: ScreenPoint, at: NormPoint, radius: number): void {
    const screen = this.draft.map((q) => frameToScreen(q, this.view));
    if (this.draft.length >= 3 && distance(p, screen[0]) <= radius) return this.closeZone();
    // The second click of a double-click (or a repeated tap) adds no point.
    const last = screen[screen.length - 1];
    if (last && distance(p, last) < DRAG_THRESHOLD) return;
    this.draft = [...this.draft, at];
  }

  private closeZone(): void {
    if (this.draft.length >= 3) this.finishShape(addZone(this.config, this.draft));
  }

  private finishLine(to: NormPoint): void {
    const added = this.draft.length === 1 ? addLine(this.config, this.draft[0], to) : null;
    if (added) this.finishShape(added);
  }

  private finishShape({ config, ref }: { config: MonitorConfig; ref: ShapeRef }): void {
    this.cancelDrawing();
    this.tool = 'select';
    if (this.commit(config)) this.selected = ref;
  }

  /** The configuration with the dragged vertex or shape moved from `start` to `p`. */
  private dragged(drag: NonNullable<Press['drag']>, start: ScreenPoint, p: ScreenPoint): MonitorConfig {
    const view = this.view;
    if (drag.vertex !== null) return moveVertex(drag.from, drag.ref, drag.vertex, screenToFrame(p, view));
    const a = frameToScreen([0, 0], view);
    const b = frameToScreen([1, 1], view);
    return moveShape(drag.from, drag.ref, (p[0] - start[0]) / (b[0] - a[0]), (p[1] - start[1]) / (b[1] - a[1]));
  }

  // ---- Property sheet and actions ----

  private selectedZone(): ZoneConfig | undefined {
    const s = this.selected;
    return s?.kind === 'zone' ? this.shown.zones.find((z) => z.name === s.name) : undefined;
  }

  private selectedLine(): LineConfig | undefined {
    const s = this.selected;
    return s?.kind === 'line' ? this.shown.lines.find((l) => l.name === s.name) : undefined;
  }

  private rename(ref: ShapeRef, value: string): void {
    const result = renameShape(this.config, ref, value);
    if ('error' in result) this.nameError = result.error;
    else if (result.config === this.config) this.nameError = '';
    else if (this.commit(result.config)) this.selected = { kind: ref.kind, name: value.trim() };
  }

  private setLoiter(ref: ShapeRef, input: HTMLInputElement): void {
    const text = input.value.trim();
    const seconds = Number(text);
    const valid = text === '' || (Number.isFinite(seconds) && seconds >= 0);
    input.setAttribute('aria-invalid', String(!valid));
    if (valid) this.commit(setLoiter(this.config, ref, text === '' ? undefined : seconds));
  }

  private deleteSelected(): void {
    if (this.selected && this.commit(removeShape(this.config, this.selected))) this.selected = null;
  }

  /** Applies a new configuration here and announces it; refused (false) when the schema would reject it. */
  private commit(next: MonitorConfig): boolean {
    const result = parseMonitorConfig(next);
    if (!result.ok) {
      console.warn('scene-editor: change refused', result.errors);
      return false;
    }
    this.config = next;
    this.dispatchEvent(
      new CustomEvent<MonitorConfigChangeDetail>('monitor-config-change', {
        detail: { config: next },
        bubbles: true,
        composed: true,
      }),
    );
    return true;
  }
}

customElements.define('scene-editor', SceneEditor);

declare global {
  interface HTMLElementTagNameMap {
    'scene-editor': SceneEditor;
  }
}
