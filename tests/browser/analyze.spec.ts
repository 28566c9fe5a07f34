import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';
import { analyzeWalker } from './walker-analysis';
import { FULL_ONLY } from '../support/test-scope';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false }) } });

test(
  'every frame of a recording, timed by its own timestamps: the walk gives its line, zone and loiter events',
  FULL_ONLY,
  async ({ page }) => {
    const analysis = await analyzeWalker(page, 'wasm', 'yolox-nano-416');
    expect(analysis.frames).toBe(130);
    expect(analysis.tracks).toBe(1);
    const events = analysis.events.map((e) => `${e.type} ${e.zone ?? e.line ?? ''} ${e.direction ?? ''}`.trim());
    expect(events).toEqual([
      'object-appeared',
      'line-cross gate in',
      'zone-enter door',
      'loiter door',
      'zone-exit door',
      'object-left',
    ]);
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
  },
);
