import { expect, test, type Page } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { FAKE_CAMERA } from '../support/coco';
import { expectAppUsable, messages, nextDetections } from './helpers';
import { FULL_ONLY } from '../support/test-scope';

test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA }) },
});

/** Stops every track of the camera's stream the page shows, as an unplug (or another app taking it) would. */
async function stopCameraTracks(page: Page): Promise<number> {
  return page.evaluate(() => {
    const video = document
      .querySelector('detector-app')!
      .shadowRoot!.querySelector('source-view')!
      .shadowRoot!.querySelector('video')!;
    const tracks = (video.srcObject as MediaStream).getTracks();
    tracks.forEach((t) => t.stop());
    return tracks.length;
  });
}

async function systemLabels(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const open = indexedDB.open('detector-events');
        open.onsuccess = () => {
          const request = open.result.transaction('events').objectStore('events').getAll();
          request.onsuccess = () => {
            resolve(
              (request.result as Array<{ type: string; label: string }>)
                .filter((e) => e.type === 'system')
                .map((e) => e.label),
            );
            open.result.close();
          };
        };
      }),
  );
}

test('a camera whose tracks all stop is said to be lost, reopened by itself, and detection resumes within 10 s', async ({
  page,
}) => {
  await page.goto('/');
  await nextDetections(page);
  expect(await stopCameraTracks(page)).toBeGreaterThan(0);
  const stoppedAt = Date.now();
  await expect(messages(page).filter({ hasText: 'The camera stopped' })).toContainText('reconnecting');
  // Nothing may look watched while the camera is gone... then boxes come again, without a click.
  await nextDetections(page);
  expect(Date.now() - stoppedAt).toBeLessThan(10_000);
  await expect(messages(page).filter({ hasText: 'The camera is back' })).toBeVisible();
  expect(await systemLabels(page)).toEqual(expect.arrayContaining(['camera-lost', 'camera-back']));
  await expectAppUsable(page);
});

test(
  'a saved camera id that no longer exists falls back to the default camera and says so',
  FULL_ONLY,
  async ({ page }) => {
    await page.addInitScript(() => {
      const saved = JSON.parse(localStorage.getItem('detector-settings-v1') ?? '{}') as Record<string, unknown>;
      localStorage.setItem(
        'detector-settings-v1',
        JSON.stringify({ ...saved, cameraId: 'a-camera-that-was-unplugged' }),
      );
    });
    await page.goto('/');
    await expect(messages(page).filter({ hasText: 'camera chosen before is not connected' })).toBeVisible();
    await nextDetections(page);
    await expect(messages(page).filter({ hasText: 'No camera was found' })).toHaveCount(0);
    // The Camera button works again (it asks for the remembered camera, now the one that exists).
    await page.getByRole('button', { name: 'Camera', exact: true }).click();
    await nextDetections(page);
    await expect(messages(page).filter({ hasText: 'No camera was found' })).toHaveCount(0);
  },
);
