import type { ReactiveControllerHost } from 'lit';

export interface Message {
  id: number;
  text: string;
  kind: 'error' | 'info';
}

/** How the app's parts tell the user something. */
export type Say = (text: string, kind?: Message['kind']) => void;

/** How long a note ('info') stays. */
const NOTE_MS = 6000;

/**
 * The messages the app shows (rendered by `<app-messages>`). Errors stay until dismissed and the same error is
 * said once; a new note replaces the previous one and fades after a few seconds. Only the last three are kept.
 */
export class MessagesController {
  messages: Message[] = [];
  private lastId = 0;

  constructor(private readonly host: ReactiveControllerHost) {}

  readonly say: Say = (text, kind = 'error') => {
    // The same error from every frame is said once: it must not push the message that explains it away.
    if (kind === 'error' && this.messages.some((m) => m.kind === 'error' && m.text === text)) return;
    const message: Message = { id: ++this.lastId, text, kind };
    const kept = kind === 'info' ? this.messages.filter((m) => m.kind !== 'info') : this.messages;
    this.set([...kept, message].slice(-3));
    if (kind === 'info') setTimeout(() => this.dismiss(message.id), NOTE_MS);
  };

  dismiss(id: number): void {
    this.set(this.messages.filter((m) => m.id !== id));
  }

  private set(messages: Message[]): void {
    this.messages = messages;
    this.host.requestUpdate();
  }
}
