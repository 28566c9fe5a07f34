import { css, html, LitElement, nothing } from 'lit';
import { pwa } from '../app/pwa';
import { controlStyles } from './ui-styles';

/**
 * "Update available": shown when a new version of the app is installed and waiting. It is never swapped in by
 * itself: "Update" emits `update-accept` (the app stops detecting, then activates it and reloads); "Later" hides
 * the prompt until the next visit.
 */
export class UpdatePrompt extends LitElement {
  static override properties = {
    waiting: { state: true },
    dismissed: { state: true },
  };

  declare waiting: boolean;
  declare dismissed: boolean;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: contents;
      }
      .prompt {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 10px;
        padding: 6px 10px;
        border-radius: 10px;
        background: rgb(30 80 150 / 0.95);
      }
    `,
  ];

  private readonly onChange = () => (this.waiting = pwa.state.updateWaiting);

  constructor() {
    super();
    this.waiting = pwa.state.updateWaiting;
    this.dismissed = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    pwa.addEventListener('change', this.onChange);
    this.onChange();
  }

  override disconnectedCallback(): void {
    pwa.removeEventListener('change', this.onChange);
    super.disconnectedCallback();
  }

  override render() {
    if (!this.waiting || this.dismissed) return nothing;
    return html`<div class="prompt" role="alert" data-testid="update-prompt">
      <span>A new version is available.</span>
      <button @click=${this.accept}>Update</button>
      <button @click=${() => (this.dismissed = true)}>Later</button>
    </div>`;
  }

  private accept(): void {
    this.dispatchEvent(new CustomEvent('update-accept', { bubbles: true, composed: true }));
  }
}

customElements.define('update-prompt', UpdatePrompt);

declare global {
  interface HTMLElementTagNameMap {
    'update-prompt': UpdatePrompt;
  }
}
