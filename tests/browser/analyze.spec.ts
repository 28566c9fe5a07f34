import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Harness, VideoAnalysis } from '../../src/harness';
import { chromiumArgs, CHROMIUM_PATH } from '../../scripts/lib/chromium';
import { WALKER_VIDEO } from './walker-video';

const CONFIG = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/walker-monitor.json'), 'utf8')) as unknown;

async function analyze(page: Page, backend: 'wasm' | 'webgpu', model: string, maxFrames?: number): Promise<VideoAnalysis> {
  await page.route('**/__video/walker.webm', (route) => route.fulfill({ body: readFileSync(WALKER_VIDEO), contentType: 'video/webm' }));
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

test.describe('on WASM', () => {
  test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false }) } });

  test('every frame of a recording, timed by its own timestamps: the walk gives its line, zone and loiter events', async ({ page }) => {
    const analysis = await analyze(page, 'wasm', 'yolox-nano-416');
    expect(analysis.frames).toBe(130);
    expect(analysis.tracks).toBe(1);
    const events = analysis.events.map((e) => `${e.type} ${e.zone ?? e.line ?? ''} ${e.direction ?? ''}`.trim());
    expect(events).toEqual(['object-appeared', 'line-cross gate in', 'zone-enter door', 'loiter door', 'zone-exit door', 'object-left']);
    const at = (type: string) => analysis.events.find((e) => e.type === type)!;
    // The walk's script: the gate (x = 224 px) is crossed at 1.2 s, the zone (x ≥ 320 px) entered at 2 s, left at 8.9 s.
    expect(at('line-cross').t).toBeGreaterThan(1.0);
    expect(at('line-cross').t).toBeLessThan(1.6);
    expect(at('zone-enter').t).toBeGreaterThan(1.8);
    expect(at('zone-enter').t).toBeLessThan(2.6);
    expect(at('loiter').t - at('zone-enter').t).toBeGreaterThanOrEqual(2.6);
    expect(at('zone-exit').dwellSeconds).toBeGreaterThan(6);
    expect(at('zone-exit').dwellSeconds).toBeLessThan(7.5);
    for (const event of analysis.events) {
      expect(event.trackId).toBe(analysis.events[0].trackId);
      expect(event.label).toBe('person');
      expect(Date.parse(event.time)).not.toBeNaN();
    }
  });
});

test.describe('on WebGPU', () => {
  // SwiftShader is slow: a few frames of the smallest model, enough to see tracking on the GPU path.
  test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: true }) } });

  test('the tracker follows the GPU pipeline\'s boxes too', async ({ page }) => {
    const analysis = await analyze(page, 'webgpu', 'yolox-nano-320', 3);
    expect(analysis.pipeline).toBe('gpu');
    expect(analysis.frameTracks).toEqual([[1], [1], [1]]);
  });
});
