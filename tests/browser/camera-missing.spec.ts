import { expect, test } from '@playwright/test';
import { expectAppUsable, messages } from './helpers';
import { FULL_ONLY } from '../support/test-scope';

// No fake device: this machine has no camera at all. Permission is granted, so the only problem is the missing device.
test.use({ permissions: ['camera'] });

test('a missing camera says none was found and the app stays usable', FULL_ONLY, async ({ page }) => {
  await page.goto('/');
  // An error (role alert, it stays), found among the messages: waiting for it to be the first would wait out the
  // backend's note beside it (gone after 6 s).
  await expect(messages(page).filter({ hasText: 'No camera was found' })).toHaveAttribute('role', 'alert');
  await expectAppUsable(page);
});
