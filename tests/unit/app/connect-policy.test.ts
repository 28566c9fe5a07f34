import { describe, expect, it } from 'vitest';
import { configOfPageAddress, configuredOrigins, connectPolicy } from '../../../src/app/connect-policy';
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

describe('the ?config= file at start-up', () => {
  const page = 'https://kiosk.example/app/?config=/deploy/entrance.json';
  const file = JSON.stringify({ version: 1, mqtt: { url: 'wss://broker.example:8884' } });

  it('is read from this site and its broker allowed on the first visit', () => {
    const asked: string[] = [];
    const config = configOfPageAddress(page, (url) => (asked.push(url), file));
    expect(asked).toEqual(['/deploy/entrance.json']);
    expect(configuredOrigins(config!)).toEqual(['wss://broker.example:8884']);
  });

  it('gives nothing for no ?config=, another site, an unreadable or an invalid file', () => {
    const never = () => {
      throw new Error('must not be read');
    };
    expect(configOfPageAddress('https://kiosk.example/', never)).toBeNull();
    expect(configOfPageAddress('https://kiosk.example/?config=https://evil.example/c.json', never)).toBeNull();
    expect(configOfPageAddress(page, () => null)).toBeNull();
    expect(configOfPageAddress(page, () => '{ not json')).toBeNull();
    expect(configOfPageAddress(page, () => JSON.stringify({ version: 2 }))).toBeNull();
  });
});
