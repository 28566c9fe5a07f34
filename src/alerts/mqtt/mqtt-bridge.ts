/**
 * The page's side of MQTT: every monitor event goes into the persistent outbox (src/storage/mqtt-outbox.ts)
 * and from there to the broker, oldest first, one at a time with QoS 1, removed only once the broker
 * acknowledged it; counts and discovery are retained states, published on change and after each connect.
 * Connection losses are retried with back-off (1 s … 30 s); a failure is a status, never an exception that
 * could stop detection. mqtt.js is loaded (import()) only when the configuration has an "mqtt" section.
 */
import { brokerUrlProblem, cameraNameOf, topicPrefixOf, type MqttConfig } from '../../monitor/mqtt-config';
import type { MonitorCounts } from '../../monitor/scene';
import type { MonitorConfig, MonitorEvent } from '../../monitor/types';
import { EventStore } from '../../storage/event-store';
import { MqttOutbox } from '../../storage/mqtt-outbox';
import { reconnectDelayMs } from './backoff';
import { changedStates, countStates } from './counts';
import { discoveryMessages } from './discovery';
import { connectionErrorText, notAllowedText } from './errors';
import { FrigateEvents } from './frigate-events';
import type { MqttLink } from './mqtt-link';
import type { MqttStatus } from './status';
import { eventMessages, HOME_ASSISTANT_STATUS, topics } from './topics';

/** How long a new object's snapshot may take to be saved by the worker before its message goes without it. */
const SNAPSHOT_WAIT_MS = 15_000;

export interface MqttBridgeOptions {
  /** Origins the page's security policy lets it connect to (fixed at load: src/app/connect-policy.ts). */
  allowedOrigins: ReadonlySet<string>;
  onStatus(status: MqttStatus | null): void;
}

export class MqttBridge {
  private settings: MqttConfig | null = null;
  private key = '';
  private config: MonitorConfig | null = null;
  private counts: MonitorCounts | null = null;
  private frigate = new FrigateEvents('');
  private link: MqttLink | null = null;
  private connected = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private outbox: Promise<MqttOutbox | null> | null = null;
  private queueing: Promise<unknown> = Promise.resolve();
  private draining = false;
  private published = new Map<string, string>();
  private status: MqttStatus | null = null;
  private events: Promise<EventStore | null> | null = null;
  /** Per class, the number of the latest snapshot asked for. */
  private readonly snapshotTurns = new Map<string, number>();

  constructor(private readonly options: MqttBridgeOptions) {}

  /** The configuration in force: MQTT starts, restarts (its section changed) or stops (no section). */
  configure(config: MonitorConfig): void {
    const layoutChanged = this.config?.zones !== config.zones || this.config?.lines !== config.lines;
    this.config = config;
    const key = config.mqtt ? JSON.stringify(config.mqtt) : '';
    if (key !== this.key) {
      this.key = key;
      this.stop();
      if (config.mqtt) this.begin(config.mqtt);
    } else if (layoutChanged && this.connected) {
      void this.publishStates(true);
    }
  }

  /** One frame's events and counts. */
  onResult(events: readonly MonitorEvent[], counts: MonitorCounts | null): void {
    if (!this.settings) return;
    if (counts) this.counts = counts;
    for (const event of events) this.enqueue(event, this.settings);
    if (counts && this.connected) void this.publishStates(false);
  }

  dispose(): void {
    this.key = '';
    this.stop();
  }

  private begin(settings: MqttConfig): void {
    this.settings = settings;
    this.frigate = new FrigateEvents(cameraNameOf(settings));
    this.published = new Map();
    this.attempt = 0;
    this.outbox ??= MqttOutbox.open().catch((error: unknown) => {
      this.update({ error: `Events cannot wait for the broker on this device (${(error as Error).message}).` });
      return null;
    });
    this.update({ state: 'connecting', broker: settings.url, error: null, retryInSeconds: null });
    void this.refreshQueue();
    this.connect();
  }

  private stop(): void {
    clearTimeout(this.retryTimer);
    const prefix = this.prefix;
    const link = this.link;
    this.link = null;
    this.connected = false;
    this.settings = null;
    if (link) {
      // A clean goodbye: the broker keeps 'offline' (retained) instead of sending the will.
      void link
        .publish({ topic: topics.available(prefix), payload: 'offline', qos: 1, retain: true })
        .catch(() => undefined)
        .finally(() => link.end());
    }
    this.status = null;
    this.options.onStatus(null);
  }

  private get prefix(): string {
    return this.settings ? topicPrefixOf(this.settings) : '';
  }

  private connect(): void {
    const settings = this.settings;
    if (!settings) return;
    const problem = brokerUrlProblem(settings.url, location.protocol);
    if (problem) return this.update({ state: 'disconnected', error: problem, retryInSeconds: null });
    const origin = new URL(settings.url).origin;
    if (!this.options.allowedOrigins.has(origin)) {
      this.update({ state: 'disconnected', error: notAllowedText(origin), retryInSeconds: null });
      return;
    }
    this.update({ state: 'connecting', retryInSeconds: null });
    const prefix = topicPrefixOf(settings);
    const clientId =
      settings.clientId || `detector-${cameraNameOf(settings)}-${Math.random().toString(36).slice(2, 10)}`;
    void import('./mqtt-link')
      .then(({ openLink }) => {
        if (this.settings !== settings) return;
        const link = openLink(
          {
            url: settings.url,
            username: settings.username,
            password: settings.password,
            clientId,
            will: { topic: topics.available(prefix), payload: 'offline', qos: 1, retain: true },
          },
          {
            connected: () => void this.onConnected(link),
            closed: (error, wasConnected) => this.onClosed(link, error, wasConnected),
            message: (topic, payload) => {
              if (topic === HOME_ASSISTANT_STATUS && payload === 'online' && this.link === link)
                void this.publishStates(true);
            },
          },
        );
        this.link = link;
      })
      .catch((error: unknown) =>
        this.update({ state: 'disconnected', error: `MQTT could not be loaded: ${(error as Error).message}` }),
      );
  }

