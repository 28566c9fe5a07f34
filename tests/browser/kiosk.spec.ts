import { expect, test, type Page } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { resolve } from 'node:path';
import { messages, nextDetections } from './helpers';
import { makeCameraFile, makeWalkerVideo } from './walker-video';
import { FULL_ONLY } from '../support/test-scope';

/** The walker video (a person crosses a line and stands in a zone) as the fake camera, so the monitor raises events. */
const walkerCamera = () => makeCameraFile(makeWalkerVideo());

test.use({
  // Camera permission granted before (the kiosk's browser profile): no prompt, no click.
  permissions: ['camera'],
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: chromiumArgs({ webgpu: false, fakeCamera: walkerCamera(), fakeUi: false }),
  },
});

async function storedEventIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('detector-events');
        open.onsuccess = () => {
          const request = open.result.transaction('events').objectStore('events').getAllKeys();
          request.onsuccess = () => {
            resolve((request.result as string[]).sort());
            open.result.close();
          };
        };
      }),
  );
}

const KIOSK = '/?kiosk&config=%2F__fixtures%2Fwalker-monitor.json';

test.beforeEach(async ({ page }) => {
  await page.route('**/__fixtures/walker-monitor.json', (route) =>
    route.fulfill({ path: resolve(import.meta.dirname, '../fixtures/walker-monitor.json') }),
  );
});

test(
  '?kiosk monitors without a click, fills the screen, keeps running while hidden, and a reload loses no event',
  FULL_ONLY,
  async ({ page }) => {
    await page.goto(KIOSK);
    await nextDetections(page);
    // Controls are hidden; the picture is all there is.
    await expect(page.getByRole('combobox', { name: 'Model' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Image…' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Settings' })).toBeVisible();

    // The page is hidden (headless Chromium never hides a tab by itself, so the page is told it is, as a browser
    // minimised or covered would): a kiosk keeps detecting, where a phone releases the camera.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const framesWhileHidden = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let n = 0;
          document.addEventListener('detections', () => n++);
          setTimeout(() => resolve(n), 8000);
        }),
    );
    expect(framesWhileHidden).toBeGreaterThan(0);
    await expect(messages(page).filter({ hasText: 'camera' })).toHaveCount(0);

    // Events of the walk are stored; after a reload, all of them are still there and monitoring resumed by itself.
    await expect.poll(async () => (await storedEventIds(page)).length, { timeout: 90_000 }).toBeGreaterThan(0);
    const before = await storedEventIds(page);
    await page.reload();
    await nextDetections(page);
    const after = await storedEventIds(page);
    expect(after).toEqual(expect.arrayContaining(before));

    // The health panel tells the caretaker what runs.
    await page.getByRole('button', { name: 'Health' }).click();
    await expect(page.getByTestId('health-camera')).toContainText(/\d+×\d+/);
    await expect(page.getByTestId('health-detector')).toContainText('WASM');
    await expect(page.getByTestId('health-restarts')).toHaveText('0');
    await expect(page.getByTestId('health-storage')).toContainText('MB of');
  },
);

test('kiosk settings open only with the PIN; five wrong tries lock them for a minute', async ({ page }) => {
  await page.goto(KIOSK);
  await page.getByRole('button', { name: 'Settings' }).click();
  // First time: the caretaker chooses the PIN.
  await page.getByLabel('PIN', { exact: true }).fill('2468');
  await page.getByLabel('PIN again').fill('2468');
  await page.getByRole('button', { name: 'Set PIN' }).click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeVisible();
  const stored = await page.evaluate(() => localStorage.getItem('detector-kiosk-pin') ?? '');
  expect(stored).not.toContain('2468');
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeHidden();

  await page.getByRole('button', { name: 'Settings' }).click();
  for (let i = 1; i <= 4; i++) {
    await page.getByLabel('PIN', { exact: true }).fill('0000');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert').filter({ hasText: `Wrong PIN (${i} of 5 tries)` })).toBeVisible();
  }
  await page.getByLabel('PIN', { exact: true }).fill('0000');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Too many wrong PINs: try again in 60 s' })).toBeVisible();
  // Even the right PIN is refused while locked, also after a reload.
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('PIN', { exact: true }).fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Too many wrong PINs' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Model' })).toBeHidden();
  await expect(messages(page).filter({ hasText: 'error' })).toHaveCount(0);
});
