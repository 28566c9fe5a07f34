import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { AlertActivity } from '../../src/components/controllers/alerts-controller';
import type { MonitorConfig, MonitorEvent } from '../../src/monitor/types';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { nextDetections } from './helpers';
import { makeCameraFile, makeWalkerVideo } from './walker-video';
import { FULL_ONLY } from '../support/test-scope';

/** The walker video as the camera: Chromium's fake camera plays (and loops) it. */
const WALKER_CAMERA = makeCameraFile(makeWalkerVideo());
test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: WALKER_CAMERA }) },
});

/** Served by the dev server from the repository, as a deployment's web server would serve its JSON file. */
const CONFIG_URL = '/tests/fixtures/alerts-monitor.json';

function configInForce(page: Page): Promise<MonitorConfig> {
  return page.evaluate(() => JSON.parse(document.querySelector('detector-app')!.monitorConfigText) as MonitorConfig);
}

function alertActivity(page: Page): Promise<AlertActivity> {
  return page.evaluate(() => document.querySelector('detector-app')!.alertActivity);
}

test(
  '?config= loads a line rule; a person crossing the line raises the alert: banner, sound, webhook, and the log names its cause',
  FULL_ONLY,
  async ({ page }) => {
    // The webhook's receiver, on this site: it records each POST as the server got it.
    const posts: { contentType: string | null; body: MonitorEvent }[] = [];
    await page.route('**/__test/alert-hook', async (route) => {
      const request = route.request();
      posts.push({
        contentType: await request.headerValue('content-type'),
        body: request.postDataJSON() as MonitorEvent,
      });
      await route.fulfill({ status: 204 });
    });
    await page.goto(`/?config=${encodeURIComponent(CONFIG_URL)}`);
    // A click is the user gesture that lets the page play sound (browsers' autoplay rule); it also opens the log.
    await page.getByRole('button', { name: 'Monitor', exact: true }).click();
    await expect(page.getByTestId('monitor-summary')).toHaveText('0 zones, 1 line');
    expect((await configInForce(page)).alerts?.[0].name).toBe('Someone at the gate');

    const banner = page.getByTestId('alert-banner').first();
    await expect(banner).toBeVisible({ timeout: 120_000 });
    await expect(banner).toContainText('Someone at the gate');
    await expect(banner).toContainText('person');
    await expect(banner).toContainText('crossed gate (in)');

    // The tone really started on a running AudioContext.
    await expect.poll(() => alertActivity(page)).toMatchObject({ audio: 'running' });
    await expect.poll(async () => (await alertActivity(page)).sounds).toBeGreaterThan(0);

    // The webhook got the alert as JSON: the rule, its cause and the object.
    await expect.poll(() => posts.length).toBeGreaterThan(0);
    const { contentType, body: alert } = posts[0];
    expect(contentType).toBe('application/json');
    expect(alert).toMatchObject({
      type: 'alert',
      rule: 'Someone at the gate',
      line: 'gate',
      direction: 'in',
      label: 'person',
      actions: ['banner', 'sound', 'webhook'],
    });
    expect(alert.cause).toEqual(expect.any(String));
    expect((await alertActivity(page)).webhookFailures).toBe(0);

    // The event log has the alert with its rule, and a link to the crossing that fired it.
    const row = page.getByTestId('event-row').filter({ hasText: 'Someone at the gate' }).first();
    await expect(row).toBeVisible();
    await expect(row).toContainText('Alert');
    await expect(row.getByTestId('alert-cause')).toContainText('Crossed line person');
    await row.getByTestId('alert-cause').getByRole('link').click();
    const details = page.getByRole('dialog', { name: 'Event details' });
    await expect(details).toContainText('Crossed line');
    await expect(details).toContainText('gate → in');

    await details.getByRole('button', { name: 'Close' }).click();

    // Dismissed, the banner goes (the element of that very alert leaves the page).
    const first = await page.getByTestId('alert-banner').first().elementHandle();
    await page.getByTestId('alert-banner').first().getByRole('button', { name: 'Dismiss alert' }).click();
    await expect.poll(() => first.evaluate((el) => el.isConnected)).toBe(false);
  },
);

