import { expect, test } from '@playwright/test';
import { chromiumArgs, CHROMIUM_PATH } from '../support/chromium';

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: chromiumArgs({ webgpu: false }) } });

// Clips in the event log's real IndexedDB: linked to their events, counted on their owner, deleted with it.
test('a clip is linked to every event it covers, counts on its first event, and goes with it', async ({ page }) => {
  await page.goto('/harness.html');
  const outcome = await page.evaluate(async (module) => {
    const { EventStore } = (await import(module)) as typeof import('../../src/storage/event-store');
    const store = await EventStore.open();
    await store.clear();
    const now = Date.now();
    const day = 86_400_000;
    const event = (id: string, ageDays: number) => ({
      id,
      type: 'line-cross' as const,
      time: new Date(now - ageDays * day).toISOString(),
      t: 0,
      trackId: 1,
      label: 'person',
      score: 0.9,
      box: [0, 0, 10, 10] as [number, number, number, number],
    });
    // Three old events share one clip (the oldest owns it); a newer event has none.
    for (const [id, age] of [
      ['a', 3],
      ['b', 2.9],
      ['c', 2.8],
      ['d', 1],
    ] as const)
      await store.add(event(id, age), null);
    const blob = new Blob([new Uint8Array(300_000)], { type: 'video/mp4' });
    const clipId = await store.addClip({
      blob,
      eventIds: ['a', 'b', 'c', 'gone'],
      startT: 1,
      firstEventT: 3,
      lastActivityT: 8,
      endT: 10,
    });
    const linked = (await store.list()).map((e) => ({ id: e.id, clipId: e.clipId ?? null, bytes: e.bytes }));
    const stored = await store.clip(clipId!);
    const none = await store.addClip({
      blob,
      eventIds: ['nobody'],
      startT: 0,
      firstEventT: 0,
      lastActivityT: 0,
      endT: 1,
    });
    // Deleting an event that does not own the clip keeps it; retention by age takes the owner, and the clip with it.
    await store.delete('c');
    const afterNonOwner = (await store.clip(clipId!)) !== null;
    const removed = await store.applyRetention({ maxAgeDays: 2.95, maxMegabytes: 500 }, now);
    const afterOwner = await store.clip(clipId!);
    const left = (await store.list()).map((e) => e.id);
    // Retention by size counts the clip: 0.25 MB cannot hold a 300 KB clip.
    await store.add(event('e', 0.5), null);
    const clip2 = await store.addClip({ blob, eventIds: ['e'], startT: 0, firstEventT: 2, lastActivityT: 3, endT: 5 });
    const bySize = await store.applyRetention({ maxAgeDays: 30, maxMegabytes: 0.25 }, now);
    const clip2Left = await store.clip(clip2!);
    await store.clear();
    store.close();
    return {
      linked,
      stored: stored && {
        ownerId: stored.ownerId,
        eventIds: stored.eventIds,
        size: stored.blob.size,
        type: stored.blob.type,
      },
      none,
      afterNonOwner,
      removed,
      afterOwner,
      left,
      bySize,
      clip2Left,
    };
  }, '/src/storage/event-store.ts');
  const byId = Object.fromEntries(outcome.linked.map((e) => [e.id, e]));
  expect(byId.a.clipId).toBeTruthy();
  expect(byId.b.clipId).toBe(byId.a.clipId);
  expect(byId.c.clipId).toBe(byId.a.clipId);
  expect(byId.d.clipId).toBeNull();
  expect(byId.a.bytes).toBeGreaterThan(300_000);
  expect(byId.b.bytes).toBeLessThan(1_000);
  expect(outcome.stored).toEqual({ ownerId: 'a', eventIds: ['a', 'b', 'c', 'gone'], size: 300_000, type: 'video/mp4' });
  expect(outcome.none).toBeNull();
  expect(outcome.afterNonOwner).toBe(true);
  expect(outcome.removed).toBe(1);
  expect(outcome.afterOwner).toBeNull();
  expect(outcome.left).toEqual(['d', 'b']);
  expect(outcome.bySize).toBeGreaterThanOrEqual(1);
  expect(outcome.clip2Left).toBeNull();
});
