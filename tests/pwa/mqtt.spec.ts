/**
 * MQTT in the production build: mqtt.js is its own chunk, fetched only once MQTT is configured, and the page
 * reaches the broker under its start-up policy, before and after the service worker controls it.
 */
import { expect, test } from '@playwright/test';
import mqtt from 'mqtt';
import { makeBroker } from '../support/mosquitto';

test('the MQTT chunk loads only when configured, and the page connects under its policy, also from the service worker', async ({
  page,
}) => {
  const broker = await makeBroker({ user: 'secret' });
  await broker.start();
  const violations: string[] = [];
  const assets: string[] = [];
  page.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
  page.on('request', (r) => r.url().includes('/assets/') && assets.push(r.url().split('/').pop()!));
  try {
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Monitor', exact: true })).toBeVisible();
    expect(await page.locator('meta[data-policy="connect"]').getAttribute('content')).toBe("connect-src 'self'");
    expect(assets.filter((a) => a.startsWith('mqtt-link'))).toEqual([]);

    const config = { version: 1, mqtt: { url: broker.url, username: 'user', password: 'secret', camera: 'prod' } };
    await page.evaluate((text) => localStorage.setItem('detector-monitor-config-v1', text), JSON.stringify(config));
    await page.reload();
    await expect(page.getByTestId('mqtt-state')).toHaveAttribute('data-state', 'connected');
    expect(assets.some((a) => a.startsWith('mqtt-link'))).toBe(true);
    expect(await page.locator('meta[data-policy="connect"]').getAttribute('content')).toBe(
      `connect-src 'self' ${broker.url}`,
    );

    // The service worker installs in the background: once it is active, the next load is served by it.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await expect(page.getByTestId('mqtt-state')).toHaveAttribute('data-state', 'connected');
    const reader = await mqtt.connectAsync(broker.url, { username: 'user', password: 'secret', reconnectPeriod: 0 });
    const availability = new Promise<string>((resolve) =>
      reader.on('message', (_topic, payload) => resolve(payload.toString())),
    );
    await reader.subscribeAsync('detector/prod/available');
    expect(await availability).toBe('online');
    await reader.endAsync();
    expect(violations).toEqual([]);
  } finally {
    await broker.dispose();
  }
});
