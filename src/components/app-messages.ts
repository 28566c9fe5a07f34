import { css, html, LitElement } from 'lit';
import type { Message } from './controllers/messages-controller';
import { controlStyles } from './ui-styles';

/**
 * The app's messages: errors (role alert, red) and notes (role status, blue), each with a Dismiss button that
 * emits `message-dismiss` ({ id }). Where they sit on the page is the parent's to say.
 */
export class AppMessages extends LitElement {
  static override properties = {
    messages: { attribute: false },
  };

  declare messages: Message[];

  static override styles = [
    controlStyles,
    css`
      :host {
        display: grid;
        gap: 6px;
      }
      .message {
        display: flex;
        gap: 8px;
        align-items: start;
        justify-content: space-between;
        padding: 8px 10px;
        border-radius: 8px;
        background: rgb(150 30 30 / 0.9);
      }
      .message.info {
        background: rgb(30 80 150 / 0.9);
      }
      .message button {
        background: none;
        border: none;
        color: inherit;
        font-size: 18px;
        min-height: 0;
        cursor: pointer;
      }
    `,
  ];

  constructor() {
    super();
    this.messages = [];
  }

  override render() {
    return this.messages.map(
      (m) => html`<div class="message ${m.kind}" role=${m.kind === 'error' ? 'alert' : 'status'} data-testid="message">
        <span>${m.text}</span><button aria-label="Dismiss" @click=${() => this.dismiss(m.id)}>×</button>
      </div>`,
    );
  }

  private dismiss(id: number): void {
    this.dispatchEvent(new CustomEvent('message-dismiss', { detail: { id }, bubbles: true, composed: true }));
  }
}

customElements.define('app-messages', AppMessages);

declare global {
  interface HTMLElementTagNameMap {
    'app-messages': AppMessages;
  }
}
