/**
 * MQTT for Home Assistant against a real broker: Debian's mosquitto (WebSocket listener, password file),
 * started and stopped here, and a Node subscriber (mqtt.js). The walker video plays as the source.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import mqtt, { type MqttClient } from 'mqtt';
import type { MonitorConfig, MonitorEvent, NormPoint } from '../../src/monitor/types';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { FAKE_CAMERA } from '../support/coco';
import { freePort, makeBroker, type Broker } from '../support/mosquitto';
import { nextDetections } from './helpers';
import { WALKER_CONFIG_FILE } from './walker-analysis';
import { WALKER_VIDEO } from './walker-video';
import { FULL_ONLY } from '../support/test-scope';

test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA }) },
});
test.describe.configure({ mode: 'serial' });

const USER = 'detector';
const PASSWORD = 'correct horse';
const PREFIX = 'detector/porch';
/** Where src/app/monitor-config-store.ts keeps the configuration. */
const CONFIG_KEY = 'detector-monitor-config-v1';

interface Received {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

let broker: Broker;

test.beforeAll(async () => {
  broker = await makeBroker({ [USER]: PASSWORD });
  await broker.start();
});

test.afterAll(async () => {
  await broker?.dispose();
});

/**
 * The walker's line, a "door" zone over the whole picture (any person seen enters it) and an "mqtt" section, saved
 * before the page loads (so its policy allows the broker).
 */
async function openWithMqtt(page: Page, password: string): Promise<void> {
  const walker = JSON.parse(readFileSync(WALKER_CONFIG_FILE, 'utf8')) as MonitorConfig;
  const whole: NormPoint[] = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ];
  const config: MonitorConfig = {
    ...walker,
    zones: [{ ...walker.zones[0], points: whole }],
    mqtt: { url: broker.url, username: USER, password, camera: 'porch' },
  };
  await page.addInitScript(
    ([key, value]) => {
      localStorage.setItem(key, value);
      (window as unknown as { monitorEvents: MonitorEvent[] }).monitorEvents = [];
      document.addEventListener('monitor-event', (e) =>
        (window as unknown as { monitorEvents: MonitorEvent[] }).monitorEvents.push(
          (e as CustomEvent<MonitorEvent>).detail,
        ),
      );
    },
    [CONFIG_KEY, JSON.stringify(config)],
  );
  await page.goto('/');
}

/** A subscriber with a persistent session: what is published while it is away (the broker restarting) waits for it. */
async function subscriber(): Promise<{ client: MqttClient; received: Received[] }> {
  const received: Received[] = [];
  const client = await mqtt.connectAsync(broker.url, {
    username: USER,
    password: PASSWORD,
    clientId: 'test-subscriber',
    clean: false,
    reconnectPeriod: 300,
  });
  client.on('message', (topic, payload, packet) => received.push({ topic, payload, retain: packet.retain }));
  await client.subscribeAsync([`${PREFIX}/#`, 'homeassistant/#'], { qos: 1 });
  return { client, received };
}

