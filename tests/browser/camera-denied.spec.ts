import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../../scripts/lib/chromium';
import { FAKE_CAMERA } from './coco';
import { expectAppUsable, messages } from './helpers';

// A camera exists, but without the fake permission UI the request is refused.
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA, fakeUi: false }) } });

test('a denied camera says how to allow it and the app stays usable', async ({ page }) => {
  await page.goto('/');
  await expect(messages(page).first()).toContainText('Camera access was denied');
  await expectAppUsable(page);
});
