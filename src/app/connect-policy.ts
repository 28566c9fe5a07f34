/**
 * Which other origins the page may connect to: exactly the configured MQTT broker and webhooks.
 *
 * Why a meta tag written at start-up: the configuration lives in this browser (localStorage), so no server
 * and no build can know it, and a Content-Security-Policy can only be tightened after a page has loaded,
 * never loosened. So the static policy (the index.html meta tag, the servers' header, the service worker's
 * header; src/app/security-headers.ts) lets connect-src reach ws:, wss:, http: and https: and pins everything
 * else, and the first module the page runs (src/app/connect-policy-boot.ts) adds a second policy,
 * `connect-src 'self' <configured origins>`, before any other code runs. A request must pass every policy,
 * so what is enforced is exactly 'self' plus the configured origins. A broker configured later needs a
 * reload (the MQTT status says so).
 */
import { loadMonitorConfig } from './monitor-config-store';
import type { MonitorConfig } from '../monitor/types';

/** The origins of the broker and the webhooks a configuration uses, sorted and without duplicates. */
export function configuredOrigins(config: MonitorConfig): string[] {
  const urls: string[] = [];
  if (typeof config.mqtt?.url === 'string') urls.push(config.mqtt.url);
  for (const rule of config.alerts ?? []) if (typeof rule.webhook?.url === 'string') urls.push(rule.webhook.url);
  const origins = new Set<string>();
  for (const url of urls) {
    try {
      // A path on this site ("/hook") has no origin of its own: 'self' covers it.
      if (url.startsWith('/')) continue;
      const { origin, protocol } = new URL(url);
      if (['ws:', 'wss:', 'http:', 'https:'].includes(protocol) && origin !== 'null') origins.add(origin);
    } catch {
      // Invalid addresses never pass the configuration's validation; nothing to allow.
    }
  }
  return [...origins].sort();
}

/** The policy the page adds at start-up. */
export function connectPolicy(origins: readonly string[]): string {
  return ["connect-src 'self'", ...origins].join(' ');
}

/** Adds the policy for the saved configuration to the document; returns the origins it allows besides 'self'. */
export function installConnectPolicy(doc: Document, storage: Pick<Storage, 'getItem'>): ReadonlySet<string> {
  const origins = configuredOrigins(loadMonitorConfig(storage));
  const meta = doc.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = connectPolicy(origins);
  meta.dataset.policy = 'connect';
  doc.head.append(meta);
  return new Set(origins);
}
