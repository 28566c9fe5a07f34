/**
 * Where the monitor configuration lives on the page: saved with the settings (localStorage), imported from
 * and exported to a file, or loaded from a URL (`<detector-app monitor-config="URL">` for kiosk pages).
 * Every way in goes through the same validation; an invalid document never replaces the current one.
 */
import { DEFAULT_MONITOR_CONFIG, parseMonitorConfig, serializeMonitorConfig } from '../monitor/config';
import type { MonitorConfig } from '../monitor/types';

const KEY = 'detector-monitor-config-v1';

export type ConfigResult = { ok: true; config: MonitorConfig } | { ok: false; errors: string[] };

export function loadMonitorConfig(storage: Pick<Storage, 'getItem'> = localStorage): MonitorConfig {
  try {
    const saved = storage.getItem(KEY);
    if (!saved) return DEFAULT_MONITOR_CONFIG;
    const parsed = parseMonitorConfig(JSON.parse(saved));
    return parsed.ok ? parsed.config : DEFAULT_MONITOR_CONFIG;
  } catch {
    return DEFAULT_MONITOR_CONFIG;
  }
}

export function saveMonitorConfig(config: MonitorConfig, storage: Pick<Storage, 'setItem'> = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(config));
  } catch {
    // Private mode or a full quota: the configuration then lasts for this visit only.
  }
}

/** Parses a document's text, with the JSON syntax error named like a field error. */
export function parseMonitorConfigText(text: string): ConfigResult {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`(document): not JSON (${(error as Error).message})`] };
  }
  return parseMonitorConfig(input);
}

/** A configuration from this site (a kiosk's monitor-config attribute). */
export async function fetchMonitorConfig(url: string): Promise<ConfigResult> {
  const address = new URL(url, location.href);
  if (address.origin !== location.origin)
    return { ok: false, errors: [`${url}: configurations load from this site only`] };
  let response: Response;
  try {
    response = await fetch(address);
  } catch (error) {
    return { ok: false, errors: [`${url}: ${(error as Error).message}`] };
  }
  if (!response.ok) return { ok: false, errors: [`${url}: HTTP ${response.status}`] };
  return parseMonitorConfigText(await response.text());
}

/** The configuration as a file to download. */
export function monitorConfigFile(config: MonitorConfig): Blob {
  return new Blob([serializeMonitorConfig(config)], { type: 'application/json' });
}
