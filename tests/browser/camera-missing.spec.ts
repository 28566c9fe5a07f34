import { expect, test } from '@playwright/test';
import { expectAppUsable, messages } from './helpers';

// No fake device: this machine has no camera at all. Permission is granted, so the only problem is the missing device.
test.use({ permissions: ['camera'] });

test('a missing camera says none was found and the app stays usable', async ({ page }) => {
  await page.goto('/');
  await expect(messages(page).first()).toContainText('No camera was found');
  await expectAppUsable(page);
});
