/** What to tell the user when the broker cannot be used. Pure. */

/** CONNACK codes of MQTT 3.1.1 (and their MQTT 5 equivalents) that mean the credentials were refused. */
const AUTH_CODES = new Set([4, 5, 134, 135]);

export function connectionErrorText(
  error: { code?: unknown; message?: string } | null,
  url: string,
  everConnected: boolean,
): string {
  if (error && typeof error.code === 'number' && AUTH_CODES.has(error.code)) {
    return `The MQTT broker at ${url} refused the user name or password: check "username" and "password" in the "mqtt" section of the monitor configuration.`;
  }
  if (error?.message && !/^(connection closed|websocket error)/i.test(error.message)) {
    return `MQTT broker ${url}: ${error.message}.`;
  }
  return everConnected
    ? `Lost the connection to the MQTT broker at ${url}.`
    : `Cannot reach the MQTT broker at ${url}: is it running, and is its WebSocket listener at that address?`;
}

/** Said when the broker is not in the security policy the page loaded with. */
export function notAllowedText(origin: string): string {
  return `The page's security policy was set when it loaded, before ${origin} was configured: reload the page to connect to this broker.`;
}
