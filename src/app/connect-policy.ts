/**
 * Which other origins the page may connect to: exactly the configured MQTT broker and webhooks.
 *
 * Why a meta tag written at start-up: the configuration lives in this browser (localStorage), so no server
 * and no build can know it, and a Content-Security-Policy can only be tightened after a page has loaded,
 * never loosened. So the static policy (the index.html meta tag, the servers' header, the service worker's
 * header; src/app/security-headers.ts) lets connect-src reach ws:, wss:, http: and https: and pins everything
 * else, and the first module the page runs (src/app/connect-policy-boot.ts) adds a second policy,
 * `connect-src 'self' <configured origins>`, before any other code runs. A request must pass every policy,
 * so what is enforced is exactly 'self' plus the configured origins: those of the saved configuration and of the
 * one `?config=` names (read here, so that a deployment's first visit connects). A broker configured later in the
 * page needs a reload (the MQTT status says so).
 */
import { parseMonitorConfig } from '../monitor/config';
import type { MonitorConfig } from '../monitor/types';
import { configUrlOf } from './config-url';
import { loadMonitorConfig } from './monitor-config-store';

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

/**
 * The valid configuration that the page address's `?config=` names, read with `readText`; null when there is none,
 * or it cannot be read or is invalid (the monitor then says why when it loads it).
 */
export function configOfPageAddress(href: string, readText: (url: string) => string | null): MonitorConfig | null {
  const request = configUrlOf(href);
  if (!request || 'error' in request) return null;
  const text = readText(request.url);
  if (text === null) return null;
  try {
    const parsed = parseMonitorConfig(JSON.parse(text));
    return parsed.ok ? parsed.config : null;
  } catch {
    return null;
  }
}

/**
 * A same-origin file's text, synchronously: the policy must be in place before any other module runs, so it cannot
 * wait for a fetch. Used once at start-up, for the small `?config=` file (from the service worker's cache offline).
 */
function readTextNow(url: string): string | null {
  const request = new XMLHttpRequest();
  try {
    request.open('GET', url, false);
    request.send();
  } catch {
    return null;
  }
  return request.status === 200 ? request.responseText : null;
}

/**
 * Adds the policy for the saved configuration and the one `?config=` names to the document; returns the origins it
 * allows besides 'self'.
 */
export function installConnectPolicy(
  doc: Document,
  storage: Pick<Storage, 'getItem'>,
  href: string = doc.location.href,
  readText: (url: string) => string | null = readTextNow,
): ReadonlySet<string> {
  const fromAddress = configOfPageAddress(href, readText);
  const origins = [
    ...new Set([
      ...configuredOrigins(loadMonitorConfig(storage)),
      ...(fromAddress ? configuredOrigins(fromAddress) : []),
    ]),
  ].sort();
  const meta = doc.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = connectPolicy(origins);
  meta.dataset.policy = 'connect';
  doc.head.append(meta);
  return new Set(origins);
}
