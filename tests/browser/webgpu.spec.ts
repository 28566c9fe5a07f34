import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import type { Harness } from '../../src/harness';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { CAMERA_IMAGE, COCO_DIR } from '../support/coco';
import { iou } from './helpers';

// SwiftShader's software adapter: correct but slow, so one frame of the smallest YOLOX model.
test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: true }) } });

test('the WebGPU execution provider gives the same boxes as WASM', async ({ page }) => {
  await page.route('**/__images/**', (route) =>
    route.fulfill({ body: readFileSync(resolve(COCO_DIR, 'images', CAMERA_IMAGE)), contentType: 'image/jpeg' }),
  );
  await page.goto('/harness.html');
  const run = (backend: 'wasm' | 'webgpu') =>
    page.evaluate(async (b) => {
      const harness = (globalThis as unknown as { harness: Harness }).harness;
      const summary = await harness.load('/models/yolox-nano-320.onnx', b);
      await harness.setOptions({ scoreThreshold: 0.25, iouThreshold: 0.45, maxDetections: 100 });
      return { summary, result: await harness.detectUrl('/__images/frame.jpg') };
    }, backend);
  const wasm = await run('wasm');
  const gpu = await run('webgpu');
  expect(wasm.summary.backend.name).toBe('wasm');
  expect(gpu.summary.backend.name).toBe('webgpu');
  expect(gpu.result.backend).toBe('webgpu');
  expect(gpu.result.detections.length).toBeGreaterThan(0);
  // Same boxes: every confident WASM box has a WebGPU twin of the same class within a pixel.
  for (const d of wasm.result.detections.filter((x) => x.score > 0.35)) {
    const twin = gpu.result.detections.find((g) => g.classId === d.classId && iou(g.box, d.box) > 0.99);
    expect(twin, `${d.label} ${d.box.map(Math.round).join(',')}`).toBeDefined();
    twin!.box.forEach((v, i) => expect(Math.abs(v - d.box[i])).toBeLessThan(1));
    expect(Math.abs(twin!.score - d.score)).toBeLessThan(0.01);
  }
});
