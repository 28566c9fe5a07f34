import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { FAKE_CAMERA } from '../support/coco';
import { expectAppUsable, messages } from './helpers';

// A camera exists, but without the fake permission UI the request is refused.
test.use({
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: chromiumArgs({ webgpu: false, fakeCamera: FAKE_CAMERA, fakeUi: false }),
  },
});

test('a denied camera says how to allow it and the app stays usable', async ({ page }) => {
  await page.goto('/');
  // An error (role alert, it stays), found among the messages: waiting for it to be the first would wait out the
  // backend's note beside it (gone after 6 s).
  await expect(messages(page).filter({ hasText: 'Camera access was denied' })).toHaveAttribute('role', 'alert');
  await expectAppUsable(page);
});
