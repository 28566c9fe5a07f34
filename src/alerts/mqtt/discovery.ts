/**
 * Home Assistant MQTT discovery: retained configs under `homeassistant/<component>/<node>/<object>/config`
 * for an occupancy binary_sensor and a count sensor per zone and class, and a crossings sensor
 * (`state_class: total_increasing`) per line and class. Pure.
 */
import type { MonitorCounts } from '../../monitor/scene';
import type { MonitorConfig } from '../../monitor/types';
import { labelsOf } from './counts';
import { topics, type OutMessage } from './topics';

export interface DiscoveryTarget {
  prefix: string;
  camera: string;
}

/** Every discovery config for this camera's zones and lines (retained, so Home Assistant finds them after a restart). */
export function discoveryMessages(
  target: DiscoveryTarget,
  config: MonitorConfig,
  counts: MonitorCounts | null,
): OutMessage[] {
  const node = discoveryId(target.prefix);
  const device = {
    identifiers: [node],
    name: `Detector ${target.camera}`,
    manufacturer: 'Detector',
    model: 'In-browser object detector',
  };
  const common = { availability_topic: topics.available(target.prefix), device };
  const out: OutMessage[] = [];
  const add = (component: string, object: string, body: Record<string, unknown>) =>
    out.push({
      topic: `homeassistant/${component}/${node}/${object}/config`,
      payload: JSON.stringify({ ...body, unique_id: `${node}_${object}`, object_id: `${node}_${object}`, ...common }),
      qos: 1,
      retain: true,
    });
  for (const zone of config.zones) {
    for (const label of labelsOf(zone.classes, counts?.zones[zone.name]?.occupancy ?? {})) {
      const state_topic = topics.count(target.prefix, zone.name, label);
      const object = `${discoveryId(zone.name)}_${discoveryId(label)}`;
      add('binary_sensor', `${object}_occupancy`, {
        name: `${zone.name} ${label} occupancy`,
        device_class: 'occupancy',
        state_topic,
        value_template: "{{ 'ON' if (value | int(0)) > 0 else 'OFF' }}",
      });
      add('sensor', `${object}_count`, {
        name: `${zone.name} ${label} count`,
        state_topic,
        state_class: 'measurement',
        unit_of_measurement: label,
      });
    }
  }
  for (const line of config.lines) {
    const { in: inward = {}, out: outward = {} } = counts?.lines[line.name] ?? {};
    for (const label of labelsOf(line.classes, inward, outward)) {
      add('sensor', `${discoveryId(line.name)}_${discoveryId(label)}_crossings`, {
        name: `${line.name} ${label} crossings`,
        state_topic: topics.count(target.prefix, line.name, label),
        state_class: 'total_increasing',
        unit_of_measurement: label,
      });
    }
  }
  return out;
}

/** Home Assistant's node and object ids: letters, digits, _ and - only. */
export function discoveryId(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_') || '_';
}