test(
  'an invalid ?config= is refused with its fields named, and the saved configuration stays',
  FULL_ONLY,
  async ({ page }) => {
    await page.goto('/');
    await nextDetections(page, 0); // any result: the detector and the monitor are running
    await page.getByRole('button', { name: 'Monitor', exact: true }).click();
    // The user's own configuration, saved: one line, no rules.
    await page.getByTestId('monitor-config-file').setInputFiles({
      name: 'mine.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({ version: 1, zones: [], lines: [{ name: 'mine', from: [0.5, 0], to: [0.5, 1] }] }),
      ),
    });
    await expect(page.getByTestId('monitor-summary')).toHaveText('0 zones, 1 line');

    const bad = {
      version: 1,
      lines: [],
      alerts: [{ name: 'x', when: { event: 'line-cross', line: 'nowhere' }, actions: ['shout'] }],
    };
    // A predicate, not a glob: the page's own address ends in the same path.
    await page.route(
      (url) => url.pathname === '/deploy/bad.json',
      (route) => route.fulfill({ json: bad }),
    );
    await page.goto('/?config=/deploy/bad.json');
    const message = page.getByTestId('message').filter({ hasText: '/deploy/bad.json was refused' });
    await expect(message).toContainText('alerts[0].when.line: no line named "nowhere"');
    await expect(message).toContainText('alerts[0].actions[0]');
    await page.getByRole('button', { name: 'Monitor', exact: true }).click();
    await expect(page.getByTestId('monitor-summary')).toHaveText('0 zones, 1 line');
    expect((await configInForce(page)).lines[0].name).toBe('mine');

    // Another site's file is not even fetched.
    await page.goto(`/?config=${encodeURIComponent('https://elsewhere.test/c.json')}`);
    await expect(page.getByTestId('message').filter({ hasText: 'was not loaded' })).toContainText('from this site');
    expect((await configInForce(page)).lines[0].name).toBe('mine');
  },
);

test(
  'the rule editor adds, checks, switches off and deletes a rule, saved with the configuration',
  FULL_ONLY,
  async ({ page }) => {
    await page.goto('/');
    await nextDetections(page, 0); // any result: the detector and the monitor are running
    await page.getByRole('button', { name: 'Monitor', exact: true }).click();
    await page
      .getByTestId('monitor-config-file')
      .setInputFiles(resolve(import.meta.dirname, '../fixtures/walker-monitor.json'));
    await expect(page.getByTestId('monitor-summary')).toHaveText('1 zone, 1 line');

    await page.getByRole('button', { name: 'Add rule' }).click();
    const form = page.getByRole('form', { name: 'Alert rule' });
    await form.getByLabel('Name').fill('Crowd at the door');
    await form.getByRole('combobox', { name: 'Event' }).selectOption('zone-enter');
    await form.getByRole('combobox', { name: 'Zone or line' }).selectOption('door');
    await form.getByLabel('Count in zone ≥').fill('2');
    await form.getByLabel('Any time').uncheck();
    await form.getByLabel('from', { exact: true }).fill('22:00');
    await form.getByLabel('to', { exact: true }).fill('06:00');
    await form.getByLabel('Webhook', { exact: true }).check();
    // A webhook action without an address is refused, the field named, nothing saved.
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect(page.getByTestId('alert-rule-errors')).toContainText('alerts[0].webhook.url');
    expect((await configInForce(page)).alerts ?? []).toEqual([]);

    await form.getByLabel('Webhook URL').fill('/hooks/door');
    await form.getByRole('button', { name: 'Save rule' }).click();
    await expect(page.getByTestId('alert-rule')).toHaveCount(1);
    await expect(page.getByTestId('alert-rule')).toContainText(
      'When person enters a zone "door", 22:00–06:00 → banner, sound, webhook',
    );
    const [saved] = (await configInForce(page)).alerts!;
    expect(saved).toMatchObject({
      name: 'Crowd at the door',
      when: { event: 'zone-enter', zone: 'door', classes: ['person'], minCount: 2 },
      schedule: [{ from: '22:00', to: '06:00' }],
      actions: ['banner', 'sound', 'webhook'],
      webhook: { url: '/hooks/door' },
    });

    // Saved with the configuration: still there after a reload; switched off, then deleted.
    await page.reload();
    await nextDetections(page, 0); // any result: the detector and the monitor are running
    await page.getByRole('button', { name: 'Monitor', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Rule Crowd at the door on' }).uncheck();
    await expect.poll(async () => (await configInForce(page)).alerts?.[0].enabled).toBe(false);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete rule Crowd at the door' }).click();
    await expect(page.getByTestId('alert-rule')).toHaveCount(0);
    expect((await configInForce(page)).alerts).toEqual([]);
  },
);
