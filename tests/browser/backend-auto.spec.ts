import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Harness } from '../../src/harness';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { CAMERA_IMAGE, COCO_DIR, FAKE_CAMERA } from '../support/coco';
import { nextDetections } from './helpers';
import { FULL_ONLY } from '../support/test-scope';

// The usual WebGPU flags: the only adapter is SwiftShader (software), where a frame takes seconds.
test.use({
  launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: true, fakeCamera: FAKE_CAMERA }) },
});

test('"auto" with only a SwiftShader adapter runs WASM, says why and detects', async ({ page }) => {
  await page.route('**/__images/**', (route) =>
    route.fulfill({ body: readFileSync(resolve(COCO_DIR, 'images', CAMERA_IMAGE)), contentType: 'image/jpeg' }),
  );
  await page.goto('/harness.html');
  const { summary, result, adapter } = await page.evaluate(async () => {
    const harness = (globalThis as unknown as { harness: Harness }).harness;
    const info = (await navigator.gpu.requestAdapter())?.info;
    const summary = await harness.load('/models/yolox-nano-320.onnx', 'auto');
    await harness.setOptions({ scoreThreshold: 0.3, iouThreshold: 0.45, maxDetections: 100 });
    return { summary, result: await harness.detectUrl('/__images/frame.jpg'), adapter: info?.architecture };
  });
  // The test means something only where WebGPU is really there, on SwiftShader.
  expect(adapter).toBe('swiftshader');
  expect(summary.backend.name).toBe('wasm');
  expect(summary.backend.reason).toMatch(/SwiftShader, a software one/);
  expect(summary.backend.measured).toBeUndefined();
  expect(result.backend).toBe('wasm');
  expect(result.detections.length).toBeGreaterThan(0);
});

test(
  'the live app on "auto" with only SwiftShader detects on WASM and the HUD says why',
  FULL_ONLY,
  async ({ page }) => {
    await page.goto('/');
    const detail = await nextDetections(page, 2);
    expect(detail.backend).toBe('wasm');
    await expect(page.getByTestId('backend')).toHaveText('wasm');
    await expect(page.getByTestId('hud-reason')).toContainText('SwiftShader');
  },
);