  private async onConnected(link: MqttLink): Promise<void> {
    if (this.link !== link) return link.end();
    this.connected = true;
    this.attempt = 0;
    this.update({ state: 'connected', error: null, retryInSeconds: null });
    link.subscribe(HOME_ASSISTANT_STATUS);
    try {
      await link.publish({ topic: topics.available(this.prefix), payload: 'online', qos: 1, retain: true });
      await this.publishStates(true);
    } catch {
      // Lost again at once: onClosed retries.
    }
    void this.drain();
  }

  private onClosed(link: MqttLink, error: { code?: unknown; message?: string } | null, wasConnected: boolean): void {
    if (this.link !== link || !this.settings) return;
    this.link = null;
    this.connected = false;
    const delay = reconnectDelayMs(this.attempt++);
    this.update({
      state: 'disconnected',
      error: connectionErrorText(error, this.settings.url, wasConnected),
      retryInSeconds: delay / 1000,
    });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Discovery (when `discovery`) and the count topics that changed: retained states, no outbox. */
  private async publishStates(discovery: boolean): Promise<void> {
    const link = this.link;
    if (!link || !this.settings || !this.config) return;
    const prefix = this.prefix;
    if (discovery) this.published = new Map();
    const states = countStates(prefix, this.config, this.counts);
    const changed = changedStates(this.published, states);
    // A class counted for the first time in a zone or line gets its Home Assistant entities too.
    const announce = discovery || changed.some(([topic]) => !this.published.has(topic));
    const messages = announce
      ? discoveryMessages({ prefix, camera: cameraNameOf(this.settings) }, this.config, this.counts)
      : [];
    // Marked before the acks, so the next frame does not send them again.
    for (const [topic, value] of changed) this.published.set(topic, value);
    try {
      for (const message of messages) await link.publish(message);
      await Promise.all(changed.map(([topic, payload]) => link.publish({ topic, payload, qos: 0, retain: true })));
    } catch {
      this.published = new Map();
    }
  }

  private enqueue(event: MonitorEvent, settings: MqttConfig): void {
    const entry = {
      eventId: event.id,
      messages: eventMessages(event, topicPrefixOf(settings), this.frigate),
      snapshotLabel: event.type === 'object-appeared' ? event.label : undefined,
    };
    this.queueing = this.queueing
      .then(async () => {
        const outbox = await this.outbox;
        const dropped = await outbox?.add(entry);
        if (dropped) this.update({ error: `The MQTT outbox is full: the ${dropped} oldest events were dropped.` });
        await this.refreshQueue();
        void this.drain();
      })
      .catch((error: unknown) =>
        this.update({ error: `An event could not be queued for MQTT: ${(error as Error).message}` }),
      );
  }

  /** Sends what waits, oldest first; an entry leaves the outbox only once the broker has it. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      const outbox = await this.outbox;
      while (outbox && this.connected && this.link) {
        const link = this.link;
        const next = await outbox.oldest();
        if (!next) break;
        for (const message of next.entry.messages) await link.publish(message);
        // A retained state, not an event: it goes on its own, never holding the queue up.
        if (next.entry.snapshotLabel)
          void this.publishSnapshot(link, next.entry.eventId, next.entry.snapshotLabel).catch(() => undefined);
        await outbox.remove(next.key);
        await this.refreshQueue();
      }
    } catch {
      // The connection went: the entry stays first in line for the next one.
    } finally {
      this.draining = false;
    }
  }

  /** The object's snapshot as `<prefix>/<label>/snapshot` (retained JPEG), read back from the event log. */
  private async publishSnapshot(link: MqttLink, eventId: string, label: string): Promise<void> {
    const turn = (this.snapshotTurns.get(label) ?? 0) + 1;
    this.snapshotTurns.set(label, turn);
    this.events ??= EventStore.open().catch(() => null);
    const store = await this.events;
    if (!store) return;
    const deadline = Date.now() + SNAPSHOT_WAIT_MS;
    let jpeg = await store.snapshot(eventId).catch(() => null);
    while (!jpeg && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      jpeg = await store.snapshot(eventId).catch(() => null);
    }
    // Only the latest object of a class: a newer one may have asked meanwhile.
    if (jpeg && this.snapshotTurns.get(label) === turn) {
      await link.publish({
        topic: topics.snapshot(this.prefix, label),
        payload: new Uint8Array(await jpeg.arrayBuffer()),
        qos: 0,
        retain: true,
      });
    }
  }

  private async refreshQueue(): Promise<void> {
    const outbox = await this.outbox;
    if (!outbox || !this.status) return;
    const [queued, dropped] = await Promise.all([outbox.count(), outbox.dropped()]);
    this.update({ queued, dropped });
  }

  private update(patch: Partial<MqttStatus>): void {
    if (!this.settings) return;
    this.status = {
      ...(this.status ?? {
        state: 'connecting',
        broker: this.settings.url,
        error: null,
        queued: 0,
        dropped: 0,
        retryInSeconds: null,
      }),
      ...patch,
    };
    this.options.onStatus(this.status);
  }
}
