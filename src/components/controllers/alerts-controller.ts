import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { alertText, type AlertText } from '../../alerts/alert-text';
import { notifyIfHidden } from '../../alerts/system-notification';
import { TonePlayer } from '../../alerts/tone-player';
import { vibrateForAlert } from '../../alerts/vibrate';
import { postWebhook } from '../../alerts/webhook';
import { DEFAULT_SOUND, type AlertRule } from '../../monitor/alerts/rule';
import type { MonitorEvent } from '../../monitor/types';
import type { Say } from './messages-controller';

/** A banner on screen. */
export interface AlertBanner extends AlertText {
  id: string;
}

export interface AlertsControllerConfig {
  /** The rules in force (for each rule's sound and webhook). */
  rules(): readonly AlertRule[];
  say: Say;
}

/** How long a banner stays unless dismissed; how many are shown at once. */
const BANNER_MS = 10_000;
const MAX_BANNERS = 3;

/** What the page's alert actions did since it opened (the About panel, tests). */
export interface AlertActivity {
  banners: number;
  sounds: number;
  notifications: number;
  vibrations: number;
  webhooks: number;
  webhookFailures: number;
  audio: string;
}

/**
 * Runs the page's side of each alert the worker raises: banner, sound, system notification, vibration and
 * webhook (MQTT is the MQTT client's). A failing action becomes a message; it never stops detection.
 */
export class AlertsController implements ReactiveController {
  banners: AlertBanner[] = [];
  private readonly tones = new TonePlayer();
  private readonly counts = { banners: 0, notifications: 0, vibrations: 0, webhooks: 0, webhookFailures: 0 };
  private readonly timers = new Map<string, number>();
  private soundBlockedSaid = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: AlertsControllerConfig,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Browsers allow audio after a gesture: the first click or key press anywhere arms the alert sounds.
    document.addEventListener('pointerdown', this.unlockAudio, { capture: true });
    document.addEventListener('keydown', this.unlockAudio, { capture: true });
  }

  hostDisconnected(): void {
    document.removeEventListener('pointerdown', this.unlockAudio, { capture: true });
    document.removeEventListener('keydown', this.unlockAudio, { capture: true });
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Every monitor event; only alerts do something. */
  onEvent(event: MonitorEvent): void {
    if (event.type !== 'alert') return;
    const actions = event.actions ?? [];
    const rule = this.options.rules().find((r) => r.name === event.rule);
    const text = alertText(event);
    if (actions.includes('banner')) this.showBanner(event.id, text);
    if (actions.includes('sound')) void this.sound(rule);
    if (actions.includes('notification')) void this.notify(text, event.rule ?? event.id);
    if (actions.includes('vibrate') && vibrateForAlert()) this.counts.vibrations++;
    if (actions.includes('webhook')) void this.webhook(rule, event);
  }

  dismiss(id: string): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.banners = this.banners.filter((b) => b.id !== id);
    this.host.requestUpdate();
  }

  get activity(): AlertActivity {
    return { ...this.counts, sounds: this.tones.played, audio: this.tones.state };
  }

  private readonly unlockAudio = (): void => {
    void this.tones.unlock();
  };

  private showBanner(id: string, text: AlertText): void {
    this.counts.banners++;
    this.banners = [...this.banners, { id, ...text }].slice(-MAX_BANNERS);
    this.timers.set(
      id,
      window.setTimeout(() => this.dismiss(id), BANNER_MS),
    );
    this.host.requestUpdate();
  }

  private async sound(rule: AlertRule | undefined): Promise<void> {
    const { tone, volume } = { ...DEFAULT_SOUND, ...rule?.sound };
    const played = await this.tones.play(tone, volume);
    if (!played && !this.soundBlockedSaid) {
      this.soundBlockedSaid = true;
      this.options.say(
        'An alert could not play its sound: the browser allows sound after a click. Click or tap the page once to arm alert sounds.',
        'info',
      );
    }
  }

  private async notify(text: AlertText, tag: string): Promise<void> {
    try {
      if (await notifyIfHidden(text, tag)) this.counts.notifications++;
    } catch (error) {
      this.options.say(`An alert notification could not be shown: ${(error as Error).message}`);
    }
  }

  private async webhook(rule: AlertRule | undefined, event: MonitorEvent): Promise<void> {
    if (!rule?.webhook) return;
    try {
      await postWebhook(rule.webhook.url, event);
      this.counts.webhooks++;
    } catch (error) {
      this.counts.webhookFailures++;
      // The same failure is said once (the messages controller drops repeats of an error).
      this.options.say(`The webhook of alert rule "${rule.name}" failed: ${(error as Error).message}`);
    }
  }
}
