/** Runs the walker video through the harness's offline analysis (the app's engine, tracker and rules). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import type { Harness, VideoAnalysis } from '../../src/harness';
import { WALKER_VIDEO } from './walker-video';

export const WALKER_CONFIG_FILE = resolve(import.meta.dirname, '../fixtures/walker-monitor.json');
const CONFIG = JSON.parse(readFileSync(WALKER_CONFIG_FILE, 'utf8')) as unknown;

export async function analyzeWalker(
  page: Page,
  backend: 'wasm' | 'webgpu',
  model: string,
  maxFrames?: number,
): Promise<VideoAnalysis> {
  await page.route('**/__video/walker.webm', (route) =>
    route.fulfill({ body: readFileSync(WALKER_VIDEO), contentType: 'video/webm' }),
  );
  await page.goto('/harness.html');
  return page.evaluate(
    async ([b, m, config, limit]) => {
      const harness = (globalThis as unknown as { harness: Harness }).harness;
      await harness.load(`/models/${m}.onnx`, b);
      await harness.setOptions({ scoreThreshold: 0.3 });
      const errors = await harness.setMonitorConfig(config);
      if (errors.length) throw new Error(errors.join('; '));
      return harness.analyzeUrl('/__video/walker.webm', limit ?? undefined);
    },
    [backend, model, CONFIG, maxFrames ?? null] as const,
  );
}
