import { css, html, LitElement } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { AlertBanner } from './controllers/alerts-controller';

/**
 * The alerts on screen: one bold banner per alert (rule name and what happened), newest last, each with a
 * Dismiss button that emits `alert-dismiss` ({ id }). They hide themselves after a while (the controller's).
 */
export class AlertBanners extends LitElement {
  static override properties = {
    banners: { attribute: false },
  };

  declare banners: AlertBanner[];

  static override styles = css`
    :host {
      display: grid;
      gap: 6px;
      pointer-events: none;
    }
    .banner {
      pointer-events: auto;
      display: flex;
      gap: 10px;
      align-items: center;
      padding: 10px 12px;
      border-radius: 10px;
      background: rgb(200 110 0 / 0.95);
      color: #fff;
      font:
        15px system-ui,
        sans-serif;
      box-shadow: 0 2px 10px rgb(0 0 0 / 0.5);
    }
    .text {
      flex: 1;
      min-width: 0;
    }
    strong {
      display: block;
    }
    button {
      background: none;
      border: none;
      color: inherit;
      font-size: 20px;
      cursor: pointer;
    }
  `;

  constructor() {
    super();
    this.banners = [];
  }

  override render() {
    return repeat(
      this.banners,
      (b) => b.id,
      (b) =>
        html`<div class="banner" role="alert" data-testid="alert-banner">
          <div class="text"><strong>${b.title}</strong><span>${b.body}</span></div>
          <button aria-label="Dismiss alert" @click=${() => this.dismiss(b.id)}>×</button>
        </div>`,
    );
  }

  private dismiss(id: string): void {
    this.dispatchEvent(new CustomEvent('alert-dismiss', { detail: { id }, bubbles: true, composed: true }));
  }
}

customElements.define('alert-banners', AlertBanners);

declare global {
  interface HTMLElementTagNameMap {
    'alert-banners': AlertBanners;
  }
}