/** The retained messages a newcomer gets on `filter`. */
async function retained(filter: string): Promise<Map<string, string>> {
  const client = await mqtt.connectAsync(broker.url, { username: USER, password: PASSWORD, reconnectPeriod: 0 });
  const found = new Map<string, string>();
  client.on('message', (topic, payload, packet) => packet.retain && found.set(topic, payload.toString()));
  await client.subscribeAsync(filter, { qos: 1 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  await client.endAsync();
  return found;
}

const ids = (received: Received[], topic: string) =>
  received.filter((m) => m.topic === topic).map((m) => (JSON.parse(m.payload.toString()) as { id: string }).id);
const firstSeen = (list: string[]) => [...new Set(list)];
const delivered = (page: Page) =>
  page.evaluate(() => (window as unknown as { monitorEvents: MonitorEvent[] }).monitorEvents);

test(
  'events reach Home Assistant through a real broker: availability, discovery, counts, Frigate events, snapshot, none lost across a broker restart, last will',
  FULL_ONLY,
  async ({ page }) => {
    test.setTimeout(240_000);
    const { client, received } = await subscriber();
    try {
      await openWithMqtt(page, PASSWORD);
      const state = page.getByTestId('mqtt-state');
      await expect(state).toHaveAttribute('data-state', 'connected');

      // Retained: availability and the discovery configs, as Home Assistant finds them when it starts.
      // Published in turn after connecting: availability, discovery, then the counts.
      let kept = new Map<string, string>();
      await expect
        .poll(async () => (kept = await retained('#')).get(`${PREFIX}/door/person`), { timeout: 20_000 })
        .toMatch(/^\d+$/);
      expect(kept.get(`${PREFIX}/available`)).toBe('online');
      const occupancy = JSON.parse(
        kept.get('homeassistant/binary_sensor/detector_porch/door_person_occupancy/config') ?? 'null',
      ) as unknown;
      expect(occupancy).toMatchObject({
        device_class: 'occupancy',
        state_topic: `${PREFIX}/door/person`,
        availability_topic: `${PREFIX}/available`,
      });
      const crossings = JSON.parse(
        kept.get('homeassistant/sensor/detector_porch/gate_person_crossings/config') ?? 'null',
      ) as unknown;
      expect(crossings).toMatchObject({ state_class: 'total_increasing', state_topic: `${PREFIX}/gate/person` });
      expect(kept.get(`${PREFIX}/gate/person/in`)).toBe('0');

      // The policy: the configured broker is allowed, any other origin is blocked.
      const other = `ws://127.0.0.1:${await freePort()}/`;
      const verdict = await page.evaluate(
        async ({ allowed, blocked }) => {
          const violations: string[] = [];
          document.addEventListener('securitypolicyviolation', (e) =>
            violations.push(`${e.violatedDirective} ${e.blockedURI}`),
          );
          const open = (url: string) =>
            new Promise<string>((resolve) => {
              try {
                const socket = new WebSocket(url, 'mqtt');
                socket.onopen = () => (socket.close(), resolve('open'));
                socket.onerror = () => resolve('error');
              } catch (error) {
                resolve(`threw ${(error as Error).name}`);
              }
            });
          const results = { allowed: await open(allowed), blocked: await open(blocked) };
          await new Promise((resolve) => setTimeout(resolve, 300));
          return { ...results, violations };
        },
        { allowed: `${broker.url}/`, blocked: other },
      );
      expect(verdict.allowed).toBe('open');
      expect(verdict.blocked).not.toBe('open');
      expect(verdict.violations).toHaveLength(1);
      expect(verdict.violations[0]).toMatch(/^connect-src ws:\/\/127\.0\.0\.1:\d+/);
      expect(verdict.violations[0]).toContain(other.replace(/\/$/, ''));

      // The camera's picture: a person stands in the door zone. Then the broker goes down, the source changes to
      // the walker video (the camera's objects leave, new ones appear) and those events wait in the outbox.
      const monitorPayloads = () =>
        received
          .filter((m) => m.topic === `${PREFIX}/monitor`)
          .map((m) => JSON.parse(m.payload.toString()) as MonitorEvent);
      await expect
        .poll(() => monitorPayloads().some((e) => e.type === 'zone-enter' && e.zone === 'door'), { timeout: 120_000 })
        .toBe(true);
      await broker.stop();
      await expect(state).toHaveAttribute('data-state', 'disconnected');
      await expect(page.getByTestId('mqtt-error')).toContainText('MQTT broker');
      await page.getByTestId('video-file').setInputFiles(WALKER_VIDEO);
      await expect(page.getByTestId('mqtt-queued')).not.toHaveText('0 queued', { timeout: 90_000 });
      const queuedWhileDown = await page.getByTestId('mqtt-queued').textContent();
      await broker.start();
      await expect(state).toHaveAttribute('data-state', 'connected', { timeout: 45_000 });

      // Every event the page got reaches the subscriber, in order (a duplicate is possible: at least once).
      const events = await delivered(page);
      const expected = events.map((e) => e.id);
      await expect
        .poll(() => expected.filter((id) => !ids(received, `${PREFIX}/monitor`).includes(id)), { timeout: 45_000 })
        .toEqual([]);
      const got = firstSeen(ids(received, `${PREFIX}/monitor`));
      // (The page's own record starts at its last load: compare the events it holds.)
      expect(got.filter((id) => expected.includes(id))).toEqual(expected);
      const stored = await page.evaluate(async (module) => {
        const { EventStore } = (await import(module)) as typeof import('../../src/storage/event-store');
        const store = await EventStore.open();
        const list = await store.list();
        store.close();
        return list.map((e) => e.id);
      }, '/src/storage/event-store.ts');
      // What the event log kept went out too (it may hold a few events newer than `expected`).
      await expect.poll(() => stored.filter((id) => !ids(received, `${PREFIX}/monitor`).includes(id))).toEqual([]);
      const duplicates = ids(received, `${PREFIX}/monitor`).length - got.length;
      console.log(
        `${expected.length} events delivered, ${got.length} received in order, ${duplicates} duplicates (at-least-once), ${queuedWhileDown} while the broker was down`,
      );

      // The monitor payload is the event log's record; Frigate-style events follow the person into the door zone.
      const entered = events.find((e) => e.type === 'zone-enter' && e.zone === 'door')!;
      expect(monitorPayloads().find((e) => e.id === entered.id)).toEqual(entered);
      const person = received
        .filter((m) => m.topic === `${PREFIX}/events`)
        .map(
          (m) =>
            JSON.parse(m.payload.toString()) as {
              type: string;
              after: {
                track_id: number;
                entered_zones: string[];
                current_zones: string[];
                camera: string;
                event_id: string;
              };
            },
        )
        .filter((m) => m.after.track_id === entered.trackId);
      expect(person[0].type).toBe('new');
      expect(person[0].after.camera).toBe('porch');
      const update = person.find((m) => m.after.event_id === entered.id);
      expect(update).toMatchObject({ type: 'update', after: { entered_zones: ['door'], current_zones: ['door'] } });

      // Counts (retained): the person was counted in the door zone; the gate's crossings start at 0.
      const values = (topic: string) => received.filter((m) => m.topic === topic).map((m) => m.payload.toString());
      expect(values(`${PREFIX}/door/person`).some((v) => Number(v) > 0)).toBe(true);
      expect(values(`${PREFIX}/gate/person/in`)[0]).toBe('0');
      // The snapshot of the latest person: a JPEG.
      const snapshot = () => received.filter((m) => m.topic === `${PREFIX}/person/snapshot`).at(-1)?.payload;
      await expect.poll(() => snapshot()?.subarray(0, 2).toString('hex'), { timeout: 20_000 }).toBe('ffd8');
      expect(snapshot()!.length).toBeGreaterThan(2_000);

      // The page goes away without a goodbye: the broker sends the last will.
      const before = received.length;
      await page.close();
      await expect
        .poll(
          () =>
            received
              .slice(before)
              .find((m) => m.topic === `${PREFIX}/available`)
              ?.payload.toString(),
          { timeout: 20_000 },
        )
        .toBe('offline');
    } finally {
      await client.endAsync();
    }
  },
);

test(
  'a wrong password is named in the panel and detection goes on; a broker configured after load asks for a reload',
  FULL_ONLY,
  async ({ page }) => {
    await openWithMqtt(page, 'wrong password');
    await expect(page.getByTestId('mqtt-error')).toContainText('refused the user name or password');
    await expect(page.getByTestId('message').filter({ hasText: 'refused the user name or password' })).toBeVisible();
    await expect(page.getByTestId('mqtt-state')).toHaveAttribute('data-state', 'disconnected');
    await nextDetections(page);

    // Another broker, imported now: the policy the page loaded with does not allow it, and the panel says so.
    const elsewhere = `ws://127.0.0.1:${await freePort()}`;
    await page.getByRole('button', { name: 'Monitor', exact: true }).click();
    const config = { version: 1, mqtt: { url: elsewhere, username: USER, password: PASSWORD } };
    await page.getByTestId('monitor-config-file').setInputFiles({
      name: 'other-broker.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(config)),
    });
    await expect(page.getByTestId('mqtt-state')).toContainText(elsewhere);
    await expect(page.getByTestId('mqtt-error')).toContainText(`before ${elsewhere} was configured: reload the page`);
    await nextDetections(page);
  },
);

test('the outbox keeps events across a reload, in order, and drops the oldest beyond its capacity, counting them', async ({
  page,
}) => {
  const run = (step: 'fill' | 'read') =>
    page.evaluate(
      async ({ module, step }) => {
        const { MqttOutbox } = (await import(module)) as typeof import('../../src/storage/mqtt-outbox');
        const outbox = await MqttOutbox.open(3, 'test-mqtt-outbox');
        const dropped: number[] = [];
        if (step === 'fill') {
          for (const eventId of ['e1', 'e2', 'e3', 'e4', 'e5'])
            dropped.push(await outbox.add({ eventId, messages: [] }));
        }
        const order: string[] = [];
        for (let next = await outbox.oldest(); next; next = await outbox.oldest()) {
          order.push(next.entry.eventId);
          if (step === 'read') await outbox.remove(next.key);
          else break;
        }
        const result = { dropped, order, count: await outbox.count(), total: await outbox.dropped() };
        outbox.close();
        return result;
      },
      { module: '/src/storage/mqtt-outbox.ts', step },
    );
  await page.goto('/harness.html');
  expect(await run('fill')).toEqual({ dropped: [0, 0, 0, 1, 1], order: ['e3'], count: 3, total: 2 });
  await page.reload();
  expect(await run('read')).toEqual({ dropped: [], order: ['e3', 'e4', 'e5'], count: 0, total: 2 });
});
