import { css, html, LitElement, nothing } from 'lit';
import { install, type InstallState } from '../app/install';
import { controlStyles } from './ui-styles';

/**
 * "Install": shown when the browser offers installation (Chromium's beforeinstallprompt), and on iOS/iPadOS,
 * where it explains Share → Add to Home Screen. Hidden once the app is installed or when neither applies.
 */
export class InstallButton extends LitElement {
  static override properties = {
    state: { state: true },
    helpOpen: { state: true },
  };

  declare state: InstallState;
  declare helpOpen: boolean;

  static override styles = [
    controlStyles,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      .help {
        position: absolute;
        z-index: 3;
        top: calc(100% + 6px);
        right: 0;
        width: min(18em, 80vw);
        padding: 10px 12px;
        border-radius: 10px;
        background: #223;
        border: 1px solid #556;
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.5);
      }
      .help p {
        margin: 0 0 6px;
      }
    `,
  ];

  private readonly onChange = () => (this.state = install.state);

  constructor() {
    super();
    this.state = install.state;
    this.helpOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    install.addEventListener('change', this.onChange);
    this.state = install.state;
  }

  override disconnectedCallback(): void {
    install.removeEventListener('change', this.onChange);
    super.disconnectedCallback();
  }

  override render() {
    const { canPrompt, installed, ios } = this.state;
    if (installed) return nothing;
    // iOS browsers never offer installation themselves: explain the manual way.
    if (!ios)
      return canPrompt ? html`<button data-testid="install" @click=${this.promptInstall}>Install</button>` : nothing;
    return html`
      <button data-testid="install" aria-expanded=${this.helpOpen} aria-controls="ios-help" @click=${() => (this.helpOpen = !this.helpOpen)}>Install</button>
      ${
        this.helpOpen
          ? html`<div class="help" id="ios-help" role="note" data-testid="ios-install-help">
            <p>To install on iPhone or iPad, open this page in Safari, tap <strong>Share</strong> (the square with an arrow),
              then <strong>Add to Home Screen</strong>.</p>
            <p>The app then opens full screen and detects without a network.</p>
          </div>`
          : nothing
      }
    `;
  }

  private async promptInstall(): Promise<void> {
    const outcome = await install.promptInstall();
    this.dispatchEvent(new CustomEvent('install-outcome', { detail: { outcome }, bubbles: true, composed: true }));
  }
}

customElements.define('install-button', InstallButton);

declare global {
  interface HTMLElementTagNameMap {
    'install-button': InstallButton;
  }
}
