import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { FAKE_CAMERA } from '../support/coco';
import { messages, nextDetections } from './helpers';
import { FULL_ONLY } from '../support/test-scope';

// WebGPU (SwiftShader) with the fake camera and the smallest YOLOX: every frame takes seconds here.
test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: true, fakeCamera: FAKE_CAMERA }) },
});

test('a lost GPU device is rebuilt and the app keeps detecting', FULL_ONLY, async ({ page }) => {
  test.setTimeout(300_000);
  await page.addInitScript(() =>
    localStorage.setItem('detector-settings-v1', JSON.stringify({ modelId: 'yolox-nano-320', backend: 'webgpu' })),
  );
  await page.goto('/');
  const before = await nextDetections(page);
  expect(before.backend).toBe('webgpu');
  const lost = await page.evaluate(() => document.querySelector('detector-app')!.loseGpuDevice());
  expect(lost).toBe(true);
  await expect(messages(page).filter({ hasText: 'GPU device was lost' })).toBeVisible();
  const after = await nextDetections(page);
  expect(after.frame).toBeGreaterThanOrEqual(1);
  expect(after.detections.map((d) => d.label)).toEqual(expect.arrayContaining(['elephant']));
  expect(['webgpu', 'wasm']).toContain(after.backend);
});
