import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false }) } });

// The event log's real IndexedDB (through idb) in Chromium: order, filters, snapshots, retention by age and size.
test('the event log keeps events newest first, filters them, and applies retention by age and by size', async ({
  page,
}) => {
  await page.goto('/harness.html');
  const outcome = await page.evaluate(async (module) => {
    // The dev server serves the app's own module; the test's types come from the same file.
    const { EventStore } = (await import(module)) as typeof import('../../src/storage/event-store');
    const store = await EventStore.open();
    await store.clear();
    const day = 86_400_000;
    const now = Date.now();
    const jpeg = new Blob([new Uint8Array(100_000)], { type: 'image/jpeg' });
    // 10 events, one a day back from now: 100 KB snapshots each.
    for (let i = 0; i < 10; i++) {
      const time = new Date(now - i * day).toISOString();
      await store.add(
        {
          id: `e${i}`,
          type: i % 2 ? 'line-cross' : 'zone-enter',
          time,
          t: i,
          trackId: i,
          label: 'person',
          score: 0.9,
          box: [0, 0, 10, 10],
          ...(i % 2 ? { line: 'gate', direction: 'in' } : { zone: 'door' }),
        },
        jpeg,
      );
    }
    const order = (await store.list()).map((e) => e.id);
    const crossings = (await store.list({ types: ['line-cross'] })).map((e) => e.id);
    const atDoor = (await store.list({ place: 'door', limit: 2 })).map((e) => e.id);
    const snapshotBytes = (await store.snapshot('e3'))?.size ?? 0;
    // Keep 5 days: e5..e9 go. Then at most 0.25 MB (262,144 B): only the newest 2 (2 × ~100 KB) fit.
    const byAge = await store.applyRetention({ maxAgeDays: 4.5, maxMegabytes: 500 }, now);
    const afterAge = (await store.list()).map((e) => e.id);
    const bySize = await store.applyRetention({ maxAgeDays: 30, maxMegabytes: 0.25 }, now);
    const afterSize = (await store.list()).map((e) => e.id);
    const gone = await store.snapshot('e4');
    await store.clear();
    store.close();
    return { order, crossings, atDoor, snapshotBytes, byAge, afterAge, bySize, afterSize, gone };
  }, '/src/storage/event-store.ts');
  expect(outcome.order).toEqual(['e0', 'e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8', 'e9']);
  expect(outcome.crossings).toEqual(['e1', 'e3', 'e5', 'e7', 'e9']);
  expect(outcome.atDoor).toEqual(['e0', 'e2']);
  expect(outcome.snapshotBytes).toBe(100_000);
  expect(outcome.byAge).toBe(5);
  expect(outcome.afterAge).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
  expect(outcome.bySize).toBe(3);
  expect(outcome.afterSize).toEqual(['e0', 'e1']);
  expect(outcome.gone).toBeNull();
});
