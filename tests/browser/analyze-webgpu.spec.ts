import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { analyzeWalker } from './walker-analysis';
import { FULL_ONLY } from '../support/test-scope';

// SwiftShader is slow: a few frames of the smallest model, enough to see tracking on the GPU path.
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: true }) } });

test("the tracker follows the GPU pipeline's boxes too", FULL_ONLY, async ({ page }) => {
  const analysis = await analyzeWalker(page, 'webgpu', 'yolox-nano-320', 3);
  expect(analysis.pipeline).toBe('gpu');
  expect(analysis.frameTracks).toEqual([[1], [1], [1]]);
});
