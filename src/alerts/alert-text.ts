/** What an alert says to a person: the banner's and the notification's title and body. Pure. */
import type { MonitorEvent } from '../monitor/types';

export interface AlertText {
  title: string;
  body: string;
}

export function alertText(alert: MonitorEvent): AlertText {
  const who = `${alert.label} #${alert.trackId}`;
  let what = `${who} seen`;
  if (alert.line) what = `${who} crossed ${alert.line}${alert.direction ? ` (${alert.direction})` : ''}`;
  else if (alert.zone && alert.dwellSeconds !== undefined)
    what = `${who} in ${alert.zone} for ${Math.round(alert.dwellSeconds)} s`;
  else if (alert.zone) what = `${who} in ${alert.zone}`;
  return { title: alert.rule ?? 'Alert', body: `${what}, ${Math.round(alert.score * 100)}%` };
}
