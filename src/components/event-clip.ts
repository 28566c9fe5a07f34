import { css, html, LitElement, nothing } from 'lit';
import type { EventStore, StoredEvent } from '../storage/event-store';
import { clipFileName } from './lib/clip-file-name';
import { controlStyles } from './ui-styles';

/**
 * An event's video clip, in the event log's details: a play button that shows it in a <video>, and a download
 * link. The clip is read from the store only when asked for; its object URL is revoked when it is closed.
 */
export class EventClip extends LitElement {
  static override properties = {
    store: { attribute: false },
    event: { attribute: false },
    clip: { state: true },
    error: { state: true },
  };

  declare store: EventStore | null;
  declare event: StoredEvent | null;
  declare private clip: { url: string; name: string; seconds: number } | null;
  declare private error: string;

  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
        margin-bottom: 8px;
      }
      video {
        display: block;
        max-width: 100%;
        max-height: 60vh;
        background: #000;
        margin-bottom: 6px;
      }
      a {
        color: #9cf;
        margin-left: 8px;
      }
      [role='alert'] {
        color: #ffb4a8;
      }
    `,
  ];

  constructor() {
    super();
    this.store = null;
    this.event = null;
    this.clip = null;
    this.error = '';
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.close();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('event')) this.close();
  }

  override render() {
    if (!this.event?.clipId) return nothing;
    if (this.error) return html`<p role="alert">${this.error}</p>`;
    if (!this.clip) return html`<button data-testid="play-clip" @click=${this.play}>▶ Play clip</button>`;
    return html`<video data-testid="clip-video" src=${this.clip.url} controls autoplay muted playsinline></video>
      <div class="row">
        <button @click=${this.close}>Close clip</button>
        <a data-testid="clip-download" href=${this.clip.url} download=${this.clip.name}
          >Download clip (${this.clip.seconds.toFixed(0)} s)</a
        >
      </div>`;
  }

  private play = async (): Promise<void> => {
    const event = this.event;
    if (!event?.clipId || !this.store) return;
    try {
      const stored = await this.store.clip(event.clipId);
      if (this.event !== event) return;
      if (!stored) {
        this.error = 'This clip is no longer stored (it was deleted with an older event).';
        return;
      }
      const blob = stored.blob;
      this.clip = {
        url: URL.createObjectURL(blob),
        name: clipFileName(event, blob.type),
        seconds: stored.endT - stored.startT,
      };
    } catch (error) {
      this.error = `The clip could not be read: ${(error as Error).message}`;
    }
  };

  private close = (): void => {
    if (this.clip) URL.revokeObjectURL(this.clip.url);
    this.clip = null;
    this.error = '';
  };
}

customElements.define('event-clip', EventClip);

declare global {
  interface HTMLElementTagNameMap {
    'event-clip': EventClip;
  }
}
