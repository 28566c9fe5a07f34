/**
 * A deployment is a URL and a JSON file: the page opened with `?config=` of a configuration with a line rule, MQTT
 * settings and clips, a person walking through the picture (again and again) as its camera, a real mosquitto and a Node subscriber (mqtt.js). On the first
 * visit (nothing saved yet) the rule fires on the crossing, the alert shows and plays, everything is published
 * (availability, the events, the alert, Home Assistant discovery), a playable clip with pre-roll is kept, no event is
 * lost across a broker restart, and the broker sends the last will when the page goes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import mqtt from 'mqtt';
import type { AlertActivity } from '../../src/components/controllers/alerts-controller';
import type { MonitorConfig, MonitorEvent } from '../../src/monitor/types';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { CACHE_DIR } from '../support/coco';
import { makeBroker, type Broker } from '../support/mosquitto';
import { makeCameraFile, makeWalkerVideo } from './walker-video';

const CAMERA = makeCameraFile(makeWalkerVideo());
test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: CAMERA }) },
});

const USER = 'kiosk';
const PASSWORD = 'entrance 7';
const PREFIX = 'detector/entrance';
const RULE = 'Someone came in';
const PRE_ROLL = 2;

let broker: Broker;
test.beforeAll(async () => {
  broker = await makeBroker({ [USER]: PASSWORD });
  await broker.start();
});
test.afterAll(async () => {
  await broker?.dispose();
});

function deployment(): MonitorConfig {
  return {
    version: 1,
    zones: [],
    lines: [{ name: 'gate', from: [0.35, 0], to: [0.35, 1], classes: ['person'] }],
    alerts: [
      {
        name: RULE,
        when: { event: 'line-cross', line: 'gate', direction: 'in', classes: ['person'] },
        cooldownSeconds: 5,
        actions: ['banner', 'sound', 'mqtt'],
        sound: { tone: 'chime', volume: 0.5 },
      },
    ],
    mqtt: { url: broker.url, username: USER, password: PASSWORD, camera: 'entrance' },
    clips: { enabled: true, preRollSeconds: PRE_ROLL, postCaptureSeconds: 2 },
  };
}

interface Message {
  topic: string;
  text: string;
  retain: boolean;
}

/** What a newcomer (Home Assistant starting) is given: the retained messages, by topic. */
async function retainedMessages(): Promise<Map<string, string>> {
  const client = await mqtt.connectAsync(broker.url, { username: USER, password: PASSWORD, reconnectPeriod: 0 });
  const kept = new Map<string, string>();
  client.on('message', (topic, payload, packet) => packet.retain && kept.set(topic, payload.toString()));
  await client.subscribeAsync([`${PREFIX}/#`, 'homeassistant/#'], { qos: 1 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  await client.endAsync();
  return kept;
}

const eventIds = (messages: Message[], topic: string) =>
  messages.filter((m) => m.topic === topic).map((m) => (JSON.parse(m.text) as MonitorEvent).id);

/** The newest stored clip that has its full pre-roll and covers a crossing: its timing and file (base64). */
function crossingClip(page: Page) {
  return page.evaluate(
    async ({ module, preRoll }) => {
      const { EventStore } = (await import(module)) as typeof import('../../src/storage/event-store');
      const store = await EventStore.open();
      try {
        const events = await store.list();
        for (const event of events.filter((e) => e.type === 'line-cross' && e.clipId)) {
          const clip = await store.clip(event.clipId!);
          if (!clip || clip.firstEventT - clip.startT < preRoll - 0.05) continue;
          const bytes = new Uint8Array(await clip.blob.arrayBuffer());
          let text = '';
          for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return { type: clip.blob.type, preRoll: clip.firstEventT - clip.startT, file: btoa(text) };
        }
        return null;
      } finally {
        store.close();
      }
    },
    { module: '/src/storage/event-store.ts', preRoll: PRE_ROLL },
  );
}

test('a ?config= deployment: the rule fires on the crossing, plays, publishes to a real broker, keeps a clip with pre-roll, loses no event across a broker restart', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const received: Message[] = [];
  const subscriber = await mqtt.connectAsync(broker.url, {
    username: USER,
    password: PASSWORD,
    clientId: 'home-assistant',
    clean: false,
    reconnectPeriod: 300,
  });
  subscriber.on('message', (topic, payload, packet) =>
    received.push({ topic, text: payload.toString(), retain: packet.retain }),
  );
  await subscriber.subscribeAsync([`${PREFIX}/#`, 'homeassistant/#'], { qos: 1 });
  try {
    // The deployment's file, served by this site's server (the dev server serves the git-ignored .cache/). Not a
    // page.route: the page reads it once synchronously at start-up (its connect policy), which Playwright's request
    // interception cannot answer.
    writeFileSync(resolve(CACHE_DIR, 'deploy-entrance.json'), JSON.stringify(deployment()));
    await page.addInitScript(() => {
      const seen: MonitorEvent[] = [];
      (window as unknown as { monitorEvents: MonitorEvent[] }).monitorEvents = seen;
      document.addEventListener('monitor-event', (e) => seen.push((e as CustomEvent<MonitorEvent>).detail));
    });
    await page.goto('/?config=/.cache/deploy-entrance.json');
    // A click: the user gesture that lets the page play sound.
    await page.getByRole('button', { name: 'Monitor', exact: true }).click();
    await expect(page.getByTestId('monitor-summary')).toHaveText('0 zones, 1 line');
    await expect(page.getByTestId('mqtt-state')).toHaveAttribute('data-state', 'connected', { timeout: 60_000 });

    // The person crosses the gate: the alert shows, plays, and goes out on MQTT with the event that fired it.
    await expect(page.getByTestId('alert-banner').first()).toContainText(RULE, { timeout: 150_000 });
    const activity = (): Promise<AlertActivity> =>
      page.evaluate(() => document.querySelector('detector-app')!.alertActivity);
    await expect.poll(async () => (await activity()).sounds).toBeGreaterThan(0);
    expect((await activity()).audio).toBe('running');
    await expect.poll(() => eventIds(received, `${PREFIX}/alerts`).length, { timeout: 30_000 }).toBeGreaterThan(0);
    const alert = JSON.parse(received.find((m) => m.topic === `${PREFIX}/alerts`)!.text) as MonitorEvent;
    expect(alert).toMatchObject({ type: 'alert', rule: RULE, line: 'gate', direction: 'in', label: 'person' });
    await expect.poll(() => eventIds(received, `${PREFIX}/monitor`)).toContain(alert.cause);

    // Retained for Home Assistant: online, and the discovery entity of the gate's crossings.
    const kept = await retainedMessages();
    expect(kept.get(`${PREFIX}/available`)).toBe('online');
    const discovery = JSON.parse(
      kept.get('homeassistant/sensor/detector_entrance/gate_person_crossings/config') ?? 'null',
    ) as unknown;
    expect(discovery).toMatchObject({ state_class: 'total_increasing', state_topic: `${PREFIX}/gate/person` });

    // A playable clip of a crossing, with its pre-roll: it starts on a key frame and every frame decodes.
    let clip: Awaited<ReturnType<typeof crossingClip>> = null;
    await expect.poll(async () => (clip = await crossingClip(page)) !== null, { timeout: 120_000 }).toBe(true);
    const file = join(
      mkdtempSync(join(tmpdir(), 'deployment-')),
      clip!.type.includes('mp4') ? 'clip.mp4' : 'clip.webm',
    );
    writeFileSync(file, Buffer.from(clip!.file, 'base64'));
    expect(execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' })).toBe('');
    const firstFrame = execFileSync(
      'ffprobe',
      [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'frame=key_frame',
        '-read_intervals',
        '%+#1',
        '-of',
        'csv=p=0',
        file,
      ],
      { encoding: 'utf8' },
    );
    expect(firstFrame.trim()).toBe('1');
    expect(clip!.preRoll).toBeGreaterThanOrEqual(PRE_ROLL - 0.05);

    // The broker goes down while the person keeps walking through: events wait in the outbox, then all arrive.
    await broker.stop();
    await expect(page.getByTestId('mqtt-state')).toHaveAttribute('data-state', 'disconnected');
    await expect(page.getByTestId('mqtt-queued')).not.toHaveText('0 queued', { timeout: 90_000 });
    await broker.start();
    await expect(page.getByTestId('mqtt-state')).toHaveAttribute('data-state', 'connected', { timeout: 45_000 });
    const sent = await page.evaluate(() => (window as unknown as { monitorEvents: MonitorEvent[] }).monitorEvents);
    const expected = sent.map((e) => e.id);
    await expect
      .poll(() => expected.filter((id) => !eventIds(received, `${PREFIX}/monitor`).includes(id)), { timeout: 45_000 })
      .toEqual([]);
    const inOrder = [...new Set(eventIds(received, `${PREFIX}/monitor`))].filter((id) => expected.includes(id));
    expect(inOrder).toEqual(expected);

    // The page goes without a goodbye: the broker says so for it.
    const before = received.length;
    await page.close();
    await expect
      .poll(() => received.slice(before).find((m) => m.topic === `${PREFIX}/available`)?.text, { timeout: 20_000 })
      .toBe('offline');
  } finally {
    await subscriber.endAsync();
  }
});
