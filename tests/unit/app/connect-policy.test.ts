import { describe, expect, it } from 'vitest';
import { configuredOrigins, connectPolicy } from '../../../src/app/connect-policy';
import type { MonitorConfig } from '../../../src/monitor/types';

describe('the start-up connect policy', () => {
  it('allows exactly the broker and the webhooks, by origin', () => {
    const config = {
      version: 1,
      zones: [],
      lines: [],
      mqtt: { url: 'wss://broker.example:8884/mqtt' },
      alerts: [
        { webhook: { url: 'https://ha.local:8123/api/webhook/x?y=1' } },
        { webhook: { url: '/hook' } },
        { webhook: { url: 'https://ha.local:8123/other' } },
        {},
      ],
    } as unknown as MonitorConfig;
    expect(configuredOrigins(config)).toEqual(['https://ha.local:8123', 'wss://broker.example:8884']);
    expect(connectPolicy(configuredOrigins(config))).toBe(
      "connect-src 'self' https://ha.local:8123 wss://broker.example:8884",
    );
  });

  it('allows only the page itself when nothing is configured', () => {
    expect(configuredOrigins({ version: 1, zones: [], lines: [] })).toEqual([]);
    expect(connectPolicy([])).toBe("connect-src 'self'");
  });
});
