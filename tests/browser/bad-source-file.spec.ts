import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { FAKE_CAMERA } from '../support/coco';
import { expectAppUsable, messages, nextDetections } from './helpers';
import { FULL_ONLY } from '../support/test-scope';

test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA }) },
});

// A WebM header followed by garbage: the browser starts on it as a video, then fails to decode it.
const BROKEN_VIDEO = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(4096, 0x5a)]);

test('a video that fails to decode says so and the camera keeps running', FULL_ONLY, async ({ page }) => {
  await page.goto('/');
  await nextDetections(page);
  await page
    .getByTestId('video-file')
    .setInputFiles({ name: 'broken.webm', mimeType: 'video/webm', buffer: BROKEN_VIDEO });
  const said = messages(page).filter({ hasText: 'broken.webm' });
  await expect(said).toContainText('could not be decoded');
  await expect(said).not.toContainText('play() was interrupted');
  await expect(page.getByRole('button', { name: 'Camera', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await nextDetections(page);
  await expectAppUsable(page);
});

test('an image that cannot be read says so and the camera keeps running', FULL_ONLY, async ({ page }) => {
  await page.goto('/');
  await nextDetections(page);
  await page
    .getByTestId('image-file')
    .setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a jpeg at all') });
  await expect(messages(page).filter({ hasText: 'broken.jpg' })).toContainText('could not be read');
  await expect(page.getByRole('button', { name: 'Camera', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await nextDetections(page);
});
