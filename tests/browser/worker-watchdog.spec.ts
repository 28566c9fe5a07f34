import { expect, test, type Page } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { FAKE_CAMERA } from '../support/coco';
import { expectAppUsable, messages, nextDetections } from './helpers';
import { FULL_ONLY } from '../support/test-scope';

test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA }) },
});

/** The detector worker as Playwright sees it: code evaluated there runs on the worker's own thread. */
function detectorWorker(page: Page) {
  const worker = page.workers().find((w) => w.url().includes('detector.worker'));
  expect(worker, 'the detector worker').toBeDefined();
  return worker!;
}

/** The system events the app stored in its event log (IndexedDB), newest last. */
async function systemEvents(page: Page): Promise<Array<{ label: string; message: string }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('detector-events');
        open.onerror = () => reject(open.error ?? new Error('the event log could not be opened'));
        open.onsuccess = () => {
          const request = open.result.transaction('events').objectStore('events').getAll();
          request.onsuccess = () => {
            const all = request.result as Array<{ type: string; label: string; message: string; timeMs: number }>;
            resolve(
              all
                .filter((e) => e.type === 'system')
                .sort((a, b) => a.timeMs - b.timeMs)
                .map(({ label, message }) => ({ label, message })),
            );
            open.result.close();
          };
        };
      }),
  );
}

async function detecting(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('slider', { name: 'Score' }).fill('0.8');
  await expect
    .poll(async () => (await nextDetections(page)).detections.map((d) => d.label), { timeout: 120_000 })
    .toEqual(['person']);
}

async function expectRecovered(page: Page, reason: RegExp): Promise<void> {
  await expect(messages(page).filter({ hasText: 'The detector stopped (' })).toContainText(reason);
  await expect(messages(page).filter({ hasText: 'Detecting again on WASM' })).toBeVisible();
  const after = await nextDetections(page);
  // Same settings in the new worker: the user's 0.8 keeps the elephant (about 0.71) out.
  expect(after.detections.map((d) => d.label)).toEqual(['person']);
  await expect(page.getByTestId('stalled')).toHaveCount(0);
  await expect.poll(async () => (await systemEvents(page)).map((e) => e.label)).toContain('detector-restart');
  await expectAppUsable(page);
}

test(
  'a worker that hangs (busy for 40 s) looks stalled, is terminated and rebuilt, and detection goes on',
  FULL_ONLY,
  async ({ page }) => {
    await detecting(page);
    // A real hang of the real worker: its thread busy-loops for 40 s (as an endless loop in a model or driver would).
    await detectorWorker(page).evaluate(() => {
      setTimeout(() => {
        const end = Date.now() + 40_000;
        while (Date.now() < end);
      });
    });
    // Before the rebuild the picture must not look watched: no boxes kept, the HUD says stalled.
    await expect(page.getByTestId('stalled')).toBeVisible({ timeout: 15_000 });
    await expectRecovered(page, /no result for .* s while frames were offered|did not answer/);
    const events = await systemEvents(page);
    expect(events.at(-1)!.message).toMatch(/Detector restarted: (no result|the detector did not answer)/);
  },
);

test('a worker that closes itself is noticed and rebuilt', FULL_ONLY, async ({ page }) => {
  await detecting(page);
  // The worker ends without an error event (as when the browser or a bug terminates it): only silence tells.
  await detectorWorker(page).evaluate(() => setTimeout(() => self.close()));
  await expectRecovered(page, /no result|did not answer|stopped answering/);
});

test(
  'a worker that stops answering calls is noticed, and a model switch then does not hang "Loading model…"',
  FULL_ONLY,
  async ({ page }) => {
    test.setTimeout(300_000);
    await detecting(page);
    // Every answer of the worker to a call is lost (Comlink answers through self.postMessage); its results, which
    // come through the listener's own MessagePort, still flow.
    await detectorWorker(page).evaluate(() => {
      self.postMessage = () => undefined;
    });
    await page.getByRole('combobox', { name: 'Model' }).selectOption('yolox-nano-320');
    await expect(page.getByText('Loading model…')).toBeVisible();
    // A model load may keep the worker's thread busy for a while: it is given 45 s to answer a ping.
    await expect(messages(page).filter({ hasText: 'The detector stopped (' })).toContainText(
      /did not answer|stopped answering/,
      { timeout: 90_000 },
    );
    await expect(page.getByText('Loading model…')).toHaveCount(0, { timeout: 60_000 });
    await expectAppUsable(page);
    // The user can switch now, in the rebuilt worker (to a third model: the rebuilt worker may already hold the 320).
    await page.getByRole('combobox', { name: 'Model' }).selectOption('yolox-nano-640');
    await expect(messages(page).filter({ hasText: 'YOLOX-nano 640 runs on WASM' })).toBeVisible();
    await nextDetections(page);
  },
);
