import { css, html, LitElement, nothing } from 'lit';
import { KioskPin } from '../app/pin';
import { controlStyles } from './ui-styles';

/**
 * The kiosk's way into its settings: a Settings button that asks for the PIN (the first time, to choose one). The
 * PIN is checked against its PBKDF2 hash; five wrong tries lock it for a minute (src/app/pin.ts). Emits
 * `kiosk-unlock` when the right PIN was given.
 */
export class KioskLock extends LitElement {
  static override properties = {
    open: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare open: boolean;
  declare error: string | null;
  declare busy: boolean;
  private readonly pin = new KioskPin();

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      form {
        display: grid;
        gap: 8px;
        background: #222;
        color: #eee;
        padding: 12px;
        border-radius: 8px;
        max-width: 18em;
      }
      .error {
        color: #ffb4a8;
      }
    `,
  ];

  constructor() {
    super();
    this.open = false;
    this.error = null;
    this.busy = false;
  }

  override render() {
    if (!this.open) return html`<button class="kiosk-settings" @click=${() => (this.open = true)}>Settings</button>`;
    const choosing = !this.pin.isSet;
    return html`
      <form @submit=${this.onSubmit} aria-label="Kiosk PIN">
        <label
          >${choosing ? 'Choose a PIN for the settings (4 to 12 digits)' : 'PIN'}
          <input name="pin" type="password" inputmode="numeric" autocomplete="off" aria-label="PIN" required />
        </label>
        ${
          choosing
            ? html`<label
                >Again
                <input
                  name="again"
                  type="password"
                  inputmode="numeric"
                  autocomplete="off"
                  aria-label="PIN again"
                  required
              /></label>`
            : nothing
        }
        ${this.error ? html`<div class="error" role="alert">${this.error}</div>` : nothing}
        <div class="row">
          <button type="submit" ?disabled=${this.busy}>${choosing ? 'Set PIN' : 'Unlock'}</button>
          <button type="button" @click=${this.close}>Cancel</button>
        </div>
      </form>
    `;
  }

  private close(): void {
    this.open = false;
    this.error = null;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const field = (name: string) => {
      const value = data.get(name);
      return typeof value === 'string' ? value : '';
    };
    const pin = field('pin');
    this.error = null;
    this.busy = true;
    try {
      if (!this.pin.isSet) {
        if (pin !== field('again')) throw new Error('The two PINs differ.');
        await this.pin.set(pin);
      } else {
        const check = await this.pin.check(pin);
        if (!check.ok) throw new Error(check.message);
      }
      this.close();
      this.dispatchEvent(new CustomEvent('kiosk-unlock', { bubbles: true, composed: true }));
    } catch (error) {
      this.error = (error as Error).message;
      form.reset();
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('kiosk-lock', KioskLock);

declare global {
  interface HTMLElementTagNameMap {
    'kiosk-lock': KioskLock;
  }
}
