/**
 * The monitor configuration's "mqtt" section: where events go for Home Assistant (and anything that reads
 * Frigate's topics). Pure: validation with a path for every bad field, and the defaults.
 */

export interface MqttConfig {
  /** The broker's WebSocket address, ws:// or wss:// (a page served over https can only use wss://). */
  url: string;
  username?: string;
  password?: string;
  /** Default: detector-<camera>-<random>, made by the page. */
  clientId?: string;
  /** This camera's name in topics and in Home Assistant (default "camera"). */
  camera?: string;
  /** Default: detector/<camera>. */
  topicPrefix?: string;
}

export const DEFAULT_CAMERA_NAME = 'camera';

type Json = Record<string, unknown>;

export function parseMqttSection(value: unknown, errors: string[]): MqttConfig | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push('mqtt: expected an object { "url", "username", "password", "clientId", "topicPrefix" }');
    return undefined;
  }
  const section = value as Json;
  if (typeof section.url !== 'string' || !isBrokerUrl(section.url)) {
    errors.push('mqtt.url: expected the broker\'s WebSocket address, "ws://host:port/path" or "wss://…"');
  }
  for (const key of ['username', 'password', 'clientId', 'camera'] as const) {
    if (section[key] !== undefined && typeof section[key] !== 'string') errors.push(`mqtt.${key}: expected a string`);
  }
  if (typeof section.camera === 'string' && !isTopicLevel(section.camera)) {
    errors.push('mqtt.camera: expected a name without "/", "+" or "#"');
  }
  if (section.topicPrefix !== undefined && !isTopicPrefix(section.topicPrefix)) {
    errors.push(
      'mqtt.topicPrefix: expected topic levels such as "detector/porch" (no "+", "#", leading or trailing "/")',
    );
  }
  return { ...section } as unknown as MqttConfig;
}

/** The prefix every topic of this camera starts with. */
export function topicPrefixOf(config: MqttConfig): string {
  return config.topicPrefix ?? `detector/${cameraNameOf(config)}`;
}

export function cameraNameOf(config: MqttConfig): string {
  return config.camera || DEFAULT_CAMERA_NAME;
}

/**
 * Why this page cannot use the broker at all, or null: browsers refuse a ws:// connection from an https page
 * (mixed content), whatever the policy says.
 */
export function brokerUrlProblem(url: string, pageProtocol: string): string | null {
  if (pageProtocol === 'https:' && url.startsWith('ws://')) {
    return `This page is served over https, so the browser only allows a secure broker address: use wss:// instead of ${url}.`;
  }
  return null;
}

function isBrokerUrl(url: string): boolean {
  try {
    const { protocol, host } = new URL(url);
    return (protocol === 'ws:' || protocol === 'wss:') && host !== '';
  } catch {
    return false;
  }
}

function isTopicPrefix(value: unknown): boolean {
  return typeof value === 'string' && value !== '' && value.split('/').every(isTopicLevel);
}

function isTopicLevel(level: string): boolean {
  return level !== '' && !/[+#/]/.test(level) && !level.includes('\u0000');
}
