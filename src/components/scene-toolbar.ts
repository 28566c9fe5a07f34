/**
 * The scene editor's compact toolbar (tools and actions) and the selected shape's property sheet, laid over the
 * top of the picture. Templates and styles for <scene-editor>: state comes in, user actions go out as callbacks.
 */
import { css, html, nothing } from 'lit';
import type { ShapeRef } from './lib/scene-geometry';
import type { LineConfig, ZoneConfig } from '../monitor/types';

export type Tool = 'select' | 'zone' | 'line';

export interface ToolbarProps {
  tool: Tool;
  /** Points of the shape being drawn so far. */
  draftLength: number;
  /** The selected shape (one of the two at most). */
  zone?: ZoneConfig;
  line?: LineConfig;
  nameError: string;
  onTool: (tool: 'zone' | 'line') => void;
  onDone: () => void;
  onDelete: () => void;
  onFlip: () => void;
  /** Committed values (change events: Enter or leaving the field). */
  onName: (ref: ShapeRef, value: string) => void;
  onClasses: (ref: ShapeRef, value: string) => void;
  onLoiter: (ref: ShapeRef, input: HTMLInputElement) => void;
}

export const toolbarStyles = css`
  .bar {
    position: absolute;
    top: 6px;
    left: 6px;
    right: 6px;
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 6px;
    pointer-events: none;
  }
  .bar > .row {
    gap: 4px;
  }
  .bar > * {
    pointer-events: auto;
    background: rgb(17 17 17 / 0.85);
    border-radius: 10px;
    padding: 4px;
    max-width: 100%;
    box-sizing: border-box;
  }
  button[aria-pressed='true'] {
    background: #35c4ff;
    border-color: #35c4ff;
    color: #000;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .hint {
    color: #bbb;
    font-size: 13px;
    padding: 0 4px;
  }
  input {
    font: inherit;
    min-height: 36px;
    box-sizing: border-box;
    padding: 2px 8px;
    border-radius: 8px;
    border: 1px solid #555;
    background: #222;
    color: #eee;
  }
  input[aria-invalid='true'] {
    border-color: #f66;
  }
  .name {
    width: 7em;
  }
  .classes {
    width: 8em;
  }
  .loiter {
    width: 4.5em;
  }
  .error {
    color: #f88;
    font-size: 13px;
  }
  @media (pointer: coarse) {
    input {
      min-height: 44px;
    }
  }
`;

function hint(tool: Tool, draftLength: number): string {
  if (tool === 'zone') return draftLength < 3 ? 'Tap the corners' : 'Tap the first point or Done to close';
  if (tool === 'line') return draftLength === 0 ? 'Tap or drag: start, end' : 'Tap the end';
  return '';
}

export function renderToolbar(props: ToolbarProps) {
  const { tool, draftLength, zone, line } = props;
  const shape = zone ?? line;
  const ref: ShapeRef | null = zone
    ? { kind: 'zone', name: zone.name }
    : line
      ? { kind: 'line', name: line.name }
      : null;
  const text = hint(tool, draftLength);
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  return html`<div class="bar">
    <div class="row" role="toolbar" aria-label="Scene editor">
      <button data-testid="scene-tool-zone" aria-pressed=${tool === 'zone'} @click=${() => props.onTool('zone')}>Zone</button>
      <button data-testid="scene-tool-line" aria-pressed=${tool === 'line'} @click=${() => props.onTool('line')}>Line</button>
      ${
        tool === 'zone' && draftLength > 0
          ? html`<button data-testid="scene-done" ?disabled=${draftLength < 3} @click=${props.onDone}>Done</button>`
          : nothing
      }
      ${shape ? html`<button data-testid="scene-delete" @click=${props.onDelete}>Delete</button>` : nothing}
      ${
        line
          ? html`<button data-testid="scene-flip" aria-label="Flip direction" title="Flip direction (swap in and out)" @click=${props.onFlip}>
            ⇄ Flip
          </button>`
          : nothing
      }
      ${text ? html`<span class="hint" role="status">${text}</span>` : nothing}
    </div>
    ${
      shape && ref
        ? html`<div class="row" data-testid="scene-sheet">
          <input class="name" data-testid="scene-name" aria-label="Name" .value=${shape.name}
            aria-invalid=${props.nameError ? 'true' : 'false'} @change=${(e: Event) => props.onName(ref, value(e))} />
          <input class="classes" data-testid="scene-classes" aria-label="Classes" placeholder="all classes"
            title="Class names, comma-separated; empty: every class"
            .value=${(shape.classes ?? []).join(', ')} @change=${(e: Event) => props.onClasses(ref, value(e))} />
          ${
            zone
              ? html`<label>Loiter
                <input class="loiter" data-testid="scene-loiter" aria-label="Loiter seconds" type="number" min="0" step="any"
                  placeholder="off" .value=${zone.loiterSeconds === undefined ? '' : String(zone.loiterSeconds)}
                  @change=${(e: Event) => props.onLoiter(ref, e.target as HTMLInputElement)} />
                s</label>`
              : nothing
          }
          ${props.nameError ? html`<span class="error" role="alert">${props.nameError}</span>` : nothing}
        </div>`
        : nothing
    }
  </div>`;
}
