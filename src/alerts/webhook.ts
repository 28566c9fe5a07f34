/** The webhook action: the alert as JSON, POSTed to the rule's address. Failures are thrown as readable errors. */
import type { MonitorEvent } from '../monitor/types';

const TIMEOUT_MS = 10_000;

export async function postWebhook(url: string, alert: MonitorEvent): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL(url, location.href), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(alert),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      // A webhook on another site gets no cookies of this one.
      credentials: 'same-origin',
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS / 1000} s` : (error as Error).message;
    throw new Error(
      `${url}: ${reason} (a webhook on another site works after a reload once saved, and must allow this site with CORS)`,
      { cause: error },
    );
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
}
