import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { FAKE_CAMERA } from '../support/coco';
import { expectAppUsable, messages, nextDetections } from './helpers';

test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA }) },
});

test('a crashing detector worker is reported, restarted with the same settings, and detection goes on', async ({
  page,
}) => {
  await page.goto('/');
  // At 0.8 the camera's person (about 0.87) is reported and its elephant (about 0.71) is not.
  await page.getByRole('slider', { name: 'Score' }).fill('0.8');
  await expect.poll(async () => (await nextDetections(page)).detections.map((d) => d.label)).toEqual(['person']);

  // A real uncaught exception inside the running worker, as a bug or an out-of-memory abort would raise.
  const worker = page.workers().find((w) => w.url().includes('detector.worker'));
  expect(worker, 'the detector worker').toBeDefined();
  await worker!.evaluate(() =>
    setTimeout(() => {
      throw new Error('simulated worker failure');
    }),
  );

  await expect(messages(page).filter({ hasText: 'The detector stopped' })).toContainText('simulated worker failure');
  await expect(messages(page).filter({ hasText: 'Detecting again on WASM' })).toBeVisible();
  // The restarted worker detects with the user's threshold, not the default 0.3 (which would add the elephant).
  const after = await nextDetections(page);
  expect(after.detections.map((d) => d.label)).toEqual(['person']);
  await expect(page.getByRole('slider', { name: 'Score' })).toHaveValue('0.8');
  await expectAppUsable(page);
});
