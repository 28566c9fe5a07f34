import { describe, expect, it } from 'vitest';
import { parseMonitorConfig } from '../../../src/monitor/config';
import { brokerUrlProblem, parseMqttSection, topicPrefixOf } from '../../../src/monitor/mqtt-config';

const parse = (section: unknown) => {
  const errors: string[] = [];
  return { section: parseMqttSection(section, errors), errors };
};

describe('the "mqtt" section', () => {
  it('takes a WebSocket broker with credentials and keeps it in the configuration', () => {
    const mqtt = {
      url: 'wss://broker.example:8884/mqtt',
      username: 'ha',
      password: 'pw',
      clientId: 'porch-1',
      topicPrefix: 'home/porch',
    };
    const result = parseMonitorConfig({ version: 1, mqtt });
    expect(result).toEqual({ ok: true, config: { version: 1, zones: [], lines: [], mqtt } });
  });

  it('names each bad field', () => {
    expect(parse({ url: 'mqtt://broker:1883' }).errors).toEqual([expect.stringMatching(/^mqtt\.url: .*ws:\/\//)]);
    expect(parse({ url: 'ws://b', username: 3, topicPrefix: 'a/#' }).errors).toEqual([
      'mqtt.username: expected a string',
      expect.stringMatching(/^mqtt\.topicPrefix: /),
    ]);
    expect(parse({ url: 'ws://b', topicPrefix: 'detector/' }).errors).toHaveLength(1);
    expect(parse({ url: 'ws://b', camera: 'a/b' }).errors).toEqual([expect.stringMatching(/^mqtt\.camera: /)]);
    expect(parse('ws://b').errors).toEqual([expect.stringMatching(/^mqtt: expected an object/)]);
    const result = parseMonitorConfig({ version: 1, mqtt: { url: 'http://x' } });
    expect(result.ok).toBe(false);
  });

  it('defaults the prefix to detector/<camera>', () => {
    expect(topicPrefixOf({ url: 'ws://b' })).toBe('detector/camera');
    expect(topicPrefixOf({ url: 'ws://b', camera: 'porch' })).toBe('detector/porch');
    expect(topicPrefixOf({ url: 'ws://b', camera: 'porch', topicPrefix: 'home/p' })).toBe('home/p');
  });

  it('says that an https page needs wss://', () => {
    expect(brokerUrlProblem('ws://b:9001', 'https:')).toMatch(/wss:\/\//);
    expect(brokerUrlProblem('wss://b:9001', 'https:')).toBeNull();
    expect(brokerUrlProblem('ws://b:9001', 'http:')).toBeNull();
  });
});
