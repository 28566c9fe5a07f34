import { describe, expect, it } from 'vitest';
import { discoveryId, discoveryMessages } from '../../../../src/alerts/mqtt/discovery';
import type { MonitorConfig } from '../../../../src/monitor/types';

const config: MonitorConfig = {
  version: 1,
  zones: [
    {
      name: 'front door',
      points: [
        [0, 0],
        [1, 0],
        [1, 1],
      ],
      classes: ['person'],
    },
  ],
  lines: [{ name: 'gate', from: [0, 0], to: [1, 1], classes: ['car'] }],
};

describe('Home Assistant discovery', () => {
  const messages = discoveryMessages({ prefix: 'detector/porch', camera: 'porch' }, config, null);
  const byTopic = new Map(messages.map((m) => [m.topic, JSON.parse(m.payload) as Record<string, unknown>]));

  it('announces an occupancy binary_sensor and a count sensor per zone and class, and a crossings total per line and class', () => {
    expect([...byTopic.keys()]).toEqual([
      'homeassistant/binary_sensor/detector_porch/front_door_person_occupancy/config',
      'homeassistant/sensor/detector_porch/front_door_person_count/config',
      'homeassistant/sensor/detector_porch/gate_car_crossings/config',
    ]);
    expect(messages.every((m) => m.retain && m.qos === 1)).toBe(true);
    const occupancy = byTopic.get('homeassistant/binary_sensor/detector_porch/front_door_person_occupancy/config')!;
    expect(occupancy).toMatchObject({
      device_class: 'occupancy',
      state_topic: 'detector/porch/front door/person',
      availability_topic: 'detector/porch/available',
      unique_id: 'detector_porch_front_door_person_occupancy',
      device: { identifiers: ['detector_porch'] },
    });
    expect(occupancy.value_template).toContain("'ON'");
    expect(byTopic.get('homeassistant/sensor/detector_porch/gate_car_crossings/config')).toMatchObject({
      state_class: 'total_increasing',
      state_topic: 'detector/porch/gate/car',
    });
    expect(byTopic.get('homeassistant/sensor/detector_porch/front_door_person_count/config')).toMatchObject({
      state_class: 'measurement',
    });
  });

  it('adds classes that show up in the counts, and makes ids Home Assistant accepts', () => {
    const more = discoveryMessages({ prefix: 'p', camera: 'c' }, config, {
      zones: { 'front door': { occupancy: { dog: 1 }, entered: {} } },
      lines: {},
      confirmed: {},
    });
    expect(more.map((m) => m.topic)).toContain('homeassistant/binary_sensor/p/front_door_dog_occupancy/config');
    expect(discoveryId('detector/porch cam')).toBe('detector_porch_cam');
  });
});
