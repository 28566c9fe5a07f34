/**
 * One connection to the broker with mqtt.js (its ~100 KB load only when MQTT is configured: the bridge
 * imports this module with import()). A link is one session: no reconnecting of its own; the bridge makes a
 * new link after a back-off, so nothing mqtt.js kept from a lost session is sent twice behind the outbox's back.
 */
// The default export: mqtt.js's browser build has no named ones.
import mqtt from 'mqtt';
import type { OutMessage } from './topics';

export interface LinkOptions {
  url: string;
  username?: string;
  password?: string;
  clientId: string;
  /** The last will: sent by the broker when this link is lost without a goodbye. */
  will: OutMessage;
}

export interface LinkListener {
  connected(): void;
  /** The link is gone for good; `error` is why, when mqtt.js said (a refused CONNACK carries its code). */
  closed(error: { code?: unknown; message?: string } | null, wasConnected: boolean): void;
  message(topic: string, payload: string): void;
}

export interface MqttLink {
  publish(message: { topic: string; payload: string | Uint8Array; qos: 0 | 1; retain: boolean }): Promise<void>;
  subscribe(topic: string): void;
  /** Closes the link; the broker then sends the last will unless `goodbye` is set. */
  end(): void;
}

export function openLink(options: LinkOptions, listener: LinkListener): MqttLink {
  let lastError: { code?: unknown; message?: string } | null = null;
  let wasConnected = false;
  let over = false;
  const client = mqtt.connect(options.url, {
    clientId: options.clientId,
    username: options.username,
    password: options.password,
    protocolVersion: 4,
    clean: true,
    keepalive: 30,
    connectTimeout: 10_000,
    reconnectPeriod: 0,
    will: {
      topic: options.will.topic,
      payload: options.will.payload,
      qos: options.will.qos,
      retain: options.will.retain,
    },
  });
  client.on('connect', () => {
    wasConnected = true;
    listener.connected();
  });
  client.on('error', (error) => (lastError = error as { code?: unknown; message?: string }));
  client.on('message', (topic, payload) => listener.message(topic, new TextDecoder().decode(payload)));
  client.on('close', () => {
    if (over) return;
    over = true;
    client.end(true);
    listener.closed(lastError, wasConnected);
  });

  return {
    publish: ({ topic, payload, qos, retain }) =>
      new Promise<void>((resolve, reject) => {
        if (over || !client.connected) return reject(new Error('not connected'));
        const onClose = () => reject(new Error('connection lost before the broker acknowledged'));
        client.once('close', onClose);
        client.publish(topic, payload as string, { qos, retain }, (error) => {
          client.off('close', onClose);
          if (error) reject(error);
          else resolve();
        });
      }),
    subscribe: (topic) => void client.subscribe(topic, { qos: 0 }),
    end: () => {
      over = true;
      client.end(true);
    },
  };
}
