/**
 * The topics of one camera and the messages a monitor event becomes. Pure: no DOM, no network.
 * Names follow Frigate's where Home Assistant users already read them (`events`, `<zone>/<label>`,
 * `<label>/snapshot`, `available`); `monitor` and `alerts` carry this app's own events.
 */
import type { MonitorEvent } from '../../monitor/types';
import type { FrigateEvents } from './frigate-events';

/** One MQTT publish. Events go out with QoS 1 (at least once: each payload names its event id for de-duplication). */
export interface OutMessage {
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
}

export const topics = {
  available: (prefix: string) => `${prefix}/available`,
  events: (prefix: string) => `${prefix}/events`,
  monitor: (prefix: string) => `${prefix}/monitor`,
  alerts: (prefix: string) => `${prefix}/alerts`,
  /** Current count of a class in a zone, or crossings of a line (retained). */
  count: (prefix: string, place: string, label: string) => `${prefix}/${topicLevel(place)}/${topicLevel(label)}`,
  snapshot: (prefix: string, label: string) => `${prefix}/${topicLevel(label)}/snapshot`,
};

/** Home Assistant announces itself here ('online' after a restart): discovery is then published again. */
export const HOME_ASSISTANT_STATUS = 'homeassistant/status';

/** The messages for one monitor event, in the order they go out. */
export function eventMessages(event: MonitorEvent, prefix: string, frigate: FrigateEvents): OutMessage[] {
  const json = JSON.stringify(event);
  const out: OutMessage[] = [{ topic: topics.monitor(prefix), payload: json, qos: 1, retain: false }];
  if (event.type === 'alert' && event.actions?.includes('mqtt'))
    out.push({ topic: topics.alerts(prefix), payload: json, qos: 1, retain: false });
  const update = frigate.next(event);
  if (update) out.push({ topic: topics.events(prefix), payload: JSON.stringify(update), qos: 1, retain: false });
  return out;
}

/** A zone, line or class name as one topic level: MQTT's wildcards and separators replaced. */
export function topicLevel(name: string): string {
  return name.replace(/[+#/]/g, '_').replaceAll('\u0000', '_') || '_';
}
